//! Hostile input (issue "Unbreakable under hostile and huge input"): YAML that costs far more
//! than its size, content files of sizes nobody checked, and characters XML cannot hold.
//!
//! Each case breaks the `minimal` fixture in one way and runs the real binary under an
//! address-space limit and a process timeout (so a runaway allocation or a hang fails the case,
//! not the machine; neither is a timed assertion). It checks the exit code, the file and line
//! named, that nothing panicked, and that a failed build leaves `public/` as it was. The limits
//! themselves are in `src/load/limits.rs` and docs/diagnostics.md.

use crate::support::common::*;

use std::fs;
use std::path::Path;
use std::process::Command;

/// Address-space limit of the binary in KiB (2 GiB): today's alias bombs needed 3.5 GB.
const VMEM_KIB: u64 = 2 * 1024 * 1024;

/// Runs talkgen under the memory limit and a 600 s timeout (only a hang reaches it).
fn run(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {VMEM_KIB} && exec timeout 600 \"$0\" \"$@\""
        ))
        .arg(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run talkgen");
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.stderr.contains("panicked") && r.code != 124,
        "{args:?}: code {}, {}",
        r.code,
        r.stderr
    );
    r
}

/// A built copy of the minimal site.
fn built() -> tempfile::TempDir {
    let s = site("minimal");
    let r = run(&["build"], s.path());
    assert_eq!(r.code, 0, "the good site builds: {}", r.stderr);
    s
}

fn talk(extra_yaml: &str, body: &str) -> String {
    format!("---\ntitle: A talk\nspeakers: [ada-lovelace]\ntrack: web\n{extra_yaml}---\n{body}")
}

/// Writes `content` to `rel` in a built site, then checks that `check` and `build` both fail
/// with exit 1 naming `place` and saying `words`, and that `public/` did not change.
fn rejected(rel: &str, content: &[u8], place: &str, words: &str) {
    let s = built();
    let before = tree(&s.path().join("public"));
    let path = s.path().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    for cmd in ["check", "build"] {
        let r = run(&[cmd], s.path());
        assert_eq!(r.code, 1, "{cmd} {rel}: {}", r.stderr);
        assert!(
            r.stderr.contains(place) && r.stderr.contains(words),
            "{cmd} {rel}: expected `{place}` and `{words}` in:\n{}",
            r.stderr
        );
    }
    assert!(
        tree(&s.path().join("public")) == before,
        "public/ changed after a failed build"
    );
}

// ---- YAML that costs far more than its size ----

#[test]
fn yaml_that_costs_far_more_than_its_size_alias_bombs_are_rejected() {
    // serde_yaml places the error at the anchored value that the aliases repeat (the message
    // names the alias: `tags[82]`).
    let conf = read(fixture("minimal/content/conference.yaml"));
    let conf_lines = conf.lines().count();
    // (what, file, content, place, words)
    let cases: Vec<(&str, &str, String, String, &str)> = vec![
        {
            // 130 KB: a 100 KB anchor used 10,000 times in `tags` (1 GB when expanded).
            let anchor = "x".repeat(100_000);
            let uses = vec!["*a"; 10_000].join(", ");
            let yaml = format!("description: &a {anchor}\ntags: [{uses}]\n");
            (
                "130 KB",
                "content/talks/alpha-talk.md",
                talk(&yaml, ""),
                "content/talks/alpha-talk.md:5:14".into(),
                "expands to more than 8 MiB",
            )
        },
        {
            // 1.4 MB: a 1 MB anchor used 100,000 times (100 GB when expanded).
            let anchor = "y".repeat(1_000_000);
            let uses = vec!["*b"; 100_000].join(", ");
            let yaml = format!("description: &b {anchor}\ntags: [{uses}]\n");
            assert!(yaml.len() > 1_400_000);
            (
                "1.4 MB",
                "content/talks/alpha-talk.md",
                talk(&yaml, ""),
                "content/talks/alpha-talk.md:5:14".into(),
                "expands to more than 8 MiB",
            )
        },
        {
            // A `.yaml` talk: a 500 KB anchor used 20 times (10 MB when expanded).
            let anchor = "d".repeat(500_000);
            let uses = vec!["*d"; 20].join(", ");
            let yaml = format!(
                "title: T\nspeakers: [ada-lovelace]\ntrack: web\ndescription: &d {anchor}\ntags: [{uses}]\n"
            );
            (
                ".yaml talk",
                "content/talks/2016/zebra-talk.yaml",
                yaml,
                "content/talks/2016/zebra-talk.yaml:4:14".into(),
                "expands to more than 8 MiB",
            )
        },
        {
            // In conference.yaml, under a key that exists.
            let anchor = "z".repeat(200_000);
            let uses = vec!["*c"; 1_000].join(", ");
            let yaml = conf.replace(
                "venue: Town Hall",
                &format!("venue: &c {anchor}\nrooms: [{uses}]"),
            );
            (
                "conference.yaml",
                "content/conference.yaml",
                yaml,
                "content/conference.yaml:5:8".into(),
                "expands to more than 8 MiB",
            )
        },
    ];
    assert!(conf_lines > 5);
    for (what, rel, content, place, words) in cases {
        eprintln!("case: {what}");
        rejected(rel, content.as_bytes(), &place, words);
    }
}

#[test]
fn yaml_that_costs_far_more_than_its_size_deep_nesting_is_rejected_before_parsing() {
    let n = 200_000;
    let cases = [
        (
            format!("tags: {}{}\n", "[".repeat(n), "]".repeat(n)),
            "5:70",
        ),
        (
            format!("slot: {}{}\n", "{a: ".repeat(n), "}".repeat(n)),
            "5:",
        ),
        (format!("tags:\n{}x\n", "- ".repeat(n)), "6:1"),
        // Unclosed: the scan stops at the limit, whatever follows.
        (format!("tags: {}\n", "[{".repeat(n)), "5:70"),
    ];
    for (yaml, place) in cases {
        rejected(
            "content/talks/alpha-talk.md",
            talk(&yaml, "").as_bytes(),
            &format!("content/talks/alpha-talk.md:{place}"),
            "nests more than 64 levels deep",
        );
    }
    // Real depth passes: lists of maps of lists, quoted and commented brackets.
    let s = built();
    let conf = read(s.path().join("content/conference.yaml")).replace(
        "venue: Town Hall",
        &format!(
            "venue: \"{}\" # {}\nrooms: [Main Hall, 'x [[[[[[[[[']",
            "[{".repeat(100),
            "[".repeat(100)
        ),
    );
    fs::write(s.path().join("content/conference.yaml"), conf).unwrap();
    let r = run(&["check"], s.path());
    assert_eq!(
        r.code, 0,
        "a shallow file passes the depth scan: {}",
        r.stderr
    );
}

#[test]
fn yaml_that_costs_far_more_than_its_size_yaml_over_four_mib_is_refused() {
    let long = "w".repeat(5 * 1024 * 1024);
    rejected(
        "content/talks/alpha-talk.md",
        talk(&format!("description: {long}\n"), "").as_bytes(),
        "content/talks/alpha-talk.md:2:1",
        "a file's YAML may hold at most 4 MiB",
    );
}

// ---- Sizes nobody checked ----

#[test]
fn sizes_nobody_checked_a_sparse_file_over_the_limit_is_refused_unread() {
    for rel in [
        "content/talks/huge.md",
        "content/speakers/huge.md",
        "content/conference.yaml",
    ] {
        let s = built();
        let before = tree(&s.path().join("public"));
        let f = fs::File::create(s.path().join(rel)).unwrap();
        // 6 GB of nothing: no disk space, but reading it would need 6 GB of memory.
        f.set_len(6_000_000_000).unwrap();
        drop(f);
        for cmd in ["check", "build"] {
            let r = run(&[cmd], s.path());
            assert_eq!(r.code, 1, "{cmd} {rel}: {}", r.stderr);
            assert!(
                r.stderr.contains(rel)
                    && r.stderr
                        .contains("the file is 6.0 GB; a content file may hold at most 64 MiB"),
                "{cmd} {rel}: {}",
                r.stderr
            );
        }
        assert!(tree(&s.path().join("public")) == before);
    }
}

// ---- Characters XML cannot hold ----

/// Every character of `xml` is one XML 1.0 can hold, and the document reads to its end.
fn assert_xml(path: &Path) {
    let xml = read(path);
    let bad = xml.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    assert_eq!(bad, None, "{} holds a character XML cannot", path.display());
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{} does not parse: {e}", path.display()),
        }
    }
}

#[test]
fn characters_xml_cannot_hold_are_errors_at_load_time() {
    // (character, its YAML escape)
    let chars = [
        ('\u{1}', "\\x01"),
        ('\u{B}', "\\v"),
        ('\u{1B}', "\\e"),
        ('\0', "\\0"),
        ('\u{C}', "\\f"),
    ];
    for (c, esc) in chars {
        let raw = c.to_string();
        let cases: Vec<(&str, String, &str, &str)> = vec![
            // A YAML escape in a talk's title.
            (
                "content/talks/alpha-talk.md",
                format!(
                    "---\ntitle: \"A {esc} talk\"\nspeakers: [ada-lovelace]\ntrack: web\n---\n"
                ),
                "content/talks/alpha-talk.md:2:",
                "a value holds the control character",
            ),
            // A YAML escape in the abstract of a `.yaml` talk.
            (
                "content/talks/2016/zebra-talk.yaml",
                format!(
                    "title: Z\nspeakers: [ada-lovelace]\ntrack: data\nabstract: \"one{esc}two\"\n"
                ),
                "content/talks/2016/zebra-talk.yaml:4:",
                "a value holds the control character",
            ),
            // The raw character in a Markdown abstract and in a speaker's bio.
            (
                "content/talks/alpha-talk.md",
                talk("", &format!("Line one.\nLine{raw}two.\n")),
                "content/talks/alpha-talk.md:7:5",
                "cannot be published",
            ),
            (
                "content/speakers/ada-lovelace.md",
                format!("---\nname: Ada Lovelace\n---\nA bio{raw}.\n"),
                "content/speakers/ada-lovelace.md:4:6",
                "cannot be published",
            ),
            // The raw character in a YAML value.
            (
                "content/conference.yaml",
                read(fixture("minimal/content/conference.yaml"))
                    .replace("Town Hall", &format!("Town{raw}Hall")),
                "content/conference.yaml:5:12",
                "cannot be published",
            ),
        ];
        for (rel, content, place, words) in cases {
            eprintln!("case: {c:?} in {rel}");
            rejected(rel, content.as_bytes(), place, words);
        }
    }
}

#[test]
fn characters_xml_cannot_hold_never_reach_the_outputs() {
    // What may be published: tabs, line breaks, DEL, C1 controls, YAML's line separators,
    // characters outside the BMP; the XML outputs must parse.
    let s = built();
    fs::write(
        s.path().join("content/talks/alpha-talk.md"),
        "---\ntitle: \"Tab\\there \\u007F \\u0085 \\u2028 \\U0001F600\"\nspeakers: [ada-lovelace]\n\
         track: web\ndescription: \"A\\tB\"\nslot:\n  start: 2024-05-04T10:00:00\n  \
         end: 2024-05-04T10:30:00\n  room: Main Hall\n---\nBody\twith tab \u{7f}\u{85}\u{2028}.\n",
    )
    .unwrap();
    // The frab export is written for a site with a time zone.
    let conf = read(s.path().join("content/conference.yaml"));
    fs::write(
        s.path().join("content/conference.yaml"),
        format!("{conf}timezone: Europe/Berlin\n"),
    )
    .unwrap();
    let r = run(&["build"], s.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    for out in ["feed.xml", "schedule.xml", "sitemap.xml"] {
        let path = s.path().join("public").join(out);
        if out != "sitemap.xml" || path.exists() {
            assert_xml(&path);
        }
    }
    let html = read(s.path().join("public/talks/alpha-talk/index.html"));
    assert!(!html.contains('\0'));
}
