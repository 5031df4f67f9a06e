//! The offline search: a small index written at build time (`search-index.js`) and a small
//! script (`search.js`) that the search page runs on it. The index is a script that sets a
//! global rather than a JSON file, so search also works from `file://`, where pages may not
//! fetch files. Pages stay whole without JavaScript; only the results list needs it.

use std::io::Write;

use serde::Serialize;

use super::context::{write_in_chunks, Context};
use crate::model::{Site, TalkId};
use crate::render::Views;

/// The search script, shipped as written (it is also run by the tests under node).
pub const SCRIPT: &str = include_str!("search.js");

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    speakers: Vec<&'a str>,
    track: &'a str,
    level: Option<&'a str>,
    tags: &'a [String],
    /// Distinct lowercase words of the description and abstract, for word search.
    words: String,
}

/// Writes `search-index.js`: `window.TALKGEN_SEARCH = {"talks":[...]};`, entries in listing
/// order (made whole, the index held ~50 MB at 20,000 talks).
pub fn write_index(cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
    let (site, views) = (cx.site, cx.views);
    w.write_all(b"/* talkgen search index */\nwindow.TALKGEN_SEARCH = {\"talks\":[")?;
    write_in_chunks(&site.talks_in_order(), b",", w, |&id| {
        Ok(serde_json::to_vec(&entry(site, views, id))?)
    })?;
    w.write_all(b"]};\n")
}

fn entry<'a>(site: &'a Site, views: &Views, id: TalkId) -> Entry<'a> {
    let t = site.talk(id);
    // The words come from the HTML: the model keeps no plain copy of the texts, and a build has
    // let their Markdown go by now.
    let mut text = crate::markdown::html_text(&t.description.html, usize::MAX).to_lowercase();
    text.push(' ');
    text.push_str(&crate::markdown::html_text(&t.abstract_.html, usize::MAX).to_lowercase());
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .collect();
    words.sort_unstable();
    words.dedup();
    Entry {
        title: &t.title,
        // A site path, resolved by search.js against its own URL (the site's root), so the
        // index works at any base path and from disk.
        url: match views.urls.style {
            crate::layout::LinkStyle::RelativeFiles => {
                format!("{}{}", crate::layout::talk(&t.slug), crate::layout::INDEX)
            }
            _ => crate::layout::talk(&t.slug),
        },
        speakers: t
            .speakers
            .iter()
            .map(|s| site.speaker(*s).name.as_str())
            .collect(),
        track: &site.track(t.track).name,
        level: t.level.map(|l| site.level(l).name.as_str()),
        tags: &t.tags,
        words: words.join(" "),
    }
}
