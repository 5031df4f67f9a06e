//! `talkgen import` from hand-written exports in the published formats: what it writes, and
//! what it refuses.

use crate::support::common::*;
use std::fs;
use std::path::{Path, PathBuf};

fn export(name: &str) -> String {
    fixture("interop-exports")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn bad(name: &str) -> String {
    fixture("interop-bad")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Imports `file` into a new site folder `site` under `dir`, asserting success.
fn import(dir: &Path, system: &str, file: &str) -> PathBuf {
    let root = dir.join("site");
    let run = talkgen(
        &["import", system, file, "--root", root.to_str().unwrap()],
        dir,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    root
}

fn front(path: &Path) -> serde_yaml::Mapping {
    let text = read(path);
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(y, _)| y.to_owned())
        .unwrap_or(text.clone());
    serde_yaml::from_str(&yaml).unwrap()
}

fn body(path: &Path) -> String {
    let text = read(path);
    text.split_once("\n---\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default()
}

fn get<'a>(m: &'a serde_yaml::Mapping, k: &str) -> &'a serde_yaml::Value {
    m.get(k).unwrap_or_else(|| panic!("no `{k}` in {m:?}"))
}

#[test]
fn pretalx_json_becomes_a_site_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = import(dir.path(), "pretalx", &export("pretalx-testcon.json"));
    let (loaded, _) = talkgen::load_site(&root, None, false).expect("the imported site loads");
    let site = loaded.site;
    assert_eq!(site.conference.name, "TestCon 2024");
    assert_eq!(
        site.conference.timezone_name.as_deref(),
        Some("Europe/Berlin")
    );
    assert_eq!(
        site.conference.start_date.unwrap().to_string(),
        "2024-06-01"
    );
    assert_eq!(site.conference.end_date.unwrap().to_string(), "2024-06-02");
    assert_eq!(site.conference.rooms, ["Main Hall", "Workshop Room"]);
    let tracks: Vec<&str> = site.tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tracks, ["Community", "Engineering", "General"]);
    assert_eq!(site.talks.len(), 6);
    // One speaker file per person, however many talks they give; namesakes get distinct slugs.
    assert_eq!(site.speakers.len(), 4);
    let mut slugs: Vec<&str> = site.speakers.iter().map(|s| s.slug.as_str()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        ["ada-lovelace", "alex-smith", "alex-smith-2", "grace-hopper"]
    );

    // Colliding titles get distinct, valid slugs; the source id is kept for re-imports.
    let talks = root.join("content/talks");
    assert!(talks.join("opening-why-schedules-matter.md").is_file());
    assert!(talks.join("opening-why-schedules-matter-2.md").is_file());
    let t = site
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "late-night-lightning-talks")
        .unwrap();
    let origin = t.origin.as_ref().unwrap();
    assert_eq!(
        (origin.system.as_str(), origin.id.as_str()),
        ("pretalx", "TALKBB")
    );
    // Billing order; offsets converted to conference-local time; the slot may cross midnight.
    let names: Vec<&str> = t
        .speakers
        .iter()
        .map(|s| site.speaker(*s).name.as_str())
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
    let slot = t.slot.as_ref().unwrap();
    assert_eq!(slot.start().to_string(), "2024-06-01T23:30:00");
    assert_eq!(slot.end().to_string(), "2024-06-02T00:30:00");
    assert_eq!(slot.room(), "Main Hall");
    assert_eq!(site.track(t.track).name, "General", "a talk without track");

    // c3voc `abstract` is the short description, `description` the Markdown body.
    let f = talks.join("opening-why-schedules-matter.md");
    let fm = front(&f);
    assert_eq!(
        get(&fm, "description").as_str(),
        Some("Why a programme needs a schedule.")
    );
    assert_eq!(
        get(&fm, "slides").as_str(),
        Some("https://slides.example.org/opening.pdf")
    );
    assert!(body(&f).starts_with("The **long** abstract.\n\nIt has a second paragraph"));
    // Text that needs YAML quoting survives the trip.
    let w = site
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "workshop-rust-yaml")
        .unwrap();
    assert_eq!(w.title, "Workshop: Rust & YAML");
    assert_eq!(
        w.description.source().unwrap().trim(),
        "Hands on: \"quotes\", colons: and # hashes."
    );
    let ada = site
        .speakers
        .iter()
        .find(|s| s.slug.as_str() == "ada-lovelace")
        .unwrap();
    assert_eq!(
        ada.bio.source().unwrap().trim(),
        "Mathematician.\n\nWrites *notes* on engines."
    );
    assert_eq!(ada.origin.as_ref().unwrap().id, "SPKAAA");
}

#[test]
fn c3voc_version_2_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let run_root = dir.path().join("site");
    let run = talkgen(
        &[
            "import",
            "pretalx",
            &export("c3voc-v2.json"),
            "--root",
            run_root.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (loaded, _) = talkgen::load_site(&run_root, None, false).unwrap();
    let site = loaded.site;
    assert_eq!(site.talks.len(), 1);
    // The `BREAK` event without a room is a break across every room.
    let breaks: Vec<_> = site
        .conference
        .breaks
        .iter()
        .map(|b| (b.title.as_str(), b.start.to_string(), b.room.as_deref()))
        .collect();
    assert_eq!(breaks, [("Coffee", "2025-03-10T10:15:00".into(), None)]);
    // Its one day ends at 18:00: nothing about a day change, so none is written.
    assert!(!read(run_root.join("content/conference.yaml")).contains("day_change"));
    let t = &site.talks[0];
    assert_eq!(t.title, "APIs for Everyone");
    assert_eq!(site.track(t.track).name, "Web Things");
    assert_eq!(
        t.description.source().unwrap().trim(),
        "APIs, explained.",
        "English first"
    );
    let slot = t.slot.as_ref().unwrap();
    assert_eq!(slot.room(), "Room One", "room found by guid");
    assert_eq!(slot.start().to_string(), "2025-03-10T09:30:00");
    assert_eq!(slot.end().to_string(), "2025-03-10T10:15:00");
    assert_eq!(t.origin.as_ref().unwrap().id, "WEBAPI");
    assert_eq!(site.speaker(t.speakers[0]).name, "Kim Park");
}

#[test]
fn frab_xml_html_becomes_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = import(dir.path(), "frab", &export("frab-schedule.xml"));
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    assert_eq!(site.conference.name, "Hack Camp 2023");
    assert_eq!(site.talks.len(), 3);
    let tracks: Vec<&str> = site.tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tracks, ["Hardware", "Ethics & Society"]);
    let f = root.join("content/talks/soldering-for-all.md");
    let b = body(&f);
    assert!(b.contains("Bring **nothing**"), "{b}");
    assert!(b.contains("[our site](https://solder.example.org/)"), "{b}");
    assert!(!b.contains("<p>"), "{b}");
    assert_eq!(
        get(&front(&f), "source"),
        &serde_yaml::from_str::<serde_yaml::Value>("{system: frab, id: '101'}").unwrap()
    );
    // A slot after midnight is on the next calendar day, local time.
    let movie = site
        .talks
        .iter()
        .find(|t| t.title == "Midnight Movie")
        .unwrap();
    assert_eq!(
        movie.slot.as_ref().unwrap().start().to_string(),
        "2023-08-16T00:30:00"
    );
    // Ruth gives two talks: one file.
    assert_eq!(site.speakers.len(), 3);
}

#[test]
fn sessionize_all_json_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let run = talkgen(
        &[
            "import",
            "sessionize",
            &export("sessionize-all.json"),
            "--root",
            root.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    let titles: Vec<&str> = site.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(!titles.contains(&"Lunch"));
    // The plenum service session is a break in every room.
    let lunch = &site.conference.breaks;
    assert_eq!(lunch.len(), 1, "{lunch:?}");
    assert_eq!(
        (lunch[0].title.as_str(), lunch[0].room.as_deref()),
        ("Lunch", None)
    );
    let jane = site.speakers.iter().find(|s| s.name == "Jane Doe").unwrap();
    assert_eq!(
        jane.affiliation.as_deref(),
        Some("Architect at Example Corp")
    );
    assert_eq!(
        jane.photo.as_ref().unwrap().as_str(),
        "https://sessionize.example.org/jane.jpg"
    );
    let labels: Vec<&str> = jane.links.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["Twitter", "Blog"]);
    let forms = site
        .talks
        .iter()
        .find(|t| t.title == "Accessible Forms")
        .unwrap();
    assert_eq!(site.track(forms.track).name, "Frontend");
    assert_eq!(forms.slot.as_ref().unwrap().room(), "Room 2");
    assert!(
        !forms.abstract_.source().unwrap().contains("<script"),
        "{}",
        forms.abstract_.source().unwrap()
    );
    assert!(forms
        .abstract_
        .source()
        .unwrap()
        .contains("[WAI](https://www.w3.org/WAI/)"));
    let serverless = site
        .talks
        .iter()
        .find(|t| t.title == "Serverless in Practice")
        .unwrap();
    assert_eq!(
        serverless.video.as_ref().unwrap().as_str(),
        "https://video.example.org/1001"
    );
    // The "Level" category gives the level when it is one of the conference's levels.
    assert_eq!(
        site.level(serverless.level.unwrap()).slug.as_str(),
        "intermediate"
    );
    assert!(forms.level.is_none());
    assert!(
        run.stdout.contains(
            "talk `Accessible Forms`: level `Introductory and overview` is none of conference.yaml's levels"
        ),
        "{}",
        run.stdout
    );
    let backup = site
        .talks
        .iter()
        .find(|t| t.title == "Unscheduled Backup Talk")
        .unwrap();
    assert!(backup.slot.is_none());
}

fn breaks_fixture(name: &str) -> String {
    fixture("import-breaks")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The `breaks` of a loaded site: title, start, end, room.
fn breaks_of(site: &talkgen::model::Site) -> Vec<(String, String, String, Option<String>)> {
    site.conference
        .breaks
        .iter()
        .map(|b| {
            (
                b.title.clone(),
                b.start.to_string(),
                b.end.to_string(),
                b.room.clone(),
            )
        })
        .collect()
}

/// Re-importing `file` into `root` changes nothing.
fn reimport_changes_nothing(dir: &Path, system: &str, file: &str, root: &Path) {
    let before = tree(root);
    let run = talkgen(
        &["import", system, file, "--root", root.to_str().unwrap()],
        dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(" 0 created, 0 updated"),
        "{}",
        run.stdout
    );
    let mut after = tree(root);
    let state = Path::new("content/.talkgen-import.yaml");
    after.remove(state);
    let mut before = before;
    before.remove(state);
    assert_eq!(after, before, "a re-import rewrote files");
}

#[test]
fn c3voc_break_events_become_breaks_and_days_give_the_day_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = breaks_fixture("c3voc-breaks.json");
    let root = dir.path().join("site");
    let run = talkgen(
        &["import", "pretalx", &file, "--root", root.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("of type `Break`, imported as a break in conference.yaml"),
        "{}",
        run.stdout
    );
    let conf = read(root.join("content/conference.yaml"));
    // Days end at 01:59 and 02:00 the next morning: a 02:00 day change, quoted.
    assert!(conf.contains("day_change: \"02:00\"\n"), "{conf}");
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    let c = &site.conference;
    assert_eq!(c.day_change.to_string(), "02:00:00");
    // The coffee break in both rooms is one break across all rooms; lunch keeps its room.
    assert_eq!(
        breaks_of(&site),
        [
            (
                "Coffee Break".into(),
                "2024-06-01T11:00:00".into(),
                "2024-06-01T11:30:00".into(),
                None
            ),
            (
                "Lunch".into(),
                "2024-06-01T12:30:00".into(),
                "2024-06-01T13:30:00".into(),
                Some("Main Hall".into())
            ),
        ]
    );
    let titles: Vec<&str> = site.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(
        titles.contains(&"Planning the Night"),
        "a breakout is a talk"
    );
    // The talk at 01:00 belongs to the first conference day.
    let late = site
        .talks
        .iter()
        .find(|t| t.title == "After Midnight")
        .unwrap();
    let start = late.slot.as_ref().unwrap().start();
    assert_eq!(c.day_of(start).to_string(), "2024-06-01");
    reimport_changes_nothing(dir.path(), "pretalx", &file, &root);
}

#[test]
fn frab_xml_days_and_break_types_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = breaks_fixture("frab-breaks.xml");
    let root = import(dir.path(), "frab", &file);
    let conf = read(root.join("content/conference.yaml"));
    assert!(conf.contains("day_change: \"05:00\"\n"), "{conf}");
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    assert_eq!(
        breaks_of(&site),
        [(
            "Dinner".into(),
            "2023-08-15T18:00:00".into(),
            "2023-08-15T19:00:00".into(),
            Some("Tent A".into())
        )]
    );
    assert_eq!(site.talks.len(), 3);
    let radio = site
        .talks
        .iter()
        .find(|t| t.title == "Sunrise Radio")
        .unwrap();
    let start = radio.slot.as_ref().unwrap().start();
    assert_eq!(start.to_string(), "2023-08-16T04:00:00");
    assert_eq!(site.conference.day_of(start).to_string(), "2023-08-15");
    reimport_changes_nothing(dir.path(), "frab", &file, &root);
}

#[test]
fn sessionize_service_and_plenum_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let file = breaks_fixture("sessionize.json");
    let root = dir.path().join("site");
    let run = talkgen(
        &[
            "import",
            "sessionize",
            &file,
            "--root",
            root.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("`Registration` (sessions[4]): a service session without a time"),
        "{}",
        run.stdout
    );
    let conf = read(root.join("content/conference.yaml"));
    assert!(
        !conf.contains("day_change"),
        "Sessionize has no days: {conf}"
    );
    let (loaded, _) = talkgen::load_site(&root, None, false).unwrap();
    let site = loaded.site;
    assert_eq!(
        breaks_of(&site),
        [
            (
                "Coffee".into(),
                "2024-05-16T10:00:00".into(),
                "2024-05-16T10:30:00".into(),
                Some("Side Room".into())
            ),
            (
                "Lunch".into(),
                "2024-05-16T12:00:00".into(),
                "2024-05-16T13:00:00".into(),
                None
            ),
        ]
    );
    let titles: Vec<&str> = site.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    let keynote = site
        .talks
        .iter()
        .find(|t| t.title == "Opening Keynote")
        .unwrap();
    assert!(keynote.slot.as_ref().unwrap().plenary());
    let other = site
        .talks
        .iter()
        .find(|t| t.title == "Typed Configuration")
        .unwrap();
    assert!(!other.slot.as_ref().unwrap().plenary());
    let f = front(&root.join("content/talks/opening-keynote.md"));
    assert_eq!(
        get(&f, "slot").get("plenary"),
        Some(&serde_yaml::Value::Bool(true))
    );
    assert!(!read(root.join("content/talks/typed-configuration.md")).contains("plenary"));
    reimport_changes_nothing(dir.path(), "sessionize", &file, &root);
}

/// The real exports in ../shared/interop (EUPL-1.2, read in place; CI validates their built
/// schedules): the day change each gives. Skipped when the folder is not beside the checkout.
#[test]
fn real_exports_give_their_day_change() {
    let interop = repo_root().join("../shared/interop");
    // pretalx's demo names `UTC` but writes its times at +01:00: its days, 04:00 to 03:59
    // (+01:00), change at 03:00 in the conference's zone, the frame slots are written in.
    for (system, name, change) in [
        ("frab", "frab-camp2019.json", "04:00"),
        ("pretalx", "pretalx-democon.json", "03:00"),
    ] {
        let file = interop.join(name);
        if !file.is_file() {
            eprintln!("skipped: {} is not there", file.display());
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = file.to_string_lossy().into_owned();
        let root = import(dir.path(), system, &file);
        let conf = read(root.join("content/conference.yaml"));
        assert!(
            conf.contains(&format!("day_change: \"{change}\"\n")),
            "{name}: {conf}"
        );
        reimport_changes_nothing(dir.path(), system, &file, &root);
        if system == "frab" {
            let build = talkgen(
                &[
                    "build",
                    "--root",
                    root.to_str().unwrap(),
                    "--base-url",
                    "https://frab.example.org/",
                ],
                dir.path(),
            );
            assert_eq!(build.code, 0, "{}", build.stderr);
            let json: serde_json::Value =
                serde_json::from_str(&read(root.join("public/schedule.json"))).unwrap();
            let days = json["schedule"]["conference"]["days"].as_array().unwrap();
            let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
            assert_eq!(
                dates,
                [
                    "2019-08-21",
                    "2019-08-22",
                    "2019-08-23",
                    "2019-08-24",
                    "2019-08-25"
                ]
            );
        }
    }
}

/// Runs an import that must fail: exit 1, every message names its entry, nothing written.
fn refused(system: &str, file: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let run = talkgen(
        &["import", system, file, "--root", root.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(
        !root.exists(),
        "nothing may be written: {:?}",
        tree(&root).keys()
    );
}

#[test]
fn missing_fields_are_named() {
    refused(
        "pretalx",
        &bad("missing-fields.json"),
        &[
            "event `Opening: Why *Schedules* Matter` (conference.days[0].rooms[\"Main Hall\"][0]): missing `date`",
            "event at conference.days[0].rooms[\"Workshop Room\"][0]: missing `title`",
            "event `Closing Keynote` (conference.days[1].rooms[\"Main Hall\"][0]): persons[0]: a person needs `name` or `public_name`",
        ],
    );
}

#[test]
fn wrong_types_are_named() {
    refused(
        "pretalx",
        &bad("wrong-types.json"),
        &[
            "`duration` must be a string, found a number",
            "event `Late Night Lightning Talks` (conference.days[0].rooms[\"Main Hall\"][1]): `persons` must be a list, found a string",
            "conference.days[1].rooms[\"Main Hall\"][0]: `title` must be a string, found a list",
        ],
    );
}

#[test]
fn duplicate_ids_are_refused() {
    refused(
        "pretalx",
        &bad("duplicate-ids.json"),
        &["talk `Closing Keynote` (id TALKAA): the id is used by another talk too"],
    );
    refused(
        "sessionize",
        &bad("sessionize-bad.json"),
        &[
            "talk `Accessible Forms` (id 1001): the id is used by another talk too",
            "talk `Serverless in Practice` (id 1001): speaker id `00000000-dead-4000-8000-000000000000` is not in the export's speakers",
        ],
    );
}

#[test]
fn broken_files_give_a_position() {
    refused(
        "pretalx",
        &bad("not-json.json"),
        &["not valid JSON", "not-json.json:2:31"],
    );
    refused(
        "frab",
        &bad("bad-frab.xml"),
        &[
            "event `No Date Here` (day 1, room Tent A): missing <date>",
            "event `Bad Duration` (day 1, room Tent A): <duration> is not a positive HH:MM: `forty`",
        ],
    );
}

#[test]
fn html_in_pretalx_markdown_is_kept_with_a_warning_and_sanitised_on_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let run = talkgen(
        &[
            "import",
            "pretalx",
            &bad("pretalx-html.json"),
            "--root",
            root.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: event `Opening: Why *Schedules* Matter`")
            && run.stderr.contains("raw HTML"),
        "{}",
        run.stderr
    );
    let build = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(root.join("public/talks/opening-why-schedules-matter/index.html"));
    assert!(page.contains("<b>bold</b>"), "harmless HTML stays");
    assert!(
        !page.contains("<script>alert(1)"),
        "scripts never reach the page"
    );
}

#[test]
fn an_unknown_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = talkgen(&["import", "pretalx", "nope.json"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("nope.json"), "{}", run.stderr);
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
}

/// Every truncation and every single-field type change of the fixtures is either imported or
/// refused with diagnostics: never a panic.
#[test]
fn damaged_exports_never_panic() {
    use talkgen::import::{read_bytes, System};
    let file = Path::new("export");
    let check = |system: System, text: &str| {
        if let Err(e) = read_bytes(system, file, text.as_bytes()) {
            assert_eq!(e.exit_code(), 1, "{e}");
        }
    };
    for (system, name) in [
        (System::Pretalx, "pretalx-testcon.json"),
        (System::Pretalx, "c3voc-v2.json"),
        (System::Frab, "frab-schedule.xml"),
        (System::Sessionize, "sessionize-all.json"),
        (System::Pretalx, "../import-breaks/c3voc-breaks.json"),
        (System::Frab, "../import-breaks/frab-breaks.xml"),
        (System::Sessionize, "../import-breaks/sessionize.json"),
    ] {
        let text = read(fixture("interop-exports").join(name));
        let step = (text.len() / 60).max(1);
        for cut in (0..text.len()).step_by(step) {
            if text.is_char_boundary(cut) {
                check(system, &text[..cut]);
            }
        }
        if name.ends_with(".json") {
            // Each value in turn replaced by a value of every other JSON type.
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut pointers = Vec::new();
            collect_pointers(&doc, String::new(), &mut pointers);
            for p in &pointers {
                for bad in [
                    serde_json::json!(null),
                    serde_json::json!(7),
                    serde_json::json!("x"),
                    serde_json::json!([1]),
                    serde_json::json!({"a": 1}),
                ] {
                    let mut d = doc.clone();
                    *d.pointer_mut(p).unwrap() = bad;
                    check(system, &d.to_string());
                }
            }
        }
    }
}

fn collect_pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                collect_pointers(x, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
