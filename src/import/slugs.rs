//! Fresh, readable slugs for the files and tracks an import creates.

use std::collections::HashSet;

use crate::model::Slug;

/// Longest slug made from a title, cut at a hyphen.
const MAX_SLUG: usize = 60;

/// Slugs already taken, and a way to get a fresh one.
#[derive(Default)]
pub(super) struct Slugs(pub(super) HashSet<String>);

impl Slugs {
    pub(super) fn fresh(&mut self, text: &str, fallback: &str) -> String {
        // Transliterated first, as `talkgen new` does: "Zoë" → "zoe", not "zo".
        let base = Slug::from_text(&deunicode::deunicode(text))
            .map(|s| shorten(s.as_str()))
            .unwrap_or_else(|| fallback.to_owned());
        let mut slug = base.clone();
        let mut n: usize = 2;
        while self.0.contains(&slug) {
            slug = format!("{base}-{n}");
            // One more than the slugs tried so far, fewer than the set holds: never saturates.
            n = n.saturating_add(1);
        }
        self.0.insert(slug.clone());
        slug
    }
}

/// Cuts a long slug at a hyphen so file names stay readable.
fn shorten(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_owned();
    }
    let cut = &slug[..MAX_SLUG];
    match cut.rfind('-') {
        Some(i) if i > 10 => cut[..i].to_owned(),
        _ => cut.trim_end_matches('-').to_owned(),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_short() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.fresh("Opening", "talk"), "opening");
        assert_eq!(slugs.fresh("Opening!", "talk"), "opening-2");
        assert_eq!(slugs.fresh("???", "talk"), "talk");
        assert_eq!(
            slugs.fresh("Die 5G-Überwachung", "talk"),
            "die-5g-uberwachung"
        );
        let long = slugs.fresh(&"word ".repeat(40), "talk");
        assert!(
            long.len() <= MAX_SLUG && Slug::parse(&long).is_ok(),
            "{long}"
        );
    }
}
