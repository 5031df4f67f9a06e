//! The calendars to subscribe to: one per track, room and speaker, each parsed with the
//! icalendar crate and holding exactly the scheduled talks of its track, room or speaker (read
//! from `talks.json`), with the very events of `schedule.ics`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::common::*;
use crate::support::outputs::*;
use icalendar::Component;
use talkgen::layout;
use talkgen::model::Slug;

/// The `VEVENT` blocks of a calendar file by UID, as written (unfolded).
fn raw_events(path: &Path) -> BTreeMap<String, String> {
    let raw = icalendar::parser::unfold(&read(path));
    raw.split("BEGIN:VEVENT")
        .skip(1)
        .map(|block| {
            let block = block.split("END:VEVENT").next().unwrap().to_owned();
            let uid = block
                .lines()
                .find_map(|l| l.strip_prefix("UID:"))
                .expect("an event has a UID")
                .trim()
                .to_owned();
            (uid, block)
        })
        .collect()
}

/// A scheduled talk of talks.json: (uid, track slug, room, speaker slugs).
type Scheduled = (String, String, String, Vec<String>);

/// Every scheduled talk of talks.json.
fn scheduled(out: &Path) -> Vec<Scheduled> {
    let json = talks_json(out);
    let by_slug: BTreeMap<String, String> = events(&parse_ics(&out.join("schedule.ics")))
        .iter()
        .map(|e| {
            let uid = e.get_uid().unwrap().to_owned();
            (uid.split('@').next().unwrap().to_owned(), uid)
        })
        .collect();
    json["talks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !t["slot"].is_null())
        .map(|t| {
            let slug = t["slug"].as_str().unwrap();
            (
                by_slug[slug].clone(),
                t["track"]["slug"].as_str().unwrap().to_owned(),
                t["slot"]["room"].as_str().unwrap().to_owned(),
                t["speakers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["slug"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

/// Checks one calendar: it parses, is named, and holds exactly `expected`, each event byte for
/// byte the one of `schedule.ics`.
fn check_calendar(path: &Path, expected: &BTreeSet<String>, all: &BTreeMap<String, String>) {
    let cal = parse_ics(path);
    let uids: BTreeSet<String> = events(&cal)
        .iter()
        .map(|e| e.get_uid().unwrap().to_owned())
        .collect();
    assert_eq!(&uids, expected, "{}", path.display());
    assert!(read(path).contains("X-WR-CALNAME:"), "{}", path.display());
    for (uid, block) in raw_events(path) {
        assert_eq!(block, all[&uid], "{} differs for {uid}", path.display());
    }
}

fn check_site(root: &Path) {
    let (_tmp, out, _) = build_ok(root, &[]);
    let talks = scheduled(&out);
    assert!(!talks.is_empty());
    let all = raw_events(&out.join("schedule.ics"));
    let json = talks_json(&out);
    let mut tracks = BTreeSet::new();
    let mut speakers = BTreeSet::new();
    for t in json["talks"].as_array().unwrap() {
        tracks.insert(t["track"]["slug"].as_str().unwrap().to_owned());
        for s in t["speakers"].as_array().unwrap() {
            speakers.insert(s["slug"].as_str().unwrap().to_owned());
        }
    }
    let of = |pick: &dyn Fn(&Scheduled) -> bool| -> BTreeSet<String> {
        talks
            .iter()
            .filter(|t| pick(t))
            .map(|t| t.0.clone())
            .collect()
    };
    for track in &tracks {
        let path = out.join(layout::track_ics(&Slug::parse(track).unwrap()));
        check_calendar(&path, &of(&|t| &t.1 == track), &all);
        assert!(read(&path).contains("track"), "{}", path.display());
    }
    for speaker in &speakers {
        let path = out.join(layout::speaker_ics(&Slug::parse(speaker).unwrap()));
        check_calendar(&path, &of(&|t| t.3.contains(speaker)), &all);
    }
    let rooms: BTreeSet<&String> = talks.iter().map(|t| &t.2).collect();
    for room in &rooms {
        let slug = &layout::room_slugs(std::slice::from_ref(*room))[0];
        let path = out.join(layout::room_ics(slug));
        check_calendar(&path, &of(&|t| &t.2 == *room), &all);
        assert!(read(&path).contains(&format!("room {room}")), "{room}");
    }
    // Every scheduled talk is in its room's calendar: the rooms' calendars together are the
    // programme.
    let in_rooms: usize = std::fs::read_dir(out.join(layout::ROOM_CALENDARS))
        .unwrap()
        .map(|e| events(&parse_ics(&e.unwrap().path())).len())
        .sum();
    assert_eq!(in_rooms, all.len());
}

#[test]
fn each_track_room_and_speaker_calendar_holds_exactly_its_talks_of_the_grid() {
    check_site(&fixture("grid"));
}

#[test]
fn each_track_room_and_speaker_calendar_holds_exactly_its_talks_of_the_example() {
    check_site(&repo_root());
}

#[test]
fn track_and_speaker_pages_offer_webcal_only_with_an_absolute_base_url() {
    let (_tmp, out, _) = build_ok(
        &fixture("grid"),
        &["--base-url", "https://conf.example/2024/"],
    );
    let track = read(out.join("tracks/web/index.html"));
    let links = links_of(&track);
    assert!(
        links.contains(&"webcal://conf.example/2024/tracks/web/track.ics".to_owned()),
        "{links:?}"
    );
    assert!(links
        .iter()
        .any(|l| l.ends_with("tracks/web/track.ics") && !l.starts_with("webcal")));
    let schedule = read(out.join("schedule/index.html"));
    let links = links_of(&schedule);
    for room in ["room-a", "room-l"] {
        assert!(
            links.contains(&format!(
                "webcal://conf.example/2024/schedule/rooms/{room}.ics"
            )),
            "{links:?}"
        );
    }
    assert_internal_links_resolve(&out, "/2024/");
    // Without a base URL: no webcal: link anywhere, only the file.
    let (_tmp, out, _) = build_ok(&fixture("grid"), &[]);
    for page in ["tracks/web/index.html", "schedule/index.html"] {
        let links = links_of(&read(out.join(page)));
        assert!(!links.iter().any(|l| l.starts_with("webcal:")), "{links:?}");
        assert!(
            links.iter().any(|l| l.ends_with(".ics")),
            "{page}: {links:?}"
        );
    }
}
