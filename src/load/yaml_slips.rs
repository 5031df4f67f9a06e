//! The YAML mistakes people make most, said in their words with the line to write instead of
//! libyaml's ("mapping values are not allowed in this context"): a colon in an unquoted value,
//! a quote never closed, a list item without a space after `-`, a tab.
//!
//! Only the text is looked at, after serde_yaml failed: a guess that does not fit leaves
//! serde_yaml's message as it was.

/// A better message for serde_yaml's `message` at `line`:`column` (1-based, in `yaml`): the
/// message, where (line, column, length) and the help with the line to write.
pub fn explain(
    message: &str,
    yaml: &str,
    line: usize,
    column: usize,
) -> Option<(String, (usize, usize, usize), String)> {
    let lines: Vec<&str> = yaml.lines().collect();
    if message.contains("mapping values are not allowed") {
        return colon_in_value(lines.get(line.checked_sub(1)?)?, line, column);
    }
    if message.contains("tab character") {
        let text = lines.get(line.checked_sub(1)?)?;
        let fixed = text.replace('\t', "  ");
        return Some((
            "a tab in the indentation".into(),
            (line, 1, text.len() - text.trim_start().len()),
            format!(
                "YAML indents with spaces only: replace each tab with spaces (`{}`), or remove \
                 it where the key is not nested",
                fixed.trim_end()
            ),
        ));
    }
    if message.contains("end of stream") || message.contains("quoted scalar") {
        if let Some(found) = unclosed_quote(&lines, line) {
            return Some(found);
        }
    }
    if message.contains("expected a sequence")
        || message.contains("could not find expected ':'")
        || message.contains("did not find expected")
    {
        return dash_without_space(&lines, line);
    }
    None
}

/// `title: Rust: the good parts`: the second `: ` starts a key in YAML's eyes.
fn colon_in_value(
    text: &str,
    line: usize,
    column: usize,
) -> Option<(String, (usize, usize, usize), String)> {
    let indent = text.len() - text.trim_start().len();
    let rest = &text[indent..];
    let item = if rest.starts_with("- ") { "- " } else { "" };
    let rest = &rest[item.len()..];
    let colon = rest.find(": ")?;
    let key = &rest[..colon];
    let value = rest[colon + 2..].trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>']) {
        return None;
    }
    let quoted = if value.contains('"') && !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    };
    Some((
        format!("the value of `{key}` holds `: `, which YAML reads as the start of a new key"),
        (line, column, 1),
        format!(
            "put the value in quotes: `{}{item}{key}: {quoted}`",
            &text[..indent]
        ),
    ))
}

/// A value opened with `"` or `'` on some line and never closed: the last such line before
/// `upto` (libyaml reports the end of the text, not the quote).
fn unclosed_quote(lines: &[&str], upto: usize) -> Option<(String, (usize, usize, usize), String)> {
    for (i, text) in lines.iter().enumerate().take(upto).rev() {
        let Some(colon) = text.find(": ") else {
            continue;
        };
        let value = text[colon + 2..].trim_end();
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let closed = value.len() > 1 && value.ends_with(q) && !value.ends_with(&format!("\\{q}"));
        if closed {
            continue;
        }
        let col = text[..colon + 2].chars().count() + 1;
        return Some((
            format!("the quote `{q}` that starts this value is never closed"),
            (i + 1, col, 1),
            format!(
                "end the value with `{q}` on the same line: `{}{q}`",
                text.trim_end()
            ),
        ));
    }
    None
}

/// `-b` in a list: YAML reads `-b` as text, so the list is not one.
fn dash_without_space(
    lines: &[&str],
    upto: usize,
) -> Option<(String, (usize, usize, usize), String)> {
    for (i, text) in lines.iter().enumerate().take(upto.max(1)) {
        let trimmed = text.trim_start();
        let Some(after) = trimmed.strip_prefix('-') else {
            continue;
        };
        if after.is_empty() || after.starts_with([' ', '-', '\t']) || after.contains(": ") {
            continue;
        }
        let indent = text.len() - trimmed.len();
        let col = text[..indent].chars().count() + 1;
        return Some((
            "a list item needs a space after `-`".into(),
            (i + 1, col, 1),
            format!("write `{}- {after}`", &text[..indent]),
        ));
    }
    None
}
