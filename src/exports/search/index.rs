//! The inverted index behind the search: every term of every document with the documents it
//! is in and how strongly (which field), sorted and cut into chunks of about [`CHUNK_BYTES`],
//! so that a query loads only the chunks its terms fall into (as Pagefind does), never the
//! whole index.
//!
//! Terms are made the way `search.js` makes them from a query ([`terms`]): lower case, accents
//! removed (Unicode NFD, combining marks U+0300–U+036F dropped), split at every character that
//! is neither a letter nor a digit, cut to [`MAX_TERM_CHARS`]. The two must agree, or a query
//! misses what the page shows; `tests/testsuite/search.rs` runs the script on what this writes.

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// A term is cut to this many characters, in the index and in a query alike: a 10,000-letter
/// "word" is indexed (and searched) by its start.
pub const MAX_TERM_CHARS: usize = 40;

/// A chunk is closed once its JSON passes this size (a single term's postings may make it
/// larger). About 8 KB gzipped for the common words of an abstract.
pub const CHUNK_BYTES: usize = 48 * 1024;

/// How much a match in a field counts; a document is listed under a term with the weight of
/// its strongest field holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Text = 1,
    Level = 3,
    Track = 5,
    Tag = 6,
    Speaker = 8,
    Title = 10,
}

/// Lower case without accents, as `fold` in search.js.
pub fn fold(text: &str) -> String {
    fold_owned(text.to_owned())
}

/// [`fold`] of a text the caller lets go.
fn fold_owned(mut text: String) -> String {
    // ASCII has nothing to decompose, and is lowered where it is: most of a programme's text,
    // and the index's hottest path.
    if text.is_ascii() {
        text.make_ascii_lowercase();
        return text;
    }
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The terms of `text` in order, as search.js makes them of a query.
pub fn terms(text: &str) -> Vec<String> {
    words(&fold(text)).map(str::to_owned).collect()
}

/// The words of folded text, each cut to [`MAX_TERM_CHARS`].
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // No more bytes than characters allowed: nothing to cut (every ASCII word).
            if w.len() <= MAX_TERM_CHARS {
                return w;
            }
            match w.char_indices().nth(MAX_TERM_CHARS) {
                Some((end, _)) => &w[..end],
                None => w,
            }
        })
}

/// The maps of the index: hashed with foldhash (hashbrown's own hasher, already in the tree),
/// not SipHash, whose resistance to chosen keys a build does not need and which took a fifth
/// of the index's time.
type Map<V> = std::collections::HashMap<String, V, foldhash::fast::RandomState>;

/// Where the terms of one document go: straight into the postings of its block, so a word
/// costs one lookup and no allocation (a map per document cost a third of the index's time).
pub struct DocTerms<'a> {
    postings: &'a mut Map<Postings>,
    id: u32,
}

impl DocTerms<'_> {
    pub fn add(&mut self, field: Field, text: &str) {
        self.add_folded(field, &fold(text));
    }

    /// [`DocTerms::add`] of a text made for it (the plain text of an abstract).
    pub fn add_owned(&mut self, field: Field, text: String) {
        self.add_folded(field, &fold_owned(text));
    }

    fn add_folded(&mut self, field: Field, folded: &str) {
        let posting = self.id << 4 | field as u32;
        for t in words(folded) {
            // Single letters of the Latin alphabet are in nearly every text and are found by
            // prefix; a single CJK character is a word.
            if t.len() < 2 {
                continue;
            }
            match self.postings.get_mut(t) {
                // Seen before in this document (always its term's last posting): the
                // strongest field counts.
                Some(p) => match p.last_mut() {
                    Some(last) if *last >> 4 == self.id => *last = (*last).max(posting),
                    _ => p.push(posting),
                },
                None => {
                    self.postings.insert(t.to_owned(), vec![posting]);
                }
            }
        }
    }
}

/// The postings of one term: document ids ascending, each with its weight in the low four bits
/// (`id << 4 | weight`): half the memory of pairs, 3 million of them at 20,000 talks.
type Postings = Vec<u32>;

/// The whole index, ready to be written: its chunks as JSON and the first term of each.
pub struct Chunks {
    /// The first term of each chunk, ascending (in UTF-16 order, as JavaScript compares).
    pub firsts: Vec<String>,
    /// Each chunk's JSON: `[["term",[weight,[delta,…],weight,[…]]],…]`.
    pub json: Vec<String>,
}

/// How many documents one task indexes into a map of its own; the maps are merged in order.
const BLOCK: usize = 1024;

/// Builds the chunks from the documents `docs`, the terms of each given to its [`DocTerms`] by
/// `terms_of` (document id = position).
pub fn build<D: Sync>(docs: &[D], terms_of: impl Fn(&D, &mut DocTerms) + Sync) -> Chunks {
    let blocks: Vec<Map<Postings>> = (docs.par_chunks(BLOCK).enumerate())
        .map(|(b, block)| {
            let mut postings = Map::default();
            for (i, doc) in block.iter().enumerate() {
                let id = (b * BLOCK + i) as u32;
                terms_of(
                    doc,
                    &mut DocTerms {
                        postings: &mut postings,
                        id,
                    },
                );
            }
            postings
        })
        .collect();
    // In block order, so each term's ids stay ascending.
    let mut blocks = blocks.into_iter();
    let mut postings = blocks.next().unwrap_or_default();
    for block in blocks {
        for (term, p) in block {
            match postings.get_mut(&term) {
                Some(all) => all.extend(p),
                None => {
                    postings.insert(term, p);
                }
            }
        }
    }
    let mut terms: Vec<(String, Postings)> = postings.into_iter().collect();
    // UTF-16 order, which is what `<` on JavaScript strings compares (UTF-8 byte order differs
    // above U+FFFF), so the script's binary search over the first terms agrees.
    terms.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    // Each term's postings go as its entry is made: the two are never all held at once.
    let entries: Vec<(String, String)> = (terms.into_par_iter())
        .map(|(t, p)| {
            let e = entry(&t, &p);
            (t, e)
        })
        .collect();
    let mut chunks = Chunks {
        firsts: Vec::new(),
        json: Vec::new(),
    };
    let mut current = String::new();
    for (term, e) in entries {
        if current.is_empty() {
            chunks.firsts.push(term);
            current.reserve(CHUNK_BYTES + e.len() + 2);
            current.push('[');
        } else {
            current.push(',');
        }
        current.push_str(&e);
        if current.len() >= CHUNK_BYTES {
            current.push(']');
            chunks.json.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        current.push(']');
        chunks.json.push(current);
    }
    chunks
}

/// `a` against `b` in UTF-16 order, as JavaScript compares strings: UTF-8's byte order but for
/// characters above U+FFFF, which UTF-16 puts before U+E000–U+FFFF.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// One term's entry: its documents grouped by weight, strongest first, each group's ids
/// ascending and written as differences (small numbers, which gzip squeezes well).
fn entry(term: &str, postings: &Postings) -> String {
    use std::fmt::Write;
    let mut out = serde_json::to_string(term).unwrap_or_default();
    out.insert(0, '[');
    out.push_str(",[");
    let mut weights: Vec<u32> = postings.iter().map(|p| p & 0xf).collect();
    weights.sort_unstable_by(|a, b| b.cmp(a));
    weights.dedup();
    for (g, w) in weights.iter().enumerate() {
        if g > 0 {
            out.push(',');
        }
        let _ = write!(out, "{w},[");
        let mut last = 0;
        let mut first = true;
        for id in postings.iter().filter(|p| *p & 0xf == *w).map(|p| p >> 4) {
            if !first {
                out.push(',');
            }
            let _ = write!(out, "{}", id - last);
            last = id;
            first = false;
        }
        out.push(']');
    }
    out.push_str("]]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_case_and_accents_and_split_at_punctuation() {
        assert_eq!(terms("Café-Crème, NAÏVE!"), ["cafe", "creme", "naive"]);
        assert_eq!(terms("日本語 のテスト"), ["日本語", "のテスト"]);
        assert_eq!(terms("&&& ... !!!"), Vec::<String>::new());
        assert_eq!(
            terms(&"x".repeat(10_000))[0].chars().count(),
            MAX_TERM_CHARS
        );
    }

    #[test]
    fn an_entry_groups_ids_by_weight_as_differences() {
        let p = vec![2 << 4 | 1, 5 << 4 | 10, 9 << 4 | 1, 12 << 4 | 10];
        assert_eq!(entry("go", &p), r#"["go",[10,[5,7],1,[2,7]]]"#);
    }

    #[test]
    fn chunks_hold_sorted_terms_and_the_first_of_each() {
        let docs: Vec<usize> = (0..3000).collect();
        let c = build(&docs, |i, d| d.add(Field::Text, &format!("word{i} common")));
        assert!(c.json.len() > 1, "{} chunks", c.json.len());
        assert_eq!(c.firsts.len(), c.json.len());
        assert!(c.firsts.windows(2).all(|w| w[0] < w[1]));
        for (first, json) in c.firsts.iter().zip(&c.json) {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(v[0][0].as_str().unwrap(), first);
        }
    }
}
