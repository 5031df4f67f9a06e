//! The offline search, chunked so it scales: a query loads a small manifest, the chunks of the
//! index its terms fall into, and the details of only the results it shows. At 20,000 talks
//! that is well under 100 KB (gzipped) where one index of 4.6 MB was loaded whole before
//! (BENCHMARKS.md, "Search"). Files, all under `search-index/` ([`layout::search_meta`] and
//! its neighbours):
//!
//! - `meta.js`: the number of documents, how many a details file holds, the first term of every
//!   chunk, and the labels of the result kinds in the site's language;
//! - `t<N>.js`: chunk N of the sorted terms, each with its documents by weight ([`index`]);
//! - `d<N>.js`: the details of documents N×[`DOCS_PER_FILE`]…: kind, title, URL, a line below.
//!
//! Documents are the tracks, then the speakers, then the talks in listing order, so on equal
//! scores a track or a speaker (a page gathering talks) comes first. Every file is a script
//! calling `TALKGEN_SEARCH_DATA(name, data)` rather than JSON, so search also works from
//! `file://`, where pages may not fetch files. `search.js` (the search page and the header's
//! suggestions) and `search-box.js` (on every page: loads `search.js` once the box is used)
//! are shipped as written.

mod index;

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

pub use index::{fold, terms, MAX_TERM_CHARS};
use index::{DocTerms, Field};

use crate::diagnostics::Result;
use crate::layout;
use crate::layout::Urls;
use crate::model::{Site, TalkId};
use crate::staging::Staging;

/// The search script, shipped as written (it is also run by the tests under node).
pub const SCRIPT: &str = include_str!("search.js");
/// The few lines every page loads: they fetch [`SCRIPT`] when the search box is first used.
pub const BOX_SCRIPT: &str = include_str!("search-box.js");

/// How many documents' details one `d<N>.js` holds: ten results cost a few small files.
pub const DOCS_PER_FILE: usize = 50;

/// What kind of page a result is; its number is what `d<N>.js` holds.
#[derive(Clone, Copy)]
enum Kind {
    Talk = 0,
    Speaker = 1,
    Track = 2,
}

/// One result's details: `[kind, title, url, line]`.
#[derive(Serialize)]
struct Details<'a>(u8, &'a str, String, String);

#[derive(Serialize)]
struct Meta<'a> {
    /// Format version, for the script.
    v: u8,
    docs: usize,
    per_file: usize,
    max_term: usize,
    chunks: &'a [String],
    /// The script's words in the site's language ([`STRINGS`]), by key.
    strings: std::collections::BTreeMap<&'static str, String>,
}

/// The UI strings search.js shows (theme/strings/*.yaml): the label of each kind of result
/// (talk, speaker, track, in that order first), the results line, the suggestions.
const STRINGS: &[&str] = &[
    "search_kind_talk",
    "search_kind_speaker",
    "search_kind_track",
    "search_found_one",
    "search_found_other",
    "search_none",
    "search_more",
    "search_all",
    "search_loading",
    "search_suggestions_n",
];

/// Writes every file of the search index into `out`, each as it is made (made whole first,
/// they were all held at once beside the index they came from); returns how many. It needs the
/// site alone, not its template values: a build makes the index while it makes those, so the
/// two are never held together (BENCHMARKS.md).
pub fn write(site: &Site, urls: &Urls, out: &Staging) -> Result<usize> {
    let shown =
        |e: std::io::Error| crate::diagnostics::Error::io(&out.shown(layout::SEARCH_INDEX), e);
    let put = |path: String, bytes: Vec<u8>| match site.has_static(&path) {
        true => Ok(0),
        false => out.write(&path, &bytes).map(|()| 1),
    };
    // The theme's strings in the site's language (`load` has checked the replacements).
    let ui =
        crate::i18n::strings(&site.conference.locale, &site.conference.strings).unwrap_or_default();
    let docs = documents(site);
    let chunks = index::build(&docs, |d, terms| doc_terms(site, *d, terms));
    let meta = Meta {
        v: 1,
        docs: docs.len(),
        per_file: DOCS_PER_FILE,
        max_term: MAX_TERM_CHARS,
        chunks: &chunks.firsts,
        strings: STRINGS.iter().map(|k| (*k, string(&ui, k))).collect(),
    };
    let meta = serde_json::to_string(&meta).map_err(|e| shown(e.into()))?;
    let mut written = put(layout::search_meta(), script("meta", &meta))?;
    for (n, json) in chunks.json.into_iter().enumerate() {
        written += put(layout::search_chunk(n), script(&format!("t{n}"), &json))?;
    }
    let details: Vec<usize> = docs
        .par_chunks(DOCS_PER_FILE)
        .enumerate()
        .map(|(n, part)| {
            let list: Vec<Details> = part.iter().map(|d| details(site, urls, &ui, *d)).collect();
            let json = serde_json::to_string(&list).map_err(|e| shown(e.into()))?;
            put(layout::search_docs(n), script(&format!("d{n}"), &json))
        })
        .collect::<Result<_>>()?;
    Ok(written + details.iter().sum::<usize>())
}

/// A data file: `TALKGEN_SEARCH_DATA("name",data);`.
fn script(name: &str, json: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 40);
    let _ = writeln!(out, "TALKGEN_SEARCH_DATA(\"{name}\",{json});");
    out
}

fn string(ui: &crate::i18n::Strings, key: &str) -> String {
    ui.get(key).map_or(key, String::as_str).to_owned()
}

/// A document of the index: a page a result leads to.
#[derive(Clone, Copy)]
enum Doc {
    Talk(TalkId),
    Speaker(crate::model::SpeakerId),
    Track(crate::model::TrackId),
}

fn documents(site: &Site) -> Vec<Doc> {
    let mut docs: Vec<Doc> = site.track_ids().map(Doc::Track).collect();
    docs.extend(site.speaker_ids().map(Doc::Speaker));
    docs.extend(site.talks_in_order().into_iter().map(Doc::Talk));
    docs
}

fn doc_terms(site: &Site, doc: Doc, terms: &mut DocTerms) {
    match doc {
        Doc::Talk(id) => {
            let t = site.talk(id);
            terms.add(Field::Title, &t.title);
            for s in &t.speakers {
                terms.add(Field::Speaker, &site.speaker(*s).name);
            }
            for tag in &t.tags {
                terms.add(Field::Tag, tag);
            }
            terms.add(Field::Track, &site.track(t.track).name);
            if let Some(l) = t.level {
                terms.add(Field::Level, &site.level(l).name);
            }
            // The words come from the HTML: the model keeps no plain copy of the texts, and a
            // build has let their Markdown go by now.
            for text in [&t.description.html, &t.abstract_.html] {
                terms.add_owned(Field::Text, crate::markdown::html_text(text, usize::MAX));
            }
        }
        Doc::Speaker(id) => {
            let s = site.speaker(id);
            terms.add(Field::Title, &s.name);
            if let Some(a) = &s.affiliation {
                terms.add(Field::Level, a);
            }
        }
        Doc::Track(id) => terms.add(Field::Title, &site.track(id).name),
    }
}

fn details<'a>(site: &'a Site, urls: &Urls, ui: &crate::i18n::Strings, doc: Doc) -> Details<'a> {
    match doc {
        Doc::Talk(id) => {
            let t = site.talk(id);
            let speakers: Vec<&str> = t
                .speakers
                .iter()
                .map(|s| site.speaker(*s).name.as_str())
                .collect();
            let mut line = speakers.join(", ");
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(&site.track(t.track).name);
            Details(
                Kind::Talk as u8,
                &t.title,
                site_path(urls, layout::talk(&t.slug)),
                line,
            )
        }
        Doc::Speaker(id) => {
            let s = site.speaker(id);
            let line = s.affiliation.clone().unwrap_or_default();
            Details(
                Kind::Speaker as u8,
                &s.name,
                site_path(urls, layout::speaker(&s.slug)),
                line,
            )
        }
        Doc::Track(id) => {
            let t = site.track(id);
            let n = t.talks.len();
            let key = if n == 1 {
                "talk_count_one"
            } else {
                "talk_count_other"
            };
            let line = string(ui, key).replace("{n}", &n.to_string());
            Details(
                Kind::Track as u8,
                &t.name,
                site_path(urls, layout::track(&t.slug)),
                line,
            )
        }
    }
}

/// A site path (`talks/x/`), resolved by search.js against its own URL (the site's root), so
/// the index works at any base path and from disk (where a folder is no page).
fn site_path(urls: &Urls, path: String) -> String {
    match urls.style {
        layout::LinkStyle::RelativeFiles => format!("{path}{}", layout::INDEX),
        _ => path,
    }
}
