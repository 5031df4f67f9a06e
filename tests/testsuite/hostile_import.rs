//! Hostile input (issue "Unbreakable under hostile and huge input"), the import classes:
//! "Panics in import" (every number an export gives, at hostile values: a clear error naming
//! the file and the field, exit 1, never a panic) and "Re-import after deleting a talk file"
//! (the talk, or the speaker, is created again).

use crate::support::common::*;
use std::fs;
use std::path::Path;

/// One event, one speaker; `@NAME@` marks the values a case replaces.
const PRETALX_V1: &str = r#"{"schedule": {"version": "1", "conference": {
  "title": "T", "start": "@START@", "end": "2024-06-02", "time_zone_name": "Europe/Berlin",
  "days": [{"index": 1, "date": "2024-06-01",
    "day_start": "@DAY_START@", "day_end": "2024-06-02T03:59:00+02:00",
    "rooms": {"Hall": [{"id": @ID@, "guid": "g1", "date": "@DATE@", "start": "10:00",
      "duration": "@DURATION@", "room": "Hall", "title": "Talk", "track": "Main", "type": "@TYPE@",
      "url": "https://cfp.example.org/t/talk/@CODE@/",
      "persons": [{"id": @PERSON_ID@, "name": "Ada", "biography": "b"}]}]}}]}}}"#;

const C3VOC_V2: &str = r#"{"schedule": {"version": "2", "conference": {
  "title": "T", "time_zone_name": "Europe/Berlin",
  "rooms": [{"name": "Hall", "guid": "r1"}]},
  "events": [{"id": @ID@, "guid": "g1", "title": "Talk", "type": "@TYPE@",
    "start": "@START@", "end": "@END@", "room": {"guid": "r1"},
    "participants": [{"id": @PERSON_ID@, "name": "Ada"}]}]}}"#;

const FRAB_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<schedule><conference><title>T</title><start>@START@</start><end>2024-06-02</end>
<time_zone_name>Europe/Berlin</time_zone_name></conference>
<day index="@INDEX@" date="2024-06-01" start="@DAY_START@" end="2024-06-02T04:00:00+02:00">
<room name="Tent"><event guid="g1" id="@ID@"><date>@DATE@</date><duration>@DURATION@</duration>
<title>Talk</title><type>@TYPE@</type><persons><person id="@PERSON_ID@">Ada</person></persons>
</event></room></day></schedule>"#;

const SESSIONIZE: &str = r#"{"sessions": [{"id": @ID@, "title": "Talk",
    "startsAt": "@START@", "endsAt": "@END@", "isServiceSession": @SERVICE@,
    "speakers": ["s1"], "categoryItems": [@ITEM@], "roomId": @ROOM_ID@}],
  "speakers": [{"id": "s1", "fullName": "Ada"}],
  "categories": [{"title": "Track", "items": [{"id": 5, "name": "Main"}]}],
  "rooms": [{"id": @ROOM@, "name": "Hall"}]}"#;

/// Values that make each template a valid export.
const DEFAULTS: &[(&str, &str)] = &[
    ("@START@", "2024-06-01"),
    ("@DAY_START@", "2024-06-01T04:00:00+02:00"),
    ("@ID@", "1"),
    ("@PERSON_ID@", "7"),
    ("@CODE@", "TALKAA"),
    ("@DATE@", "2024-06-01T10:00:00+02:00"),
    ("@DURATION@", "00:45"),
    ("@TYPE@", "Talk"),
    ("@END@", "2024-06-01T10:45:00+02:00"),
    ("@INDEX@", "1"),
    ("@SERVICE@", "false"),
    ("@ITEM@", "5"),
    ("@ROOM_ID@", "71"),
    ("@ROOM@", "71"),
];

struct Case {
    name: &'static str,
    system: &'static str,
    template: &'static str,
    /// Replaced before the defaults, so they win over them.
    set: &'static [(&'static str, &'static str)],
    /// What the message must name: the field (and the file is always checked).
    field: &'static str,
}

const fn case(
    name: &'static str,
    system: &'static str,
    template: &'static str,
    set: &'static [(&'static str, &'static str)],
    field: &'static str,
) -> Case {
    Case {
        name,
        system,
        template,
        set,
        field,
    }
}

fn export(c: &Case) -> String {
    let mut text = c.template.to_owned();
    for (k, v) in c.set.iter().chain(DEFAULTS) {
        text = text.replace(k, v);
    }
    text
}

/// Imports `text` (as `file`) into a fresh site; returns the run and the site root.
fn import_text(system: &str, file: &str, text: &str) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    fs::write(&path, text).unwrap();
    let root = dir.path().join("site");
    let run = talkgen(
        &[
            "import",
            system,
            path.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ],
        dir.path(),
    );
    (dir, run)
}

fn file_name(c: &Case) -> &'static str {
    if c.template == FRAB_XML {
        "hostile.xml"
    } else {
        "hostile.json"
    }
}

const V1: &str = PRETALX_V1;
const V2: &str = C3VOC_V2;
const XML: &str = FRAB_XML;
const SZ: &str = SESSIONIZE;

/// Every numeric field of each format at hostile values.
const HOSTILE: &[Case] = &[
    // c3voc version 1 (pretalx, frab): durations.
    case(
        "v1 duration of 200000000 hours",
        "pretalx",
        V1,
        &[("@DURATION@", "200000000:00")],
        "`duration`",
    ),
    case(
        "v1 duration overflowing i64 hours",
        "pretalx",
        V1,
        &[("@DURATION@", "9223372036854775807:00")],
        "`duration`",
    ),
    case(
        "v1 duration beyond i64",
        "frab",
        V1,
        &[("@DURATION@", "99999999999999999999:00")],
        "`duration`",
    ),
    case(
        "v1 duration of huge seconds",
        "pretalx",
        V1,
        &[("@DURATION@", "00:30:9223372036854775807")],
        "`duration`",
    ),
    case(
        "v1 negative duration",
        "pretalx",
        V1,
        &[("@DURATION@", "-01:00")],
        "`duration`",
    ),
    case(
        "v1 negative minutes",
        "pretalx",
        V1,
        &[("@DURATION@", "01:-5")],
        "`duration`",
    ),
    case(
        "v1 duration of 100 hours",
        "pretalx",
        V1,
        &[("@DURATION@", "100:00")],
        "`duration`",
    ),
    case(
        "v1 break of 200000000 hours",
        "frab",
        V1,
        &[("@DURATION@", "200000000:00"), ("@TYPE@", "Coffee break")],
        "`duration`",
    ),
    case(
        "v1 duration past the calendar",
        "pretalx",
        V1,
        &[
            ("@DATE@", "9999-12-31T23:30:00+02:00"),
            ("@DURATION@", "01:00"),
        ],
        "`duration`",
    ),
    // Dates and times.
    case(
        "v1 date in month 13",
        "pretalx",
        V1,
        &[("@DATE@", "2024-13-01T10:00:00+02:00")],
        "`date`",
    ),
    case(
        "v1 date at hour 25",
        "pretalx",
        V1,
        &[("@DATE@", "2024-06-01T25:00:00+02:00")],
        "`date`",
    ),
    case(
        "v1 date in year 99999",
        "pretalx",
        V1,
        &[("@DATE@", "+099999-06-01T10:00:00+02:00")],
        "`date`",
    ),
    case(
        "v1 date with offset +99:00",
        "pretalx",
        V1,
        &[("@DATE@", "2024-06-01T10:00:00+99:00")],
        "`date`",
    ),
    case(
        "v1 conference start in year 99999",
        "pretalx",
        V1,
        &[("@START@", "99999-01-01")],
        "`start`",
    ),
    case(
        "v1 conference start 30 February",
        "pretalx",
        V1,
        &[("@START@", "2024-02-30")],
        "`start`",
    ),
    // Ids.
    case(
        "v1 id beyond u64",
        "frab",
        V1,
        &[("@ID@", "18446744073709551616")],
        "`id`",
    ),
    case("v1 id of 1e300", "frab", V1, &[("@ID@", "1e300")], "`id`"),
    case("v1 fractional id", "frab", V1, &[("@ID@", "1.5")], "`id`"),
    case(
        "v1 person id of 1e300",
        "frab",
        V1,
        &[("@PERSON_ID@", "1e300")],
        "`id`",
    ),
    // c3voc version 2.
    case(
        "v2 start in year 99999",
        "pretalx",
        V2,
        &[("@START@", "+099999-06-01T10:00:00+02:00")],
        "`start`",
    ),
    case(
        "v2 end 9000 years after start",
        "pretalx",
        V2,
        &[
            ("@START@", "0999-06-01T10:00:00+02:00"),
            ("@END@", "9999-06-01T10:00:00+02:00"),
        ],
        "`end`",
    ),
    case(
        "v2 break of 9000 years",
        "pretalx",
        V2,
        &[
            ("@TYPE@", "BREAK"),
            ("@START@", "0999-06-01T10:00:00+02:00"),
            ("@END@", "9999-06-01T10:00:00+02:00"),
        ],
        "`end`",
    ),
    case("v2 id of 1e300", "frab", V2, &[("@ID@", "1e300")], "`id`"),
    case(
        "v2 participant id beyond u64",
        "frab",
        V2,
        &[("@PERSON_ID@", "-18446744073709551617")],
        "`id`",
    ),
    // frab XML.
    case(
        "xml duration of 200000000 hours",
        "frab",
        XML,
        &[("@DURATION@", "200000000:00")],
        "<duration>",
    ),
    case(
        "xml duration overflowing i64 hours",
        "pretalx",
        XML,
        &[("@DURATION@", "9223372036854775807:59")],
        "<duration>",
    ),
    case(
        "xml negative duration",
        "frab",
        XML,
        &[("@DURATION@", "-00:30")],
        "<duration>",
    ),
    case(
        "xml break of 200000000 hours",
        "frab",
        XML,
        &[("@DURATION@", "200000000:00"), ("@TYPE@", "Lunch")],
        "<duration>",
    ),
    case(
        "xml duration past the calendar",
        "frab",
        XML,
        &[
            ("@DATE@", "9999-12-31T23:30:00+02:00"),
            ("@DURATION@", "01:00"),
        ],
        "<duration>",
    ),
    case(
        "xml date in year 99999",
        "frab",
        XML,
        &[("@DATE@", "+099999-06-01T10:00:00+02:00")],
        "<date>",
    ),
    case(
        "xml date at hour 25",
        "frab",
        XML,
        &[("@DATE@", "2024-06-01T25:00:00+02:00")],
        "<date>",
    ),
    case(
        "xml conference start in year 99999",
        "frab",
        XML,
        &[("@START@", "99999-01-01")],
        "<start>",
    ),
    // Sessionize.
    case(
        "sessionize start in year 99999",
        "sessionize",
        SZ,
        &[
            ("@START@", "+099999-06-01T10:00:00"),
            ("@END@", "+099999-06-01T11:00:00"),
        ],
        "`startsAt`",
    ),
    case(
        "sessionize session of 9000 years",
        "sessionize",
        SZ,
        &[
            ("@START@", "0999-06-01T10:00:00"),
            ("@END@", "9999-06-01T10:00:00"),
        ],
        "`endsAt`",
    ),
    case(
        "sessionize service session of 9000 years",
        "sessionize",
        SZ,
        &[
            ("@SERVICE@", "true"),
            ("@START@", "0999-06-01T10:00:00"),
            ("@END@", "9999-06-01T10:00:00"),
        ],
        "`endsAt`",
    ),
    case(
        "sessionize end at hour 25",
        "sessionize",
        SZ,
        &[
            ("@START@", "2024-06-01T10:00:00"),
            ("@END@", "2024-06-01T25:00:00"),
        ],
        "`endsAt`",
    ),
    case(
        "sessionize id of 1e300",
        "sessionize",
        SZ,
        &[
            ("@ID@", "1e300"),
            ("@START@", "2024-06-01T10:00:00"),
            ("@END@", "2024-06-01T11:00:00"),
        ],
        "`id`",
    ),
    case(
        "sessionize room id of 1e300",
        "sessionize",
        SZ,
        &[
            ("@ROOM@", "1e300"),
            ("@ROOM_ID@", "1e300"),
            ("@START@", "2024-06-01T10:00:00"),
            ("@END@", "2024-06-01T11:00:00"),
        ],
        "`id`",
    ),
    case(
        "sessionize room id beyond u64",
        "sessionize",
        SZ,
        &[
            ("@ROOM_ID@", "18446744073709551616"),
            ("@START@", "2024-06-01T10:00:00"),
            ("@END@", "2024-06-01T11:00:00"),
        ],
        "`roomId`",
    ),
    case(
        "sessionize category item of 1e300",
        "sessionize",
        SZ,
        &[
            ("@ITEM@", "1e300"),
            ("@START@", "2024-06-01T10:00:00"),
            ("@END@", "2024-06-01T11:00:00"),
        ],
        "`categoryItems[0]`",
    ),
];

#[test]
fn panics_in_import_the_templates_are_valid_exports() {
    for (system, template, file) in [
        ("pretalx", V1, "ok.json"),
        ("frab", V2, "ok.json"),
        ("frab", XML, "ok.xml"),
        ("sessionize", SZ, "ok.json"),
    ] {
        let c = case("valid", system, template, &[], "");
        let text = if template == SZ {
            export(&case(
                "valid",
                system,
                template,
                &[
                    ("@START@", "2024-06-01T10:00:00"),
                    ("@END@", "2024-06-01T11:00:00"),
                ],
                "",
            ))
        } else {
            export(&c)
        };
        let (_dir, run) = import_text(system, file, &text);
        assert_eq!(run.code, 0, "{system} {file}:\n{}", run.stderr);
    }
}

#[test]
fn panics_in_import_every_number_is_range_checked() {
    let mut failures = Vec::new();
    for c in HOSTILE {
        let file = file_name(c);
        let (_dir, run) = import_text(c.system, file, &export(c));
        let ok = (run.code == 1 || run.code == 2)
            && !run.stderr.contains("panicked")
            && run.stderr.contains(file)
            && run.stderr.contains(c.field);
        if !ok {
            failures.push(format!(
                "{}: exit {}, wanted 1 or 2 naming {file} and {}:\n{}",
                c.name, run.code, c.field, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn import_ok(root: &Path, system: &str, file: &Path) -> Run {
    let run = talkgen(
        &[
            "import",
            system,
            file.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ],
        root.parent().unwrap(),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run
}

/// One export per system, with the talk and speaker file each import writes.
const REIMPORTS: &[(&str, &str, &str, &str)] = &[
    (
        "pretalx",
        "interop-exports/pretalx-testcon.json",
        "content/talks/opening-why-schedules-matter.md",
        "content/speakers/ada-lovelace.md",
    ),
    (
        "frab",
        "interop-exports/frab-schedule.xml",
        "content/talks/soldering-for-all.md",
        "content/speakers/mitch-altman.md",
    ),
    (
        "sessionize",
        "interop-exports/sessionize-all.json",
        "content/talks/serverless-in-practice.md",
        "content/speakers/jane-doe.md",
    ),
];

/// The talk, the speaker, or conference.yaml deleted by hand: the next import writes it again,
/// exactly as the first did.
#[test]
fn reimport_after_deleting_a_talk_file_creates_it_again() {
    for (system, export, talk, speaker) in REIMPORTS {
        for deleted in [*talk, *speaker, "content/conference.yaml"] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("site");
            let file = fixture(export);
            import_ok(&root, system, &file);
            let path = root.join(deleted);
            let before = read(&path);
            fs::remove_file(&path).unwrap();
            let run = import_ok(&root, system, &file);
            assert!(
                run.stdout.contains(&format!("create {deleted}")),
                "{system}, {deleted} deleted:\n{}",
                run.stdout
            );
            assert_eq!(
                read(&path),
                before,
                "{system}: {deleted} is not as imported"
            );
            // And the site builds, and a third import changes nothing.
            let run = import_ok(&root, system, &file);
            assert!(
                run.stdout.contains("0 created, 0 updated"),
                "{}",
                run.stdout
            );
            let build = talkgen(&["build", "--root", root.to_str().unwrap()], dir.path());
            assert_eq!(build.code, 0, "{}", build.stderr);
        }
    }
}

/// Times at the edges of the calendar (jiff's years -9999 to 9999, offsets up to ±25:59) that
/// are valid date-times: the import accepts or refuses them with exit 1, and a site it writes
/// builds; nothing panics on the way.
const CALENDAR_EDGES: &[Case] = &[
    case(
        "v1 last evening of year 9999",
        "pretalx",
        V1,
        &[("@DATE@", "9999-12-31T22:00:00+02:00")],
        "",
    ),
    case(
        "v1 year -1",
        "pretalx",
        V1,
        &[("@DATE@", "-000001-06-01T10:00:00+02:00")],
        "",
    ),
    case(
        "v1 year 0 at offset -25:00",
        "pretalx",
        V1,
        &[("@DATE@", "0000-01-01T00:00:00-25:00")],
        "",
    ),
    case(
        "v1 first day of the calendar",
        "pretalx",
        V1,
        &[
            ("@DATE@", "-009999-01-01T00:00:00+25:59"),
            ("@DAY_START@", "-009999-01-01T00:00:00+25:59"),
        ],
        "",
    ),
    case(
        "v1 day start at the calendar's end",
        "frab",
        V1,
        &[("@DAY_START@", "9999-12-31T23:59:59-25:59")],
        "",
    ),
    case(
        "v2 last minute of the calendar",
        "pretalx",
        V2,
        &[
            ("@START@", "9999-12-31T23:00:00+02:00"),
            ("@END@", "9999-12-31T23:59:00+02:00"),
        ],
        "",
    ),
    case(
        "xml last evening of year 9999",
        "frab",
        XML,
        &[
            ("@DATE@", "9999-12-31T22:00:00-25:59"),
            ("@DAY_START@", "9999-12-31T22:00:00-25:59"),
        ],
        "",
    ),
    case(
        "sessionize last minute of the calendar",
        "sessionize",
        SZ,
        &[
            ("@START@", "9999-12-31T23:00:00"),
            ("@END@", "9999-12-31T23:59:59"),
        ],
        "",
    ),
];

#[test]
fn panics_in_import_calendar_edges_never_panic() {
    let mut failures = Vec::new();
    for c in CALENDAR_EDGES {
        let file = file_name(c);
        let (dir, run) = import_text(c.system, file, &export(c));
        let build = (run.code == 0).then(|| {
            let root = dir.path().join("site");
            talkgen(&["build", "--root", root.to_str().unwrap()], dir.path())
        });
        let import_ok = matches!(run.code, 0 | 1) && !run.stderr.contains("panicked");
        let build_ok = build
            .as_ref()
            .is_none_or(|b| matches!(b.code, 0 | 1) && !b.stderr.contains("panicked"));
        if !import_ok || !build_ok {
            failures.push(format!(
                "{}: import exit {}:\n{}\nbuild: {:?}",
                c.name,
                run.code,
                run.stderr,
                build.map(|b| (b.code, b.stderr))
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A 6 GB sparse export and an endless one (`/dev/zero`): refused after reading 32 MiB, with
/// exit 1 and a message naming the file, never an abort for want of memory.
#[test]
fn panics_in_import_a_huge_export_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = dir.path().join("huge.json");
    fs::File::create(&sparse).unwrap().set_len(6 << 30).unwrap();
    let mut files = vec![sparse];
    if Path::new("/dev/zero").exists() {
        files.push("/dev/zero".into());
    }
    for file in files {
        let root = dir.path().join("site");
        let run = talkgen(
            &[
                "import",
                "pretalx",
                file.to_str().unwrap(),
                "--root",
                root.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(run.code, 1, "{}: {}", file.display(), run.stderr);
        assert!(run.stderr.contains("larger than 32 MiB"), "{}", run.stderr);
        assert!(
            run.stderr.contains(file.to_str().unwrap()),
            "{}",
            run.stderr
        );
        assert!(!root.exists());
    }
}
