//! A fast path for the front matter nearly every file has: `key: value` lines, one level of
//! nested `key: value` lines, lists of scalars (`- item` lines or `[a, b]`) and literal blocks
//! (`|`, `|-`).
//!
//! serde_yaml (libyaml) spent ~85,000 instructions on a ten-line front matter, two fifths of
//! `talkgen check`. [`parse`] reads that common shape into a `serde_yaml::Value` in about a
//! third of that, and returns `None` for anything else: comments after values, folded or kept
//! blocks, multi-line or escaped strings, anchors, tags, floats, nulls, duplicate keys, tabs.
//! `None` sends the file to serde_yaml, which parses it and words the errors. So the fast path
//! never decides what a file means on its own: when it answers, it answers what serde_yaml
//! would (tested on every fixture and on edge cases in `tests`).

use serde_yaml::{Mapping, Number, Value};

/// The front matter as serde_yaml would read it, or `None` when it is not of the common shape.
pub fn parse(yaml: &str) -> Option<Value> {
    // Characters YAML treats specially (line breaks other than `\n`, a byte-order mark,
    // controls) and tabs, which YAML forbids in indentation: serde_yaml decides those files.
    if yaml.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    }) {
        return None;
    }
    // Where a text does not end with a line break, a block scalar's last line would keep none;
    // a front matter always has one before its closing `---`.
    if !yaml.ends_with('\n') {
        return None;
    }
    let mut lines = Lines {
        lines: yaml.lines().collect(),
        next: 0,
    };
    let mut top = Mapping::new();
    while let Some(line) = lines.next_entry() {
        if line.starts_with(' ') || line.starts_with("---") || line.starts_with("...") {
            return None;
        }
        let (key, rest) = key_and_rest(line)?;
        let value = match rest {
            "" => block(&mut lines)?,
            "|" | "|-" => literal(&mut lines, 0, rest == "|")?,
            _ => inline(rest)?,
        };
        insert(&mut top, key, value)?;
    }
    // No keys at all (only comments) is a null to serde_yaml.
    (!top.is_empty()).then_some(Value::Mapping(top))
}

/// The lines of the front matter and how far they are read.
struct Lines<'a> {
    lines: Vec<&'a str>,
    next: usize,
}

impl<'a> Lines<'a> {
    /// The next line that is neither blank nor a comment, without taking it.
    fn peek_entry(&mut self) -> Option<&'a str> {
        while let Some(line) = self.lines.get(self.next) {
            let t = line.trim_start_matches(' ');
            if !t.is_empty() && !t.starts_with('#') {
                return Some(line);
            }
            self.next += 1;
        }
        None
    }

    fn next_entry(&mut self) -> Option<&'a str> {
        let line = self.peek_entry()?;
        self.next += 1;
        Some(line)
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// What follows a `key:` with nothing after it: `- item` lines or indented `key: value` lines.
fn block(lines: &mut Lines) -> Option<Value> {
    // Nothing under the key is a null, which the fast path leaves to serde_yaml.
    let first = lines.peek_entry()?;
    let indent = indent_of(first);
    if first[indent..].starts_with("- ") {
        let mut items = Vec::new();
        while let Some(line) = lines.peek_entry() {
            let this = indent_of(line);
            if this < indent || (this == indent && indent == 0 && !line.starts_with("- ")) {
                break;
            }
            let item = line[indent..].strip_prefix("- ")?;
            if this != indent || item.starts_with(' ') {
                return None;
            }
            items.push(scalar_item(item)?);
            lines.next += 1;
        }
        return Some(Value::Sequence(items));
    }
    if indent == 0 {
        return None;
    }
    let mut map = Mapping::new();
    while let Some(line) = lines.peek_entry() {
        let this = indent_of(line);
        if this == 0 {
            break;
        }
        if this != indent {
            return None;
        }
        let (key, rest) = key_and_rest(&line[indent..])?;
        lines.next += 1;
        let value = match rest {
            "" => return None,
            "|" | "|-" => literal(lines, indent, rest == "|")?,
            _ => inline(rest)?,
        };
        insert(&mut map, key, value)?;
    }
    Some(Value::Mapping(map))
}

/// A literal block scalar (`|` keeps one final line break, `|-` none) under a key indented by
/// `parent`. Its indentation is its first line's; leading blank lines, blank lines holding more
/// spaces than that, and explicit indentation or keep (`|+`) indicators go to serde_yaml.
fn literal(lines: &mut Lines, parent: usize, clip: bool) -> Option<Value> {
    let first = *lines.lines.get(lines.next)?;
    let indent = indent_of(first);
    if indent <= parent || first.trim_start_matches(' ').is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut blank_run = 0;
    while let Some(&line) = lines.lines.get(lines.next) {
        let this = indent_of(line);
        if line.len() == this {
            // A blank line: part of the text if more text follows.
            if this > indent {
                return None;
            }
            blank_run += 1;
        } else if this <= parent {
            break;
        } else if this < indent {
            return None;
        } else {
            for _ in 0..blank_run {
                text.push('\n');
            }
            blank_run = 0;
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line[indent..]);
        }
        lines.next += 1;
    }
    if clip {
        text.push('\n');
    }
    Some(Value::String(text))
}

/// Adds a key, refusing one given twice (serde_yaml reports that, a map would keep one).
fn insert(map: &mut Mapping, key: String, value: Value) -> Option<()> {
    map.insert(Value::String(key), value)
        .is_none()
        .then_some(())
}

/// Splits `key: rest` (or `key:`); `rest` is trimmed. The key must read as a plain string.
fn key_and_rest(line: &str) -> Option<(String, &str)> {
    let bytes = line.as_bytes();
    let colon = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|&b| b == b' '))?;
    let key = &line[..colon];
    if key.ends_with(' ') || key.contains('#') || !matches!(plain(key)?, Value::String(_)) {
        return None;
    }
    Some((key.to_owned(), line[colon + 1..].trim_matches(' ')))
}

/// A value written on the key's line: a quoted or plain scalar, or a flow list of plain scalars.
fn inline(text: &str) -> Option<Value> {
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.contains(['[', ']', '{', '}', '#', ':', '"', '\'']) {
            return None;
        }
        if inner.trim_matches(' ').is_empty() {
            return Some(Value::Sequence(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| plain(item.trim_matches(' ')))
            .collect::<Option<Vec<_>>>()
            .map(Value::Sequence);
    }
    scalar_item(text)
}

/// A scalar on its own: double-quoted, single-quoted or plain.
fn scalar_item(text: &str) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    if let Some(inner) = text.strip_prefix('"') {
        return double_quoted(inner).map(Value::String);
    }
    if let Some(inner) = text.strip_prefix('\'') {
        return single_quoted(inner).map(Value::String);
    }
    plain(text)
}

/// `"…"` with the common escapes; the closing quote must end the text.
fn double_quoted(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return chars.as_str().is_empty().then_some(out),
            '\\' => out.push(match chars.next()? {
                '\\' => '\\',
                '"' => '"',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                _ => return None,
            }),
            c => out.push(c),
        }
    }
    None
}

/// `'…'` with `''` for a quote; the closing quote must end the text.
fn single_quoted(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return rest.is_empty().then_some(out),
        }
    }
}

/// A plain scalar as serde_yaml resolves it: `true`/`false`, a decimal integer or a string.
/// Nulls, floats, other integer forms and anything that could start or hold YAML syntax are
/// `None`.
fn plain(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`~+.".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.ends_with(' ')
    {
        // A leading `-` is only taken for a negative integer.
        if !(first == '-' && is_decimal(&text[1..])) {
            return None;
        }
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        "null" | "Null" | "NULL" => return None,
        _ => {}
    }
    if first == '-' || first.is_ascii_digit() {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if is_decimal(digits) {
            return text
                .parse::<i64>()
                .ok()
                .map(|n| Value::Number(Number::from(n)));
        }
        // `0x1f`, `1e3`, `0123` and the like: serde_yaml's rules for those are its own.
        if digits.starts_with("0x")
            || digits.starts_with("0o")
            || digits.starts_with("0b")
            || text.parse::<f64>().is_ok()
            || first == '-'
        {
            return None;
        }
    }
    Some(Value::String(text.to_owned()))
}

/// Digits without a leading zero (or just `0`): YAML reads `0123` as a string.
fn is_decimal(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path answers exactly what serde_yaml answers, or leaves the text to it.
    fn agrees(yaml: &str) -> bool {
        match parse(yaml) {
            Some(fast) => {
                let slow: Value = serde_yaml::from_str(yaml)
                    .unwrap_or_else(|e| panic!("fast path took {yaml:?}, serde_yaml: {e}"));
                assert_eq!(fast, slow, "on {yaml:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn takes_the_common_shape_and_reads_it_as_serde_yaml_does() {
        for yaml in [
            "title: Hello\ntrack: web\n",
            "title: \"Quoted: with colon\"\nweight: -3\ndraft: true\n",
            "title: 'it''s'\nspeakers:\n  - ada-lovelace\n  - grace-hopper\n",
            "speakers:\n- a\n- b\ntrack: x\n",
            "tags: [python, web, 2016]\n",
            "tags: []\n",
            "slot:\n  start: 2016-08-13 10:00\n  end: 2016-08-13 10:30\n  room: Main Hall\n",
            "links:\n  website: https://example.org/~ada#about\n  Mastodon profile: https://x.y/@a\n",
            "# a comment\n\ntitle: Hello  \nweight: 0\n",
            "title: \"tab\\tand \\\"quotes\\\" and \\\\ and \\/\"\n",
            "title: Ünïcode — dash, “quotes” and emoji 🎤\n",
            "title: a:b c\n",
            "title: 2016-08-13\n",
            "title: 12 ways\n",
            "video: https://youtu.be/x?t=1&b=2\n",
            "title: \"x\" \n",
            "title: C# and it's [draft], {maybe}\n",
            "abstract: |\n  One.\n\n  # not a comment\n    indented\ntrack: x\n",
            "description: |-\n  Stripped.\n  Two lines.\n\n# comment\ntags: [a]\n",
            "abstract: |\n  Last key.\n\n\n",
            "slot:\n  room: |-\n    Hall\n  start: 2016-08-21T11:00:00\n",
        ] {
            assert!(agrees(yaml), "fast path declined {yaml:?}");
        }
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for yaml in [
            "",
            "title:\n",
            "title: ~\n",
            "title: null\n",
            "title: # comment\n",
            "title: Hello # comment\n",
            "title: >\n  folded\n",
            "title: two\n  lines\n",
            "title: \"open\n  quote\"\n",
            "title: \"\\u00e9\"\n",
            "title: 'a' b\n",
            "title: &a x\nother: *a\n",
            "title: !tag x\n",
            "weight: 1.5\n",
            "weight: 1e3\n",
            "weight: 0x1f\n",
            "weight: 0123\n",
            "weight: +1\n",
            "weight: .inf\n",
            "title: a\ntitle: b\n",
            "links:\n  a: x\n  a: y\n",
            "title: a: b\n",
            "title: ends:\n",
            "\ttitle: x\n",
            "title: x\r\n",
            "title: \u{2028}x\n",
            "slot:\n  start: x\n    deeper: y\n",
            "speakers:\n  - a\n   - b\n",
            "speakers:\n  - a: b\n",
            "speakers:\n  - [a]\n",
            "tags: [a, [b]]\n",
            "tags: [a, \"b, c\"]\n",
            "tags: [a,\n  b]\n",
            "tags: [a, , b]\n",
            "1: x\n",
            "true: x\n",
            "? complex\n: key\n",
            "- a\n- b\n",
            "  title: x\n",
            "...\n",
            "title: -x\n",
            "# only a comment\n",
            "title: x",
            "abstract: |+\n  kept\n\n",
            "abstract: |2\n   x\n",
            "abstract: >\n  folded\n",
            "abstract: |\n\n  leading blank\n",
            "abstract: |\n    deep\n  shallow\n",
            "abstract: |\n  x\n      \n  y\n",
            "abstract: | # comment\n  x\n",
        ] {
            assert!(!agrees(yaml), "fast path took {yaml:?}");
        }
    }

    /// Every content file in the repository (the example conference and the test sites): the
    /// fast path agrees with serde_yaml on each, and takes nearly all of them.
    #[test]
    fn agrees_on_every_content_file_here() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut seen, mut taken) = (0, 0);
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let path = entry.unwrap().into_path();
                let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
                    continue;
                };
                let text = std::fs::read_to_string(&path).unwrap();
                let yaml = match ext {
                    "md" => match super::super::frontmatter::split(&text) {
                        Ok(split) => split.yaml.to_owned(),
                        Err(_) => continue,
                    },
                    "yaml" | "yml" => text,
                    _ => continue,
                };
                // Files that serde_yaml rejects are the bad-input fixtures: the fast path must
                // leave them to it.
                if serde_yaml::from_str::<Value>(&yaml).is_err() {
                    assert!(parse(&yaml).is_none(), "{}", path.display());
                    continue;
                }
                seen += 1;
                taken += usize::from(agrees(&yaml));
            }
        }
        assert!(seen > 20, "only {seen} content files found");
        assert!(taken * 10 >= seen * 8, "fast path took {taken} of {seen}");
    }

    /// Random front matters made of tricky pieces: whenever the fast path answers, serde_yaml
    /// answers the same.
    #[test]
    fn agrees_on_random_front_matters() {
        const KEYS: &[&str] = &[
            "title", "tags", "slot", "links", "a b", "1", "true", "-k", "k#",
        ];
        const VALUES: &[&str] = &[
            "plain",
            "two words",
            "~",
            "null",
            "true",
            "False",
            "-5",
            "+5",
            "0",
            "007",
            "1.5",
            "1e3",
            "0x1f",
            ".inf",
            "2016-08-21T11:00:00",
            "2016-08-21",
            "\"q\\\"d\"",
            "\"\\u00e9\"",
            "'it''s'",
            "'open",
            "[a, b]",
            "[]",
            "[a, [b]]",
            "[1, x]",
            "{a: b}",
            "|",
            "|-",
            "|+",
            ">",
            "&anchor x",
            "*alias",
            "!tag x",
            "a: b",
            "a:b",
            "C#",
            "x #c",
            "café ✓",
            "ends:",
            "@at",
            "`tick`",
            "%pct",
            "- item",
            "? q",
            "",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut taken, mut total) = (0, 0);
        for _ in 0..20_000 {
            let mut yaml = String::new();
            for i in 0..1 + next(5) {
                let indent = ["", "", "", "  ", "    ", " "][if i == 0 { 0 } else { next(6) }];
                let line = match if i == 0 { 5 } else { next(6) } {
                    0 => format!("{indent}- {}", VALUES[next(VALUES.len())]),
                    1 => format!("{indent}# comment"),
                    2 => String::new(),
                    _ => format!(
                        "{indent}{}: {}",
                        KEYS[next(KEYS.len())],
                        VALUES[next(VALUES.len())]
                    ),
                };
                yaml.push_str(line.trim_end());
                yaml.push('\n');
            }
            total += 1;
            if serde_yaml::from_str::<Value>(&yaml).is_err() {
                assert!(parse(&yaml).is_none(), "fast path took invalid {yaml:?}");
                continue;
            }
            taken += usize::from(agrees(&yaml));
        }
        // The generator must reach the fast path often enough for the test to mean something.
        assert!(taken * 20 > total, "fast path took only {taken} of {total}");
    }
}
