//! `talkgen check`: every problem in one run, rustc-style or as JSON, and nothing written.

use crate::support::common::*;

use std::fs;
use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Breaks the minimal site in three files at once.
fn break_three(root: &Path) {
    write(
        root,
        "content/talks/alpha-talk.md",
        "---\ntitle: A\nspeakers: [ada-lovelac]\ntrack: web\nlevel: expert\n---\n",
    );
    write(
        root,
        "content/speakers/grace-hopper.md",
        "---\nname: Grace\nnmae: Grace\n---\n",
    );
    write(
        root,
        "content/talks/2016/zebra-talk.yaml",
        "title: Z\ntrack: data\nslides: javascript:alert(1)\n",
    );
}

#[test]
fn a_valid_site_passes_and_nothing_is_written() {
    let site = site("minimal");
    let before = tree(site.path());
    let run = talkgen(&["check"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("the site is valid"), "{}", run.stderr);
    assert_eq!(tree(site.path()), before);
    assert!(!site.path().join("public").exists());
}

#[test]
fn the_example_conference_passes() {
    let run = talkgen(&["check"], &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn every_problem_in_one_run_with_source_caret_and_help() {
    let site = site("minimal");
    break_three(site.path());
    let before = tree(site.path());
    let run = talkgen(&["check", "--root", "."], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    for place in [
        "content/talks/alpha-talk.md:3:12",
        "content/talks/alpha-talk.md:5:8",
        "content/speakers/grace-hopper.md:3:1",
        "content/talks/2016/zebra-talk.yaml:3:9",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
    // rustc style: the source line, a caret under the span, a help line.
    assert!(
        err.contains("3 | speakers: [ada-lovelac]\n  |            ^^^^^^^^^^^\n"),
        "{err}"
    );
    assert!(
        err.contains("= help: did you mean `ada-lovelace`?"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `name`?"), "{err}");
    assert!(
        err.contains("= help: the levels are: beginner, intermediate, advanced"),
        "{err}"
    );
    assert!(err.contains("check found 4 errors"), "{err}");
    assert_eq!(tree(site.path()), before, "check wrote something");
}

#[test]
fn json_format_for_editors_and_ci() {
    let site = site("minimal");
    break_three(site.path());
    let run = talkgen(&["check", "--format", "json"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["errors"], 4);
    let list = doc["diagnostics"].as_array().unwrap();
    let speaker = list
        .iter()
        .find(|d| d["message"] == "unknown speaker `ada-lovelac`")
        .expect("the unknown speaker");
    assert_eq!(speaker["severity"], "error");
    assert_eq!(speaker["file"], "content/talks/alpha-talk.md");
    assert_eq!(speaker["line"], 3);
    assert_eq!(speaker["column"], 12);
    assert_eq!(speaker["end_column"], 23);
    assert_eq!(speaker["help"], "did you mean `ada-lovelace`?");
    // A valid site: an empty list, exit 0.
    let good = site_ok();
    let run = talkgen(&["check", "--format", "json"], good.path());
    assert_eq!(run.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
}

fn site_ok() -> tempfile::TempDir {
    site("minimal")
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = site("minimal");
    // A zone, so that the one warning is the speaker's (not the skipped schedule exports').
    let conf = site.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, format!("{text}timezone: Europe/Berlin\n")).unwrap();
    write(
        site.path(),
        "content/speakers/nobody-yet.md",
        "---\nname: Nobody\n---\n",
    );
    let run = talkgen(&["check"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: speaker `nobody-yet` has no talks"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["check", "--strict", "--format", "json"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["errors"], 1);
    assert_eq!(
        doc["diagnostics"][0]["file"],
        "content/speakers/nobody-yet.md"
    );
}

#[test]
fn template_errors_are_found_by_check() {
    let site = site("minimal");
    write(
        site.path(),
        "templates/talk.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ talk.title \n{% endblock content %}\n",
    );
    let run = talkgen(&["check"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/talk.html"), "{}", run.stderr);
}

#[test]
fn not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let run = talkgen(&["check"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no talkgen site here"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["check", "--format", "xml"], dir.path());
    assert_eq!(run.code, 2, "a usage error: {}", run.stderr);
}

/// Runs `talkgen check` on a pseudo-terminal (util-linux `script`), so colour can be asked for.
fn on_a_terminal(site: &Path, no_color: bool) -> Option<String> {
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{BIN} check"), "/dev/null"])
        .current_dir(site)
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = site("minimal");
    break_three(site.path());
    // Piped, without NO_COLOR: plain.
    let out = Command::new(BIN)
        .arg("check")
        .current_dir(site.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown speaker"), "{err}");
    assert!(!err.contains('\x1b'), "colour in a pipe: {err}");
    if Command::new("script").arg("--version").output().is_err() {
        panic!("util-linux `script` is needed for the terminal test (apt-get install bsdutils)");
    }
    let tty = on_a_terminal(site.path(), false).unwrap();
    assert!(tty.contains("unknown speaker"), "{tty}");
    assert!(tty.contains("\x1b["), "no colour on a terminal: {tty}");
    let tty = on_a_terminal(site.path(), true).unwrap();
    assert!(tty.contains("unknown speaker"), "{tty}");
    assert!(!tty.contains('\x1b'), "colour despite NO_COLOR: {tty}");
}

#[test]
fn quiet_shows_errors_but_not_warnings() {
    let site = site("minimal");
    write(
        site.path(),
        "content/speakers/nobody-yet.md",
        "---\nname: Nobody\n---\n",
    );
    write(
        site.path(),
        "content/talks/alpha-talk.md",
        "---\ntitle: A\ntrack: webb\n---\n",
    );
    for cmd in ["check", "build"] {
        let loud = talkgen(&[cmd], site.path());
        assert_eq!(loud.code, 1, "{}", loud.stderr);
        assert!(
            loud.stderr.contains("warning: speaker `nobody-yet`"),
            "{}",
            loud.stderr
        );
        let quiet = talkgen(&[cmd, "--quiet"], site.path());
        assert_eq!(quiet.code, 1, "{}", quiet.stderr);
        assert!(
            quiet.stderr.contains("unknown track `webb`"),
            "{}",
            quiet.stderr
        );
        assert!(
            !quiet.stderr.contains("warning:"),
            "{cmd} -q: {}",
            quiet.stderr
        );
    }
}
