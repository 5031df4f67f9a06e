//! Bounds on what one content file may cost, checked before the parsers see it.
//!
//! libyaml's cost is not bounded by a file's size: an alias (`*name`) repeats its anchor's whole
//! value each time it is used (serde_yaml's repetition limit counts uses, not bytes: 10,000 uses
//! of a 100 KB anchor passed, 1 GB), and flow nesting costs the square of its depth (100,000
//! `[` took 26 s to reject). So every file goes through three bounds, each an error naming the
//! file (docs/diagnostics.md, "YAML and content files"):
//!
//! - its size, from the file's metadata before it is read ([`MAX_FILE_BYTES`]), and the size
//!   of its YAML part ([`MAX_YAML_BYTES`]);
//! - the nesting depth of the YAML, from a linear scan of the text ([`too_deep`]);
//! - the size of the values once aliases are expanded, counted while serde_yaml hands them
//!   over ([`from_str`]), which also refuses characters XML cannot hold in any value, however it
//!   was written (a YAML escape such as `"\x01"` or `"\0"`).
//!
//! The numbers are far above real content: a talk's front matter is a few KB, a large
//! `conference.yaml` some hundred KB, and the deepest content is four levels.

// Counts and offsets here come from input files: no unchecked arithmetic, no unwrap.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// A content file (talk, speaker, page, `conference.yaml`) may hold at most this many bytes
/// (64 MiB): a Markdown body of 50 MB still builds, a 6 GB file is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The YAML of one file (the front matter of a `.md` file, or a whole `.yaml` file) may hold
/// at most this many bytes (4 MiB). serde_yaml keeps about 140 bytes per value while it parses,
/// so this bounds its memory at about 300 MB and its time at about a second.
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// The values of one file's YAML, with every alias expanded, may count at most this much
/// (8 MiB): a string counts its bytes and one more, any other value 1, a list or map 2. A file
/// within [`MAX_YAML_BYTES`] that uses no aliases always fits.
pub const MAX_EXPANDED_BYTES: usize = 2 * MAX_YAML_BYTES;

/// Lists and maps may nest at most this deep (64), in flow (`[`, `{`) and block style together;
/// serde_yaml would stop at 128, but only after libyaml's parse, which is quadratic in depth.
pub const MAX_DEPTH: usize = 64;

/// `bytes` as people read sizes: `6.0 GB`, `1.4 MB`, `700 bytes`.
pub fn human_size(bytes: u64) -> String {
    const MB: u64 = 1_000_000;
    if bytes >= 1_000 * MB {
        format!("{:.1} GB", bytes as f64 / (1_000 * MB) as f64)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1_000 {
        format!("{:.1} KB", bytes as f64 / 1_000.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// True for a character no output may hold: the C0 controls other than tab, line feed and
/// carriage return (NUL, `\x01`, vertical tab, form feed, ESC, ...) and U+FFFE, U+FFFF, which
/// XML 1.0 cannot represent at all (`feed.xml` and `schedule.xml` would not parse).
pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The name of a forbidden character, for messages: `U+000C (form feed)`.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{B}' => " (vertical tab)",
        '\u{C}' => " (form feed)",
        '\u{1B}' => " (escape)",
        '\u{FFFE}' | '\u{FFFF}' => " (a noncharacter)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// The first forbidden character of `text`, with its 1-based line and column (in characters).
pub fn find_forbidden(text: &str) -> Option<(usize, usize, char)> {
    let (at, c) = text.char_indices().find(|&(_, c)| is_forbidden(c))?;
    let before = text.get(..at)?;
    let line = before
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        .saturating_add(1);
    let line_start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
    let column = before.get(line_start..)?.chars().count().saturating_add(1);
    Some((line, column, c))
}

/// Where `yaml` first nests deeper than [`MAX_DEPTH`]: its 1-based line and column.
///
/// A linear scan, not a parser: it follows quotes, comments and block scalars (`|`, `>`) well
/// enough that text is not taken for structure, and counts a flow `[` or `{`, a block
/// indentation level and each compact `- ` as one level. It may count a level or two more than
/// libyaml for odd layouts, which [`MAX_DEPTH`] leaves room for.
pub fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut scan = Scan::default();
    for (i, line) in yaml.split('\n').enumerate() {
        if let Some(column) = scan.line(line) {
            return Some((i.saturating_add(1), column));
        }
    }
    None
}

/// What [`too_deep`] carries from line to line.
#[derive(Default)]
struct Scan {
    /// Open flow collections.
    flow: usize,
    /// Indentation of the open block collections, innermost last.
    indents: Vec<usize>,
    /// Inside a quoted scalar that goes on over lines: its quote.
    quote: Option<char>,
    /// Inside a block scalar: the indentation of the line that opened it.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line; returns the 1-based column where the depth goes over the limit.
    fn line(&mut self, line: &str) -> Option<usize> {
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len().saturating_sub(content.len());
        if let Some(parent) = self.block_scalar {
            if content.is_empty() || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        let mut block = self.indents.len();
        let mut chars = content.char_indices().peekable();
        if self.flow == 0 && self.quote.is_none() {
            if content.is_empty()
                || content.starts_with('#')
                || content.starts_with("---")
                || content.starts_with("...")
            {
                return None;
            }
            while self.indents.last().is_some_and(|&top| top > indent) {
                self.indents.pop();
            }
            if self.indents.last().is_none_or(|&top| top < indent) {
                self.indents.push(indent);
            }
            block = self.indents.len();
            // Compact nesting on one line: `- - x`, `- key: x`, `? x`.
            let mut rest = content;
            while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
                block = block.saturating_add(1);
                rest = r.trim_start_matches(' ');
            }
        }
        if block > MAX_DEPTH {
            return Some(indent.saturating_add(1));
        }
        // Whether a value may start here: at the line's start, or after an indicator.
        let mut node_start = true;
        let mut after_space = true;
        let mut props = false;
        let mut column = indent;
        while let Some((_, c)) = chars.next() {
            column = column.saturating_add(1);
            if let Some(q) = self.quote {
                match c {
                    '\\' if q == '"' => {
                        chars.next();
                        column = column.saturating_add(1);
                    }
                    '\'' if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                        chars.next();
                        column = column.saturating_add(1);
                    }
                    c if c == q => {
                        self.quote = None;
                        node_start = false;
                    }
                    _ => {}
                }
                continue;
            }
            let space = c == ' ' || c == '\t';
            match c {
                '#' if after_space => break,
                '"' | '\'' if node_start => self.quote = Some(c),
                '[' | '{' if self.flow > 0 || node_start => {
                    self.flow = self.flow.saturating_add(1);
                    if block.saturating_add(self.flow) > MAX_DEPTH {
                        return Some(column);
                    }
                }
                ']' | '}' if self.flow > 0 => self.flow = self.flow.saturating_sub(1),
                '|' | '>' if self.flow == 0 && node_start => {
                    self.block_scalar = Some(indent);
                    break;
                }
                _ => {}
            }
            // A tag or anchor (`!t`, `&a`) before a value leaves the value's start ahead.
            if node_start && matches!(c, '!' | '&') {
                props = true;
            }
            if props && space {
                props = false;
                node_start = true;
                after_space = true;
                continue;
            }
            node_start = match c {
                _ if props => false,
                // Only inside a flow collection: in block context they are text.
                '[' | '{' | ',' => self.flow > 0,
                ':' | '-' | '?' => chars.peek().is_none_or(|&(_, n)| n == ' ' || n == '\t'),
                _ if space => node_start,
                _ => false,
            };
            after_space = space;
        }
        None
    }
}

/// Deserializes `T` from `yaml` with serde_yaml, counting every value handed over (aliases
/// expanded) against [`MAX_EXPANDED_BYTES`] and refusing strings that hold a forbidden
/// character. The errors are serde_yaml's, placed at the value by serde_yaml.
pub fn from_str<'de, T: de::Deserialize<'de>>(yaml: &'de str) -> Result<T, serde_yaml::Error> {
    let budget = Budget {
        left: Cell::new(MAX_EXPANDED_BYTES),
    };
    T::deserialize(Guard {
        inner: serde_yaml::Deserializer::from_str(yaml),
        budget: &budget,
    })
}

/// The message when the expanded values go over [`MAX_EXPANDED_BYTES`] (matched by
/// `yaml_error` for its help).
pub const EXPANDED_MESSAGE: &str = "the YAML expands to more than 8 MiB";
/// The start of the message for a forbidden character in a value (matched by `yaml_error`).
pub const CHARACTER_MESSAGE: &str = "a value holds the control character";

/// What is left of the expansion budget of one file.
struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn charge<E: de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.left.set(0);
                Err(E::custom(format!(
                    "{EXPANDED_MESSAGE} when its aliases (`*name`) are written out"
                )))
            }
        }
    }

    fn text<E: de::Error>(&self, s: &str) -> Result<(), E> {
        self.charge(s.len().saturating_add(1))?;
        match s.chars().find(|&c| is_forbidden(c)) {
            Some(c) => Err(E::custom(format!(
                "{CHARACTER_MESSAGE} {}, which HTML and XML outputs cannot hold",
                char_name(c)
            ))),
            None => Ok(()),
        }
    }
}

/// A deserializer that counts what it hands to its visitors (see [`from_str`]).
struct Guard<'b, D> {
    inner: D,
    budget: &'b Budget,
}

/// A visitor, seed or access of serde that counts on the way (see [`from_str`]).
struct Counted<'b, X> {
    inner: X,
    budget: &'b Budget,
}

impl<'b, X> Counted<'b, X> {
    fn new(inner: X, budget: &'b Budget) -> Self {
        Counted { inner, budget }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Counted::new(visitor, self.budget))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Guard<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Counted<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Guard {
            inner,
            budget: self.budget,
        })
    }
}

macro_rules! forward_scalar {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.budget.charge(1)?;
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Counted<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_scalar! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.budget.text(v)?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.budget.text(v)?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.budget.text(&v)?;
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.budget.charge(v.len().saturating_add(1))?;
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.budget.charge(v.len().saturating_add(1))?;
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.budget.charge(v.len().saturating_add(1))?;
        self.inner.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.budget.charge(1)?;
        self.inner.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Guard {
            inner: d,
            budget: self.budget,
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.budget.charge(1)?;
        self.inner.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Guard {
            inner: d,
            budget: self.budget,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.budget.charge(2)?;
        self.inner.visit_seq(Counted::new(seq, self.budget))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.budget.charge(2)?;
        self.inner.visit_map(Counted::new(map, self.budget))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.budget.charge(1)?;
        self.inner.visit_enum(Counted::new(data, self.budget))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Counted<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner
            .next_element_seed(Counted::new(seed, self.budget))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Counted<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(Counted::new(seed, self.budget))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(Counted::new(seed, self.budget))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'b, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Counted<'b, A> {
    type Error = A::Error;
    type Variant = Counted<'b, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.inner.variant_seed(Counted::new(seed, self.budget))?;
        Ok((value, Counted::new(variant, self.budget)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Counted<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.inner
            .newtype_variant_seed(Counted::new(seed, self.budget))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(len, Counted::new(v, self.budget))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, A::Error> {
        self.inner
            .struct_variant(fields, Counted::new(v, self.budget))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_flow_block_and_compact_levels() {
        assert_eq!(too_deep("a: [[[x]]]\nb:\n  c: {d: [1]}\n"), None);
        let deep = format!("tags: {}{}\n", "[".repeat(65), "]".repeat(65));
        assert_eq!(too_deep(&deep), Some((1, 6 + 64)));
        assert_eq!(
            too_deep(&format!("t:\n{}x\n", "- ".repeat(70))),
            Some((2, 1))
        );
        // Brackets in text are not structure: quoted, commented, plain, in a block scalar.
        let many = "[".repeat(200);
        for text in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: x {many}\n"),
            format!("a: x # {many}\n"),
            format!("a: |\n  {many}\n  {many}\nb: c\n"),
            format!("a: >-\n  {many}\n"),
            format!("a: \"multi\n  line {many} \\\" still\"\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
        // A tag or an anchor before a bracket does not hide it.
        let tagged = format!("a: !!seq &x {}\n", "[".repeat(64));
        assert_eq!(too_deep(&tagged), Some((1, 12 + 64)));
        // After a block scalar ends, structure counts again.
        let after = format!("a: |\n  x\nb: {}\n", "[".repeat(70));
        assert_eq!(too_deep(&after).map(|p| p.0), Some(3));
    }

    #[test]
    fn expanded_size_counts_aliases() {
        let anchor = "x".repeat(100_000);
        let uses = vec!["*a"; 100].join(", ");
        let yaml = format!("a: &a {anchor}\nb: [{uses}]\n");
        let e = from_str::<serde_yaml::Value>(&yaml).unwrap_err();
        assert!(e.to_string().contains(EXPANDED_MESSAGE), "{e}");
        let uses = vec!["*a"; 50].join(", ");
        let yaml = format!("a: &a {anchor}\nb: [{uses}]\n");
        assert!(from_str::<serde_yaml::Value>(&yaml).is_ok());
    }

    #[test]
    fn forbidden_characters_from_escapes_and_their_place() {
        for esc in ["\\x01", "\\v", "\\e", "\\0", "\\f", "\\uFFFE"] {
            let yaml = format!("a: ok\nb: \"x{esc}y\"\n");
            let e = from_str::<serde_yaml::Value>(&yaml).unwrap_err();
            assert!(e.to_string().contains(CHARACTER_MESSAGE), "{esc}: {e}");
            assert_eq!(e.location().map(|l| l.line()), Some(2), "{esc}: {e}");
        }
        assert!(from_str::<serde_yaml::Value>("a: \"tab\\there\\nline\"\n").is_ok());
        assert_eq!(find_forbidden("ab\ncé\u{c}d"), Some((2, 3, '\u{c}')));
        assert_eq!(find_forbidden("tab\tand\r\nline"), None);
        assert_eq!(char_name('\u{1b}'), "U+001B (escape)");
    }
}
