//! Problems found in a site, as values that carry the file and the position.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the first problem, so an
//! organiser sees everything that is wrong in one run. Turning them into text is this module's
//! job alone: [`render`] draws them rustc-style (the source line with a caret under the span) or
//! as JSON for editors and CI.

pub mod render;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a file, 1-based as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Position {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// A position and how many characters from it the problem spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub position: Position,
    pub len: usize,
}

impl From<Position> for Place {
    fn from(position: Position) -> Place {
        Place { position, len: 0 }
    }
}

impl From<(Position, usize)> for Place {
    fn from((position, len): (Position, usize)) -> Place {
        Place { position, len }
    }
}

/// One problem: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// `None` when the problem is the file as a whole (unreadable, a symlink).
    pub position: Option<Position>,
    /// How many characters from `position` the problem spans, for the caret line (0: a point).
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            len: 0,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets where the problem is: a [`Position`], or `(Position, len)` to underline a span.
    pub fn at(mut self, place: impl Into<Place>) -> Diagnostic {
        let place = place.into();
        self.position = Some(place.position);
        self.len = place.len;
        self
    }

    /// Marks `len` characters from the position as the span to underline.
    pub fn span(mut self, len: usize) -> Diagnostic {
        self.len = len;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}\n  --> {}", self.message, self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }
    /// `--strict`: every warning becomes an error, so it fails the command.
    pub fn deny_warnings(&mut self) {
        for d in &mut self.0 {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
                d.message.push_str(" (a warning, denied by --strict)");
            }
        }
    }
    /// Stable order for output: errors first (the one real error never scrolls away behind
    /// warnings), then by file and position, so runs are comparable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (std::cmp::Reverse(a.severity), &a.file, a.position).cmp(&(
                std::cmp::Reverse(b.severity),
                &b.file,
                b.position,
            ))
        });
    }

    /// The list as a person reads it: a kind of warning found more than [`SUMMARY_AFTER`] times
    /// (the same message but for its `quoted` names) keeps its first [`SUMMARY_SHOWN`] and
    /// one summary in place of the rest, with the count and the next files. Errors are never
    /// summarised. `--verbose` and `--format json` show the whole list.
    pub fn summarised(&self) -> Diagnostics {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for d in self.0.iter().filter(|d| !d.is_error()) {
            *counts.entry(kind_of(&d.message)).or_default() += 1;
        }
        if counts.values().all(|&n| n <= SUMMARY_AFTER) {
            return self.clone();
        }
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        let mut rest: std::collections::HashMap<String, Vec<&Diagnostic>> = Default::default();
        let mut out = Vec::new();
        // Where each kind's summary goes: after its last one shown.
        let mut slots: Vec<(usize, String)> = Vec::new();
        for d in &self.0 {
            if d.is_error() {
                out.push(d.clone());
                continue;
            }
            let kind = kind_of(&d.message);
            if counts[&kind] <= SUMMARY_AFTER {
                out.push(d.clone());
                continue;
            }
            let n = seen.entry(kind.clone()).or_default();
            *n += 1;
            if *n <= SUMMARY_SHOWN {
                out.push(d.clone());
                if *n == SUMMARY_SHOWN {
                    slots.push((out.len(), kind));
                }
            } else {
                rest.entry(kind).or_default().push(d);
            }
        }
        for (at, kind) in slots.into_iter().rev() {
            let Some(more) = rest.get(&kind) else {
                continue;
            };
            let files: Vec<String> = (more.iter().take(SUMMARY_FILES))
                .map(|d| d.file.to_string_lossy().replace('\\', "/"))
                .collect();
            let left = more.len().saturating_sub(SUMMARY_FILES);
            let and = if left > 0 {
                format!(", and {left} more")
            } else {
                String::new()
            };
            let summary = Diagnostic::warning(
                &more[0].file,
                format!(
                    "{} more warnings like the one above ({} in all): {kind}",
                    more.len(),
                    more.len() + SUMMARY_SHOWN
                ),
            )
            .with_help(format!(
                "in {}{and}; `--verbose` or `talkgen check --format json` lists every one",
                files.join(", ")
            ));
            out.insert(at, summary);
        }
        Diagnostics(out)
    }
}

/// More warnings of one kind than this are summarised (see [`Diagnostics::summarised`]).
pub const SUMMARY_AFTER: usize = 10;
/// How many of a summarised kind are shown in full.
pub const SUMMARY_SHOWN: usize = 3;
/// How many files of the rest a summary names.
pub const SUMMARY_FILES: usize = 5;

/// A message's kind: the message with each `quoted` part and each (parenthesised) part as
/// `…` and each run of digits as `N` (`talk `a` has no description` → `talk `…` has no
/// description`; `5 talks have the same title `x`` → `N talks have the same title `…``).
fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let (mut quoted, mut depth) = (false, 0usize);
    let mut last_digit = false;
    for c in message.chars() {
        match c {
            '`' if depth == 0 => {
                out.push(c);
                if !quoted {
                    out.push('…');
                }
                quoted = !quoted;
            }
            '(' if !quoted => {
                if depth == 0 {
                    out.push_str("(…)");
                }
                depth += 1;
            }
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if quoted || depth > 0 => {}
            d if d.is_ascii_digit() => {
                if !last_digit {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
        last_digit = c.is_ascii_digit() && !quoted && depth == 0;
    }
    out
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Diagnostics {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a talkgen command.
#[derive(Debug)]
pub enum Error {
    /// The site's content or templates are wrong; every problem found is listed.
    Content(Diagnostics),
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// talkgen refused to do something destructive or impossible (e.g. replace `src/`).
    Refused(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The documented exit code: 1 for content problems, 2 for usage and I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            Error::Io { .. } | Error::Refused(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(d) => {
                write!(f, "{d}")?;
                let n = d.error_count();
                write!(
                    f,
                    "error: the site has {n} problem{}; nothing was written",
                    if n == 1 { "" } else { "s" }
                )
            }
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Refused(why) => write!(f, "error: {why}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_ignore_names_numbers_and_parentheses() {
        assert_eq!(
            kind_of("talk `a-1` has no description"),
            "talk `…` has no description"
        );
        assert_eq!(
            kind_of("12 talks have the same title `Rust (2)`"),
            "N talks have the same title `…`"
        );
        assert_eq!(
            kind_of("speaker `x` is booked in two places at once: talk `b` (2024-05-04 10:15, A) and talk `c` (…, B)"),
            "speaker `…` is booked in two places at once: talk `…` (…) and talk `…` (…)"
        );
    }

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::error("content/talks/a.md", "unknown speaker `wesley`")
            .at(Position::new(3, 12))
            .with_help("did you mean `wesley-chun`?");
        let text = d.to_string();
        assert!(text.contains("content/talks/a.md:3:12"), "{text}");
        assert!(text.contains("did you mean `wesley-chun`?"), "{text}");
    }
}
