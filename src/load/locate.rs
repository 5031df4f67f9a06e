//! Where a value is written in a YAML text, and the nearest existing slug, so that a message
//! about a bad reference points at it and suggests the fix.

use crate::diagnostics::Position;

/// The second line written `key: value` (also as a list item `- key: value`), for "defined
/// twice": the first definition is fine, the second is the mistake.
pub fn locate_second(
    yaml: &str,
    first_line: usize,
    key: &str,
    value: &str,
) -> Option<(Position, usize)> {
    let key_colon = format!("{key}:");
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            let rest = trimmed.strip_prefix(&key_colon)?;
            let v = rest.trim().trim_matches(['"', '\'']);
            (v == value).then(|| {
                let byte = line.len() - rest.len() + (rest.len() - rest.trim_start().len());
                let byte = byte + usize::from(rest.trim_start().starts_with(['"', '\'']));
                (
                    Position::new(first_line + i, char_col(line, byte)),
                    value.chars().count(),
                )
            })
        })
        .nth(1)
}

/// [`locate`] with the length of the span to underline: the value when it was found, else 0.
pub fn locate_span(yaml: &str, first_line: usize, key: &str, value: &str) -> (Position, usize) {
    let pos = locate(yaml, first_line, key, value);
    let found = yaml
        .lines()
        .nth(pos.line.wrapping_sub(first_line))
        .and_then(|l| {
            let start = l.char_indices().nth(pos.column - 1)?.0;
            Some(l[start..].starts_with(value))
        })
        .unwrap_or(false);
    (pos, if found { value.chars().count() } else { 0 })
}

/// Finds where `value` is written in a YAML text, after the line holding `key:` if given.
/// Used to point at a bad reference; falls back to the key's line, then to the first line.
/// Columns count characters, as editors show them.
pub fn locate(yaml: &str, first_line: usize, key: &str, value: &str) -> Position {
    // Best: `key: value` on one line (a flow list or a scalar).
    let key_colon = format!("{key}:");
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if let Some(rest) = trimmed.strip_prefix(&key_colon) {
            let offset = line.len() - rest.len();
            if let Some(col) = find_token(rest, value) {
                return Position::new(first_line + i, char_col(line, offset + col));
            }
        }
    }
    let mut key_line = None;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        if key_line.is_none() {
            let starts = trimmed
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
                || trimmed
                    .strip_prefix("- ")
                    .and_then(|r| r.strip_prefix(key))
                    .is_some_and(|r| r.trim_start().starts_with(':'));
            if !starts {
                continue;
            }
            key_line = Some(i);
        }
        if let Some(col) = find_token(line, value) {
            return Position::new(first_line + i, char_col(line, col));
        }
        // Stop at the next key of the same or a lower indentation.
        if Some(i) != key_line
            && !line.starts_with(' ')
            && !line.starts_with('-')
            && !line.trim().is_empty()
        {
            break;
        }
    }
    match key_line {
        Some(i) => Position::new(first_line + i, 1),
        None => Position::new(first_line, 1),
    }
}

/// The 1-based character column of byte offset `byte` in `line`.
fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(byte, |s| s.chars().count()) + 1
}

/// Byte offset of `token` in `line` where it is not part of a longer slug.
fn find_token(line: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let is_slug_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = line[from..].find(token) {
        let start = from + i;
        let end = start + token.len();
        let before_ok = !line[..start].chars().next_back().is_some_and(is_slug_char);
        let after_ok = !line[end..].chars().next().is_some_and(is_slug_char);
        if before_ok && after_ok {
            return Some(start);
        }
        from = start + 1;
        while !line.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The existing slug nearest to a misspelt one, for "did you mean".
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= (wanted.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// [`nearest`] as a message's help.
pub(super) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    nearest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_points_at_the_value() {
        let yaml = "title: A\nspeakers: [wesley-chun, alex]\ntrack: etc\n";
        assert_eq!(locate(yaml, 2, "speakers", "alex"), Position::new(3, 25));
        assert_eq!(locate(yaml, 2, "track", "etc"), Position::new(4, 8));
        let yaml = "speakers:\n  - wesley-chun\n  - alex\ntrack: alex\n";
        assert_eq!(locate(yaml, 1, "speakers", "alex"), Position::new(3, 5));
    }

    #[test]
    fn second_definition() {
        let yaml = "tracks:\n  - slug: web\n    name: W\n  - slug: \"web\"\n";
        assert_eq!(
            locate_second(yaml, 1, "slug", "web"),
            Some((Position::new(4, 12), 3))
        );
        assert_eq!(locate_second("slug: a\n", 1, "slug", "a"), None);
    }

    #[test]
    fn find_token_respects_slug_boundaries() {
        assert_eq!(find_token("[alex-m, alex]", "alex"), Some(9));
        assert_eq!(find_token("alexander", "alex"), None);
    }

    #[test]
    fn nearest_slug() {
        let c = ["wesley-chun", "alex-martelli"];
        assert_eq!(
            nearest("wesley-chn", c.iter().copied()),
            Some("wesley-chun")
        );
        assert_eq!(nearest("zzz", c.iter().copied()), None);
    }
}
