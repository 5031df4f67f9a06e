//! Resolving the parsed files into a [`Site`]: every slug is checked and turned into an id once,
//! here, so later stages never look anything up by name.
//!
//! A [`Linker`] holds the diagnostics, the slug maps and what is built so far; each entity has its
//! own file and method, called in the order of the site's dependencies (the conference, tracks
//! and levels, speakers, talks, topic pages), then the Markdown links are checked and the
//! back-references and listing order computed (`order.rs`).

mod articles;
mod conference;
mod order;
mod pages;
mod speakers;
pub(super) mod talks;
mod tracks;

pub use tracks::DEFAULT_LEVELS;
pub(super) mod values;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::links;
use super::locate::{Locator, Suggester};
use super::parse::{Broken, Parsed};
use super::raw::{RawArticle, RawConference, RawSpeaker, RawTalk};
use super::walk::Statics;
use crate::diagnostics::{Diagnostics, Position};
use crate::markdown::{self, MarkdownOptions};
use crate::model::*;

/// A topic page with its talks resolved, sorted once the site is whole: slug, title, intro,
/// talks, and whether the talks were listed explicitly (kept in that order).
type LinkedPage = (Slug, String, Markdown, Vec<TalkId>, bool);

/// The site as it is being linked: what is resolved so far, by slug, and the problems found.
struct Linker<'a> {
    /// The text of `content/conference.yaml`, indexed to point at its values.
    conf: Locator<'a>,
    conf_file: PathBuf,
    md: &'a MarkdownOptions,
    diags: &'a mut Diagnostics,
    /// "Did you mean", within one budget for the whole load.
    suggest: Suggester,
    /// Site links in Markdown, checked once every page is known.
    pending: Vec<links::Pending>,
    tracks: Vec<Track>,
    track_ids: HashMap<String, TrackId>,
    levels: Vec<Level>,
    level_ids: HashMap<String, LevelId>,
    speakers: Vec<Speaker>,
    speaker_ids: HashMap<String, SpeakerId>,
    talks: Vec<Talk>,
    talk_ids: HashMap<String, TalkId>,
    /// Talks left out as drafts: named on a page or in a link, they are not unknown.
    drafts: HashSet<String>,
    /// Talks whose problems were reported (broken files too): not reported again where named.
    invalid_talks: HashSet<String>,
    /// A talk file failed to parse: which speakers it names is not known.
    talk_file_failed: bool,
    pages: Vec<LinkedPage>,
    /// Topic pages and free-form pages: one namespace, at the site's root.
    page_slugs: HashSet<Slug>,
    articles: Vec<Article>,
}

/// Resolves every reference of the parsed files (`drafts`: keep talks marked as drafts). The
/// site is made whatever was wrong; the caller keeps it only when `diags` has no errors.
#[allow(clippy::too_many_arguments)]
pub(super) fn link(
    mut raw: RawConference,
    conf_yaml: &str,
    talks: Vec<Parsed<RawTalk>>,
    speakers: Vec<Parsed<RawSpeaker>>,
    articles: Vec<Parsed<RawArticle>>,
    broken: &Broken,
    statics: Statics,
    drafts: bool,
    md: &MarkdownOptions,
    diags: &mut Diagnostics,
) -> Site {
    let raw_tracks = std::mem::take(&mut raw.tracks);
    let level_names = raw.levels.take();
    let raw_pages = std::mem::take(&mut raw.pages);
    let mut l = Linker {
        conf: Locator::new(conf_yaml, 1),
        conf_file: PathBuf::from("content/conference.yaml"),
        md,
        diags,
        suggest: Suggester::default(),
        pending: Vec::new(),
        tracks: Vec::new(),
        track_ids: HashMap::new(),
        levels: Vec::new(),
        level_ids: HashMap::new(),
        speakers: Vec::with_capacity(speakers.len()),
        speaker_ids: HashMap::with_capacity(speakers.len()),
        talks: Vec::with_capacity(talks.len()),
        talk_ids: HashMap::with_capacity(talks.len()),
        drafts: HashSet::new(),
        invalid_talks: broken.talks.clone(),
        talk_file_failed: !broken.talks.is_empty(),
        pages: Vec::new(),
        page_slugs: HashSet::new(),
        articles: Vec::new(),
    };
    let conference = l.conference(raw);
    l.add_tracks(raw_tracks);
    l.add_levels(level_names);
    l.add_speakers(speakers);
    l.add_talks(talks, broken, conference.timezone.as_ref(), drafts);
    l.add_pages(raw_pages, &statics);
    l.add_articles(articles, &statics);
    l.check_links(&statics, broken);
    l.into_site(conference, statics)
}

impl Linker<'_> {
    /// Where `value` of `key` is written in `conference.yaml`.
    fn at_conf(&self, key: &str, value: &str) -> (Position, usize) {
        self.conf.span(key, value)
    }

    /// Renders a Markdown value of `conference.yaml`, keeping its site links for the check.
    fn render_md(&mut self, text: Option<&str>, key: &str) -> Markdown {
        let (html, found) = markdown::render_with_links(text.unwrap_or(""), self.md);
        self.pending
            .extend(links::in_yaml_at(&self.conf_file, &self.conf, key, found));
        html
    }

    /// Checks the site links found in all Markdown against every path of the site, now known.
    fn check_links(&mut self, statics: &Statics, broken: &Broken) {
        links::SitePaths {
            statics: &statics.files,
            talks: self
                .talk_ids
                .keys()
                .chain(&self.invalid_talks)
                .map(String::as_str)
                .collect(),
            drafts: &self.drafts,
            speakers: self
                .speaker_ids
                .keys()
                .chain(&broken.speakers)
                .map(String::as_str)
                .collect(),
            tracks: self.track_ids.keys().map(String::as_str).collect(),
            levels: self.level_ids.keys().map(String::as_str).collect(),
            pages: self.page_slugs.iter().map(Slug::as_str).collect(),
        }
        .check_with(&self.pending, &self.suggest, self.diags);
    }
}
