//! `talkgen man --dir`: a page for every command, which groff renders without a warning, which
//! names every option and argument the command's `--help` names, and whose EXAMPLES are commands
//! talkgen accepts. groff comes with Debian's groff-base (`.ci/run` installs it when missing).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::docs_examples::shell_words;
use crate::support::common::{read, repo_root, talkgen};

/// Writes every page into a temp folder; returns it with the page files, `talkgen.1` first.
fn pages() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let run = talkgen(&["man", "--dir", &dir.path().to_string_lossy()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort_by_key(|f| (f != "talkgen.1", f.clone()));
    (dir, files)
}

/// The command words of a page: `talkgen-new-talk.1` → `["new", "talk"]`.
fn words_of(file: &str) -> Vec<String> {
    file.trim_end_matches(".1")
        .split('-')
        .skip(1)
        .map(String::from)
        .collect()
}

/// groff's plain-text rendering of a page (`-Tascii`, no overstrike, no hyphenation, long
/// lines), and its warnings with every warning turned on (`-ww`).
fn groff(page: &Path) -> (String, String) {
    let out = Command::new("groff")
        .args(["-man", "-Tascii", "-ww", "-P-cbou", "-rLL=200n", "-rHY=0"])
        .arg(page)
        .output()
        .expect("groff runs (Debian: apt-get install groff-base)");
    assert!(out.status.success(), "groff fails on {}", page.display());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What `--help` names: every `-x`, `--long` and `<ARG>` of its Options and Arguments sections.
fn help_names(help: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut section = "";
    for line in help.lines() {
        if !line.starts_with(' ') {
            section = line.trim_end_matches(':');
            continue;
        }
        if !matches!(section, "Options" | "Arguments") {
            continue;
        }
        // `  -o, --output <OUTPUT>  Where to write…`: the names come before the help text.
        let Some(spec) = line.trim_start().split("  ").next() else {
            continue;
        };
        for word in spec.split([' ', ',', '[', ']', '.']) {
            let is_name =
                word.starts_with('-') || (word.starts_with('<') && section == "Arguments");
            if is_name && word.len() > 1 {
                names.insert(word.trim_matches(['<', '>']).to_string());
            }
        }
    }
    names
}

#[test]
fn there_is_a_page_for_every_command() {
    let (_dir, files) = pages();
    assert_eq!(
        files,
        [
            "talkgen.1",
            "talkgen-build.1",
            "talkgen-check.1",
            "talkgen-completions.1",
            "talkgen-import.1",
            "talkgen-init.1",
            "talkgen-man.1",
            "talkgen-new-speaker.1",
            "talkgen-new-talk.1",
            "talkgen-new-template.1",
            "talkgen-new.1",
            "talkgen-release.1",
            "talkgen-serve.1",
        ]
    );
    // `talkgen man` alone prints the top-level page.
    let (dir, _) = pages();
    assert_eq!(
        talkgen(&["man"], dir.path()).stdout,
        read(dir.path().join("talkgen.1"))
    );
}

#[test]
fn pages_render_without_warnings_and_have_every_section() {
    let (dir, files) = pages();
    for file in &files {
        let (text, warnings) = groff(&dir.path().join(file));
        assert!(warnings.is_empty(), "{file}: groff warns:\n{warnings}");
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "EXAMPLES",
            "SEE ALSO",
        ] {
            assert!(
                text.lines().any(|l| l == section),
                "{file} has no {section} section:\n{text}"
            );
        }
        for var in ["NO_COLOR", "CLICOLOR_FORCE", "SOURCE_DATE_EPOCH"] {
            assert!(text.contains(var), "{file} does not name {var}");
        }
    }
}

#[test]
fn man_l_shows_each_page() {
    if Command::new("man").arg("--version").output().is_err() {
        // man-db is optional: groff above already rendered every page.
        return;
    }
    let (dir, files) = pages();
    for file in &files {
        let out = Command::new("man")
            .arg("-l")
            .arg(dir.path().join(file))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "man -l {file}");
        assert!(text.contains("EXAMPLES"), "{file}:\n{text}");
    }
}

#[test]
fn every_option_of_help_is_on_the_page() {
    let (dir, files) = pages();
    let mut checked = 0;
    for file in &files {
        let words = words_of(file);
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let help = talkgen(&args, &repo_root());
        assert_eq!(help.code, 0, "{args:?}: {}", help.stderr);
        let names = help_names(&help.stdout);
        assert!(names.contains("--help"), "{file}: {names:?}");
        let (text, _) = groff(&dir.path().join(file));
        let options = text
            .split("\nOPTIONS\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{file}: no OPTIONS"));
        let options = options.split("\nEXIT STATUS\n").next().unwrap();
        for name in &names {
            let shown = if name.starts_with('-') {
                options.contains(name.as_str())
            } else {
                options.contains(&format!("<{name}>"))
            };
            assert!(
                shown,
                "{file}: `{name}` from --help is not in OPTIONS:\n{options}"
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} options compared");
}

#[test]
fn every_example_on_a_page_is_a_command_talkgen_accepts() {
    let (dir, files) = pages();
    let mut checked = 0;
    for file in &files {
        let (text, _) = groff(&dir.path().join(file));
        let examples = text.split("\nEXAMPLES\n").nth(1).unwrap();
        let examples = examples.split("\nSEE ALSO\n").next().unwrap();
        let mut found = 0;
        for line in examples.lines().map(str::trim) {
            let Some(rest) = line.strip_prefix("talkgen ") else {
                continue;
            };
            let rest = rest.split(['|', '>']).next().unwrap();
            let mut args = shell_words(rest);
            args.push("--help".into());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = talkgen(&args, &repo_root());
            assert_eq!(run.code, 0, "{file}: `{line}` is refused:\n{}", run.stderr);
            found += 1;
        }
        assert!(found > 0, "{file} has no talkgen command in EXAMPLES");
        checked += found;
    }
    assert!(checked >= 25, "{checked}");
}

#[test]
fn version_names_the_commit_when_built_from_git() {
    let run = talkgen(&["--version"], &repo_root());
    assert_eq!(run.code, 0);
    let version = run.stdout.trim();
    let expected = format!("talkgen {}", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected), "{version}");
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo_root())
        .output();
    if let Some(head) = head.ok().filter(|o| o.status.success()) {
        let head = String::from_utf8_lossy(&head.stdout);
        // The binary may be a commit behind HEAD only if it was built before the last commit;
        // cargo rebuilds it when HEAD moves, so here they agree.
        let commit = version
            .strip_prefix(&format!("{expected} ("))
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no commit in `{version}`"));
        let hash = commit.trim_end_matches("-modified");
        assert_eq!(hash.len(), 12, "{version}");
        assert!(head.starts_with(hash), "{version} is not HEAD {head}");
    }
}
