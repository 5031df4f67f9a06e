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
        place.1 = key.chars().count();
        let expected = expected_fields(&message);
        help = Some(match nearest(key, expected.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if expected.is_empty() => "this key is not allowed here".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        });
        if let Some(cut) = message.find(", expected") {
            message.truncate(cut);
        }
    } else if let Some(key) = quoted_after(&message, "missing field `") {
        help = Some(format!("add `{key}:` (see docs/content.md)"));
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
        help = Some("quote the value, or write the type the key needs (docs/content.md)".into());
    }

    let (pos, len) = place;
    let mut d = Diagnostic::error(file, format!("invalid YAML: {message}"))
        .at((Position::new(pos.line + first_line - 1, pos.column), len));
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
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
