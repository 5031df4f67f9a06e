//! The command line finds the site as cargo and git do, and says what to do (issue 16).

use crate::support::common::*;

use std::fs;

#[test]
fn build_inside_content_finds_the_site_and_says_which() {
    let s = site("minimal");
    let inside = s.path().join("content/talks/2016");
    let run = talkgen(&["build"], &inside);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = s.path().canonicalize().unwrap();
    assert!(
        run.stderr.contains(&format!(
            "talkgen: using the site at {} (the nearest folder above with content/conference.yaml)",
            root.display()
        )),
        "{}",
        run.stderr
    );
    assert!(s
        .path()
        .join("public/talks/alpha-talk/index.html")
        .is_file());
    assert!(!inside.join("public").exists());
    // `check` too, and the JSON on stdout stays one document.
    let run = talkgen(&["check", "--format", "json"], &s.path().join("content"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
}

#[test]
fn no_site_anywhere_above_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("a/b")).unwrap();
    let run = talkgen(&["build"], &dir.path().join("a/b"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: no talkgen site here or in any folder above"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("run `talkgen init`"), "{}", run.stderr);
    assert!(!dir.path().join("a/b/public").exists());
    // An explicit --root that is not a site: exit 2 as well.
    let run = talkgen(&["check", "--root", "a"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: `a` is not a talkgen site: it has no content/conference.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_speaker_for_an_existing_one_suggests_a_talk_by_them() {
    let s = site("minimal");
    let before = read(s.path().join("content/speakers/ada-lovelace.md"));
    let run = talkgen(&["new", "speaker", "Ada Lovelace"], s.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("speaker `ada-lovelace` already exists"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("run `talkgen new talk \"TITLE\" --speaker ada-lovelace`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(s.path().join("content/speakers/ada-lovelace.md")),
        before
    );
}

#[test]
fn help_texts_name_no_file_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = vec![vec!["--help"]];
    for sub in [
        "build",
        "check",
        "init",
        "new",
        "import",
        "serve",
        "completions",
        "man",
    ] {
        pages.push(vec![sub, "--help"]);
    }
    for sub in ["talk", "speaker", "template"] {
        pages.push(vec!["new", sub, "--help"]);
    }
    for args in pages {
        let run = talkgen(&args, dir.path());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        for (i, _) in run.stdout.match_indices("docs/") {
            let before = &run.stdout[..i];
            assert!(
                before.ends_with("https://github.com/talkgen/talkgen/blob/main/"),
                "{args:?} names a repository file:\n{}",
                run.stdout
            );
        }
    }
}
