//! The offline search: a small index written at build time (`search-index.js`) and a small
//! script (`search.js`) that the search page runs on it. The index is a script that sets a
//! global rather than a JSON file, so search also works from `file://`, where pages may not
//! fetch files. Pages stay whole without JavaScript; only the results list needs it.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::render::Views;

/// The search script, shipped as written (it is also run by the tests under node).
pub const SCRIPT: &str = include_str!("search.js");

#[derive(Serialize)]
struct Index<'a> {
    talks: Vec<Entry<'a>>,
}

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

/// The text of `search-index.js`.
pub fn index_js(site: &Site, views: &Views) -> String {
    let talks = site
        .talks_in_order()
        .into_par_iter()
        .map(|id| {
            let t = site.talk(id);
            let mut text = super::plain_text(&t.description).to_lowercase();
            text.push(' ');
            text.push_str(&super::plain_text(&t.abstract_).to_lowercase());
            let mut words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 2)
                .collect();
            words.sort_unstable();
            words.dedup();
            Entry {
                title: &t.title,
                url: views.urls.path(&crate::render::views::talk_rel(&t.slug)),
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
        })
        .collect();
    let json = serde_json::to_string(&Index { talks }).unwrap_or_else(|_| "{\"talks\":[]}".into());
    format!("/* talkgen search index */\nwindow.TALKGEN_SEARCH = {json};\n")
}
