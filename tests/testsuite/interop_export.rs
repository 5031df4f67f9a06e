//! `schedule.json` and `schedule.xml` written by `talkgen build`, checked against the export
//! they were imported from (round trip) and against what schedule apps need.

use crate::support::common::*;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn export(name: &str) -> PathBuf {
    fixture("interop-exports").join(name)
}

/// Imports a fixture export into `dir/site` and builds it; returns the site root.
fn import_and_build(dir: &Path, system: &str, file: &Path) -> PathBuf {
    let root = dir.join("site");
    let r = root.to_str().unwrap();
    let run = talkgen(
        &["import", system, file.to_str().unwrap(), "--root", r],
        dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = talkgen(&["build", "--root", r], dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    root
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// Every event of a c3voc v1 schedule, with the day index it is listed under.
fn events(v: &Value) -> Vec<(u64, String, Value)> {
    let mut out = Vec::new();
    for day in v["schedule"]["conference"]["days"].as_array().unwrap() {
        let index = day["index"].as_u64().unwrap();
        for (room, evs) in day["rooms"].as_object().unwrap() {
            for e in evs.as_array().unwrap() {
                out.push((index, room.clone(), e.clone()));
            }
        }
    }
    out
}

fn instant(s: &Value) -> jiff::Timestamp {
    s.as_str().unwrap().parse().unwrap()
}

fn persons(e: &Value) -> Vec<String> {
    e["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.get("public_name")
                .or(p.get("name"))
                .and_then(Value::as_str)
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn pretalx_round_trip_keeps_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "pretalx", &export("pretalx-testcon.json"));
    let original = json(&export("pretalx-testcon.json"));
    let written = json(&root.join("public/schedule.json"));

    let before = events(&original);
    let after = events(&written);
    assert_eq!(before.len(), 6);
    assert_eq!(after.len(), before.len(), "same number of talks");
    for (day, room, e) in &before {
        let code = e["url"]
            .as_str()
            .unwrap()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap();
        let (day2, room2, w) = after
            .iter()
            .find(|(_, _, w)| w["code"] == code)
            .unwrap_or_else(|| panic!("talk {code} missing from schedule.json"));
        let t = e["title"].as_str().unwrap();
        assert_eq!(w["title"], e["title"], "{t}: title");
        assert_eq!(persons(w), persons(e), "{t}: persons");
        assert_eq!(room2, room, "{t}: room key");
        assert_eq!(w["room"], e["room"], "{t}: room");
        assert_eq!(
            day2, day,
            "{t}: day (a slot after midnight stays on its day)"
        );
        assert_eq!(instant(&w["date"]), instant(&e["date"]), "{t}: start");
        assert_eq!(w["start"], e["start"], "{t}: local start (same time zone)");
        assert_eq!(w["duration"], e["duration"], "{t}: duration");
        let track = e["track"].as_str().unwrap_or("General");
        assert_eq!(w["track"], track, "{t}: track");
        assert_eq!(w["abstract"], e["abstract"], "{t}: abstract");
        assert_eq!(w["description"], e["description"], "{t}: description");
    }
    let conf = &written["schedule"]["conference"];
    assert_eq!(conf["title"], "TestCon 2024");
    assert_eq!(conf["time_zone_name"], "Europe/Berlin");
    assert_eq!(conf["start"], "2024-06-01");
    assert_eq!(conf["end"], "2024-06-02");
    assert_eq!(conf["daysCount"], 2);
    let rooms: Vec<&str> = conf["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(rooms, ["Main Hall", "Workshop Room"]);
    // Rooms keyed by name (their order: rooms_keep_the_order_of_the_export).
    assert_eq!(conf["days"][0]["rooms"].as_object().unwrap().len(), 2);
    // Day 1 runs past midnight: its end is the end of the night owl session.
    assert_eq!(conf["days"][0]["day_start"], "2024-06-01T10:00:00+02:00");
    assert_eq!(conf["days"][0]["day_end"], "2024-06-02T01:30:00+02:00");
    // Slides come back as a link.
    let opening = after
        .iter()
        .find(|(_, _, w)| w["code"] == "TALKAA")
        .unwrap();
    assert_eq!(
        opening.2["links"][0]["url"],
        "https://slides.example.org/opening.pdf"
    );
    assert_eq!(opening.2["links"][0]["type"], "slides");
}

#[test]
fn ids_are_unique_and_stable_between_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "pretalx", &export("pretalx-testcon.json"));
    let first = read(root.join("public/schedule.json"));
    let xml_first = read(root.join("public/schedule.xml"));
    let run = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root.join("public/schedule.json")),
        first,
        "builds are reproducible"
    );
    assert_eq!(read(root.join("public/schedule.xml")), xml_first);
    let v: Value = serde_json::from_str(&first).unwrap();
    let evs = events(&v);
    let mut ids: Vec<u64> = evs
        .iter()
        .map(|(_, _, e)| e["id"].as_u64().unwrap())
        .collect();
    let mut guids: Vec<&str> = evs
        .iter()
        .map(|(_, _, e)| e["guid"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    guids.sort();
    guids.dedup();
    assert_eq!(ids.len(), 6);
    assert_eq!(guids.len(), 6);
    assert!(ids.iter().all(|i| *i >= 1));
}

#[test]
fn frab_ids_survive_and_xml_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "frab", &export("frab-schedule.xml"));
    let xml = read(root.join("public/schedule.xml"));
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    // frab's numeric ids are kept, so apps keep their favourites.
    assert!(xml.contains("id=\"101\""), "{xml}");
    assert!(xml.contains("<track>Ethics &amp; Society</track>"), "{xml}");
    assert!(xml.contains("<time_zone_name>Europe/Berlin</time_zone_name>"));
    // The midnight movie (00:30 on the 16th) is on day 1, which ends after it.
    let day1 = xml.split("<day ").nth(1).unwrap();
    assert!(day1.contains("date=\"2023-08-15\""), "{day1}");
    assert!(day1.contains("end=\"2023-08-16T01:30:00+02:00\""), "{day1}");
    assert!(day1.contains("<title>Midnight Movie</title>"), "{day1}");
    assert!(day1.contains("<duration>01:00</duration>"), "{day1}");

    // Importing the written XML gives the same talks again.
    let again = dir.path().join("again");
    let run = talkgen(
        &[
            "import",
            "frab",
            root.join("public/schedule.xml").to_str().unwrap(),
            "--root",
            again.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (a, _) = talkgen::load_site(&root, None, false).unwrap();
    let (b, _) = talkgen::load_site(&again, None, false).unwrap();
    assert_eq!(a.site.talks.len(), b.site.talks.len());
    for t in &a.site.talks {
        let u = b
            .site
            .talks
            .iter()
            .find(|u| u.slug == t.slug)
            .unwrap_or_else(|| panic!("{} missing after the XML round trip", t.slug));
        assert_eq!(u.title, t.title);
        assert_eq!(u.slot, t.slot, "{}", t.slug);
        assert_eq!(u.origin, t.origin, "{}: frab ids survive", t.slug);
        assert_eq!(a.site.track(t.track).name, b.site.track(u.track).name);
        let names = |s: &talkgen::model::Site, ids: &[talkgen::model::SpeakerId]| {
            ids.iter()
                .map(|i| s.speaker(*i).name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a.site, &t.speakers), names(&b.site, &u.speakers));
        assert_eq!(u.description.source(), t.description.source());
        assert_eq!(u.abstract_.source(), t.abstract_.source());
    }
}

#[test]
fn no_schedule_files_without_slots_or_time_zone() {
    // The core fixture has no time zone: schedule apps need offsets, so nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let r = root.to_str().unwrap();
    let run = talkgen(
        &[
            "import",
            "sessionize",
            export("sessionize-all.json").to_str().unwrap(),
            "--root",
            r,
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(talkgen(&["build", "--root", r], dir.path()).code, 0);
    assert!(!root.join("public/schedule.json").exists());
    assert!(!root.join("public/schedule.xml").exists());
    // With a time zone it appears, local times carrying that zone's offset.
    let conf = root.join("content/conference.yaml");
    fs::write(&conf, read(&conf) + "timezone: America/Chicago\n").unwrap();
    assert_eq!(talkgen(&["build", "--root", r], dir.path()).code, 0);
    let v = json(&root.join("public/schedule.json"));
    let evs = events(&v);
    assert_eq!(evs.len(), 2, "the unscheduled talk is not in the schedule");
    let serverless = evs
        .iter()
        .find(|(_, _, e)| e["title"] == "Serverless in Practice")
        .unwrap();
    assert_eq!(serverless.2["date"], "2023-10-05T09:00:00-05:00");
    assert_eq!(serverless.2["duration"], "00:45");
    assert_eq!(serverless.2["room"], "Hall A");
    assert_eq!(serverless.2["links"][0]["type"], "media");
}

#[test]
fn the_example_conference_gets_a_schedule_under_its_base_url() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    assert!(
        read(dir.path().join("content/conference.yaml")).contains("timezone: America/Los_Angeles")
    );
    let run = talkgen(
        &["build", "--base-url", "https://example.org/pybay/2016/"],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (loaded, _) = talkgen::load_site(dir.path(), None, false).unwrap();
    let slotted = loaded
        .site
        .talks
        .iter()
        .filter(|t| t.slot.is_some())
        .count();
    let v = json(&dir.path().join("public/schedule.json"));
    assert_eq!(v["schedule"]["base_url"], "https://example.org/pybay/2016/");
    let evs = events(&v);
    assert_eq!(evs.len(), slotted);
    for (_, _, e) in &evs {
        let url = e["url"].as_str().unwrap();
        assert!(
            url.starts_with("https://example.org/pybay/2016/talks/"),
            "{url}"
        );
        assert!(
            e["date"].as_str().unwrap().ends_with("-07:00"),
            "PDT in August: {}",
            e["date"]
        );
    }
    let xml = read(dir.path().join("public/schedule.xml"));
    assert!(
        xml.contains("<url>https://example.org/pybay/2016/talks/"),
        "absolute URLs only"
    );
}

#[test]
fn a_schedule_in_static_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "pretalx", &export("pretalx-testcon.json"));
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(
        root.join("static/schedule.xml"),
        "<schedule>mine</schedule>\n",
    )
    .unwrap();
    let run = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root.join("public/schedule.xml")),
        "<schedule>mine</schedule>\n"
    );
    assert!(read(root.join("public/schedule.json")).contains("\"TestCon 2024\""));

    // The other way round: the JSON is still hashed for the XML's version, then replaced.
    fs::remove_file(root.join("static/schedule.xml")).unwrap();
    fs::write(root.join("static/schedule.json"), "{\"mine\": true}\n").unwrap();
    let run = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root.join("public/schedule.json")),
        "{\"mine\": true}\n"
    );
    let xml = read(root.join("public/schedule.xml"));
    let version = xml
        .split("<version>")
        .nth(1)
        .and_then(|rest| rest.split("</version>").next())
        .unwrap_or_default();
    assert_eq!(version.len(), 12, "{xml}");
    assert!(version.chars().all(|c| c.is_ascii_hexdigit()) && version != "000000000000");
}

#[test]
fn the_schedule_version_follows_the_programme() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "pretalx", &export("pretalx-testcon.json"));
    let version = |json: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["schedule"]["version"].as_str().unwrap().to_owned()
    };
    let first = read(root.join("public/schedule.json"));
    let run = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root.join("public/schedule.json")),
        first,
        "same programme, same bytes"
    );
    assert!(
        !first.contains("000000000000"),
        "the placeholder is replaced"
    );
    // Retitle one talk: the version changes, and the XML carries the same one.
    let talk = fs::read_dir(root.join("content/talks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text: Vec<String> = read(&talk)
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: A renamed talk".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect();
    let text = text.join("\n");
    fs::write(&talk, text).unwrap();
    let run = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = read(root.join("public/schedule.json"));
    assert_ne!(version(&second), version(&first));
    let xml = read(root.join("public/schedule.xml"));
    assert!(xml.contains(&format!("<version>{}</version>", version(&second))));
}

#[test]
fn rooms_keep_the_order_of_the_export() {
    // No `conference.rooms` list, and a first room that sorts last: the file's order wins.
    let text = read(export("pretalx-testcon.json")).replace("Main Hall", "Zeppelin Hall");
    let start = text.find("\"rooms\": [").unwrap();
    let end = start + text[start..].find("\"days\"").unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    fs::write(&file, text).unwrap();
    let root = import_and_build(dir.path(), "pretalx", &file);
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    assert_eq!(
        loaded.site.conference.rooms,
        ["Zeppelin Hall", "Workshop Room"]
    );
    // serde_json's Value sorts keys, so look at the text: each day lists Zeppelin Hall first.
    let text = read(root.join("public/schedule.json"));
    for day in text.split("\"day_start\"").skip(1) {
        let z = day.find("\"Zeppelin Hall\": [").unwrap();
        let w = day.find("\"Workshop Room\": [").unwrap();
        assert!(z < w, "{day}");
    }
}

/// The parts of the c3voc v1 schema that apps rely on, checked without the schema itself (it
/// lives in ../shared and is validated in CI).
#[test]
fn schedule_json_has_what_the_schema_requires() {
    let dir = tempfile::tempdir().unwrap();
    let root = import_and_build(dir.path(), "frab", &export("frab-schedule.xml"));
    let v = json(&root.join("public/schedule.json"));
    assert!(v["schedule"]["version"].is_string());
    let conf = &v["schedule"]["conference"];
    for k in [
        "title",
        "acronym",
        "days",
        "daysCount",
        "start",
        "end",
        "timeslot_duration",
    ] {
        assert!(!conf[k].is_null(), "conference.{k} missing");
    }
    let acronym = conf["acronym"].as_str().unwrap();
    assert!(
        acronym.len() >= 4
            && acronym
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "{acronym}"
    );
    for room in conf["rooms"].as_array().unwrap() {
        assert!(is_uuid(room["guid"].as_str().unwrap()), "{room}");
    }
    for day in conf["days"].as_array().unwrap() {
        for k in ["index", "date", "day_start", "day_end", "rooms"] {
            assert!(!day[k].is_null(), "day.{k} missing");
        }
    }
    let evs = events(&v);
    assert_eq!(evs.len(), 3);
    for (_, _, e) in &evs {
        for k in [
            "abstract", "date", "duration", "guid", "id", "language", "links", "persons", "room",
            "slug", "start", "subtitle", "title", "track", "type", "url",
        ] {
            assert!(e.get(k).is_some(), "event.{k} missing: {e}");
        }
        assert!(is_uuid(e["guid"].as_str().unwrap()));
        assert!(e["id"].as_u64().unwrap() >= 1);
        let hhmm = |s: &str| {
            s.len() == 5
                && s.as_bytes()[2] == b':'
                && s.chars().filter(char::is_ascii_digit).count() == 4
        };
        assert!(hhmm(e["start"].as_str().unwrap()), "{}", e["start"]);
        assert!(hhmm(e["duration"].as_str().unwrap()), "{}", e["duration"]);
        let slug = e["slug"].as_str().unwrap();
        assert!(
            slug.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                && !slug.ends_with('-'),
            "{slug}"
        );
        // A person is frab-shaped (`id` and `public_name`) and never also pretalx-shaped
        // (`name`): the schema's `oneOf` rejects an object that is both.
        for p in e["persons"].as_array().unwrap() {
            assert!(p["id"].is_u64() && p["public_name"].is_string(), "{p}");
            assert!(p.get("name").is_none(), "{p}");
        }
    }
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}
