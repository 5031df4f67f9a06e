//! The attendee planner's data (`planner/index.json` and its parts, written by
//! `exports::planner`), read back from built sites: what the agenda and the overview fetch, with
//! the UIDs and times of `schedule.ics`, in files that stay small however big the programme.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::common::*;
use crate::support::outputs::*;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

fn json(path: impl AsRef<Path>) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// Every part named by `planner/index.json`: part name → its talks.
fn parts(out: &Path) -> BTreeMap<String, Vec<serde_json::Value>> {
    let index = json(out.join("planner/index.json"));
    index["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let name = p.as_str().unwrap().to_owned();
            let talks = json(out.join(format!("planner/{name}.json")));
            (name, talks.as_array().unwrap().clone())
        })
        .collect()
}

#[test]
fn planner_data_has_each_talk_once_with_the_uid_and_times_of_schedule_ics() {
    let (_tmp, out, _) = build_ok(&fixture("planner"), &[]);
    let index = json(out.join("planner/index.json"));
    assert_eq!(index["timezone"], "Europe/Berlin");
    let days: Vec<(&str, &str)> = index["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["date"].as_str().unwrap(), d["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        days,
        [
            ("2024-05-04", "Saturday 4 May 2024"),
            ("2024-05-05", "Sunday 5 May 2024")
        ]
    );
    let parts = parts(&out);
    assert_eq!(
        parts.keys().collect::<Vec<_>>(),
        ["2024-05-04-0", "2024-05-05-0"]
    );
    // The events of schedule.ics by title: UID, start and end in UTC.
    let cal = parse_ics(&out.join("schedule.ics"));
    let utc = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => {
            t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
        other => panic!("not a UTC time: {other:?}"),
    };
    let events: BTreeMap<String, (String, String, String)> = events(&cal)
        .iter()
        .map(|e| {
            let v = (
                e.get_uid().unwrap().to_owned(),
                utc(e.get_start()),
                utc(e.get_end()),
            );
            (e.get_summary().unwrap().to_owned(), v)
        })
        .collect();
    let mut seen = BTreeSet::new();
    for (name, talks) in &parts {
        let starts: Vec<&str> = talks.iter().map(|t| t["start"].as_str().unwrap()).collect();
        assert!(
            starts.windows(2).all(|w| w[0] <= w[1]),
            "{name}: in start order"
        );
        for t in talks {
            let id = t["id"].as_str().unwrap();
            assert!(seen.insert(id.to_owned()), "{id} is in one part only");
            assert!(
                name.starts_with(t["day"].as_str().unwrap()),
                "{id} in its day's part"
            );
            let (uid, start, end) = &events[t["title"].as_str().unwrap()];
            assert_eq!(
                (t["uid"].as_str().unwrap(), &t["start"], &t["end"]),
                (
                    uid.as_str(),
                    &serde_json::json!(start),
                    &serde_json::json!(end)
                )
            );
            // The page it links to exists, and its star names this part.
            let url = t["url"].as_str().unwrap();
            let page = read(out.join(url.trim_start_matches('/')).join("index.html"));
            assert!(
                page.contains(&format!(r#"data-star="{id}" data-part="{name}""#)),
                "{url} stars {id} in {name}"
            );
        }
    }
    assert_eq!(seen.len(), 6);
    let keynote = parts["2024-05-04-0"]
        .iter()
        .find(|t| t["id"] == "morning-keynote")
        .unwrap();
    assert_eq!(
        keynote["title"],
        "Morning keynote, with commas; and semicolons"
    );
    assert_eq!(keynote["start"], "2024-05-04T07:00:00Z");
    assert_eq!(keynote["room"], "Room A");
    assert_eq!(keynote["track"], "Web");
    assert_eq!(keynote["speakers"], serde_json::json!(["Ada Lovelace"]));
    assert_eq!(keynote["uid"], "morning-keynote@planner-conf.talkgen");
}

/// A one-day programme of 520 talks (26 rooms, 20 half-hour slots each) and 30 without a slot.
fn big_day(root: &Path) {
    let content = root.join("content");
    fs::create_dir_all(content.join("talks")).unwrap();
    fs::create_dir_all(content.join("speakers")).unwrap();
    fs::write(
        content.join("conference.yaml"),
        "name: Big Day\nstart_date: 2024-05-04\ntimezone: Europe/Berlin\n\
         tracks:\n  - slug: main\n    name: Main\n",
    )
    .unwrap();
    fs::write(
        content.join("speakers/ada.md"),
        "---\nname: Ada\n---\nBio.\n",
    )
    .unwrap();
    for n in 0..550 {
        let slot = if n < 520 {
            let (room, k) = (n % 26, n / 26);
            let (h, m) = (8 + k / 2, (k % 2) * 30);
            format!(
                "slot:\n  start: 2024-05-04T{h:02}:{m:02}:00\n  end: 2024-05-04T{h:02}:{:02}:00\n  room: Room {room}\n",
                m + 25
            )
        } else {
            String::new()
        };
        fs::write(
            content.join(format!("talks/talk-{n:03}.md")),
            format!("---\ntitle: Talk {n:03}\nspeakers: [ada]\ntrack: main\ndescription: A talk.\n{slot}---\nAbstract.\n"),
        )
        .unwrap();
    }
}

#[test]
fn planner_parts_stay_small_on_a_big_programme() {
    let dir = tempfile::tempdir().unwrap();
    big_day(dir.path());
    let (_tmp, out, _) = build_ok(dir.path(), &[]);
    let parts = parts(&out);
    let per = talkgen::layout::PLANNER_PART_TALKS;
    assert_eq!(per, 250, "the part names below assume 250 a part");
    assert_eq!(
        parts.keys().collect::<Vec<_>>(),
        ["2024-05-04-0", "2024-05-04-1", "2024-05-04-2", "talks-0"]
    );
    let sizes: Vec<usize> = parts.values().map(Vec::len).collect();
    assert_eq!(sizes, [250, 250, 20, 30]);
    let mut ids = BTreeSet::new();
    for (name, talks) in &parts {
        let bytes = fs::metadata(out.join(format!("planner/{name}.json")))
            .unwrap()
            .len();
        assert!(bytes < 96 * 1024, "{name} is {bytes} bytes");
        ids.extend(talks.iter().map(|t| t["id"].as_str().unwrap().to_owned()));
    }
    assert_eq!(ids.len(), 550, "every talk is in one part");
    // The last part of the day holds its latest talks; unscheduled talks have no times.
    assert_eq!(parts["2024-05-04-2"][19]["start"], "2024-05-04T15:30:00Z");
    assert!(parts["talks-0"]
        .iter()
        .all(|t| t["start"].is_null() && t["day"].is_null()));
    let index = json(out.join("planner/index.json"));
    assert_eq!(
        index["days"][0]["parts"],
        serde_json::json!(["2024-05-04-0", "2024-05-04-1", "2024-05-04-2"])
    );
}
