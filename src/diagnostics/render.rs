//! Drawing diagnostics for people (rustc-style, with annotate-snippets) and for tools (JSON).
//!
//! annotate-snippets is the renderer rustc itself uses, so the text looks like what Rust users
//! already read: the message, ` --> file:line:col`, the source line with a caret under the span,
//! and a `help:` line. The source is read back from the site at render time, so a diagnostic
//! stays a small value while it is collected.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::{json, Value};

use super::{Diagnostic, Diagnostics, Error, Severity};

/// The text of every diagnostic, each followed by a blank line, reading source lines under `root`.
/// With `color`, ANSI styles are included; the binary prints through anstream, which drops them
/// when stderr is not a terminal or `NO_COLOR` is set.
pub fn text(diags: &Diagnostics, root: &Path, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = Sources::new(root);
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&one(d, &renderer, &mut sources));
        out.push_str("\n\n");
    }
    out
}

/// What a failed command prints on stderr: every diagnostic drawn with its source line, then the
/// one-line summary; other errors as their one line.
pub fn error_text(e: &Error, root: &Path, color: bool) -> String {
    match e {
        Error::Content(d) => {
            let n = d.error_count();
            format!(
                "{}error: the site has {n} problem{}; nothing was written",
                text(d, root, color),
                if n == 1 { "" } else { "s" }
            )
        }
        other => other.to_string(),
    }
}

/// The last line of `talkgen check`: `ok` or the counts.
pub fn check_summary(d: &Diagnostics) -> String {
    let (e, w) = (d.error_count(), d.warning_count());
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if e == 0 {
        format!("check: the site is valid ({w} warning{})", plural(w))
    } else {
        format!(
            "error: check found {e} error{} and {w} warning{}",
            plural(e),
            plural(w)
        )
    }
}

/// One diagnostic as text, without colour; the source line is read from `root` when possible.
pub fn text_one(d: &Diagnostic, root: &Path) -> String {
    one(d, &Renderer::plain(), &mut Sources::new(root))
}

fn one(d: &Diagnostic, renderer: &Renderer, sources: &mut Sources) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = escaped(&display_path(&d.file)).into_owned();
    let message = escaped(&d.message);
    let mut group = Group::with_title(level.primary_title(message.as_ref()));
    let line_text = d.position.and_then(|p| sources.line(&d.file, p.line));
    match (d.position, line_text) {
        (Some(p), Some(line)) => {
            let span = byte_span(&line, p.column, d.len);
            group = group.element(
                Snippet::source(line)
                    .line_start(p.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        (Some(p), None) => {
            group = group.element(Origin::path(path).line(p.line).char_column(p.column));
        }
        (None, _) => group = group.element(Origin::path(path)),
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(escaped(help)));
    }
    renderer.render(&[group])
}

/// `text` with every control character written as an escape (`\n`, `\t`, `\u{1b}`): file
/// names and messages (which quote names, paths and values from the site) are drawn on one
/// line each, so a line break in a file name cannot forge a ` --> file:line` line, and an
/// escape sequence cannot restyle or clear the terminal. Applied here, to every diagnostic.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The byte range in `line` of `len` characters from the 1-based character `column`, clamped to
/// the line so a position past its end still renders (as a caret after the last character).
fn byte_span(line: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = if len == 0 {
        // A point: underline one character, or nothing past the end.
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        byte_at(column.saturating_sub(1) + len)
    };
    start..end.max(start)
}

/// `content/talks/a.md`, with `/` on every platform so messages and JSON are stable.
fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Source files read once each, as normalised text (BOM dropped, CRLF and CR as LF, bad bytes
/// as U+FFFD).
struct Sources {
    root: PathBuf,
    files: HashMap<PathBuf, Option<Vec<String>>>,
}

impl Sources {
    fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    fn line(&mut self, file: &Path, line: usize) -> Option<String> {
        let root = &self.root;
        let lines = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            let path = root.join(file);
            // Only regular files: a FIFO would block and a huge file is not worth a snippet.
            let meta = std::fs::metadata(&path).ok()?;
            if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
                return None;
            }
            let bytes = std::fs::read(&path).ok()?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            // Line ends as `load::decode` counts them: CRLF, lone CR and LF.
            let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
            Some(text.split(['\n', '\r']).map(str::to_owned).collect())
        });
        let text = lines.as_ref()?.get(line.checked_sub(1)?)?;
        // A snippet of a multi-megabyte line helps nobody; keep the message, drop the snippet.
        (text.len() <= 4096).then(|| text.clone())
    }
}

/// The JSON document `talkgen check --format json` prints (documented in docs/diagnostics.md).
pub fn json(diags: &Diagnostics) -> String {
    let list: Vec<Value> = diags.iter().map(json_one).collect();
    let doc = json!({
        "version": 1,
        "errors": diags.error_count(),
        "warnings": diags.warning_count(),
        "diagnostics": list,
    });
    doc.to_string()
}

fn json_one(d: &Diagnostic) -> Value {
    let (line, column, end_column) = match d.position {
        Some(p) => (
            json!(p.line),
            json!(p.column),
            json!(p.column + d.len.max(1)),
        ),
        None => (Value::Null, Value::Null, Value::Null),
    };
    json!({
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "file": display_path(&d.file),
        "line": line,
        "column": column,
        "end_column": end_column,
        "message": d.message,
        "help": d.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn caret_under_the_span_with_path_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/talks")).unwrap();
        std::fs::write(
            dir.path().join("content/talks/a.md"),
            "---\ntitle: A\nspeakers: [wesley-chn]\n---\n",
        )
        .unwrap();
        let d = Diagnostic::error("content/talks/a.md", "unknown speaker `wesley-chn`")
            .at(Position::new(3, 12))
            .span(10)
            .with_help("did you mean `wesley-chun`?");
        let text = text_one(&d, dir.path());
        assert!(text.contains("content/talks/a.md:3:12"), "{text}");
        assert!(text.contains("speakers: [wesley-chn]"), "{text}");
        assert!(text.contains("^^^^^^^^^^"), "{text}");
        assert!(!text.contains("^^^^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `wesley-chun`?"), "{text}");
    }

    #[test]
    fn missing_source_still_names_the_place() {
        let d = Diagnostic::error("content/talks/gone.md", "boom").at(Position::new(7, 2));
        let text = text_one(&d, Path::new("/nonexistent"));
        assert!(text.contains("content/talks/gone.md:7:2"), "{text}");
    }

    #[test]
    fn byte_spans_count_characters() {
        assert_eq!(byte_span("título: x", 9, 1), 9..10);
        assert_eq!(byte_span("abc", 10, 0), 3..3);
        assert_eq!(byte_span("abc", 1, 0), 0..1);
    }

    #[test]
    fn json_lists_every_field() {
        let mut all = Diagnostics::default();
        all.push(
            Diagnostic::error("a.md", "bad")
                .at(Position::new(2, 3))
                .span(4),
        );
        all.push(Diagnostic::warning("b.md", "meh"));
        let v: Value = serde_json::from_str(&json(&all)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["diagnostics"][0]["line"], 2);
        assert_eq!(v["diagnostics"][0]["end_column"], 7);
        assert_eq!(v["diagnostics"][1]["line"], Value::Null);
        assert_eq!(v["diagnostics"][1]["severity"], "warning");
    }
}
