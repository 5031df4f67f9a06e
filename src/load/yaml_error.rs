//! serde_yaml errors turned into diagnostics that point at the real place in the file.
//!
//! serde_yaml reports some errors at the start of the enclosing mapping (a duplicated key is
//! reported at 1:1 for the top level) and none for a second document; these are found again in
//! the text here, so the caret lands on the duplicated key or the stray `---`.

use std::path::Path;

use super::limits;
use super::locate::nearest;
use crate::diagnostics::{Diagnostic, Position};

/// The diagnostic for a failed parse of `yaml`, whose first line is `first_line` of `file`.
pub fn diagnostic(e: &serde_yaml::Error, yaml: &str, first_line: usize, file: &Path) -> Diagnostic {
    let mut message = e.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    // serde_yaml's own coordinates, 1-based, within the YAML text.
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut place = (Position::new(line, column), 0);
    let mut help = None;

    if let Some(key) = quoted_after(&message, "duplicate field `")
        .or_else(|| quoted_after(&message, "duplicate link `"))
    {
        if let Some((l, c)) = find_duplicate(yaml, line, column, key) {
            place = (Position::new(l, c), key.chars().count());
        }
        help = Some(format!("`{key}` may appear once here; remove one of them"));
    } else if let Some(key) = quoted_after(&message, "unknown field `") {
        // A content mistake, not a YAML one: said as such, with the nearest key.
        let expected = expected_fields(&message);
        let help = match nearest(key, expected.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if expected.is_empty() => "this key is not allowed here".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        let d = Diagnostic::error(file, format!("unknown key `{key}` in {}", what(file)))
            .at((
                Position::new(line + first_line - 1, column),
                key.chars().count(),
            ))
            .with_help(help);
        return d;
    } else if let Some((m, at, h)) = super::yaml_slips::explain(&message, yaml, line, column) {
        let d = Diagnostic::error(file, format!("invalid YAML: {m}"))
            .at((Position::new(at.0 + first_line - 1, at.1), at.2))
            .with_help(h);
        return d;
    } else if let Some(key) = quoted_after(&message, "missing field `") {
        help = Some(format!(
            "add `{key}:` (see https://github.com/talkgen/talkgen/blob/main/docs/content.md)"
        ));
    } else if message.contains("more than one document") {
        message = "a second YAML document (`---`) inside the file".into();
        if let Some(i) = yaml.lines().position(|l| l.trim_end() == "---") {
            place = (Position::new(i + 1, 1), 3);
        }
        help = Some("a content file holds one document; remove the `---` line".into());
    } else if message.contains("tab character")
        || yaml
            .lines()
            .nth(line.saturating_sub(1))
            .is_some_and(|l| l.trim_end().starts_with('\t') || l.contains(":\t"))
    {
        help = Some("YAML indentation must use spaces, not tabs".into());
    } else if message.contains("recursion limit") {
        help = Some("the YAML is nested too deeply; content files need only a few levels".into());
    } else if message.contains("repetition limit") {
        help =
            Some("aliases (`*name`) expand to too much data; write the values out instead".into());
    } else if message.contains(limits::EXPANDED_MESSAGE) {
        help = Some(
            "this anchored value is repeated by each alias (`*name`) of it; write the values \
             out, or use fewer aliases"
                .into(),
        );
    } else if message.contains(limits::CHARACTER_MESSAGE) {
        help = Some(
            "remove the escape (`\\0`, `\\x01`, `\\e`, `\\f`, `\\v`, ...) from the quoted value"
                .into(),
        );
    } else if message.contains("invalid type") {
        help = Some("quote the value, or write the type the key needs (https://github.com/talkgen/talkgen/blob/main/docs/content.md)".into());
    }

    let (pos, len) = place;
    let mut d = Diagnostic::error(file, format!("invalid YAML: {message}"))
        .at((Position::new(pos.line + first_line - 1, pos.column), len));
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

/// Files up to this size are parsed again after an error to find the next problems.
const REPARSE_BYTES: usize = 1 << 20;
/// At most this many problems are found in one file's YAML.
const MAX_PROBLEMS: usize = 20;

/// The problems after the first one (`first`), as a talk file's references are all reported:
/// the top-level key the error is in is blanked out (its lines kept empty, so every position
/// stays) and the text parsed again, until it parses or an error cannot be set aside. A key
/// blanked out is not then reported as missing.
pub fn more_problems<T: serde::de::DeserializeOwned>(
    first: &serde_yaml::Error,
    yaml: &str,
    first_line: usize,
    file: &Path,
    diags: &mut crate::diagnostics::Diagnostics,
) {
    if yaml.len() > REPARSE_BYTES {
        return;
    }
    let mut lines: Vec<String> = yaml.lines().map(str::to_owned).collect();
    let mut blanked: Vec<String> = Vec::new();
    let mut error = first.location().map(|l| l.line());
    for _ in 1..MAX_PROBLEMS {
        let Some(line) = error else { return };
        let Some(key) = blank_block(&mut lines, line) else {
            return;
        };
        blanked.push(key);
        let text = lines.join("\n");
        let Err(e) = limits::from_str::<T>(&text) else {
            return;
        };
        let message = e.to_string();
        if let Some(key) = quoted_after(&message, "missing field `") {
            if blanked.iter().any(|b| b == key) {
                return;
            }
        }
        let d = diagnostic(&e, &text, first_line, file);
        // The same problem again: setting a key aside did not get past it.
        if d == diagnostic(first, yaml, first_line, file) || diags.iter().any(|x| *x == d) {
            return;
        }
        diags.push(d);
        error = e.location().map(|l| l.line());
    }
}

/// Empties the lines of the top-level `key:` whose block holds `line` (1-based); returns the
/// key, or `None` when there is none (nothing is changed then).
fn blank_block(lines: &mut [String], line: usize) -> Option<String> {
    let at = line.checked_sub(1)?.min(lines.len().checked_sub(1)?);
    let top = (0..=at).rev().find(|&i| {
        let l = &lines[i];
        !l.is_empty() && !l.starts_with([' ', '\t', '#', '-'])
    })?;
    let (_, key, _) = key_of(&lines[top])?;
    let key = key.to_owned();
    if key.is_empty() {
        return None;
    }
    lines[top].clear();
    for l in lines.iter_mut().skip(top + 1) {
        if l.is_empty() || l.starts_with([' ', '\t', '#', '-']) {
            l.clear();
        } else {
            break;
        }
    }
    Some(key)
}

/// What a file holds, for "unknown key `x` in a talk".
fn what(file: &Path) -> &'static str {
    let p = file.to_string_lossy().replace('\\', "/");
    if p.ends_with("content/conference.yaml") {
        "content/conference.yaml"
    } else if p.contains("content/talks/") {
        "a talk"
    } else if p.contains("content/speakers/") {
        "a speaker"
    } else if p.contains("content/pages/") {
        "a page"
    } else {
        "this file"
    }
}

/// The text between `prefix` and the next backquote.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// The field names in "expected one of `a`, `b`" or "expected `a`".
fn expected_fields(message: &str) -> Vec<&str> {
    let Some(i) = message.find(", expected") else {
        return Vec::new();
    };
    message[i..].split('`').skip(1).step_by(2).collect()
}

/// The key of a block-mapping line: its column (0-based) and name, skipping `- ` item markers.
/// Returns also whether the line starts a list item (which opens a new mapping).
fn key_of(line: &str) -> Option<(usize, &str, bool)> {
    let mut col = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[col..];
    let mut item = false;
    while let Some(r) = rest.strip_prefix("- ") {
        let spaces = r.len() - r.trim_start_matches(' ').len();
        col += 2 + spaces;
        rest = &r[spaces..];
        item = true;
    }
    let colon = rest.find(':')?;
    let key = rest[..colon].trim_end();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    Some((col, key, item))
}

/// Finds the second `key:` of the mapping that starts at `line`:`column` (serde_yaml's position
/// for the error). Returns its 1-based line and column in the YAML text.
fn find_duplicate(yaml: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let map_col = column.checked_sub(1)?;
    let mut seen = false;
    for (i, text) in lines.iter().enumerate().skip(line.checked_sub(1)?) {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = text.len() - trimmed.len();
        let Some((col, k, item)) = key_of(text) else {
            if indent < map_col {
                break;
            }
            continue;
        };
        if i + 1 > line && (col < map_col || (item && col <= map_col)) {
            break; // the mapping ended, or a new list item began
        }
        if col == map_col && k == key {
            if seen {
                return Some((i + 1, col + 1));
            }
            seen = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_at_top_level_and_nested() {
        assert_eq!(
            find_duplicate("title: a\nroom: b\ntitle: c\n", 1, 1, "title"),
            Some((3, 1))
        );
        let yaml = "title: a\nslot:\n  start: x\n  end: y\n  start: z\n";
        assert_eq!(find_duplicate(yaml, 3, 3, "start"), Some((5, 3)));
        let yaml = "tracks:\n  - slug: a\n    name: A\n  - slug: b\n    slug: c\n";
        assert_eq!(find_duplicate(yaml, 4, 5, "slug"), Some((5, 5)));
        assert_eq!(find_duplicate(yaml, 2, 5, "slug"), None);
    }

    #[test]
    fn duplicate_field_points_at_the_second_key() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
            room: Option<String>,
        }
        let yaml = "title: a\nroom: b\ntitle: c\n";
        let e = serde_yaml::from_str::<T>(yaml).unwrap_err();
        let d = diagnostic(&e, yaml, 2, Path::new("t.md"));
        assert_eq!(d.position, Some(Position::new(4, 1)));
        assert_eq!(d.len, 5);
        assert!(d.message.contains("duplicate field `title`"), "{d}");
    }

    #[test]
    fn unknown_field_suggests_the_nearest_key() {
        let m = "unknown field `speeker`, expected one of `title`, `speakers`";
        assert_eq!(expected_fields(m), vec!["title", "speakers"]);
        assert_eq!(quoted_after(m, "unknown field `"), Some("speeker"));
    }
}
