//! The terminal: what `talkgen` prints while and after it works.
//!
//! The library reports progress through a [`ProgressHook`] in [`talkgen::BuildOptions`] and
//! `serve`'s rebuilds through a [`Report`]; [`Reporter`] draws both: an `indicatif` bar when
//! stderr is a terminal, plain lines when it is not (CI logs), nothing with `--quiet`. Colour
//! goes through `anstream`, which drops it when the stream is not a terminal or `NO_COLOR` is set.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use talkgen::diagnostics::{render, Error};
use talkgen::progress::{Progress, ProgressHook, Report, PLAIN_PROGRESS_MIN_PAGES};
use talkgen::BuildSummary;

/// How much the command prints (`--quiet`, default, `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Warnings, progress on a terminal, and a final summary.
    Normal,
    /// Also each stage of the build with its time, and every file `init` writes.
    Verbose,
}

impl Verbosity {
    pub fn from_flags(quiet: bool, verbose: bool) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

const GOOD: Style = AnsiColor::Green.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const BAD: Style = AnsiColor::Red.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Prints what a command does, in the chosen [`Verbosity`].
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    pub verbosity: Verbosity,
}

impl Reporter {
    pub fn new(verbosity: Verbosity) -> Reporter {
        Reporter { verbosity }
    }

    /// A status line on stdout, its first word highlighted ("Built ...", "Created ...").
    pub fn status(&self, line: &str) {
        if self.verbosity >= Verbosity::Normal {
            let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
            anstream::println!("{GOOD}{head}{GOOD:#} {rest}");
        }
    }

    /// A plain line on stdout (paths written, next steps).
    pub fn line(&self, line: &str) {
        if self.verbosity >= Verbosity::Normal {
            anstream::println!("{line}");
        }
    }

    /// A line on stdout only with `--verbose`.
    pub fn detail(&self, line: &str) {
        if self.verbosity >= Verbosity::Verbose {
            anstream::println!("{DIM}{line}{DIM:#}");
        }
    }

    /// Warnings go to stderr unless `--quiet`, rustc-style with their source lines read from
    /// the site at `root` (see docs/diagnostics.md).
    pub fn warnings(&self, warnings: &talkgen::Diagnostics, root: &Path) {
        if self.verbosity >= Verbosity::Normal && !warnings.is_empty() {
            anstream::eprint!("{}", render::text(&self.readable(warnings), root, true));
        }
    }

    /// Thousands of one warning summarised, unless `--verbose` (docs/diagnostics.md).
    fn readable(&self, d: &talkgen::Diagnostics) -> talkgen::Diagnostics {
        if self.verbosity >= Verbosity::Verbose {
            d.clone()
        } else {
            d.summarised()
        }
    }

    /// An error, always, on stderr.
    pub fn error(&self, e: &Error) {
        anstream::eprintln!("{}", styled(&e.to_string()));
    }

    /// An error of a command on the site at `root`: content problems are drawn rustc-style with
    /// their source lines; anstream drops the colour where it does not belong.
    pub fn error_in(&self, e: &Error, root: &Path) {
        match e {
            // `--quiet` prints only errors, also among a failed build's problems.
            Error::Content(all) if self.verbosity < Verbosity::Normal => {
                let errors = all.iter().filter(|d| d.is_error()).cloned().collect();
                let e = Error::Content(errors);
                anstream::eprintln!("{}", render::error_text(&e, root, true));
            }
            Error::Content(all) => {
                let e = Error::Content(self.readable(all));
                anstream::eprintln!("{}", render::error_text(&e, root, true));
            }
            other => self.error(other),
        }
    }

    /// What `talkgen check` found: errors always, warnings unless `--quiet`, then one line.
    pub fn check_report(&self, found: &talkgen::Diagnostics, root: &Path) {
        let shown: talkgen::Diagnostics = found
            .iter()
            .filter(|d| d.is_error() || self.verbosity >= Verbosity::Normal)
            .cloned()
            .collect();
        anstream::eprint!("{}", render::text(&self.readable(&shown), root, true));
        if found.has_errors() || self.verbosity >= Verbosity::Normal {
            anstream::eprintln!("{}", styled(&render::check_summary(found)));
        }
    }

    /// The summary of a finished build: warnings, then one line on stdout.
    pub fn build_summary(&self, summary: &BuildSummary, root: &Path) {
        self.warnings(&summary.warnings, root);
        self.status(&summary.to_string());
        if !summary.warnings.is_empty() {
            let n = summary.warnings.len();
            self.detail(&format!("{n} warning{}", if n == 1 { "" } else { "s" }));
        }
    }

    /// What `talkgen init` wrote, and what to do next.
    pub fn init_report(&self, report: &talkgen::scaffold::InitReport) {
        let dir = report.dir.display();
        if report.written.is_empty() {
            self.status(&format!("Kept {dir} as it was: it has every starter file"));
        } else {
            self.status(&format!(
                "Created a talkgen site in {dir} ({} files)",
                report.written.len()
            ));
        }
        for f in &report.written {
            self.detail(&format!("  wrote {}", report.dir.join(f).display()));
        }
        for f in &report.kept {
            self.line(&format!(
                "  kept the existing {}",
                report.dir.join(f).display()
            ));
        }
        let root = if report.dir == std::path::Path::new(".") {
            String::new()
        } else {
            format!(" --root {dir}")
        };
        self.line(&format!(
            "Next: `talkgen build{root}` writes the site into {}; \
             `talkgen new talk \"Title\"{root}` adds a talk.",
            report.dir.join("public").display()
        ));
    }

    /// The path `talkgen new` wrote, with the choices made for the user.
    pub fn created(&self, kind: &str, created: &talkgen::scaffold::Created) {
        self.status(&format!(
            "Created {kind} `{}`: {}",
            created.name,
            created.path.display()
        ));
        for note in &created.notes {
            self.line(&format!("  note: {note}"));
        }
    }

    /// A hook that shows build progress: a bar on a terminal, plain lines otherwise, nothing
    /// with `--quiet`. Call [`BuildProgress::finish`] when the build returns.
    pub fn build_progress(&self) -> BuildProgress {
        let on_terminal = std::io::stderr().is_terminal();
        BuildProgress::new(self.verbosity, on_terminal)
    }
}

impl Report for Reporter {
    fn status(&self, line: &str) {
        Reporter::status(self, line)
    }
    fn line(&self, line: &str) {
        Reporter::line(self, line)
    }
    fn warnings(&self, warnings: &talkgen::Diagnostics, root: &Path) {
        Reporter::warnings(self, warnings, root)
    }
    fn error(&self, e: &Error, root: &Path) {
        self.error_in(e, root)
    }
}

/// Highlights the `error:`, `warning:` and `= help:` words of a rendered diagnostic.
fn styled(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut done = false;
        for (prefix, style) in [
            ("error:", BAD),
            ("warning:", WARN),
            ("  = help:", NOTE),
            ("  -->", NOTE),
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                out.push_str(&format!("{style}{prefix}{style:#}{rest}"));
                done = true;
                break;
            }
        }
        if !done {
            out.push_str(line);
        }
    }
    out
}

/// The state behind a build's [`ProgressHook`].
pub struct BuildProgress {
    hook: Option<ProgressHook>,
    bar: Option<ProgressBar>,
}

struct PlainState {
    started: Instant,
    last_quarter: usize,
    show_pages: bool,
}

impl BuildProgress {
    fn new(verbosity: Verbosity, on_terminal: bool) -> BuildProgress {
        if verbosity == Verbosity::Quiet {
            return BuildProgress {
                hook: None,
                bar: None,
            };
        }
        let verbose = verbosity == Verbosity::Verbose;
        let started = Instant::now();
        if on_terminal {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message("Loading content");
            bar.enable_steady_tick(Duration::from_millis(100));
            let b = bar.clone();
            let hook = ProgressHook::new(move |p| match p {
                Progress::Loaded {
                    talks,
                    speakers,
                    pages,
                } => {
                    if verbose {
                        b.println(format!(
                            "loaded {talks} talks and {speakers} speakers in {:.2?}",
                            started.elapsed()
                        ));
                    }
                    b.set_message("Rendering");
                    b.set_length(pages as u64);
                    b.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {msg} [{bar:30}] {pos}/{len} pages",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    );
                }
                Progress::PageWritten { .. } => b.inc(1),
                Progress::Finishing => {
                    if verbose {
                        b.println(format!(
                            "rendered {} pages at {:.2?}",
                            b.position(),
                            started.elapsed()
                        ));
                    }
                    b.set_message("Finishing");
                }
            });
            return BuildProgress {
                hook: Some(hook),
                bar: Some(bar),
            };
        }
        let state = Mutex::new(PlainState {
            started,
            last_quarter: 0,
            show_pages: verbose,
        });
        let hook = ProgressHook::new(move |p| {
            let Ok(mut st) = state.lock() else { return };
            let line = match p {
                Progress::Loaded {
                    talks,
                    speakers,
                    pages,
                } => {
                    st.show_pages = verbose || pages >= PLAIN_PROGRESS_MIN_PAGES;
                    st.show_pages.then(|| {
                        format!(
                            "loaded {talks} talks and {speakers} speakers in {:.2?}; \
                             rendering {pages} pages",
                            st.started.elapsed()
                        )
                    })
                }
                Progress::PageWritten { done, total } => {
                    let quarter = done * 4 / total.max(1);
                    if st.show_pages && quarter > st.last_quarter {
                        st.last_quarter = quarter;
                        Some(format!("rendered {done}/{total} pages"))
                    } else {
                        None
                    }
                }
                Progress::Finishing => st
                    .show_pages
                    .then(|| format!("copying static/ at {:.2?}", st.started.elapsed())),
            };
            if let Some(line) = line {
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "{line}");
            }
        });
        BuildProgress {
            hook: Some(hook),
            bar: None,
        }
    }

    /// The hook to put into [`talkgen::BuildOptions::progress`].
    pub fn hook(&self) -> Option<ProgressHook> {
        self.hook.clone()
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_marks_only_prefixes() {
        let s = styled("error: bad\n  --> a.md:1:2\n  = help: fix it\nplain error: x");
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], format!("{BAD}error:{BAD:#} bad"));
        assert_eq!(lines[1], format!("{NOTE}  -->{NOTE:#} a.md:1:2"));
        assert_eq!(lines[2], format!("{NOTE}  = help:{NOTE:#} fix it"));
        assert_eq!(
            lines[3], "plain error: x",
            "only a line's first word is styled"
        );
    }

    #[test]
    fn verbosity_from_flags() {
        assert_eq!(Verbosity::from_flags(true, true), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(false, true), Verbosity::Verbose);
        assert_eq!(Verbosity::from_flags(false, false), Verbosity::Normal);
    }
}
