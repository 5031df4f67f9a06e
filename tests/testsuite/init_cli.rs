//! Terminal output of the `talkgen` command: quiet/verbose, progress, colour, completions, man
//! page and version.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::common::{self, talkgen, BIN};

fn starter() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let run = talkgen(&["init"], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    tmp
}

/// True when `s` holds an ANSI colour/style sequence (SGR: ESC [ ... m).
fn has_sgr(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let params: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        if rest[params.len()..].starts_with('m') {
            return true;
        }
    }
    false
}

/// `s` without SGR sequences.
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let n = tail
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .count();
        if tail[n..].starts_with('m') {
            rest = &tail[n + 1..];
        } else {
            out.push_str("\x1b[");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Runs talkgen inside a pseudo-terminal (util-linux `script`), stdout and stderr merged.
fn on_terminal(args: &str, cwd: &Path, no_color: bool) -> String {
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("TERM", "xterm-256color");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("run script(1)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn version_is_the_crate_version() {
    let run = talkgen(&["--version"], Path::new("."));
    assert_eq!(run.code, 0);
    // Built from git, the commit follows: `talkgen 0.1.0 (3f2a9c1b7e4d)` (man_pages.rs checks it).
    let version = run.stdout.trim();
    assert!(
        version == format!("talkgen {}", env!("CARGO_PKG_VERSION"))
            || version.starts_with(&format!("talkgen {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_on_failure() {
    let site = starter();
    let run = talkgen(&["build", "--quiet"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    fs::write(
        site.path().join("content/talks/bad.md"),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    let run = talkgen(&["-q", "build"], site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/talks/bad.md"),
        "{}",
        run.stderr
    );
    let run = talkgen(&["-q", "new", "speaker", "Ada Example"], site.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
}

#[test]
fn quiet_and_verbose_conflict_as_a_usage_error() {
    let run = talkgen(&["build", "-q", "-v"], Path::new("."));
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn verbose_shows_the_stages_and_default_does_not_on_a_small_site() {
    let site = starter();
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "", "a small build prints only its summary");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let run = talkgen(&["build", "--verbose"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("loaded 2 talks and 2 speakers"),
        "{}",
        run.stderr
    );
    // 21 (with the agenda page): the starter's talks use two of the three levels, and an unused
    // level has no page.
    assert!(
        run.stderr.contains("rendered 21/21 pages"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.starts_with("Built 2 talks"), "{}", run.stdout);
}

#[test]
fn a_large_site_gets_plain_progress_lines_off_a_terminal() {
    let site = starter();
    let talks = site.path().join("content/talks");
    let n = talkgen::progress::PLAIN_PROGRESS_MIN_PAGES;
    for i in 0..n {
        fs::write(
            talks.join(format!("t{i}.md")),
            format!(
                "---\ntitle: Talk {i}\nspeakers: [ada-example]\ntrack: main\n\
                 description: Number {i}.\n---\nBody.\n"
            ),
        )
        .unwrap();
    }
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(lines[0].starts_with("loaded 502 talks"), "{}", run.stderr);
    let rendered = lines.iter().filter(|l| l.starts_with("rendered ")).count();
    assert_eq!(rendered, 4, "one line per quarter: {}", run.stderr);
    assert!(!run.stderr.contains('\r') && !run.stderr.contains('\x1b'));
    assert!(!has_sgr(&run.stdout));
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = starter();
    let plain = talkgen(&["build"], site.path());
    assert!(!has_sgr(&plain.stdout) && !has_sgr(&plain.stderr));
    let tty = on_terminal("build", site.path(), false);
    assert!(strip_sgr(&tty).contains("Built 2 talks"), "{tty:?}");
    assert!(has_sgr(&tty), "colour expected on a terminal: {tty:?}");
    assert!(tty.contains("pages"), "a progress bar is drawn: {tty:?}");
    let forced = Command::new(BIN)
        .arg("build")
        .current_dir(site.path())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        has_sgr(&String::from_utf8_lossy(&forced.stdout)),
        "CLICOLOR_FORCE=1 forces it"
    );
    let tty = on_terminal("build", site.path(), true);
    assert!(tty.contains("Built 2 talks"), "{tty:?}");
    assert!(!has_sgr(&tty), "NO_COLOR must win: {tty:?}");
}

#[test]
fn static_completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef talkgen"),
        ("fish", "complete -c talkgen"),
        ("elvish", "talkgen"),
        ("powershell", "talkgen"),
    ] {
        let run = talkgen(&["completions", "--static", shell], Path::new("."));
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}");
        for sub in ["build", "init", "new"] {
            assert!(run.stdout.contains(sub), "{shell} completes {sub}");
        }
    }
    let run = talkgen(&["completions", "tcsh"], Path::new("."));
    assert_eq!(run.code, 2);
}

#[test]
fn static_bash_completion_is_valid_bash_and_completes() {
    let run = talkgen(&["completions", "--static", "bash"], Path::new("."));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talkgen.bash");
    fs::write(&file, &run.stdout).unwrap();
    // Load the script, complete `talkgen new <TAB>` and print the candidates.
    let script = format!(
        "source '{}'; COMP_WORDS=(talkgen new ''); COMP_CWORD=2; COMP_LINE='talkgen new '; \
         COMP_POINT=${{#COMP_LINE}}; _talkgen talkgen '' new; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{out:?}");
    let words = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = words.lines().collect();
    assert!(
        words.contains(&"talk") && words.contains(&"speaker"),
        "{words:?}"
    );
}

#[test]
fn man_page_is_roff_from_the_cli_definitions() {
    let run = talkgen(&["man"], Path::new("."));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(".ie \\n(.g") || run.stdout.contains(".TH talkgen"));
    assert!(
        run.stdout.contains(".TH talkgen 1"),
        "{}",
        &run.stdout[..200]
    );
    for word in [
        "build",
        "init",
        "new",
        "completions",
        "\\-\\-quiet",
        "\\-\\-verbose",
    ] {
        assert!(run.stdout.contains(word), "man page mentions {word}");
    }
    assert!(run.stdout.contains(env!("CARGO_PKG_VERSION")));
    assert!(
        run.stdout.contains("Exit codes: 0 success, 1 problems"),
        "exit codes documented"
    );
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = talkgen(&["man", "--dir", &out.to_string_lossy()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "talkgen.1",
        "talkgen-build.1",
        "talkgen-init.1",
        "talkgen-new-talk.1",
    ] {
        let text = common::read(out.join(page));
        assert!(text.contains(".TH"), "{page}");
    }
    let build = common::read(out.join("talkgen-build.1"));
    assert!(build.contains("base\\-url"), "{build}");
}

#[test]
fn build_reports_every_page_through_the_progress_hook() {
    use std::sync::{Arc, Mutex};
    use talkgen::{BuildOptions, Progress, ProgressHook};

    let site = starter();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let mut opts = BuildOptions::new(site.path());
    opts.progress = Some(ProgressHook::new(move |p| sink.lock().unwrap().push(p)));
    let summary = talkgen::build(&opts).unwrap();
    let events = events.lock().unwrap();
    assert_eq!(
        events.first(),
        Some(&Progress::Loaded {
            talks: 2,
            speakers: 2,
            pages: summary.pages
        })
    );
    assert_eq!(events.last(), Some(&Progress::Finishing));
    let mut done: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            Progress::PageWritten { done, total } => {
                assert_eq!(*total, summary.pages);
                Some(*done)
            }
            _ => None,
        })
        .collect();
    done.sort();
    assert_eq!(done, (1..=summary.pages).collect::<Vec<_>>());
}
