//! Shell completion that calls back into the binary (clap_complete's dynamic completion): the
//! shell's script runs `COMPLETE=bash talkgen -- WORDS...` at each Tab, so `--speaker`,
//! `--track` and `new template` offer the names of the site being typed in, not only the
//! subcommands and options a static script knows.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::{CompleteEnv, Shells};

/// The environment variable the registration script sets to ask for candidates; also how a
/// user gets the script without the `completions` subcommand (`COMPLETE=bash talkgen`).
const VAR: &str = "COMPLETE";

/// The site the candidates are read from: `--root` among the words being completed, else the
/// current folder or the nearest one above holding a site. Set once, before clap_complete
/// calls the candidate functions (which get no other arguments).
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Answers a completion request about `command` (the CLI's, passed in so that the arguments
/// can name this module's candidates without a circle) and exits when `COMPLETE` is set; otherwise returns at once.
/// Candidates never come with an error message: a failed request exits 1, which the scripts
/// take as "no candidates".
pub(crate) fn complete_from_env(command: fn() -> clap::Command) {
    if std::env::var_os(VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    let asks_candidates = args.iter().skip_while(|a| *a != "--").nth(1).is_some();
    let _ = ROOT.set(site_root(&args));
    let current_dir = std::env::current_dir().ok();
    match CompleteEnv::with_factory(command)
        .var(VAR)
        .try_complete(args, current_dir.as_deref())
    {
        Ok(false) => {}
        Ok(true) => std::process::exit(0),
        Err(_) if asks_candidates => std::process::exit(1),
        Err(e) => e.exit(),
    }
}

/// `talkgen completions SHELL`: the script that registers the dynamic completion, calling this
/// binary by the name or path it was started with (as `COMPLETE=SHELL talkgen` prints it).
pub(crate) fn registration(shell: clap_complete::Shell) -> talkgen::Result<Vec<u8>> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        return Err(talkgen::Error::Refused(format!(
            "no dynamic completion for {name}\n  = help: `talkgen completions --static {name}`"
        )));
    };
    let mut program = PathBuf::from(std::env::args_os().next().unwrap_or("talkgen".into()));
    if program.components().count() > 1 {
        if let Ok(here) = std::env::current_dir() {
            program = here.join(program);
        }
    }
    let mut script = Vec::new();
    completer
        .write_registration(
            VAR,
            "talkgen",
            "talkgen",
            &program.to_string_lossy(),
            &mut script,
        )
        .map_err(|e| talkgen::Error::io(Path::new("<stdout>"), e))?;
    Ok(script)
}

/// Candidates for `new talk --speaker`: the site's speaker slugs.
pub(crate) fn speakers() -> ArgValueCandidates {
    ArgValueCandidates::new(|| candidates(talkgen::scaffold::names::speakers(root())))
}

/// Candidates for `new talk --track`: the site's track slugs.
pub(crate) fn tracks() -> ArgValueCandidates {
    ArgValueCandidates::new(|| candidates(talkgen::scaffold::names::tracks(root())))
}

/// Candidates for `new template NAME`: the built-in templates the site has no copy of yet.
pub(crate) fn templates() -> ArgValueCandidates {
    ArgValueCandidates::new(|| candidates(talkgen::scaffold::names::templates(root())))
}

fn candidates<S: Into<OsString>>(names: Vec<S>) -> Vec<CompletionCandidate> {
    names.into_iter().map(CompletionCandidate::new).collect()
}

fn root() -> &'static Path {
    ROOT.get().map_or(Path::new("."), PathBuf::as_path)
}

/// The site the words being completed (after the script's `--`) work on, found as the
/// commands find it: `--root DIR` (bash splits `--root=DIR` into three words), else the
/// current folder or the nearest one above with content/conference.yaml.
fn site_root(args: &[OsString]) -> PathBuf {
    let mut words = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .map(|w| w.to_string_lossy());
    let mut given: Option<String> = None;
    while let Some(word) = words.next() {
        if word == "--root" {
            given = words.next().map(|w| w.into_owned());
            if given.as_deref() == Some("=") {
                given = words.next().map(|w| w.into_owned());
            }
        } else if let Some(dir) = word.strip_prefix("--root=") {
            given = Some(dir.to_string());
        }
    }
    match given {
        // The shell has not expanded a `~` in the word being typed.
        Some(dir) => match (dir.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => PathBuf::from(dir),
        },
        None => std::env::current_dir()
            .ok()
            .and_then(|here| {
                here.ancestors()
                    .find(|d| super::is_site(d))
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| PathBuf::from(".")),
    }
}
