//! The example conference in the repository root reproduces the original talks page.

use crate::support::common::*;

const ORDER: [&str; 16] = [
    "Python 103: Memory Model & Best Practices",
    "\"Good Enough\" IS Good Enough!",
    "Magic Considered Harmful?",
    "The Tower of Abstraction",
    "The Python Deployment Albatross",
    "Unspeakably Evil Hacks in Service of Marginally Improved Syntax: \"Compile-Time\" Python Programming",
    "Python Profiling and Performance: Elementary to Enterprise",
    "Pants, or How I Learned to Stop Worrying and Love Builds",
    "Explore Git internals using Python | Let's write `git log` in Python",
    "One Pykid at a time",
    "Beautiful Documentation Oriented Programming",
    "Self-Healing Systems: The Road to 99.99% Uptime",
    "Python tracing superpowers with systems tools",
    "Xonsh – put some Python in your Shell.",
    "A Guide to Bad Programming",
    "Turnkey Distributed Tracing: OpenTracing and Python",
];

fn build_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = talkgen(
        &[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("Built 16 talks, 14 speakers, 5 tracks"),
        "summary line: {}",
        run.stdout
    );
    (tmp, out)
}

#[test]
fn topic_page_lists_the_sixteen_talks_in_the_original_order() {
    let (_tmp, out) = build_example();
    let html = read(out.join("fundamentals-performance/index.html"));
    let text = text_of(&html);
    let mut last = 0;
    for title in ORDER {
        let at = text[last..]
            .find(&format!(" {title} "))
            .unwrap_or_else(|| panic!("{title:?} missing or out of order"));
        last += at + title.len();
    }
    assert_eq!(html.matches("<article class=\"talk\"").count(), 16);
    // Speakers, "Track, Level" lines and the labelled texts, as on the original page.
    for snippet in [
        "Python 103: Memory Model & Best Practices Wesley Chun Language Internals, Intermediate Description: There's a growing crowd",
        "Magic Considered Harmful? Fundamentals, Intermediate Description: We talk about magic",
        "A Guide to Bad Programming Paul Bailey /etc, Advanced",
        "One Pykid at a time Meenal Pant /etc, Beginner",
        "Abstract: Pants is a modern build system written in Python.",
        "Bio: Wesley J Chun is the author of the bestselling Core Python titles",
        "Although it is not *useful* to have a Python version of Git, it is *fun*.",
        "We discuss where the local Git repo is stored: `.git`.",
    ] {
        assert!(text.contains(snippet), "missing: {snippet}");
    }
}

/// Every paragraph of the original page can be read from the topic page.
#[test]
fn topic_page_carries_the_text_of_the_original() {
    let seed = repo_root().join("../shared/seeds/000_3955b57481b0187f.txt");
    let seed = match std::fs::read_to_string(&seed) {
        Ok(s) => s,
        // A checkout without shared/ beside it still checks order and snippets above.
        Err(_) => return,
    };
    let (_tmp, out) = build_example();
    let text = text_of(&read(out.join("fundamentals-performance/index.html")));
    let body = seed
        .split("For talks overview, click here.")
        .nth(1)
        .unwrap()
        .split("Please reload")
        .next()
        .unwrap();
    let mut checked = 0;
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.trim_start_matches("- ");
        let line = fold(line);
        assert!(text.contains(&line), "not on the page: {line}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} lines checked");
}

#[test]
fn every_entity_has_its_page_and_every_link_resolves() {
    let (_tmp, out) = build_example();
    for dir in ["content/talks", "content/speakers"] {
        for entry in std::fs::read_dir(repo_root().join(dir)).unwrap() {
            let slug = entry
                .unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = dir.trim_start_matches("content/");
            assert!(
                out.join(kind).join(&slug).join("index.html").is_file(),
                "{kind}/{slug}"
            );
        }
    }
    for track in [
        "language-internals",
        "fundamentals",
        "performant-python",
        "scalable-python",
        "etc",
    ] {
        let html = read(out.join("tracks").join(track).join("index.html"));
        assert!(html.contains("talk-item"), "track {track} lists no talks");
    }
    for level in ["beginner", "intermediate", "advanced"] {
        assert!(out.join("levels").join(level).join("index.html").is_file());
    }
    for file in [
        "index.html",
        "404.html",
        "style.css",
        "speakers/index.html",
        "tracks/index.html",
        "credits.txt",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // A speaker knows their talks; Alex Martelli gives two.
    let alex = text_of(&read(out.join("speakers/alex-martelli/index.html")));
    assert!(
        alex.contains("\"Good Enough\" IS Good Enough!")
            && alex.contains("The Tower of Abstraction")
    );
    // The example's templates/ override the built-in footer.
    assert!(read(out.join("index.html")).contains("where the content comes from"));
    assert_internal_links_resolve(&out, "/");
}

#[test]
fn a_base_url_with_a_sub_path_prefixes_every_internal_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = talkgen(
        &[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.org/pybay/2016/",
        ],
        tmp.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Links between pages are relative, so the site works under the sub-path (and anywhere
    // else); what must be absolute carries the sub-path: canonical URLs, the 404 page's links.
    let html = read(out.join("fundamentals-performance/index.html"));
    assert!(
        html.contains("href=\"../talks/python-103-memory-model/\""),
        "{html}"
    );
    // The Markdown link in the page intro is a site link too.
    assert!(
        html.contains("<a href=\"../\">For talks overview, click here.</a>"),
        "intro link"
    );
    let talk = read(out.join("talks/xonsh/index.html"));
    assert!(talk
        .contains("<link rel=\"canonical\" href=\"https://example.org/pybay/2016/talks/xonsh/\">"));
    let not_found = read(out.join("404.html"));
    assert!(
        not_found.contains("href=\"/pybay/2016/style.css\""),
        "{not_found}"
    );
    assert_internal_links_resolve(&out, "/pybay/2016/");
}
