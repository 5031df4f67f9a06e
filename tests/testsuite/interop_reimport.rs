//! Re-importing after the CFP system changed: source changes are applied, the organiser's own
//! edits and files are kept, vanished talks are reported (and removed only with `--prune`).

use crate::support::common::*;
use std::fs;
use std::path::Path;

use serde_json::Value;

fn original() -> Value {
    serde_json::from_str(&read(fixture("interop-exports/pretalx-testcon.json"))).unwrap()
}

/// The events of day `day`, room `room`.
fn room<'a>(v: &'a mut Value, day: usize, room: &str) -> &'a mut Vec<Value> {
    v["schedule"]["conference"]["days"][day]["rooms"][room]
        .as_array_mut()
        .unwrap()
}

fn import(root: &Path, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "import",
        "pretalx",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = talkgen(&args, root.parent().unwrap());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(
        text.contains(from),
        "{from:?} not in {}:\n{text}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn reimport_applies_source_changes_and_keeps_hand_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let first = dir.path().join("first.json");
    fs::write(&first, original().to_string()).unwrap();
    import(&root, &first, &[]);
    let talks = root.join("content/talks");
    let speakers = root.join("content/speakers");

    // The organiser edits: a title fixed, keys the importer never owns, a talk and bio of their own.
    replace_in(
        &talks.join("opening-why-schedules-matter.md"),
        "title: 'Opening: Why *Schedules* Matter'",
        "title: 'Opening: Why Schedules Matter (edited)'",
    );
    replace_in(
        &talks.join("workshop-rust-yaml.md"),
        "track: engineering\n",
        "track: engineering\nlevel: beginner\ntags: [rust, yaml]\nweight: 5\n",
    );
    replace_in(
        &speakers.join("ada-lovelace.md"),
        "Mathematician.",
        "Mathematician and first programmer.",
    );
    replace_in(
        &speakers.join("ada-lovelace.md"),
        "name: Ada Lovelace\n",
        "name: Ada Lovelace\naffiliation: Analytical Engines\n",
    );
    replace_in(
        &talks.join("night-owl-session.md"),
        "track: community\n",
        "track: community\ndraft: true\n",
    );
    let own = "---\ntitle: My Own Talk\nspeakers: [ada-lovelace, alex-smith]\ntrack: general\n---\nWritten by hand.\n";
    fs::write(talks.join("my-own-talk.md"), own).unwrap();

    // The CFP changes: two titles, a slot, a bio; the closing keynote is withdrawn.
    let mut v = original();
    room(&mut v, 0, "Main Hall")[0]["title"] = "Opening: Why Schedules Really Matter".into();
    room(&mut v, 0, "Main Hall")[1]["title"] = "Late Night Lightning Talks (extended)".into();
    let ws = &mut room(&mut v, 0, "Workshop Room")[0];
    ws["date"] = "2024-06-01T15:00:00+02:00".into();
    ws["start"] = "15:00".into();
    ws["persons"][0]["biography"] = "Compiler pioneer and admiral.".into();
    room(&mut v, 0, "Main Hall")[1]["persons"][1]["biography"] =
        "Compiler pioneer and admiral.".into();
    room(&mut v, 0, "Main Hall")[2]["persons"][0]["biography"] =
        "Compiler pioneer and admiral.".into();
    room(&mut v, 1, "Main Hall").clear();
    let second = dir.path().join("second.json");
    fs::write(&second, v.to_string()).unwrap();

    // A dry run says what would change and writes nothing.
    let before = tree(&root);
    let dry = import(&root, &second, &["--dry-run"]);
    assert_eq!(tree(&root), before, "--dry-run wrote something");
    assert!(
        dry.stdout
            .contains("would update content/talks/late-night-lightning-talks.md: title"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("gone content/talks/closing-keynote.md"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("Dry run, nothing written"),
        "{}",
        dry.stdout
    );

    let run = import(&root, &second, &[]);
    assert!(
        run.stdout
            .contains("update content/talks/workshop-rust-yaml.md: slot"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("kept your edit of title (the export changed it too)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "gone content/talks/closing-keynote.md: pretalx talk TALKDD is no longer in the export"
        ),
        "{}",
        run.stdout
    );

    let (loaded, _) = talkgen::load_site(&root, None, false).expect("the merged site loads");
    let site = loaded.site;
    let talk = |slug: &str| site.talks.iter().find(|t| t.slug.as_str() == slug).unwrap();
    let speaker = |slug: &str| {
        site.speakers
            .iter()
            .find(|t| t.slug.as_str() == slug)
            .unwrap()
    };
    // Source changes applied.
    assert_eq!(
        talk("late-night-lightning-talks").title,
        "Late Night Lightning Talks (extended)"
    );
    let ws = talk("workshop-rust-yaml");
    assert_eq!(
        ws.slot.as_ref().unwrap().start().to_string(),
        "2024-06-01T15:00:00"
    );
    assert_eq!(
        speaker("grace-hopper").bio.source().unwrap().trim(),
        "Compiler pioneer and admiral."
    );
    // Hand edits kept.
    assert_eq!(
        talk("opening-why-schedules-matter").title,
        "Opening: Why Schedules Matter (edited)"
    );
    assert_eq!(ws.tags, ["rust", "yaml"]);
    assert_eq!(ws.weight, 5);
    assert_eq!(site.level(ws.level.unwrap()).slug.as_str(), "beginner");
    let ada = speaker("ada-lovelace");
    assert_eq!(
        ada.bio.source().unwrap().trim(),
        "Mathematician and first programmer.\n\nWrites *notes* on engines."
    );
    assert_eq!(ada.affiliation.as_deref(), Some("Analytical Engines"));
    assert_eq!(
        read(talks.join("my-own-talk.md")),
        own,
        "a hand-written talk is untouched"
    );
    // A talk hidden with `draft: true` stays hidden.
    assert!(read(talks.join("night-owl-session.md")).contains("draft: true"));
    assert!(!site
        .talks
        .iter()
        .any(|t| t.slug.as_str() == "night-owl-session"));
    // The withdrawn talk is reported, not deleted.
    assert!(talks.join("closing-keynote.md").is_file());

    // Importing the same export again changes nothing.
    let settled = tree(&root);
    let again = import(&root, &second, &[]);
    assert!(
        again.stdout.contains(" 0 created, 0 updated"),
        "{}",
        again.stdout
    );
    assert_eq!(tree(&root), settled);

    // --prune removes the withdrawn talk; its speaker stays while a hand-written talk names them.
    let pruned = import(&root, &second, &["--prune"]);
    assert!(
        pruned
            .stdout
            .contains("remove content/talks/closing-keynote.md"),
        "{}",
        pruned.stdout
    );
    assert!(!talks.join("closing-keynote.md").exists());
    assert!(
        speakers.join("alex-smith.md").is_file(),
        "still named by my-own-talk"
    );
    assert!(talkgen::load_site(&root, None, false).is_ok());

    // Once nobody names them, the next prune removes the speaker too.
    fs::write(
        talks.join("my-own-talk.md"),
        own.replace(", alex-smith", ""),
    )
    .unwrap();
    let pruned = import(&root, &second, &["--prune"]);
    assert!(
        pruned
            .stdout
            .contains("remove content/speakers/alex-smith.md"),
        "{}",
        pruned.stdout
    );
    assert!(!speakers.join("alex-smith.md").exists());
    assert!(talkgen::load_site(&root, None, false).is_ok());
}

#[test]
fn import_into_an_existing_site_keeps_its_files_and_keys() {
    let site = site("minimal");
    let root = site.path();
    let conf_before = read(root.join("content/conference.yaml"));
    let talks_before: Vec<_> = fs::read_dir(root.join("content/talks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let file = fixture("interop-exports/pretalx-testcon.json");
    let run = talkgen(
        &[
            "import",
            "pretalx",
            file.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let (loaded, _) = talkgen::load_site(root, None, false).expect("merged site loads");
    // The site's own talks are still there; the imported ones were added.
    for p in &talks_before {
        assert!(p.exists(), "{} was removed", p.display());
    }
    assert_eq!(
        loaded
            .site
            .talks
            .iter()
            .filter(|t| t.origin.is_some())
            .count(),
        6
    );
    // conference.yaml keeps what the organiser wrote (topic pages, levels) and gains tracks.
    let conf = read(root.join("content/conference.yaml"));
    let before: serde_yaml::Mapping = serde_yaml::from_str(&conf_before).unwrap();
    let after: serde_yaml::Mapping = serde_yaml::from_str(&conf).unwrap();
    for (k, v) in &before {
        if k.as_str() != Some("tracks") {
            assert_eq!(after.get(k), Some(v), "{k:?} changed");
        }
    }
    // What it lacked is filled in.
    assert_eq!(after["timezone"], "Europe/Berlin");
    assert!(after["rooms"].as_sequence().is_some_and(|r| r.len() == 2));
    let tracks = after["tracks"].as_sequence().unwrap();
    for t in before["tracks"].as_sequence().unwrap() {
        assert!(tracks.contains(t), "track {t:?} lost");
    }
    assert!(tracks.iter().any(|t| t["name"] == "Community"));
}

#[test]
fn reimport_follows_renamed_moved_and_yaml_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let first = dir.path().join("first.json");
    fs::write(&first, original().to_string()).unwrap();
    import(&root, &first, &[]);
    let talks = root.join("content/talks");

    // Renamed and moved into a subfolder: matched by `source`, not by file name.
    fs::create_dir_all(talks.join("2024")).unwrap();
    fs::rename(
        talks.join("closing-keynote.md"),
        talks.join("2024/goodbye.md"),
    )
    .unwrap();
    // Rewritten in the pure-YAML form, the abstract under `abstract`.
    fs::remove_file(talks.join("night-owl-session.md")).unwrap();
    let yaml = "title: Night Owl Session\nspeakers: [grace-hopper]\ntrack: community\n\
                slot: {start: '2024-06-02T01:00:00', end: '2024-06-02T01:30:00', room: Main Hall}\n\
                source: {system: pretalx, id: TALKEE}\nabstract: For those still awake.\n";
    fs::write(talks.join("night-owl-session.yaml"), yaml).unwrap();

    // A speaker whose bio sits under `bio:` in the front matter rather than in the body.
    let grace = "---\nname: Grace Hopper\nbio: Compiler pioneer.\nsource: {system: pretalx, id: SPKBBB}\n---\n";
    fs::write(root.join("content/speakers/grace-hopper.md"), grace).unwrap();

    let mut v = original();
    room(&mut v, 0, "Workshop Room")[0]["persons"][0]["biography"] = "Rear admiral.".into();
    room(&mut v, 0, "Main Hall")[1]["persons"][1]["biography"] = "Rear admiral.".into();
    room(&mut v, 0, "Main Hall")[2]["persons"][0]["biography"] = "Rear admiral.".into();
    room(&mut v, 1, "Main Hall")[0]["title"] = "Closing Keynote, Longer".into();
    room(&mut v, 0, "Main Hall")[2]["description"] = "For night owls only.".into();
    let second = dir.path().join("second.json");
    fs::write(&second, v.to_string()).unwrap();
    let run = import(&root, &second, &[]);
    assert!(
        run.stdout
            .contains("update content/talks/2024/goodbye.md: title"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("update content/talks/night-owl-session.yaml: abstract"),
        "{}",
        run.stdout
    );
    assert!(
        !talks.join("closing-keynote.md").exists(),
        "no duplicate file"
    );
    assert!(
        !talks.join("night-owl-session.md").exists(),
        "no duplicate file"
    );
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    assert_eq!(site.talks.len(), 6);
    let goodbye = site
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "goodbye")
        .unwrap();
    assert_eq!(goodbye.title, "Closing Keynote, Longer");
    let owl = site
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "night-owl-session")
        .unwrap();
    assert_eq!(
        owl.abstract_.source().unwrap().trim(),
        "For night owls only."
    );
    let grace = site
        .speakers
        .iter()
        .find(|s| s.slug.as_str() == "grace-hopper")
        .unwrap();
    assert_eq!(grace.bio.source().unwrap().trim(), "Rear admiral.");
    assert!(read(root.join("content/speakers/grace-hopper.md")).contains("bio: Rear admiral."));
    let text = read(talks.join("night-owl-session.yaml"));
    assert!(!text.starts_with("---"), "stays in the YAML form: {text}");
}

#[test]
fn a_site_that_would_not_load_is_left_alone() {
    let site = site("minimal");
    let root = site.path();
    let conf = root.join("content/conference.yaml");
    fs::write(&conf, read(&conf).replace("venue:", "venu:")).unwrap();
    let before = tree(root);
    let file = fixture("interop-exports/pretalx-testcon.json");
    let run = talkgen(
        &[
            "import",
            "pretalx",
            file.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("venu"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the import was not written"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(root), before, "nothing may be written");
}

/// `day_change` and `breaks` in conference.yaml follow the export while nobody edits them, and
/// keep the organiser's edit when they do (the whole `breaks` list is one owned key).
#[test]
fn breaks_and_day_change_follow_the_export_and_keep_hand_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let original: Value =
        serde_json::from_str(&read(fixture("import-breaks/c3voc-breaks.json"))).unwrap();
    let first = dir.path().join("first.json");
    fs::write(&first, original.to_string()).unwrap();
    import(&root, &first, &[]);
    let conf = root.join("content/conference.yaml");
    assert!(
        read(&conf).contains("day_change: \"02:00\""),
        "{}",
        read(&conf)
    );

    // The export moves lunch and lets its days run to 03:00: both follow.
    let mut v = original.clone();
    let lunch = &mut room(&mut v, 0, "Main Hall")[2];
    assert_eq!(lunch["title"], "Lunch");
    lunch["date"] = "2024-06-01T13:00:00+02:00".into();
    for (d, end) in ["2024-06-02T02:59:00+02:00", "2024-06-03T03:00:00+02:00"]
        .iter()
        .enumerate()
    {
        v["schedule"]["conference"]["days"][d]["day_end"] = (*end).into();
    }
    let second = dir.path().join("second.json");
    fs::write(&second, v.to_string()).unwrap();
    let run = import(&root, &second, &[]);
    assert!(
        run.stdout
            .contains("update content/conference.yaml: day_change, breaks"),
        "{}",
        run.stdout
    );
    let text = read(&conf);
    assert!(text.contains("day_change: \"03:00\""), "{text}");
    assert!(text.contains("start: 2024-06-01T13:00:00"), "{text}");
    let again = import(&root, &second, &[]);
    assert!(
        again.stdout.contains(" 0 created, 0 updated"),
        "{}",
        again.stdout
    );

    // The organiser renames the coffee break and sets their own day change: both are kept,
    // and reported when the export changes them too.
    replace_in(&conf, "title: Coffee Break", "title: Coffee and Tea");
    replace_in(&conf, "day_change: \"03:00\"", "day_change: \"05:00\"");
    let run = import(&root, &second, &[]);
    assert!(
        run.stdout.contains(" 0 created, 0 updated"),
        "{}",
        run.stdout
    );
    let run = import(&root, &first, &[]);
    assert!(
        run.stdout
            .contains("kept your edit of day_change, breaks (the export changed it too)"),
        "{}",
        run.stdout
    );
    let (loaded, _) = talkgen::load_site(&root, None, false).expect("the merged site loads");
    let c = &loaded.site.conference;
    assert_eq!(c.day_change.to_string(), "05:00:00");
    assert_eq!(c.breaks[0].title, "Coffee and Tea");
    assert_eq!(c.breaks[1].start.to_string(), "2024-06-01T13:00:00");
}
