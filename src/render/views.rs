//! What templates see: each talk, speaker, track and level turned into a Tera value once per
//! build. Values share their strings and lists by reference count, so putting a talk on five
//! pages costs five pointer copies, not five serialisations.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Value;

use super::summary;
use crate::layout::{self, Urls};
use crate::model::*;

/// A small builder for Tera maps.
#[derive(Default)]
pub struct Obj(BTreeMap<&'static str, Value>);

impl Obj {
    pub fn new() -> Obj {
        Obj(BTreeMap::new())
    }
    pub fn set(mut self, k: &'static str, v: impl Into<Value>) -> Obj {
        self.0.insert(k, v.into());
        self
    }
    /// Rendered Markdown, shared with the model rather than copied.
    pub fn html(self, k: &'static str, html: &Html) -> Obj {
        self.set(k, html.value().clone())
    }
    pub fn build(self) -> Value {
        Value::from(self.0)
    }
}

fn opt_str(s: &Option<String>) -> Value {
    s.as_deref().map(Value::from).unwrap_or_else(Value::none)
}

/// How many tracks and how many tags the listing filters link: the most used, not hundreds (the
/// tracks and tags pages list them all). With 500 tracks, every track page carried 39 KB of
/// links to the others, three quarters of the page.
pub const TOP_LINKS: usize = 24;

/// The positions of the `TOP_LINKS` largest of `sizes`, in their own order.
fn top(sizes: impl ExactSizeIterator<Item = usize>) -> Vec<usize> {
    let sizes: Vec<usize> = sizes.collect();
    let mut top: Vec<usize> = (0..sizes.len()).collect();
    top.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    top.truncate(TOP_LINKS);
    top.sort_unstable();
    top
}

/// Every entity of the site as a template value, built once per build.
pub struct Views {
    pub urls: Urls,
    pub site: Value,
    pub talks: Vec<Value>,
    pub speakers: Vec<Value>,
    pub tracks: Vec<Value>,
    pub levels: Vec<Value>,
    pub pages: Vec<Value>,
    /// In the order of [`Site::tags`].
    pub tags: Vec<Value>,
    /// Each talk's summary as plain text ([`summary::summary`]), made once for pages and exports.
    pub summaries: Vec<String>,
    pub tag_links: TagLinks,
}

impl Views {
    pub fn new(site: &Site, urls: Urls) -> Views {
        let tracks: Vec<Value> = site
            .tracks
            .iter()
            .map(|t| {
                Obj::new()
                    .set("slug", t.slug.as_str())
                    .set("name", t.name.as_str())
                    .set("url", urls.path(&layout::track(&t.slug)))
                    .html("description_html", &t.description.html)
                    .set("talk_count", t.talks.len())
                    .build()
            })
            .collect();
        let levels: Vec<Value> = site
            .levels
            .iter()
            .map(|l| {
                Obj::new()
                    .set("slug", l.slug.as_str())
                    .set("name", l.name.as_str())
                    .set("url", urls.path(&layout::level(&l.slug)))
                    .set("talk_count", l.talks.len())
                    .build()
            })
            .collect();
        // Speakers and talks are the bulk of the site: build their values on every core.
        let speakers: Vec<Value> = (site.speakers.par_iter())
            .map(|s| speaker_value(s, &urls))
            .collect();
        let summaries: Vec<String> = site.talks.par_iter().map(summary::summary).collect();
        let tag_links = TagLinks::new(site, &urls);
        let talks: Vec<Value> = site
            .talks
            .par_iter()
            .zip(summaries.par_iter())
            .map(|(t, summary)| {
                talk_value(t, summary, &urls, &tag_links, &speakers, &tracks, &levels)
            })
            .collect();
        let pages: Vec<Value> = site
            .pages
            .iter()
            .map(|p| {
                Obj::new()
                    .set("slug", p.slug.as_str())
                    .set("title", p.title.as_str())
                    .set("url", urls.path(&layout::topic(&p.slug)))
                    .html("intro_html", &p.intro.html)
                    .set("talk_count", p.talks.len())
                    .build()
            })
            .collect();
        let tags: Vec<Value> = site
            .tags
            .iter()
            .map(|t| {
                Obj::new()
                    .set("slug", t.slug.as_str())
                    .set("name", t.name.as_str())
                    .set("url", urls.path(&layout::tag(&t.slug)))
                    .set("talk_count", t.talks.len())
                    .build()
            })
            .collect();
        let site_value = site_value(site, &urls, &tracks, &levels, &pages, &tags);
        Views {
            urls,
            site: site_value,
            talks,
            speakers,
            tracks,
            levels,
            pages,
            tags,
            summaries,
            tag_links,
        }
    }

    /// The values of `ids`, in that order.
    pub fn talk_list(&self, ids: &[TalkId]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.talks[id.index()].clone())
                .collect::<Vec<_>>(),
        )
    }
}

/// The `site` value every template gets: the conference, the site's URLs and its lists.
fn site_value(
    site: &Site,
    urls: &Urls,
    tracks: &[Value],
    levels: &[Value],
    pages: &[Value],
    tags: &[Value],
) -> Value {
    // The filters show the largest tracks (in the conference's order) and the most used
    // tags (A–Z).
    let top_tracks: Vec<Value> = top(site.tracks.iter().map(|t| t.talks.len()))
        .into_iter()
        .map(|i| tracks[i].clone())
        .collect();
    let top_tags: Vec<Value> = top(site.tags.iter().map(|t| t.talks.len()))
        .into_iter()
        .map(|i| tags[i].clone())
        .collect();
    let c = &site.conference;
    let dates = match (c.start_date, c.end_date) {
        (Some(s), Some(e)) if s != e => Value::from(format_range(s, e)),
        (Some(s), _) => Value::from(s.strftime("%-d %B %Y").to_string()),
        _ => Value::none(),
    };
    Obj::new()
        .set("name", c.name.as_str())
        .set("tagline", opt_str(&c.tagline))
        .set("venue", opt_str(&c.venue))
        .set("dates", dates)
        .set("start_date", c.start_date.map(|d| d.to_string()))
        .set("end_date", c.end_date.map(|d| d.to_string()))
        .set("timezone", opt_str(&c.timezone_name))
        .html("description_html", &c.description.html)
        .set("base_url", urls.base_url.as_str())
        .set("base_path", urls.base_path.as_str())
        .set("home_url", urls.path(""))
        .set("speakers_url", urls.path(layout::SPEAKERS))
        .set("tracks_url", urls.path(layout::TRACKS))
        .set("levels_url", urls.path(layout::LEVELS))
        .set("schedule_url", urls.path(layout::SCHEDULE))
        .set("has_schedule", site.has_schedule())
        .set("tags_url", urls.path(layout::TAGS))
        .set("tags", tags.to_vec())
        .set("top_tags", top_tags)
        .set("top_tracks", top_tracks)
        .set("search_url", urls.path(layout::SEARCH))
        .set("search_index_url", urls.path(layout::SEARCH_INDEX))
        .set("search_js_url", urls.path(layout::SEARCH_JS))
        .set("feed_url", urls.path(layout::FEED))
        .set("ics_url", urls.path(layout::SCHEDULE_ICS))
        .set("json_url", urls.path(layout::TALKS_JSON))
        .set(
            "absolute_home_url",
            urls.is_absolute().then(|| urls.absolute("")),
        )
        .set("css_url", urls.path(layout::STYLE_CSS))
        .set("pages", pages.to_vec())
        .set("tracks", tracks.to_vec())
        .set("levels", levels.to_vec())
        .set("talk_count", site.talks.len())
        .set("speaker_count", site.speakers.len())
        .set("generator", concat!("talkgen ", env!("CARGO_PKG_VERSION")))
        .build()
}

/// What templates see of a speaker.
fn speaker_value(s: &Speaker, urls: &Urls) -> Value {
    let links: Vec<Value> = s
        .links
        .iter()
        .map(|(label, url)| {
            Obj::new()
                .set("label", label.as_str())
                .set("url", urls.link(url))
                .build()
        })
        .collect();
    Obj::new()
        .set("slug", s.slug.as_str())
        .set("name", s.name.as_str())
        .set("url", urls.path(&layout::speaker(&s.slug)))
        .set(
            "absolute_url",
            urls.is_absolute()
                .then(|| urls.absolute(&layout::speaker(&s.slug))),
        )
        .set("summary", summary::speaker_summary(s))
        .set(
            "absolute_photo",
            s.photo.as_ref().and_then(|p| {
                if !p.is_site_relative() {
                    Some(p.as_str().to_owned())
                } else if urls.is_absolute() {
                    Some(urls.absolute(&p.as_str()[1..]))
                } else {
                    None
                }
            }),
        )
        .set("affiliation", opt_str(&s.affiliation))
        .set(
            "photo",
            s.photo
                .as_ref()
                .map(|p| urls.link(p))
                .map(Value::from)
                .unwrap_or_else(Value::none),
        )
        .set("links", links)
        .html("bio_html", &s.bio.html)
        .set("talk_count", s.talks.len())
        .build()
}

fn format_range(s: jiff::civil::Date, e: jiff::civil::Date) -> String {
    if s.year() == e.year() && s.month() == e.month() {
        format!("{}–{}", s.day(), e.strftime("%-d %B %Y"))
    } else if s.year() == e.year() {
        format!("{} – {}", s.strftime("%-d %B"), e.strftime("%-d %B %Y"))
    } else {
        format!("{} – {}", s.strftime("%-d %B %Y"), e.strftime("%-d %B %Y"))
    }
}

/// Each tag's `{name, url}` value, made once and shared by every talk with the tag: a map per
/// talk and tag was ~14 MB at 20,000 talks.
pub struct TagLinks(HashMap<String, Value>);

impl TagLinks {
    fn new(site: &Site, urls: &Urls) -> TagLinks {
        let mut links = HashMap::new();
        for tag in site.talks.iter().flat_map(|t| &t.tags) {
            if !links.contains_key(tag) {
                links.insert(tag.clone(), tag_link(tag, urls));
            }
        }
        TagLinks(links)
    }

    /// The value of `tag`, made afresh for a tag the site did not have (an edit in `serve`).
    fn get(&self, tag: &str, urls: &Urls) -> Value {
        match self.0.get(tag) {
            Some(v) => v.clone(),
            None => tag_link(tag, urls),
        }
    }
}

fn tag_link(tag: &str, urls: &Urls) -> Value {
    let url = Tag::slug_of(tag).map(|s| urls.path(&layout::tag(&s)));
    Obj::new().set("name", tag).set("url", url).build()
}

pub(crate) fn talk_value(
    t: &Talk,
    summary: &str,
    urls: &Urls,
    tag_links: &TagLinks,
    speakers: &[Value],
    tracks: &[Value],
    levels: &[Value],
) -> Value {
    let slot = match &t.slot {
        Some(s) => Obj::new()
            .set("room", s.room())
            .set("day", s.start().date().strftime("%A %-d %B %Y").to_string())
            .set("date", s.start().date().to_string())
            .set("start_time", s.start().strftime("%H:%M").to_string())
            .set("end_time", s.end().strftime("%H:%M").to_string())
            .set("start", s.start().to_string())
            .set("end", s.end().to_string())
            .set("minutes", s.start().duration_until(s.end()).as_secs() / 60)
            .build(),
        None => Value::none(),
    };
    let speaker_values: Vec<Value> = t
        .speakers
        .iter()
        .map(|s| speakers[s.index()].clone())
        .collect();
    let tag_links: Vec<Value> = t.tags.iter().map(|tag| tag_links.get(tag, urls)).collect();
    Obj::new()
        .set("slug", t.slug.as_str())
        .set("title", t.title.as_str())
        .set("url", urls.path(&layout::talk(&t.slug)))
        .set(
            "absolute_url",
            urls.is_absolute()
                .then(|| urls.absolute(&layout::talk(&t.slug))),
        )
        .set(
            "ics_url",
            t.slot
                .as_ref()
                .map(|_| urls.path(&layout::talk_ics(&t.slug))),
        )
        .set("summary", summary)
        .set("tag_links", tag_links)
        .set("speakers", speaker_values)
        .set("track", tracks[t.track.index()].clone())
        .set(
            "level",
            t.level
                .map(|l| levels[l.index()].clone())
                .unwrap_or_else(Value::none),
        )
        .html("description_html", &t.description.html)
        .html("abstract_html", &t.abstract_.html)
        .set("tags", t.tags.clone())
        .set("slot", slot)
        .set("date", t.day().map(|d| d.to_string()))
        .set("slides", t.slides.as_ref().map(|l| urls.link(l)))
        .set("video", t.video.as_ref().map(|l| urls.link(l)))
        .set("weight", t.weight)
        .set("draft", t.draft)
        .build()
}
