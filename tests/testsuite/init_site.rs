//! `talkgen init`: the starter site builds and loads cleanly, and init never replaces a file.

use std::fs;
use std::path::Path;

use crate::support::common::{self, talkgen, tree};

/// What `talkgen check` will do; until it is merged, a library-level load that must succeed
/// with no warnings.
fn check_site(root: &Path) {
    let (loaded, _) = talkgen::load_site(root, None, false)
        .unwrap_or_else(|e| panic!("the site at {} does not load:\n{e}", root.display()));
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "warnings: {warnings:#?}");
    let run = talkgen(&["check", "--root", &root.to_string_lossy()], root);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("valid (0 warnings)"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

#[test]
fn init_then_build_gives_a_complete_site() {
    let tmp = tempfile::tempdir().unwrap();
    let run = talkgen(&["init", "conf"], tmp.path());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let site = tmp.path().join("conf");
    for (rel, _) in talkgen::scaffold::STARTER {
        assert!(site.join(rel).is_file(), "{rel} missing");
    }
    assert!(site.join("static").is_dir());
    assert_eq!(fs::read_dir(site.join("static")).unwrap().count(), 0);

    check_site(&site);
    let (loaded, _) = talkgen::load_site(&site, None, false).unwrap();
    let s = &loaded.site;
    assert_eq!((s.talks.len(), s.speakers.len(), s.tracks.len()), (2, 2, 2));
    assert_eq!(s.pages.len(), 1);
    assert_eq!(s.pages[0].talks.len(), 2, "the topic page lists both talks");

    let run = talkgen(&["build"], &site);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("Built 2 talks, 2 speakers, 2 tracks"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let out = site.join("public");
    for page in [
        "index.html",
        "programme/index.html",
        "talks/welcome-to-example-conf/index.html",
        "speakers/sam-sample/index.html",
        "tracks/workshops/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} not written");
    }
    let topic = common::text_of(&common::read(out.join("programme/index.html")));
    assert!(topic.contains("Welcome to Example Conf"), "{topic}");
    assert!(
        topic.contains("Workshop: build your first widget"),
        "{topic}"
    );
    common::assert_internal_links_resolve(&out, "/");
}

#[test]
fn init_builds_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(talkgen(&["init", "s"], tmp.path()).code, 0);
    let site = tmp.path().join("s");
    let run = talkgen(
        &["build", "--base-url", "https://example.org/conf/2027/"],
        &site,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = common::read(site.join("public/programme/index.html"));
    assert!(html.contains("href=\"../speakers/\""), "{html}");
    common::assert_internal_links_resolve(&site.join("public"), "/conf/2027/");
}

#[test]
fn init_into_current_folder_and_hidden_files_are_fine() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    let run = talkgen(&["init"], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(tmp.path().join("content/conference.yaml").is_file());
    check_site(tmp.path());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let before = tree(tmp.path());
    let run = talkgen(&["init", "."], tmp.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert!(run.stderr.contains("`notes.txt`"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tree(tmp.path()), before, "nothing may be written");
}

#[test]
fn init_force_adds_missing_files_and_replaces_none() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("content/talks")).unwrap();
    let mine = "---\ntitle: My own welcome\ntrack: main\n---\n";
    let talk = root.join("content/talks/welcome-to-example-conf.md");
    fs::write(&talk, mine).unwrap();
    fs::write(root.join("README.md"), "my notes").unwrap();
    fs::write(root.join(".gitignore"), "/target\n").unwrap();
    let run = talkgen(&["init", "--force", "."], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(common::read(&talk), mine);
    assert_eq!(common::read(root.join("README.md")), "my notes");
    assert_eq!(common::read(root.join(".gitignore")), "/target\n");
    for kept in ["content/talks/welcome-to-example-conf.md", ".gitignore"] {
        assert!(
            run.stdout.contains(&format!("kept the existing ./{kept}")),
            "{kept} is reported as kept: {}",
            run.stdout
        );
    }
    assert!(root.join("content/conference.yaml").is_file());
    assert!(root.join("content/speakers/ada-example.md").is_file());
}

#[test]
fn init_refuses_an_existing_site_even_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    assert_eq!(talkgen(&["init"], root).code, 0);
    fs::remove_file(root.join("content/talks/welcome-to-example-conf.md")).unwrap();
    let before = tree(root);
    let run = talkgen(&["init", "--force"], root);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("already a talkgen site"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(root), before, "nothing may be written");
}

#[test]
fn init_refuses_a_file_as_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("f"), "x").unwrap();
    let run = talkgen(&["init", "f"], tmp.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
    assert_eq!(common::read(tmp.path().join("f")), "x");
}
