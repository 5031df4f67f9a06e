//! Hostile input (issue "Unbreakable under hostile and huge input"): work that grows with the
//! square of the content. Each case generates a site at a size where a check costing a scan per
//! pair, per reference or per link would run for minutes or print hundreds of megabytes, and
//! asserts on what `talkgen check` prints: the grouped or exact diagnostics, their number and
//! positions, the size of stderr. Time is not asserted (benchmarks measure it); the process
//! timeout only turns a hang into a failure.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::common::{run_bounded, Run, BIN};

/// Far beyond a linear check in a debug build on a busy machine; only a hang reaches it.
const TIMEOUT: Duration = Duration::from_secs(300);

/// A talk file of track `main` in `room` from 10:00 to 10:30, with `extra` front matter and `body`.
fn talk(speakers: &str, room: &str, body: &str) -> String {
    format!(
        "---\ntitle: T\nspeakers: [{speakers}]\ntrack: main\ndescription: D.\nslot:\n  \
         start: 2024-05-04T10:00:00\n  end: 2024-05-04T10:30:00\n  room: {room}\n---\n{body}"
    )
}

/// A site of `talks` talks (`talk-0` …, made by `make`), one speaker `ada` and `conf_extra`
/// appended to `conference.yaml`.
fn site(talks: usize, conf_extra: &str, make: impl Fn(usize) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("talks")).unwrap();
    fs::create_dir_all(content.join("speakers")).unwrap();
    fs::write(
        content.join("conference.yaml"),
        format!(
            "name: Big\nstart_date: 2024-05-04\nend_date: 2024-05-05\ntracks:\n  - slug: main\n    \
             name: Main\n{conf_extra}"
        ),
    )
    .unwrap();
    fs::write(
        content.join("speakers/ada.md"),
        "---\nname: Ada\n---\nBio.\n",
    )
    .unwrap();
    for i in 0..talks {
        fs::write(content.join(format!("talks/talk-{i}.md")), make(i)).unwrap();
    }
    dir
}

/// `talkgen check` with `args` under [`TIMEOUT`].
fn check(root: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.arg("check").args(args).current_dir(root);
    run_bounded(cmd, TIMEOUT)
}

/// The errors of `check --format json`, as (file, line, column, message, help).
fn json_errors(root: &Path) -> Vec<(String, u64, u64, String, String)> {
    let run = check(root, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned(),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn quadratic_overlaps_5000_talks_on_one_slot_are_one_grouped_error() {
    let s = site(5000, "", |_| talk("ada", "Main Hall", "A.\n"));
    let run = check(s.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("error: ").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: 5000 talks overlap in room `Main Hall` between 2024-05-04 10:00 and \
             2024-05-04 10:30"
        ),
        "{}",
        run.stderr
    );
    // The first ten by slug are named, with their files; the rest are counted.
    assert!(run
        .stderr
        .contains("`talk-0` (10:00–10:30, content/talks/talk-0.md)"));
    assert!(run.stderr.contains("and 4990 more"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/talks/talk-1.md:7:3"));
    // Beside the error, the programme checks' warnings are grouped too: the one speaker in
    // 5000 talks at once, the one title, the missing zone; one message each.
    assert_eq!(run.stderr.matches("warning: ").count(), 3, "{}", run.stderr);
    assert!(run
        .stderr
        .contains("warning: speaker `ada` is booked in 5000 talks at the same time"));
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains("error: check found 1 error"));
}

#[test]
fn quadratic_overlaps_group_per_room_and_time() {
    // Per talk i: room i % 3; talks 0..3 at 10:00, the rest each alone in time in its room.
    let s = site(12, "", |i| {
        let t = talk("ada", &format!("Room {}", i % 3), "A.\n");
        if i < 6 {
            t
        } else {
            t.replace("T10:", &format!("T{}:", 10 + i))
        }
    });
    let errors = json_errors(s.path());
    // Rooms 0, 1, 2 each hold two talks at 10:00: three pairs, each in the pair's wording.
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (_, line, column, message, _) in &errors {
        assert!(message.contains("overlaps talk"), "{message}");
        assert_eq!((*line, *column), (7, 3));
    }
}

/// Unknown references, duplicates and broken links by the thousand: every one is reported at
/// its own place, once, and the check stays linear (the old code scanned the file, or compared
/// every slug, per reference).
#[test]
fn quadratic_references_are_each_reported_at_their_place() {
    struct Case {
        name: &'static str,
        site: Box<dyn Fn() -> tempfile::TempDir>,
        /// Errors expected, with the message of each and its expected file line and column.
        expect: Box<dyn Fn(usize) -> (String, u64, u64)>,
        count: usize,
    }
    const N: usize = 10_000;
    let cases = [
        Case {
            name: "unknown speakers on one flow line",
            site: Box::new(|| {
                let names: Vec<String> = (0..N).map(|i| format!("who-{i}")).collect();
                site(1, "", move |_| {
                    talk(&format!("ada, {}", names.join(", ")), "Main Hall", "A.\n")
                })
            }),
            expect: Box::new(|i| {
                // `speakers: [ada, ` is 16 characters; each earlier name adds its length + 2.
                let col: usize = 17 + (0..i).map(|j| format!("who-{j}").len() + 2).sum::<usize>();
                (format!("unknown speaker `who-{i}`"), 3, col as u64)
            }),
            count: N,
        },
        Case {
            name: "broken links to one missing page, a line each",
            site: Box::new(|| {
                let mut body = String::new();
                for _ in 0..N {
                    body.push_str("see [x](/talks/nowhere/) here\n");
                }
                site(1, "", move |_| talk("ada", "Main Hall", &body))
            }),
            // The body starts on line 11 of the talk file; `see [x](` is 8 characters.
            expect: Box::new(|i| ("link to an unknown talk `nowhere`".into(), 11 + i as u64, 9)),
            count: N,
        },
        Case {
            name: "a page listing thousands of unknown talks",
            site: Box::new(|| {
                let mut conf = String::from("pages:\n  - slug: all\n    title: All\n    talks:\n");
                for i in 0..N {
                    let _ = writeln!(conf, "      - missing-{i}");
                }
                site(1000, &conf, |i| talk("ada", &format!("Room {i}"), "A.\n"))
            }),
            // `      - ` is 8 characters; the list starts on line 11 of conference.yaml.
            expect: Box::new(|i| {
                (
                    format!("unknown talk `missing-{i}` on page `all`"),
                    11 + i as u64,
                    9,
                )
            }),
            count: N,
        },
        Case {
            name: "a page slug defined thousands of times",
            site: Box::new(|| {
                let mut conf = String::from("pages:\n");
                for _ in 0..N {
                    conf.push_str("  - slug: dup\n    title: D\n    tracks: [main]\n");
                }
                site(1, &conf, |_| talk("ada", "Main Hall", "A.\n"))
            }),
            // Each later definition points at the second `slug: dup` (line 11), as before.
            expect: Box::new(|_| ("page `dup` is defined twice".into(), 11, 11)),
            count: N - 1,
        },
    ];
    for case in cases {
        let s = (case.site)();
        let mut errors = json_errors(s.path());
        assert_eq!(errors.len(), case.count, "{}", case.name);
        errors.sort_by_key(|e| (e.1, e.2));
        let mut want: Vec<(String, u64, u64)> = (0..case.count).map(&case.expect).collect();
        want.sort_by_key(|w| (w.1, w.2));
        for ((_, line, column, message, _), (w_message, w_line, w_column)) in
            errors.iter().zip(&want)
        {
            assert_eq!(
                (message, *line, *column),
                (w_message, *w_line, *w_column),
                "{}",
                case.name
            );
        }
    }
}

#[test]
fn quadratic_track_lists_a_page_naming_one_track_many_times_is_valid() {
    let mut conf = String::from("pages:\n  - slug: all\n    title: All\n    tracks: [");
    conf.push_str(&vec!["main"; 20_000].join(", "));
    conf.push_str("]\n");
    let s = site(2000, &conf, |i| talk("ada", &format!("Room {i}"), "A.\n"));
    let run = check(s.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
