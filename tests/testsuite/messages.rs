//! Messages that tell the user what to do (docs/diagnostics.md, "Messages"): each pinned as
//! `talkgen check` prints it, with file, line, column, caret and help.

use crate::support::common::*;

use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// The diagnostics `talkgen check` prints (every block but the last line), failing unless the
/// check failed with exit code 1.
fn check_errors(root: &Path) -> Vec<String> {
    let run = talkgen(&["check"], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr
        .split("\n\n")
        .map(|b| b.trim_end().to_owned())
        .filter(|b| b.starts_with("error: ") && !b.starts_with("error: check found"))
        .collect()
}

/// The one error of the minimal site with `text` as one more talk file.
fn talk_error(text: &str) -> String {
    let s = site("minimal");
    write(s.path(), "content/talks/x.md", text);
    let errors = check_errors(s.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

#[test]
fn a_colon_in_an_unquoted_value_shows_the_quoted_line() {
    assert_eq!(
        talk_error("---\ntitle: Rust: the good parts\ntrack: web\n---\n"),
        [
            "error: invalid YAML: the value of `title` holds `: `, which YAML reads as the start \
             of a new key",
            " --> content/talks/x.md:2:12",
            "  |",
            "2 | title: Rust: the good parts",
            "  |            ^",
            "  |",
            "  = help: put the value in quotes: `title: \"Rust: the good parts\"`",
        ]
        .join("\n")
    );
    // A value with double quotes in it is quoted with single ones.
    let e = talk_error("---\ntitle: Say \"hi\": a talk\ntrack: web\n---\n");
    assert!(
        e.ends_with("= help: put the value in quotes: `title: 'Say \"hi\": a talk'`"),
        "{e}"
    );
}

#[test]
fn an_unclosed_quote_points_at_the_quote() {
    assert_eq!(
        talk_error("---\ntitle: \"Rust the good parts\ntrack: web\n---\n"),
        "error: invalid YAML: the quote `\"` that starts this value is never closed\n --> \
         content/talks/x.md:2:8\n  |\n2 | title: \"Rust the good parts\n  |        ^\n  |\n  = \
         help: end the value with `\"` on the same line: `title: \"Rust the good parts\"`"
    );
}

#[test]
fn a_list_item_without_a_space() {
    assert_eq!(
        talk_error("---\ntitle: A\ntrack: web\ntags:\n  - a\n  -b\n---\n"),
        "error: invalid YAML: a list item needs a space after `-`\n --> content/talks/x.md:6:3\n  \
         |\n6 |   -b\n  |   ^\n  |\n  = help: write `  - b`"
    );
}

#[test]
fn a_tab_in_the_indentation() {
    let e = talk_error("---\ntitle: A\n\ttrack: web\n---\n");
    assert!(
        e.starts_with(
            "error: invalid YAML: a tab in the indentation\n --> content/talks/x.md:3:1\n"
        ),
        "{e}"
    );
    assert!(
        e.ends_with(
            "= help: YAML indents with spaces only: replace each tab with spaces (`  track: \
             web`), or remove it where the key is not nested"
        ),
        "{e}"
    );
}

#[test]
fn a_mistyped_key_is_a_content_error_with_a_suggestion() {
    assert_eq!(
        talk_error("---\ntitle: A\nspeeker: [ada-lovelace]\ntrack: web\n---\n"),
        "error: unknown key `speeker` in a talk\n --> content/talks/x.md:3:1\n  |\n3 | speeker: \
         [ada-lovelace]\n  | ^^^^^^^\n  |\n  = help: did you mean `speakers`?"
    );
}

#[test]
fn conference_yaml_reports_all_its_problems_at_once() {
    let s = site("minimal");
    write(
        s.path(),
        "content/conference.yaml",
        "name: MiniConf\nstart_dat: 2024-05-04\nend_date: 2024-05-05\nvenue: [a]\ntimezon: \
         Europe/Berlin\ntracks:\n  - slug: web\n    name: Web\n    colr: red\n  - slug: data\n    \
         name: Data\n",
    );
    let errors = check_errors(s.path());
    let heads: Vec<String> = errors
        .iter()
        .map(|e| e.lines().take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        heads,
        [
            "error: unknown key `start_dat` in content/conference.yaml  --> \
             content/conference.yaml:2:1",
            "error: invalid YAML: venue: invalid type: sequence, expected a string  --> \
             content/conference.yaml:4:8",
            "error: unknown key `timezon` in content/conference.yaml  --> \
             content/conference.yaml:5:1",
            "error: unknown key `colr` in content/conference.yaml  --> content/conference.yaml:9:5",
        ]
    );
    assert!(errors[0].ends_with("= help: did you mean `start_date`?"));
    assert!(errors[3].ends_with("= help: did you mean `color`?"));
}

#[test]
fn a_missing_key_set_aside_is_not_reported_again() {
    // `name` holds a list: reported once, not again as missing once it is set aside.
    let s = site("minimal");
    write(
        s.path(),
        "content/conference.yaml",
        "name: [a, b]\ntracks:\n  - slug: web\n    name: Web\n  - slug: data\n    name: Data\n",
    );
    let errors = check_errors(s.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: invalid YAML: name: invalid type: sequence"),
        "{errors:#?}"
    );
}

#[test]
fn suggestions_for_zones_slugs_and_base_url() {
    let s = site("minimal");
    let conf = s.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap().replace(
        "  - slug: web\n    name: Web",
        "  - slug: web-making\n    name: Web",
    );
    fs::write(
        &conf,
        format!("{text}timezone: Europe/Londn\nbase_url: example.org/conf\n"),
    )
    .unwrap();
    let errors = check_errors(s.path());
    let find = |what: &str| {
        errors
            .iter()
            .find(|e| e.starts_with(what))
            .unwrap_or_else(|| panic!("{what}: {errors:#?}"))
            .clone()
    };
    let tz = find("error: unknown time zone `Europe/Londn`");
    assert!(tz.contains(" --> content/conference.yaml:20:11\n"), "{tz}");
    assert!(
        tz.ends_with("= help: did you mean `Europe/London`?"),
        "{tz}"
    );
    let url = find("error: invalid `base_url`");
    assert!(
        url.contains(" --> content/conference.yaml:21:11\n"),
        "{url}"
    );
    assert!(
        url.ends_with("= help: write `base_url: https://example.org/conf/`"),
        "{url}"
    );
    // `web` is now a word of `web-making`: suggested for the talk's `track: web`.
    let track = find("error: unknown track `web`");
    assert!(
        track.contains(" --> content/talks/alpha-talk.md:4:8\n"),
        "{track}"
    );
    assert!(
        track.ends_with("= help: did you mean `web-making`?"),
        "{track}"
    );
    // A speaker slug by its first word.
    write(
        s.path(),
        "content/talks/x.md",
        "---\ntitle: X\nspeakers: [grace]\ntrack: data\n---\n",
    );
    let errors = check_errors(s.path());
    let sp = errors
        .iter()
        .find(|e| e.starts_with("error: unknown speaker `grace`"))
        .unwrap();
    assert!(sp.ends_with("= help: did you mean `grace-hopper`?"), "{sp}");
}

#[test]
fn a_broken_talk_file_gives_no_follow_on_warnings_and_errors_come_first() {
    let s = site("minimal");
    // grace-hopper's only published talk is zebra-talk; break it so it does not parse.
    write(
        s.path(),
        "content/talks/2016/zebra-talk.yaml",
        "title: Z: broken\nspeakers: [ada-lovelace, grace-hopper]\ntrack: data\n",
    );
    // A warning in a file sorted before the broken one.
    write(
        s.path(),
        "content/talks/2016/aardvark.md",
        "---\ntitle: Aardvark\nspeakers: [ada-lovelace]\ntrack: data\n---\n",
    );
    let run = talkgen(&["check"], s.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("has no talks"), "{}", run.stderr);
    let error = run.stderr.find("error: invalid YAML").expect("the error");
    let warning = run
        .stderr
        .find("warning: talk `aardvark` has no description");
    assert!(
        warning.is_some_and(|w| error < w),
        "errors come first:\n{}",
        run.stderr
    );
}

#[test]
fn thousands_of_one_warning_are_a_summary() {
    let s = site("minimal");
    let conf = s.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, format!("{text}timezone: Europe/Berlin\n")).unwrap();
    for i in 0..40 {
        write(
            s.path(),
            &format!("content/talks/bulk/t{i:03}.md"),
            &format!("---\ntitle: Bulk {i}\nspeakers: [ada-lovelace]\ntrack: web\n---\n"),
        );
    }
    let run = talkgen(&["check"], s.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Three in full, then one summary with the count and the next files.
    assert_eq!(
        run.stderr.matches("warning: talk `").count(),
        3,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: 37 more warnings like the one above (40 in all): talk `…` has no \
             description\n--> content/talks/bulk/t003.md\n = help: in \
             content/talks/bulk/t003.md, content/talks/bulk/t004.md, content/talks/bulk/t005.md, \
             content/talks/bulk/t006.md, content/talks/bulk/t007.md, and 32 more; `--verbose` or \
             `talkgen check --format json` lists every one"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("check: the site is valid (40 warnings)\n"),
        "{}",
        run.stderr
    );
    // `--verbose` and JSON list every one.
    let run = talkgen(&["check", "--verbose"], s.path());
    assert_eq!(run.stderr.matches("warning: talk `").count(), 40);
    let run = talkgen(&["check", "--format", "json"], s.path());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["warnings"], 40);
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 40);
}
