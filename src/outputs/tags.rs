//! Tags as pages: every tag written on a talk gets `tags/<slug>/`, and `tags/` lists them all.
//!
//! Tags are free text, so two spellings that make the same slug ("Tracing", "tracing") are one
//! tag, shown under the spelling met first in listing order. A tag that makes no slug at all
//! ("!!!") stays on its talk but gets no page.

use std::collections::BTreeMap;

use crate::model::{Site, Slug, TalkId};

/// One tag and its talks, in listing order.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: Slug,
    pub talks: Vec<TalkId>,
}

/// The site path of a tag page.
pub fn tag_rel(slug: &Slug) -> String {
    format!("tags/{slug}/")
}

/// The slug of a tag as written on a talk, if it makes one.
pub fn tag_slug(tag: &str) -> Option<Slug> {
    Slug::from_text(tag)
}

/// Every tag of the site, sorted by slug.
pub fn tags(site: &Site) -> Vec<Tag> {
    let mut by_slug: BTreeMap<Slug, Tag> = BTreeMap::new();
    for id in site.talks_in_order() {
        for name in &site.talk(id).tags {
            let Some(slug) = tag_slug(name) else { continue };
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.trim().to_owned(),
                slug,
                talks: Vec::new(),
            });
            if tag.talks.last() != Some(&id) {
                tag.talks.push(id);
            }
        }
    }
    by_slug.into_values().collect()
}
