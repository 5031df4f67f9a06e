//! Tags as entities of the site, built once from the tags written on talks.
//!
//! Tags are free text, so two spellings that make the same slug ("Tracing", "tracing") are one
//! tag, shown under the spelling met first in listing order. A tag that makes no slug ("!!!")
//! stays on its talk but is no tag of the site.

use std::collections::{BTreeMap, HashSet};

use crate::model::{Site, Slug, Tag, TagId, TalkId};

/// Fills `site.tags` (sorted by slug) and each talk's `tag_ids` from the talks' tags.
pub fn attach(site: &mut Site) {
    let mut by_slug: BTreeMap<Slug, (String, Vec<TalkId>)> = BTreeMap::new();
    for id in site.talks_in_order() {
        for name in &site.talk(id).tags {
            let Some(slug) = Tag::slug_of(name) else {
                continue;
            };
            let (_, talks) = by_slug
                .entry(slug)
                .or_insert_with(|| (name.trim().to_owned(), Vec::new()));
            if talks.last() != Some(&id) {
                talks.push(id);
            }
        }
    }
    let index: BTreeMap<&Slug, TagId> = (by_slug.keys().enumerate())
        .map(|(i, slug)| (slug, TagId(i as u32)))
        .collect();
    // A set, not `ids.contains`: a talk with 10,000 tags would cost 50 million comparisons.
    let mut seen: HashSet<TagId> = HashSet::new();
    for talk in &mut site.talks {
        seen.clear();
        let mut ids: Vec<TagId> = Vec::new();
        for name in &talk.tags {
            let id = Tag::slug_of(name).and_then(|s| index.get(&s).copied());
            if let Some(id) = id.filter(|id| seen.insert(*id)) {
                ids.push(id);
            }
        }
        talk.tag_ids = ids;
    }
    site.tags = by_slug
        .into_iter()
        .map(|(slug, (name, talks))| Tag { slug, name, talks })
        .collect();
}
