//! Versions of the programme (docs/versions.md): `talkgen release`, then edits (a talk moved,
//! one renamed with its file, one cancelled, one with another speaker), a second release and a
//! build; the changes page, its feed, the calendars and the schedule exports are read back with
//! real parsers. `.ci/run` (section `versions`) builds the same scenario through
//! `write_the_scenario_for_ci` and validates it with Python's `icalendar`, the c3voc JSON
//! Schema and xmllint against the frab XSD.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use icalendar::Component;
use serde_json::Value;

use crate::support::common::*;
use crate::support::outputs::{events, parse_ics};

const FIRST: &str = "1700000000"; // 2023-11-14T22:13:20Z
const SECOND: &str = "1700100000"; // 2023-11-16T02:00:00Z

/// Runs talkgen with `SOURCE_DATE_EPOCH` set (the release's time stamp).
fn at(epoch: &str, args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("run talkgen");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(run: Run) -> Run {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

/// The pretalx fixture imported into `dir/site`.
fn imported(dir: &Path) -> PathBuf {
    let export = fixture("interop-exports").join("pretalx-testcon.json");
    let root = dir.join("site");
    let r = root.to_str().unwrap();
    ok(talkgen(
        &["import", "pretalx", export.to_str().unwrap(), "--root", r],
        dir,
    ));
    root
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The scenario: release, four edits, release again. Returns the site root.
fn scenario(dir: &Path) -> PathBuf {
    let root = imported(dir);
    let r = root.to_str().unwrap();
    ok(at(FIRST, &["release", "First draft", "--root", r], dir));
    edit_the_programme(&root);
    ok(at(SECOND, &["release", "Second draft", "--root", r], dir));
    root
}

/// The scenario's four edits: the keynote moved an hour later, the workshop renamed (file and
/// all; its `source` id stays), the night owl session cancelled, the lightning talks' speakers
/// changed.
fn edit_the_programme(root: &Path) {
    let talks = root.join("content/talks");
    // Moved: an hour later.
    let keynote = talks.join("closing-keynote.md");
    edit(
        &keynote,
        "start: 2024-06-02T16:00:00",
        "start: 2024-06-02T17:00:00",
    );
    edit(
        &keynote,
        "end: 2024-06-02T16:30:00",
        "end: 2024-06-02T17:30:00",
    );
    // Renamed, file and all (its `source` id stays).
    let workshop = talks.join("workshop-rust-yaml.md");
    edit(
        &workshop,
        "title: 'Workshop: Rust & YAML'",
        "title: 'Workshop: Rust, YAML & TOML'",
    );
    fs::rename(&workshop, talks.join("workshop-rust-yaml-toml.md")).unwrap();
    // Cancelled.
    fs::remove_file(talks.join("night-owl-session.md")).unwrap();
    // Another speaker line-up.
    edit(
        &talks.join("late-night-lightning-talks.md"),
        "- ada-lovelace\n- grace-hopper\n",
        "- ada-lovelace\n",
    );
}

fn build(root: &Path, out: &Path) {
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    ok(talkgen(
        &[
            "build",
            "--root",
            r,
            "--output",
            o,
            "--base-url",
            "https://testcon.example/",
        ],
        root,
    ));
}

/// The changes page's lists of one version: kind (`moved`, `cancelled`...) → item texts.
fn page_changes(html: &str, version: u32) -> BTreeMap<String, Vec<String>> {
    let open = format!("<section class=\"version\" id=\"version-{version}\"");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {open}"));
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let mut out = BTreeMap::new();
    let mut rest = section;
    while let Some(i) = rest.find("<ul class=\"changes changes-") {
        rest = &rest[i + "<ul class=\"changes changes-".len()..];
        let kind = rest[..rest.find('"').unwrap()].to_owned();
        let list = &rest[..rest.find("</ul>").unwrap()];
        let items = list
            .split("<li>")
            .skip(1)
            .map(|li| text_of(&li[..li.find("</li>").unwrap()]))
            .collect();
        out.insert(kind, items);
    }
    out
}

/// The `<li>` texts of an entry's HTML content.
fn items_of(html: &str) -> Vec<String> {
    html.split("<li>")
        .skip(1)
        .map(|li| text_of(&li[..li.find("</li>").unwrap()]))
        .collect()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// guid of every event of a c3voc schedule, by the talk's title.
fn guids(doc: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for day in doc["schedule"]["conference"]["days"].as_array().unwrap() {
        for events in day["rooms"].as_object().unwrap().values() {
            for e in events.as_array().unwrap() {
                let title = e["title"].as_str().unwrap().to_owned();
                out.insert(title, e["guid"].as_str().unwrap().to_owned());
            }
        }
    }
    out
}

/// Validates against the c3voc schema (v1) beside the repository, as `.ci/run` does.
fn assert_c3voc_valid(doc: &Value) {
    let schema = json(&repo_root().join("../shared/interop/schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = (validator.iter_errors(doc))
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schedule.json breaks the schema: {errors:#?}"
    );
}

#[test]
fn the_changes_page_and_feed_list_exactly_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = scenario(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);

    let html = read(out.join("changes/index.html"));
    let second = page_changes(&html, 2);
    let expected: BTreeMap<String, Vec<String>> = [
        (
            "moved",
            "Closing Keynote: Sunday 2 June 2024 16:00–16:30, Main Hall → \
             Sunday 2 June 2024 17:00–17:30, Main Hall",
        ),
        (
            "renamed",
            "Workshop: Rust, YAML & TOML: Workshop: Rust & YAML → Workshop: Rust, YAML & TOML",
        ),
        (
            "speakers",
            "Late Night Lightning Talks: Ada Lovelace, Grace Hopper → Ada Lovelace",
        ),
        ("cancelled", "Night Owl Session"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), vec![v.to_owned()]))
    .collect();
    assert_eq!(second, expected, "{html}");
    // The first version lists no changes; each changed talk links to its page as it is now.
    assert!(page_changes(&html, 1).is_empty());
    let links = links_of(&html);
    assert!(
        links.contains(&"../talks/workshop-rust-yaml-toml/".to_owned()),
        "{links:?}"
    );
    assert!(links.contains(&"../changes.xml".to_owned()), "{links:?}");

    let bytes = fs::read(out.join("changes.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(&bytes[..]).expect("an Atom feed");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Second draft", "First draft"]);
    let entry = &feed.entries()[0];
    assert_eq!(entry.updated().to_rfc3339(), "2023-11-16T02:00:00+00:00");
    assert_eq!(entry.id(), "https://testcon.example/changes/#version-2");
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert_eq!(
        items_of(content),
        [
            "Renamed: Workshop: Rust, YAML & TOML (Workshop: Rust & YAML → Workshop: Rust, YAML & TOML)",
            "Speakers changed: Late Night Lightning Talks (Ada Lovelace, Grace Hopper → Ada Lovelace)",
            "Moved: Closing Keynote (Sunday 2 June 2024 16:00–16:30, Main Hall → \
             Sunday 2 June 2024 17:00–17:30, Main Hall)",
            "Cancelled: Night Owl Session",
        ]
    );
}

#[test]
fn talks_the_latest_version_changed_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let root = scenario(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);
    let mark = |slug: &str| {
        let html = read(out.join(format!("talks/{slug}/index.html")));
        html.find("<p class=\"badges change-mark\">").map(|i| {
            let p = &html[i..];
            text_of(&p[..p.find("</p>").unwrap()])
        })
    };
    assert_eq!(
        mark("closing-keynote").as_deref(),
        Some("Changed since First draft: Moved")
    );
    assert_eq!(
        mark("workshop-rust-yaml-toml").as_deref(),
        Some("Changed since First draft: Renamed")
    );
    assert_eq!(
        mark("late-night-lightning-talks").as_deref(),
        Some("Changed since First draft: Speakers changed")
    );
    assert_eq!(mark("opening-why-schedules-matter"), None);
    // The schedule marks the three changed talks that are still on it, and nothing else.
    let schedule = read(out.join("schedule/index.html"));
    assert_eq!(
        schedule
            .matches("class=\"badge badge-level change-badge\"")
            .count(),
        3
    );
}

#[test]
fn calendars_update_in_place_and_cancel_the_dropped_talk() {
    let dir = tempfile::tempdir().unwrap();
    let root = scenario(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);
    let cal = parse_ics(&out.join("schedule.ics"));
    let by_uid: BTreeMap<String, &icalendar::Event> = events(&cal)
        .into_iter()
        .map(|e| (e.get_uid().unwrap().to_owned(), e))
        .collect();
    let seq = |uid: &str| by_uid[uid].property_value("SEQUENCE").map(str::to_owned);
    let uid = |slug: &str| format!("{slug}@testcon-2024.talkgen");
    // Changed: 1; unchanged: 0. The renamed talk keeps the UID of its first slug.
    for (slug, want) in [
        ("closing-keynote", "1"),
        ("workshop-rust-yaml", "1"),
        ("late-night-lightning-talks", "1"),
        ("night-owl-session", "1"),
        ("opening-why-schedules-matter", "0"),
        ("opening-why-schedules-matter-2", "0"),
    ] {
        assert_eq!(seq(&uid(slug)).as_deref(), Some(want), "{slug}");
    }
    assert_eq!(by_uid.len(), 6);
    let status = |slug: &str| by_uid[&uid(slug)].get_status();
    assert_eq!(
        status("night-owl-session"),
        Some(icalendar::EventStatus::Cancelled)
    );
    assert_eq!(status("closing-keynote"), None);
    // Stamps from the versions: the changed event at the second, the unchanged at the first.
    let prop = |slug: &str, p: &str| by_uid[&uid(slug)].property_value(p).unwrap().to_owned();
    assert_eq!(prop("closing-keynote", "LAST-MODIFIED"), "20231116T020000Z");
    assert_eq!(
        prop("opening-why-schedules-matter", "LAST-MODIFIED"),
        "20231114T221320Z"
    );
    assert_eq!(
        prop("opening-why-schedules-matter", "DTSTAMP"),
        "20231116T020000Z"
    );
    assert_eq!(prop("closing-keynote", "DTSTART"), "20240602T150000Z");
    // The talk's own calendar agrees.
    let single = parse_ics(&out.join("talks/workshop-rust-yaml-toml/talk.ics"));
    let ev = events(&single)[0];
    assert_eq!(ev.get_uid(), Some(uid("workshop-rust-yaml").as_str()));
    assert_eq!(ev.property_value("SEQUENCE"), Some("1"));
}

#[test]
fn schedule_apps_get_the_version_and_keep_every_guid() {
    let dir = tempfile::tempdir().unwrap();
    let root = imported(dir.path());
    let r = root.to_str().unwrap();
    ok(at(
        FIRST,
        &["release", "First draft", "--root", r],
        dir.path(),
    ));
    let before_out = dir.path().join("before");
    build(&root, &before_out);
    let before = json(&before_out.join("schedule.json"));
    assert_eq!(before["schedule"]["version"], "First draft");
    let before = guids(&before);

    // The rest of the scenario on the same site (the first release is already there).
    edit_the_programme(&root);
    ok(at(
        SECOND,
        &["release", "Second draft", "--root", r],
        dir.path(),
    ));
    let out = dir.path().join("after");
    build(&root, &out);
    let doc = json(&out.join("schedule.json"));
    assert_c3voc_valid(&doc);
    assert_eq!(doc["schedule"]["version"], "Second draft");
    let after = guids(&doc);
    // The cancelled talk is gone; every other keeps its guid, the renamed one included.
    assert!(!after.contains_key("Night Owl Session"));
    assert_eq!(after.len(), 5);
    for (title, guid) in &after {
        let old_title = title.replace("Rust, YAML & TOML", "Rust & YAML");
        assert_eq!(Some(guid), before.get(&old_title), "{title}");
    }
    let xml = read(out.join("schedule.xml"));
    assert!(
        xml.contains("<version>Second draft</version>"),
        "{}",
        &xml[..400]
    );
    for guid in after.values() {
        assert!(
            xml.contains(&format!("guid=\"{guid}\"")),
            "{guid} not in schedule.xml"
        );
    }
}

#[test]
fn a_release_without_changes_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = imported(dir.path());
    let r = root.to_str().unwrap();
    let first = ok(at(
        FIRST,
        &["release", "First draft", "--root", r],
        dir.path(),
    ));
    assert!(
        first
            .stdout
            .contains("content/versions/001-first-draft.yaml"),
        "{}",
        first.stdout
    );
    let versions = root.join("content/versions");
    let written = tree(&versions);
    let again = ok(at(SECOND, &["release", "Again", "--root", r], dir.path()));
    assert!(
        again
            .stdout
            .contains("Nothing changed since version \"First draft\""),
        "{}",
        again.stdout
    );
    assert_eq!(tree(&versions), written);
    // A name already taken is refused.
    fs::remove_file(root.join("content/talks/night-owl-session.md")).unwrap();
    let taken = at(SECOND, &["release", "First draft", "--root", r], dir.path());
    assert_eq!(taken.code, 2, "{}", taken.stderr);
    assert_eq!(tree(&versions), written);
}

#[test]
fn reimporting_a_moved_export_then_releasing_shows_exactly_those_moves() {
    let dir = tempfile::tempdir().unwrap();
    let root = imported(dir.path());
    let r = root.to_str().unwrap();
    ok(at(FIRST, &["release", "Before", "--root", r], dir.path()));
    // The export as the CFP writes it a week later: two talks an hour later.
    let export = fixture("interop-exports").join("pretalx-testcon.json");
    let mut doc = json(&export);
    let mut moved = 0;
    for day in doc["schedule"]["conference"]["days"]
        .as_array_mut()
        .unwrap()
    {
        for events in day["rooms"].as_object_mut().unwrap().values_mut() {
            for e in events.as_array_mut().unwrap() {
                let title = e["title"].as_str().unwrap();
                if title == "Opening: Why Schedules Matter!" || title == "Closing Keynote" {
                    let date = e["date"].as_str().unwrap().to_owned();
                    let start = e["start"].as_str().unwrap().to_owned();
                    let later = |hh: &str| format!("{:02}", hh.parse::<u32>().unwrap() + 1);
                    e["date"] = Value::from(format!(
                        "{}{}{}",
                        &date[..11],
                        later(&date[11..13]),
                        &date[13..]
                    ));
                    e["start"] = Value::from(format!("{}{}", later(&start[..2]), &start[2..]));
                    moved += 1;
                }
            }
        }
    }
    assert_eq!(moved, 2);
    let edited = dir.path().join("moved.json");
    fs::write(&edited, serde_json::to_string(&doc).unwrap()).unwrap();
    ok(talkgen(
        &["import", "pretalx", edited.to_str().unwrap(), "--root", r],
        dir.path(),
    ));
    ok(at(SECOND, &["release", "After", "--root", r], dir.path()));
    let out = dir.path().join("public");
    build(&root, &out);
    let changes = page_changes(&read(out.join("changes/index.html")), 2);
    assert_eq!(changes.keys().collect::<Vec<_>>(), ["moved"]);
    assert_eq!(
        changes["moved"],
        [
            "Opening: Why Schedules Matter!: Sunday 2 June 2024 11:00–11:50, Workshop Room → \
             Sunday 2 June 2024 12:00–12:50, Workshop Room",
            "Closing Keynote: Sunday 2 June 2024 16:00–16:30, Main Hall → \
             Sunday 2 June 2024 17:00–17:30, Main Hall",
        ]
    );
}

#[test]
fn without_versions_no_version_appears() {
    let dir = tempfile::tempdir().unwrap();
    let root = imported(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);
    assert!(!out.join("changes").exists());
    assert!(!out.join("changes.xml").exists());
    let files = tree(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("SEQUENCE"), "{}", path.display());
        assert!(
            !text.contains("change-mark") && !text.contains("change-badge"),
            "{}",
            path.display()
        );
    }
    // The schedule's version is still the digest of what apps show.
    let v = json(&out.join("schedule.json"))["schedule"]["version"].clone();
    let v = v.as_str().unwrap();
    assert!(
        v.len() == 12 && v.bytes().all(|b| b.is_ascii_hexdigit()),
        "{v}"
    );
}

#[test]
fn two_builds_of_the_same_commit_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let root = scenario(dir.path());
    // A fresh clone: every file with another modification time.
    let clone = dir.path().join("clone");
    copy_dir(&root, &clone);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&root, &a);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build(&clone, &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(
            tb[path] == *bytes,
            "{} differs between the two builds",
            path.display()
        );
    }
}

#[test]
fn a_broken_version_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = imported(dir.path());
    let versions = root.join("content/versions");
    fs::create_dir_all(&versions).unwrap();
    fs::write(
        versions.join("001-first.yaml"),
        "name: First\nreleased: yesterday\ntalks: []\n",
    )
    .unwrap();
    fs::write(versions.join("notes.yaml"), "name: x\n").unwrap();
    let run = talkgen(&["check", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/versions/001-first.yaml:2:11"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`yesterday` is not a time stamp"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/versions/notes.yaml"),
        "{}",
        run.stderr
    );
}

/// Writes the scenario's build into `$TALKGEN_VERSIONS_OUT` for `.ci/run` to validate with
/// Python's icalendar, the c3voc schema and the frab XSD.
#[test]
#[ignore = "run by .ci/run with TALKGEN_VERSIONS_OUT set"]
fn write_the_scenario_for_ci() {
    let target =
        PathBuf::from(std::env::var("TALKGEN_VERSIONS_OUT").expect("TALKGEN_VERSIONS_OUT"));
    let dir = tempfile::tempdir().unwrap();
    let root = scenario(dir.path());
    let _ = fs::remove_dir_all(&target);
    build(&root, &target);
}
