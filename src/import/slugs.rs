//! Fresh, readable slugs for the files and tracks an import creates.

use std::collections::{HashMap, HashSet};

use crate::model::Slug;

/// Longest slug made from a title, cut at a hyphen.
const MAX_SLUG: usize = 60;

/// Slugs already taken, and a way to get a fresh one.
#[derive(Default)]
pub(super) struct Slugs {
    taken: HashSet<String>,
    /// For each base slug, the number to try next: 20,000 talks called "Lightning talk" then
    /// cost one lookup each, not one per talk of that name made before.
    next: HashMap<String, usize>,
}

impl Slugs {
    /// Slugs that exist already (files of the site, tracks of conference.yaml).
    pub(super) fn taken(&mut self, slugs: impl IntoIterator<Item = String>) {
        self.taken.extend(slugs);
    }

    pub(super) fn fresh(&mut self, text: &str, fallback: &str) -> String {
        // Transliterated first, as `talkgen new` does: "Zoë" → "zoe", not "zo".
        let base = Slug::from_text(&deunicode::deunicode(text))
            .map(|s| shorten(s.as_str()))
            .unwrap_or_else(|| fallback.to_owned());
        let mut slug = base.clone();
        let n = self.next.entry(base.clone()).or_insert(2);
        while self.taken.contains(&slug) {
            slug = format!("{base}-{n}");
            // One more than the slugs tried so far, fewer than the set holds: never saturates.
            *n = n.saturating_add(1);
        }
        self.taken.insert(slug.clone());
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
        slugs.taken(["panel-3".to_string()]);
        assert_eq!(slugs.fresh("Panel", "talk"), "panel");
        assert_eq!(slugs.fresh("Panel", "talk"), "panel-2");
        assert_eq!(slugs.fresh("Panel", "talk"), "panel-4");
        assert_eq!(slugs.fresh("Panel 2", "talk"), "panel-2-2");
        let long = slugs.fresh(&"word ".repeat(40), "talk");
        assert!(
            long.len() <= MAX_SLUG && Slug::parse(&long).is_ok(),
            "{long}"
        );
    }
}
