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
    /// Where the tag is first written: a talk and the position in its `tags`. Pages name a tag
    /// by this, so finding a tag page's path needs no pass over the whole site.
    pub first: (TalkId, u16),
}

/// The site path of a tag page.
pub fn tag_rel(slug: &Slug) -> String {
    format!("tags/{slug}/")
}

/// The slug of a tag as written on a talk, if it makes one.
pub fn tag_slug(tag: &str) -> Option<Slug> {
    Slug::from_text(tag)
}

/// The slug of the tag written at position `index` of `talk`'s tags.
pub fn slug_at(site: &Site, talk: TalkId, index: u16) -> Option<Slug> {
    site.talk(talk)
        .tags
        .get(usize::from(index))
        .and_then(|t| tag_slug(t))
}

/// Every tag of the site, sorted by slug.
pub fn tags(site: &Site) -> Vec<Tag> {
    let mut by_slug: BTreeMap<Slug, Tag> = BTreeMap::new();
    for id in site.talks_in_order() {
        for (i, name) in site.talk(id).tags.iter().enumerate() {
            let Some(slug) = tag_slug(name) else { continue };
            // A page is named by this position; past 65535 tags on one talk there is none.
            let Ok(index) = u16::try_from(i) else { break };
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.trim().to_owned(),
                slug,
                talks: Vec::new(),
                first: (id, index),
            });
            if tag.talks.last() != Some(&id) {
                tag.talks.push(id);
            }
        }
    }
    by_slug.into_values().collect()
}
