//! Hostile input (issue "Unbreakable under hostile and huge input"), the classes "Paths that
//! escape" and "Errors blamed on the wrong file" (include cycles), and the importers' share of
//! "Work that grows with the square of the content".
//!
//! Each table breaks the `minimal` fixture (or an export) in one way per row and runs the real
//! binary: a folder the site reads linked out of it or replaced by a file, an output folder
//! inside the sources, site paths a browser reads as another host, a hostile `--base-url`,
//! control characters in file names. The large import runs under an address-space limit and a
//! process timeout that only a hang reaches (time is not asserted; benchmarks measure it).

use crate::support::common::*;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

/// `build` into `public/` of the site, from the site's folder.
fn build(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    talkgen(&args, root)
}

/// Asserts a refused build: exit `code`, every `wanted` text on stderr, no panic, and no
/// `public/` written.
fn assert_refused(run: &Run, root: &Path, code: i32, wanted: &[&str], case: &str) {
    assert_eq!(run.code, code, "{case}: exit code; stderr:\n{}", run.stderr);
    for w in wanted {
        assert!(
            run.stderr.contains(w),
            "{case}: stderr lacks {w:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
    assert!(!root.join("public").exists(), "{case}: public/ was written");
}

/// The folders a build reads, each moved out of the site and linked back: refused, naming the
/// folder and where it points, rather than read from elsewhere.
#[test]
fn paths_that_escape_folders_linked_out_of_the_site_are_refused() {
    for folder in [
        "content",
        "content/talks",
        "content/speakers",
        "content/pages",
        "templates",
        "static",
    ] {
        let s = site("minimal");
        let root = s.path();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("moved");
        let inside = root.join(folder);
        if inside.exists() {
            fs::rename(&inside, &target).unwrap();
        } else {
            fs::create_dir_all(&target).unwrap();
            if folder == "templates" {
                fs::create_dir_all(target.join("partials")).unwrap();
                fs::write(target.join("partials/footer.html"), "<footer>x</footer>").unwrap();
            }
        }
        symlink(&target, &inside).unwrap();
        let shown = target.canonicalize().unwrap();
        let run = build(root, &[]);
        assert_refused(
            &run,
            root,
            1,
            &[
                &format!("--> {folder}"),
                &format!(
                    "the folder `{folder}` is a symlink to `{}`",
                    shown.display()
                ),
                "outside the site: refused",
            ],
            folder,
        );
        // `check` says the same.
        let run = talkgen(&["check"], root);
        assert_eq!(run.code, 1, "{folder}: check: {}", run.stderr);
        assert!(run.stderr.contains("outside the site"), "{}", run.stderr);
    }
    // Linked to a folder inside the site: read as if it were there.
    let s = site("minimal");
    let root = s.path();
    fs::rename(root.join("content/talks"), root.join("talk-files")).unwrap();
    symlink("../talk-files", root.join("content/talks")).unwrap();
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("public/talks/alpha-talk/index.html").is_file());
}

/// Symlinked template files follow the rule of content files: followed inside the site,
/// refused (naming the file and its target) when they lead out of it; never silently ignored.
#[test]
fn paths_that_escape_symlinked_template_files_follow_the_content_rule() {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("footer.html");
    fs::write(&outside, "<footer>OUTSIDE-FOOTER</footer>").unwrap();
    let s = site("minimal");
    let root = s.path();
    fs::create_dir_all(root.join("templates/partials")).unwrap();
    symlink(&outside, root.join("templates/partials/footer.html")).unwrap();
    let run = build(root, &[]);
    assert_refused(
        &run,
        root,
        1,
        &[
            "--> templates/partials/footer.html",
            &format!("symlink to `{}`", outside.display()),
            "outside the site: refused",
        ],
        "template linked out",
    );

    // Linked to a file inside the site: used like the file itself.
    let s = site("minimal");
    let root = s.path();
    fs::create_dir_all(root.join("templates/partials")).unwrap();
    fs::create_dir_all(root.join("shared")).unwrap();
    fs::write(
        root.join("shared/footer.html"),
        "<footer>SHARED-FOOTER</footer>",
    )
    .unwrap();
    symlink(
        "../../shared/footer.html",
        root.join("templates/partials/footer.html"),
    )
    .unwrap();
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = read(root.join("public/index.html"));
    assert!(
        index.contains("SHARED-FOOTER"),
        "the linked template is used"
    );
}

/// A regular file where the site reads a folder: an error naming it, not an empty site.
#[test]
fn paths_that_escape_a_file_where_a_folder_belongs_is_an_error() {
    for folder in [
        "content/talks",
        "content/speakers",
        "content/pages",
        "templates",
        "static",
    ] {
        let s = site("minimal");
        let root = s.path();
        let path = root.join(folder);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        }
        fs::write(&path, "not a folder\n").unwrap();
        let run = build(root, &[]);
        assert_refused(
            &run,
            root,
            1,
            &[
                &format!("--> {folder}"),
                &format!("`{folder}` is a file, not a folder"),
            ],
            folder,
        );
    }
}

/// `--output` inside (or equal to) a folder the build reads is a usage error (exit 2) before
/// anything is written, whichever way the path is spelled; the next build is unharmed.
#[test]
fn paths_that_escape_output_inside_the_sources_is_refused() {
    let s = site("minimal");
    let root = s.path();
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink("templates", root.join("alias")).unwrap();
    let before = tree(root);
    for output in [
        "templates/public",
        "content/talks/public",
        "content/public",
        "static/public",
        "static",
        "content",
        "./content/../templates/out",
        "alias/public",
        ".",
    ] {
        let run = build(root, &["--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("the build reads") || run.stderr.contains("contains the site"),
            "{output}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(output),
            "{output}: the path is named: {}",
            run.stderr
        );
        assert_eq!(tree(root), before, "{output}: the site was changed");
    }
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outside = tempfile::tempdir().unwrap();
    let run = build(
        root,
        &["--output", outside.path().join("site").to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "an output outside the site: {}", run.stderr);
}

/// A talk whose body (Markdown) or front matter (`slides`) holds `link`.
fn talk_with(body_link: Option<&str>, slides: Option<&str>) -> String {
    let mut t = String::from(
        "---\ntitle: Hostile\nspeakers: [ada-lovelace]\ntrack: web\ndescription: D.\n",
    );
    if let Some(s) = slides {
        t.push_str(&format!("slides: {s}\n"));
    }
    t.push_str("---\nFirst line.\n\n");
    if let Some(l) = body_link {
        t.push_str(&format!("See {l} here.\n"));
    }
    t
}

/// Site paths that browsers read as another host (tabs and line breaks removed, `\` read as
/// `/`): refused where they are written, with file and line, in Markdown links and YAML values.
#[test]
fn paths_that_escape_site_links_a_browser_reads_off_site_are_refused() {
    // (how it is written, the talk's text, the line named)
    let cases: &[(&str, String, usize)] = &[
        ("tab", talk_with(Some("[x](</\t/evil.example>)"), None), 9),
        (
            "newline entity",
            talk_with(Some("[x](/&#10;/evil.example)"), None),
            9,
        ),
        (
            "tab entity",
            talk_with(Some("[x](/&#9;/evil.example)"), None),
            9,
        ),
        (
            "backslash",
            talk_with(Some("[x](/\\evil.example)"), None),
            9,
        ),
        (
            "escaped backslash first",
            talk_with(Some("[x](\\\\/evil.example)"), None),
            9,
        ),
        (
            "image",
            talk_with(Some("![x](/\\evil.example/a.png)"), None),
            9,
        ),
        (
            "slides tab",
            talk_with(None, Some("\"/\\t/evil.example\"")),
            6,
        ),
        (
            "slides newline",
            talk_with(None, Some("\"/\\n/evil.example\"")),
            6,
        ),
        (
            "slides backslash",
            talk_with(None, Some("'/\\evil.example'")),
            6,
        ),
        (
            "slides carriage return",
            talk_with(None, Some("\"/\\r/evil.example\"")),
            6,
        ),
    ];
    for (case, text, line) in cases {
        let s = site("minimal");
        let root = s.path();
        fs::write(root.join("content/talks/hostile.md"), text).unwrap();
        let run = build(root, &[]);
        assert_refused(
            &run,
            root,
            1,
            &[
                &format!("--> content/talks/hostile.md:{line}:"),
                "browsers would leave the site",
            ],
            case,
        );
    }
    // The ordinary forms stay accepted.
    let s = site("minimal");
    let root = s.path();
    let ok = talk_with(
        Some("[x](/talks/alpha-talk/) [y](https://example.org/a\\b) [z](//cdn.example/x)"),
        Some("/talks/alpha-talk/"),
    );
    fs::write(root.join("content/talks/hostile.md"), ok).unwrap();
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Base URLs `--base-url` and `base_url` alike refuse; the command line's is a usage error.
const BAD_BASE_URLS: &[&str] = &[
    "https://example.org/\nSitemap: https://evil.example/sitemap.xml",
    "https://example.org/\tx",
    "https://exa mple.org/",
    "https://example.org/\u{1b}[2J",
    "javascript:alert(1)",
    "example.org",
    "/pybay/",
    "https:///nohost",
    "https://example.org\\@evil.example/",
    "https://example.org/?utm=1",
];

/// `--base-url` is checked as `base_url` is: a usage error (exit 2) naming the value, for
/// `build` and `check`, and nothing written (no `robots.txt` with an injected line).
#[test]
fn paths_that_escape_base_url_is_checked_on_the_command_line_and_in_the_config() {
    for url in BAD_BASE_URLS {
        let s = site("minimal");
        let root = s.path();
        for cmd in ["build", "check"] {
            let run = talkgen(&[cmd, "--base-url", url], root);
            assert_eq!(run.code, 2, "{cmd} {url:?}: {}", run.stderr);
            assert!(run.stderr.contains("--base-url"), "{url:?}: {}", run.stderr);
            assert!(
                !run.stderr.contains("\nSitemap:"),
                "{url:?}: the value is shown escaped: {}",
                run.stderr
            );
            assert!(!root.join("public").exists(), "{url:?}");
        }
        // The same value in conference.yaml: an error at its line.
        let conf = root.join("content/conference.yaml");
        let text = read(&conf);
        let quoted = serde_json::to_string(url).unwrap();
        fs::write(&conf, format!("{text}base_url: {quoted}\n")).unwrap();
        let lines = text.lines().count() + 1;
        let run = build(root, &[]);
        assert_refused(
            &run,
            root,
            1,
            &[&format!("--> content/conference.yaml:{lines}:")],
            url,
        );
        // (An escape sequence is refused earlier, as a control character no output can hold.)
        assert!(
            run.stderr.contains("invalid `base_url`") || run.stderr.contains("control character"),
            "{url:?}: {}",
            run.stderr
        );
    }
    // A good one, with or without the trailing slash, gives the same robots.txt.
    for url in ["https://example.org/pybay", "https://example.org/pybay/"] {
        let s = site("minimal");
        let root = s.path();
        let run = build(root, &["--base-url", url]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let robots = read(root.join("public/robots.txt"));
        let sitemaps: Vec<&str> = robots
            .lines()
            .filter(|l| l.starts_with("Sitemap:"))
            .collect();
        assert_eq!(
            sitemaps,
            ["Sitemap: https://example.org/pybay/sitemap.xml"],
            "{robots}"
        );
    }
}

/// A line break or escape sequence in a file name is shown escaped in the diagnostics: no
/// forged ` --> file:line` line, no raw control character on the terminal.
#[test]
fn paths_that_escape_control_characters_in_file_names_are_escaped_in_diagnostics() {
    let names = [
        (
            "evil\n --> forged.md:1:1\nx.md",
            "evil\\n --> forged.md:1:1\\nx.md",
        ),
        ("red\u{1b}[31m.md", "red\\u{1b}[31m.md"),
        ("cr\rback.md", "cr\\rback.md"),
        ("tab\tname.md", "tab\\tname.md"),
    ];
    for (name, shown) in names {
        let s = site("minimal");
        let root = s.path();
        // Broken YAML, so the file is named with a line.
        fs::write(
            root.join("content/talks").join(name),
            "---\ntitle: [\n---\n",
        )
        .unwrap();
        for cmd in ["check", "build"] {
            let run = talkgen(&[cmd], root);
            assert_eq!(run.code, 1, "{name:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!("content/talks/{shown}")),
                "{name:?} is shown as {shown}: {}",
                run.stderr
            );
            let forged = run
                .stderr
                .lines()
                .any(|l| l.trim_start().starts_with("--> forged.md"));
            assert!(!forged, "{name:?}: a forged line: {}", run.stderr);
            assert!(
                !run.stderr.contains(['\u{1b}', '\r', '\t']),
                "{name:?}: a raw control character: {:?}",
                run.stderr
            );
        }
        // JSON keeps the name exactly (JSON escapes it).
        let run = talkgen(&["check", "--format", "json"], root);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let files: Vec<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["file"].as_str())
            .collect();
        assert!(
            files.contains(&format!("content/talks/{name}").as_str()),
            "{files:?}"
        );
    }
}

/// An include cycle among the site's templates names those templates, not the built-in
/// `base.html` that includes the first of them.
#[test]
fn errors_blamed_on_the_wrong_file_include_cycle_names_the_site_templates() {
    let s = site("minimal");
    let root = s.path();
    let partials = root.join("templates/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(
        partials.join("footer.html"),
        "<footer>{% include \"partials/a.html\" %}</footer>",
    )
    .unwrap();
    fs::write(
        partials.join("a.html"),
        "A {% include \"partials/b.html\" %}",
    )
    .unwrap();
    fs::write(
        partials.join("b.html"),
        "B {% include \"partials/a.html\" %}",
    )
    .unwrap();
    for cmd in ["build", "check"] {
        let run = talkgen(&[cmd], root);
        assert_refused(
            &run,
            root,
            1,
            &[
                "--> templates/partials/a.html",
                "include cycle: templates/partials/a.html includes templates/partials/b.html \
                 includes templates/partials/a.html",
            ],
            cmd,
        );
        assert!(!run.stderr.contains("base.html"), "{}", run.stderr);
    }
}

/// Address-space limit of the import in KiB (2 GiB, as for the YAML cases).
const VMEM_KIB: u64 = 2 * 1024 * 1024;

/// `talkgen import` under the memory limit and a 600 s timeout (only a hang reaches it).
fn import_bounded(system: &str, file: &Path, root: &Path) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {VMEM_KIB} && exec timeout 600 \"$0\" \"$@\""
        ))
        .arg(BIN)
        .args(["import", system])
        .arg(file)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run talkgen");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// How many sessions and speakers the large exports hold.
const MANY: usize = 20_000;
const ROOMS: usize = 500;

/// Session `i`'s time: 40 quarter-hour slots a room, none overlapping.
fn slot(i: usize) -> (String, String) {
    let k = i / ROOMS;
    let (start, end) = (8 * 60 + k * 15, 8 * 60 + k * 15 + 15);
    let t = |m: usize| format!("2024-06-01T{:02}:{:02}:00+02:00", m / 60, m % 60);
    (t(start), t(end))
}

/// A Sessionize export: `MANY` sessions titled "Lightning talk", each by its own speaker, all
/// called "Ada Lovelace".
fn sessionize_export() -> String {
    let mut sessions = Vec::new();
    let mut speakers = Vec::new();
    for i in 0..MANY {
        let (start, end) = slot(i);
        sessions.push(serde_json::json!({
            "id": i + 1, "title": "Lightning talk", "description": "Short.",
            "startsAt": start, "endsAt": end, "isServiceSession": false,
            "speakers": [format!("s{i}")], "categoryItems": [5], "roomId": 100 + i % ROOMS,
        }));
        speakers.push(serde_json::json!({"id": format!("s{i}"), "fullName": "Ada Lovelace"}));
    }
    let rooms: Vec<_> = (0..ROOMS)
        .map(|r| serde_json::json!({"id": 100 + r, "name": format!("Room {r}")}))
        .collect();
    serde_json::json!({
        "sessions": sessions, "speakers": speakers, "rooms": rooms,
        "categories": [{"title": "Track", "items": [{"id": 5, "name": "Main"}]}],
    })
    .to_string()
}

/// The same as a c3voc (version 2) schedule: rooms by guid, speakers met in each event.
fn c3voc_export() -> String {
    let events: Vec<_> = (0..MANY)
        .map(|i| {
            let (start, end) = slot(i);
            serde_json::json!({
                "id": i + 1, "guid": format!("g{i}"), "title": "Lightning talk",
                "type": "Talk", "abstract": "Short.", "start": start, "end": end,
                "room": {"guid": format!("r{}", i % ROOMS)},
                "participants": [{"id": i + 1, "name": "Ada Lovelace"}],
            })
        })
        .collect();
    let rooms: Vec<_> = (0..ROOMS)
        .map(|r| serde_json::json!({"name": format!("Room {r}"), "guid": format!("r{r}")}))
        .collect();
    serde_json::json!({"schedule": {"version": "2", "conference": {
        "title": "Big", "time_zone_name": "Europe/Berlin", "rooms": rooms},
        "events": events}})
    .to_string()
}

/// 20,000 sessions and 20,000 speakers sharing one name (Sessionize, and pretalx's c3voc
/// schedule): every file is written under the expected slug (`lightning-talk` …
/// `lightning-talk-20000`), within the memory limit, with a report of bounded size; importing
/// it again changes nothing. Slug picking, speaker, room
/// and file lookups were each a scan per entry: the import did not finish in 10 minutes.
#[test]
fn work_that_grows_with_the_square_import_of_20000_namesakes_is_linear() {
    for (system, export) in [
        ("sessionize", sessionize_export()),
        ("pretalx", c3voc_export()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.json");
        fs::write(&file, export).unwrap();
        let root = dir.path().join("site");
        let run = import_bounded(system, &file, &root);
        assert_eq!(
            run.code,
            0,
            "{system}: {}",
            &run.stderr[..run.stderr.len().min(4000)]
        );
        assert!(
            run.stdout.len() + run.stderr.len() < 8 << 20,
            "{system}: the report is {} bytes",
            run.stdout.len() + run.stderr.len()
        );
        for (folder, base) in [("talks", "lightning-talk"), ("speakers", "ada-lovelace")] {
            let names: std::collections::BTreeSet<String> =
                fs::read_dir(root.join("content").join(folder))
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
            let expected: std::collections::BTreeSet<String> = (1..=MANY)
                .map(|n| match n {
                    1 => format!("{base}.md"),
                    n => format!("{base}-{n}.md"),
                })
                .collect();
            assert!(
                names == expected,
                "{system}: {folder}: {} files",
                names.len()
            );
        }
        let conf = read(root.join("content/conference.yaml"));
        assert_eq!(
            conf.matches("Room ").count(),
            ROOMS,
            "{system}: rooms once each"
        );
        if system != "sessionize" {
            continue; // One re-import is enough to prove the lookups of existing files.
        }
        let before = tree(&root.join("content"));
        let again = import_bounded(system, &file, &root);
        assert_eq!(again.code, 0, "{system}: re-import: {}", again.stderr);
        assert!(
            tree(&root.join("content")) == before,
            "{system}: a re-import of the same export changes nothing"
        );
    }
}
