//! An export with UTC offsets but no time zone name (issue 16): the importer infers a zone that
//! gives those offsets and says which; `schedule.json` is then written, with the export's
//! instants. `.ci/run` (section `checks`) also validates it against the c3voc schema.

use crate::support::common::*;

use serde_json::Value;

fn json(path: &std::path::Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// (title, start instant, duration) of every event of a c3voc v1 schedule.
fn events(v: &Value) -> Vec<(String, jiff::Timestamp, String)> {
    let mut out = Vec::new();
    for day in v["schedule"]["conference"]["days"].as_array().unwrap() {
        for evs in day["rooms"].as_object().unwrap().values() {
            for e in evs.as_array().unwrap() {
                out.push((
                    e["title"].as_str().unwrap().to_owned(),
                    e["date"].as_str().unwrap().parse().unwrap(),
                    e["duration"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn offsets_without_a_zone_name_give_a_zone_and_a_schedule_with_the_same_instants() {
    let export = fixture("interop-exports/pretalx-no-zone.json");
    let original = json(&export);
    assert!(original["schedule"]["conference"]
        .get("time_zone_name")
        .is_none());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let r = root.to_str().unwrap();
    let run = talkgen(
        &["import", "pretalx", export.to_str().unwrap(), "--root", r],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "note: the export names no time zone, only UTC offsets (+02:00): \
             content/conference.yaml gets `timezone: Europe/Amsterdam`, which gives those \
             offsets on the conference's dates (as do Europe/Andorra, Europe/Belgrade, \
             Europe/Berlin, Europe/Bratislava, ...); if the conference is elsewhere, change that \
             one line (every talk keeps its instant)"
        ),
        "{}",
        run.stdout
    );
    let conf = read(root.join("content/conference.yaml"));
    assert!(conf.contains("timezone: Europe/Amsterdam\n"), "{conf}");

    let run = talkgen(&["build", "--root", r], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("are not written"), "{}", run.stderr);
    let written = json(&root.join("public/schedule.json"));
    assert_eq!(
        written["schedule"]["conference"]["time_zone_name"],
        "Europe/Amsterdam"
    );
    let (before, after) = (events(&original), events(&written));
    assert_eq!(before.len(), 6);
    assert_eq!(
        after, before,
        "every talk at the export's instant, for as long"
    );
    assert!(root.join("public/schedule.xml").is_file());

    // A second import changes nothing: the zone is now the site's.
    let run = talkgen(
        &["import", "pretalx", export.to_str().unwrap(), "--root", r],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("names no time zone"), "{}", run.stdout);
    assert!(
        run.stdout.contains(" 0 created, 0 updated"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_schedule_without_a_zone_warns_that_its_exports_are_not_written() {
    // The minimal site has slots and no `timezone`.
    let (_tmp, out, run) = crate::support::outputs::build_ok(&fixture("minimal"), &[]);
    assert!(
        run.stderr.contains(
            "warning: schedule.json and schedule.xml are not written: the talks have slots, but \
             conference.yaml names no `timezone`, and schedule apps need one\n--> \
             content/conference.yaml\n = help: add the conference's IANA zone as one line, e.g. \
             `timezone: Europe/Berlin`"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.join("schedule.json").exists());
    assert!(out.join("schedule.ics").exists());
}
