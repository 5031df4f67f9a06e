//! `talkgen new talk` and `talkgen new speaker`: new files with correct slugs and front matter,
//! validated references, never a replaced file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::common::{self, talkgen, tree};

fn starter() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let run = talkgen(&["init", "site"], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = tmp.path().join("site");
    (tmp, site)
}

/// What `talkgen check` will do; until it is merged, a library-level load (warnings allowed:
/// a new speaker has no talk yet).
fn check_site(root: &Path) -> talkgen::load::Loaded {
    let (loaded, _) = talkgen::load_site(root, None, false)
        .unwrap_or_else(|e| panic!("the site at {} does not load:\n{e}", root.display()));
    let run = talkgen(&["check", "--root", &root.to_string_lossy()], root);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    loaded
}

#[test]
fn new_speaker_then_new_talk_then_build() {
    let (tmp, site) = starter();
    let root = site.to_string_lossy().into_owned();
    let run = talkgen(
        &["new", "speaker", "Zoë O'Neil-Smith", "--root", &root],
        tmp.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.join("content/speakers/zoe-o-neil-smith.md");
    assert!(
        run.stdout.contains(&path.display().to_string()),
        "{}",
        run.stdout
    );
    check_site(&site);

    let run = talkgen(
        &[
            "new",
            "talk",
            "Rust: fast & safe?",
            "--speaker",
            "zoe-o-neil-smith",
            "--speaker",
            "ada-example",
            "--track",
            "workshops",
            "--root",
            &root,
        ],
        tmp.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let talk_path = site.join("content/talks/rust-fast-safe.md");
    assert!(
        run.stdout.contains(&talk_path.display().to_string()),
        "{}",
        run.stdout
    );

    let loaded = check_site(&site);
    assert!(
        loaded.warnings.is_empty(),
        "the new talk gives the new speaker a talk: {:?}",
        loaded.warnings
    );
    let s = &loaded.site;
    let talk = s
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "rust-fast-safe")
        .expect("the new talk is loaded");
    assert_eq!(talk.title, "Rust: fast & safe?");
    let names: Vec<&str> = talk
        .speakers
        .iter()
        .map(|id| s.speaker(*id).name.as_str())
        .collect();
    assert_eq!(names, ["Zoë O'Neil-Smith", "Ada Example"]);
    assert_eq!(s.track(talk.track).slug.as_str(), "workshops");

    let run = talkgen(&["build"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = common::read(site.join("public/talks/rust-fast-safe/index.html"));
    assert!(common::text_of(&page).contains("Zoë O'Neil-Smith"));
}

#[test]
fn new_talk_defaults_to_the_first_track_and_says_so() {
    let (_tmp, site) = starter();
    let run = talkgen(&["new", "talk", "Lightning talks"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("track `main`"), "{}", run.stdout);
    let loaded = check_site(&site);
    let talk = loaded
        .site
        .talks
        .iter()
        .find(|t| t.slug.as_str() == "lightning-talks")
        .unwrap();
    assert!(talk.speakers.is_empty());
    assert_eq!(loaded.site.track(talk.track).slug.as_str(), "main");
}

#[test]
fn new_refuses_to_replace_a_file() {
    let (_tmp, site) = starter();
    let before = tree(&site);
    let run = talkgen(&["new", "talk", "Welcome to Example Conf"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let run = talkgen(&["new", "speaker", "Ada Example"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    // The same slug in a subfolder or as .yaml would clash at load time: refused too.
    fs::create_dir_all(site.join("content/talks/2026")).unwrap();
    fs::write(site.join("content/talks/2026/keynote.yaml"), "title: x\n").unwrap();
    let run = talkgen(&["new", "talk", "Keynote"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("keynote.yaml"), "{}", run.stderr);
    fs::remove_dir_all(site.join("content/talks/2026")).unwrap();
    assert_eq!(tree(&site), before);
}

#[test]
fn new_talk_checks_speakers_and_tracks_with_did_you_mean() {
    let (_tmp, site) = starter();
    let before = tree(&site);
    let run = talkgen(&["new", "talk", "X", "--speaker", "ada-exampel"], &site);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown speaker `ada-exampel`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `ada-example`?"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["new", "talk", "X", "--speaker", "Sam Sample"], &site);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `sam-sample`?"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["new", "talk", "X", "--track", "workshop"], &site);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown track `workshop`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `workshops`?"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["new", "talk", "X", "--track", "zzzzzzzzzz"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`main`, `workshops`"), "{}", run.stderr);
    assert_eq!(tree(&site), before, "nothing may be written");
}

#[test]
fn new_slugs_and_bad_input() {
    let (_tmp, site) = starter();
    let run = talkgen(&["new", "talk", "!!!"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--slug"), "{}", run.stderr);
    let run = talkgen(&["new", "talk", "!!!", "--slug", "Bad Slug"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a valid slug"), "{}", run.stderr);
    let run = talkgen(&["new", "talk", "   "], &site);
    assert_eq!(run.code, 2);
    let run = talkgen(&["new", "talk", "two\nlines"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("one line"), "{}", run.stderr);
    let run = talkgen(
        &["new", "talk", "Duo", "-s", "sam-sample", "-s", "sam-sample"],
        &site,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("given twice"), "{}", run.stderr);
    let run = talkgen(&["new", "talk", "!!!", "--slug", "bangs"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = talkgen(&["new", "talk", "yes"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let loaded = check_site(&site);
    let titles: Vec<&str> = loaded.site.talks.iter().map(|t| t.title.as_str()).collect();
    assert!(
        titles.contains(&"!!!") && titles.contains(&"yes"),
        "{titles:?}"
    );
}

#[test]
fn new_outside_a_site_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = talkgen(&["new", "speaker", "Ada"], tmp.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("talkgen init"), "{}", run.stderr);
    assert!(tree(tmp.path()).is_empty());
}

#[test]
fn new_template_copies_a_built_in_template_to_edit() {
    let (_tmp, site) = starter();
    let run = talkgen(&["new", "template", "partials/footer.html"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = site.join("templates/partials/footer.html");
    assert!(
        run.stdout.contains("./templates/partials/footer.html"),
        "{}",
        run.stdout
    );
    let builtin = talkgen::theme::TEMPLATES
        .iter()
        .find(|(n, _)| *n == "partials/footer.html")
        .unwrap()
        .1;
    assert_eq!(common::read(&path), builtin);
    // The copy is what the build uses.
    let edited = builtin.replace("</footer>", "<p>Our own footer line</p>\n</footer>");
    fs::write(&path, edited).unwrap();
    let run = talkgen(&["build"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(common::read(site.join("public/index.html")).contains("Our own footer line"));

    let before = tree(&site);
    let run = talkgen(&["new", "template", "partials/footer.html"], &site);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let run = talkgen(&["new", "template", "talk.htm"], &site);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `talk.html`?"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["new", "template", "../../etc/passwd"], &site);
    assert_eq!(run.code, 2);
    assert_eq!(tree(&site), before);

    let run = talkgen(&["new", "template", "style.css"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.join("static/style.css").is_file());
    let run = talkgen(&["build"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
