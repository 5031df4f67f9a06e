//! Where a value is written in a YAML text, and the nearest existing slug, so that a message
//! about a bad reference points at it and suggests the fix.
//!
//! A file can hold thousands of bad references (a page listing 10,000 unknown talks), so neither
//! may cost a scan per reference: a [`Locator`] indexes each key of its text once, and a
//! [`Suggester`] stops suggesting after a fixed amount of work.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::diagnostics::Position;

/// Bytes a [`Locator`] may scan for values that are not slugs (URLs, names) beyond the size of
/// its text times [`SCAN_FACTOR`]; past it, such values point at their key's line.
const SCAN_BUDGET: usize = 4 << 20;
const SCAN_FACTOR: usize = 16;

/// Candidates a [`Suggester`] may compare for "did you mean" in one load; past it, no more
/// suggestions (the message stays, with its other help).
pub const SUGGEST_BUDGET: usize = 200_000;

/// Where a text's values are written, each key of it indexed the first time it is asked for:
/// a slug is found by one hash lookup, so locating n references is linear in the text plus n.
pub struct Locator<'a> {
    yaml: &'a str,
    first_line: usize,
    keys: RefCell<HashMap<String, Rc<KeyIndex<'a>>>>,
    scan_left: Cell<usize>,
}

/// One key's lines and, for each slug written there, where it is first (line index, character
/// column), for the two passes of [`locate`].
#[derive(Default)]
struct KeyIndex<'a> {
    /// Pass 1: written after `key:` on its line (also as `- key:`).
    same_line: HashMap<&'a str, (usize, usize)>,
    /// Pass 2: anywhere from the first `key :` line to the next key of no indentation.
    region: HashMap<&'a str, (usize, usize)>,
    key_line: Option<(usize, &'a str)>,
    /// The second `key: value` line of each value, for "defined twice".
    second: HashMap<&'a str, (usize, usize)>,
    seen_once: std::collections::HashSet<&'a str>,
}

impl<'a> Locator<'a> {
    /// `first_line`: the file line of the text's first line.
    pub fn new(yaml: &'a str, first_line: usize) -> Locator<'a> {
        Locator {
            yaml,
            first_line,
            keys: RefCell::new(HashMap::new()),
            scan_left: Cell::new(
                SCAN_BUDGET.saturating_add(yaml.len().saturating_mul(SCAN_FACTOR)),
            ),
        }
    }

    fn index(&self, key: &str) -> Rc<KeyIndex<'a>> {
        if let Some(i) = self.keys.borrow().get(key) {
            return Rc::clone(i);
        }
        let i = Rc::new(KeyIndex::build(self.yaml, key));
        self.keys.borrow_mut().insert(key.to_owned(), Rc::clone(&i));
        i
    }

    /// [`locate_span`], through the index.
    pub fn span(&self, key: &str, value: &str) -> (Position, usize) {
        let (pos, found) = self.find(key, value);
        (pos, if found { value.chars().count() } else { 0 })
    }

    /// [`locate`], through the index.
    pub fn at(&self, key: &str, value: &str) -> Position {
        self.find(key, value).0
    }

    /// [`locate_second`], through the index.
    pub fn second(&self, key: &str, value: &str) -> Option<(Position, usize)> {
        let idx = self.index(key);
        idx.second.get(value).map(|&(line, col)| {
            (
                Position::new(self.first_line + line, col),
                value.chars().count(),
            )
        })
    }

    /// The next whole `value` after `after` on the same line (a flow list's repeat), looked for
    /// within 64 KiB of the line so that many repeats stay linear.
    pub fn next_on_line(&self, after: Position, value: &str) -> Option<(Position, usize)> {
        let line = self
            .yaml
            .lines()
            .nth(after.line.checked_sub(self.first_line)?)?;
        let start = line.char_indices().nth(after.column.saturating_sub(1))?.0;
        let from = start.checked_add(value.len())?;
        let rest = line.get(from..)?;
        let rest = &rest[..rest.floor_char_boundary(64 * 1024)];
        let mut offset = 0;
        while let Some(i) = rest[offset..].find(value) {
            let at = from + offset + i;
            let end = at + value.len();
            let before_ok = !line[..at].chars().next_back().is_some_and(is_slug_char);
            let after_ok = !line[end..].chars().next().is_some_and(is_slug_char);
            if before_ok && after_ok {
                let col = line[..at].chars().count() + 1;
                return Some((Position::new(after.line, col), value.chars().count()));
            }
            offset += i + value.len();
        }
        None
    }

    /// The position, and whether the value itself was found there.
    fn find(&self, key: &str, value: &str) -> (Position, bool) {
        let idx = self.index(key);
        // The key's line, else the first; as `locate_span` does, the value may start it.
        let fallback = || {
            let (i, line) = idx
                .key_line
                .unwrap_or((0, self.yaml.lines().next().unwrap_or("")));
            let found = !value.is_empty() && line.starts_with(value);
            (Position::new(self.first_line + i, 1), found)
        };
        if is_slug(value) {
            return match idx.same_line.get(value).or_else(|| idx.region.get(value)) {
                Some(&(line, col)) => (Position::new(self.first_line + line, col), true),
                None => fallback(),
            };
        }
        // Anything else is scanned, within the budget.
        let left = self.scan_left.get();
        if left < self.yaml.len() {
            return fallback();
        }
        self.scan_left.set(left - self.yaml.len());
        let pos = locate(self.yaml, self.first_line, key, value);
        let found = value_found(self.yaml, self.first_line, pos, value);
        (pos, found)
    }
}

/// Whether the line at `pos` has `value` at the position's column.
fn value_found(yaml: &str, first_line: usize, pos: Position, value: &str) -> bool {
    yaml.lines()
        .nth(pos.line.wrapping_sub(first_line))
        .and_then(|l| {
            let start = l.char_indices().nth(pos.column - 1)?.0;
            Some(l[start..].starts_with(value))
        })
        .unwrap_or(false)
}

/// A value [`find_token`] can only find as a whole run of slug characters.
fn is_slug(value: &str) -> bool {
    !value.is_empty() && value.chars().all(is_slug_char)
}

fn is_slug_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Each maximal run of slug characters in `text` from byte `from`, with its character column
/// (1-based) in `text`, counted once along the line.
fn runs(text: &str, from: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut col = text[..from].chars().count();
    let mut run_start: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    for (b, c) in text[from..].char_indices().map(|(b, c)| (b + from, c)) {
        col += 1;
        match (is_slug_char(c), run_start) {
            (true, None) => run_start = Some((b, col)),
            (false, Some((s, sc))) => {
                out.push((&text[s..b], sc));
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some((s, sc)) = run_start {
        out.push((&text[s..], sc));
    }
    out.into_iter()
}

impl<'a> KeyIndex<'a> {
    /// One pass over the text per pass of [`locate`], keeping the first place of every run.
    fn build(yaml: &'a str, key: &str) -> KeyIndex<'a> {
        let mut idx = KeyIndex::default();
        let key_colon = format!("{key}:");
        for (i, line) in yaml.lines().enumerate() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            if let Some(rest) = trimmed.strip_prefix(&key_colon) {
                for (run, col) in runs(line, line.len() - rest.len()) {
                    idx.same_line.entry(run).or_insert((i, col));
                }
            }
            let trimmed2 = trimmed.trim_start();
            if let Some(rest) = trimmed2.strip_prefix(&key_colon) {
                let v = rest.trim().trim_matches(['"', '\'']);
                if !idx.seen_once.insert(v) && !idx.second.contains_key(v) {
                    let byte = line.len() - rest.len() + (rest.len() - rest.trim_start().len());
                    let byte = byte + usize::from(rest.trim_start().starts_with(['"', '\'']));
                    idx.second.insert(v, (i, char_col(line, byte)));
                }
            }
        }
        let mut lines = yaml.lines().enumerate();
        for (i, line) in lines.by_ref() {
            if key_starts(line.trim_start(), key) {
                idx.key_line = Some((i, line));
                for (run, col) in runs(line, 0) {
                    idx.region.entry(run).or_insert((i, col));
                }
                break;
            }
        }
        if idx.key_line.is_some() {
            for (i, line) in lines {
                for (run, col) in runs(line, 0) {
                    idx.region.entry(run).or_insert((i, col));
                }
                if !line.starts_with(' ') && !line.starts_with('-') && !line.trim().is_empty() {
                    break;
                }
            }
        }
        idx
    }
}

/// `key:` or `key :` at the start of a (trimmed) line, also as a list item `- key:`.
fn key_starts(trimmed: &str, key: &str) -> bool {
    trimmed
        .strip_prefix(key)
        .is_some_and(|r| r.trim_start().starts_with(':'))
        || trimmed
            .strip_prefix("- ")
            .and_then(|r| r.strip_prefix(key))
            .is_some_and(|r| r.trim_start().starts_with(':'))
}

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
    let found = value_found(yaml, first_line, pos, value);
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
            if !key_starts(trimmed, key) {
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

/// The existing slug nearest to a misspelt one, for "did you mean": within a typo's edit
/// distance, else the shortest that has `wanted` as a whole word (`hardware` →
/// `hardware-making`, `making` → `hardware-making`), else the shortest it begins.
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut typo: Option<(usize, &'a str)> = None;
    let mut word: Option<&'a str> = None;
    let mut prefix: Option<&'a str> = None;
    let shorter = |best: Option<&'a str>, c: &'a str| match best {
        Some(b) if (b.len(), b) <= (c.len(), c) => Some(b),
        _ => Some(c),
    };
    for c in candidates {
        if close_in_length(wanted, c) {
            let d = strsim::damerau_levenshtein(wanted, c);
            if d <= max_distance(wanted, c) && typo.is_none_or(|t| (d, c) < t) {
                typo = Some((d, c));
            }
        }
        if wanted.len() >= 3 && c.len() > wanted.len() {
            if c.split(['-', '_']).any(|w| w == wanted) {
                word = shorter(word, c);
            } else if c.starts_with(wanted) {
                prefix = shorter(prefix, c);
            }
        }
    }
    typo.map(|(_, c)| c).or(word).or(prefix)
}

/// The IANA zone nearest to a misspelt one (`Europe/Londn` → `Europe/London`), compared
/// ignoring case, from jiff's time zone database.
pub fn nearest_zone(name: &str) -> Option<String> {
    let zones: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    let lower: Vec<String> = zones.iter().map(|z| z.to_lowercase()).collect();
    let wanted = name.trim().to_lowercase();
    let near = nearest(&wanted, lower.iter().map(String::as_str))?;
    let i = lower.iter().position(|z| z == near)?;
    zones.get(i).cloned()
}

/// The edit distance still called a typo between `a` and `b`.
fn max_distance(a: &str, b: &str) -> usize {
    (a.len().max(b.len()) / 3).max(2)
}

/// Whether `a` and `b` differ in length by no more than [`max_distance`]: the edit distance is
/// at least the difference, so a longer or shorter one is no suggestion and costs no distance.
fn close_in_length(a: &str, b: &str) -> bool {
    a.chars().count().abs_diff(b.chars().count()) <= max_distance(a, b)
}

/// "Did you mean" for a whole load, within [`SUGGEST_BUDGET`] candidates compared: 10,000
/// misspelt references among 10,000 slugs would otherwise cost 100 million edit distances.
pub struct Suggester {
    left: Cell<usize>,
}

impl Default for Suggester {
    fn default() -> Suggester {
        Suggester::with_budget(SUGGEST_BUDGET)
    }
}

impl Suggester {
    pub fn with_budget(candidates: usize) -> Suggester {
        Suggester {
            left: Cell::new(candidates),
        }
    }

    /// [`nearest`] among `candidates` (their number), or `None` once the budget is spent.
    pub fn nearest<'a, I>(&self, wanted: &str, candidates: I) -> Option<&'a str>
    where
        I: ExactSizeIterator<Item = &'a str>,
    {
        let n = candidates.len();
        let left = self.left.get().checked_sub(n)?;
        self.left.set(left);
        nearest(wanted, candidates)
    }

    /// [`Suggester::nearest`] as a message's help.
    pub fn did_you_mean<'a, I>(&self, wanted: &str, candidates: I) -> Option<String>
    where
        I: ExactSizeIterator<Item = &'a str>,
    {
        self.nearest(wanted, candidates)
            .map(|c| format!("did you mean `{c}`?"))
    }
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

    /// The index finds what the scan finds, for every key and word of a few texts.
    #[test]
    fn locator_agrees_with_the_scan() {
        let texts = [
            "title: A\nspeakers: [wesley-chun, alex]\ntrack: etc\n",
            "speakers:\n  - wesley-chun\n  - alex\ntrack: alex\n",
            "tracks:\n  - slug: web\n    name: W\n  - slug: \"web\"\n    name: é web\npages:\n  - slug: x\n    talks: [a, b, web]\n",
            "a: 1\nslug : web\n  - slug: web-x\nname: ä ö alex\nlevels: [beginner, beginner]\n",
        ];
        let keys = [
            "title", "speakers", "track", "slug", "name", "talks", "levels", "x", "a",
        ];
        let values = [
            "a",
            "alex",
            "web",
            "etc",
            "wesley-chun",
            "beginner",
            "b",
            "x",
            "1",
            "zz",
            "",
            "é web",
            "W",
        ];
        for text in texts {
            let loc = Locator::new(text, 3);
            for key in keys {
                for value in values {
                    assert_eq!(
                        loc.span(key, value),
                        locate_span(text, 3, key, value),
                        "{key}: {value} in {text:?}"
                    );
                    assert_eq!(
                        loc.second(key, value),
                        locate_second(text, 3, key, value),
                        "{key}: {value} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn suggestions_stop_at_the_budget() {
        let c = ["wesley-chun", "alex-martelli"];
        let s = Suggester::with_budget(3);
        assert_eq!(
            s.nearest("wesley-chn", c.iter().copied()),
            Some("wesley-chun")
        );
        assert_eq!(s.nearest("wesley-chn", c.iter().copied()), None);
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
