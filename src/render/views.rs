//! What templates see: each talk, speaker, track and level turned into a Tera value once per
//! build. Values share their strings and lists by reference count, so putting a talk on five
//! pages costs five pointer copies, not five serialisations.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use super::programme::Programme;
use super::summary;
use super::value::calendar_links;
pub use super::value::Obj;
use crate::layout::{self, Urls};
use crate::model::*;

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
    pub tag_links: TagLinks,
    /// Every talk in listing order, for the pages of `talks/`.
    pub talk_order: Vec<TalkId>,
    /// Every speaker A–Z by name, for the pages of `speakers/`.
    pub speaker_order: Vec<SpeakerId>,
    pub articles: Vec<Value>,
    /// The theme's UI strings in the site's language, with the site's replacements.
    pub strings: Value,
    /// The schedule's days and rooms, for the schedule pages and the overview's days.
    pub programme: Programme,
    /// The released versions and what changed in each (empty without `content/versions/`).
    pub history: crate::model::versions::History,
}

impl Views {
    pub fn new(site: &Site, urls: Urls) -> Views {
        let has_schedule = site.has_schedule();
        let explicit: Vec<_> = site.tracks.iter().map(|t| t.color).collect();
        let colors = crate::colors::track_colors(site.tracks.len(), &explicit);
        let tracks: Vec<Value> = site
            .tracks
            .iter()
            .zip(&colors)
            .enumerate()
            .map(|(i, (t, color))| {
                Obj::new()
                    .set("slug", t.slug.as_str())
                    .set("name", t.name.as_str())
                    .set("url", urls.path(&layout::track(&t.slug)))
                    .set(
                        "calendar",
                        calendar_links(has_schedule, &urls, &layout::track_ics(&t.slug)),
                    )
                    .html("description_html", &t.description.html)
                    .set("talk_count", t.talks.len())
                    .set("color", color.to_hex())
                    .set("index", i)
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
        let tag_links = TagLinks::new(site, &urls);
        let strings = ui_strings(&site.conference);
        let talk_order = site.talks_in_order();
        let programme = Programme::new(site, &talk_order);
        let split = programme.split;
        let talks: Vec<Value> = site
            .talks
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let cx = TalkContext {
                    conference: &site.conference,
                    split,
                    urls: &urls,
                    tag_links: &tag_links,
                    speakers: &speakers,
                    tracks: &tracks,
                    levels: &levels,
                };
                let summary = summary::summary(t);
                talk_value(t, &summary, programme.part_name(TalkId(i as u32)), &cx)
            })
            .collect();
        let history = crate::model::versions::History::new(site);
        let talks = super::marks::mark_talks(&history, talks, &urls);
        let articles: Vec<Value> = site
            .articles
            .iter()
            .map(|a| {
                Obj::new()
                    .set("slug", a.slug.as_str())
                    .set("title", a.title.as_str())
                    .set("url", urls.path(&layout::topic(&a.slug)))
                    .set("description", opt_str(&a.description))
                    .set("nav", a.nav)
                    .html("body_html", &a.body.html)
                    .build()
            })
            .collect();
        // By the name as written, case-insensitively, which organisers can predict: a
        // family-name guess ("Wesley Chun" under C) fails for many cultures.
        let mut speaker_order: Vec<SpeakerId> = site.speaker_ids().collect();
        speaker_order.sort_by_cached_key(|id| {
            let s = site.speaker(*id);
            (s.name.to_lowercase(), s.slug.clone())
        });
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
        let lists = Lists {
            tracks: &tracks,
            levels: &levels,
            pages: &pages,
            tags: &tags,
            articles: &articles,
            programme: &programme,
        };
        let site_value = site_value(site, &urls, &lists, &strings);
        Views {
            history,
            talk_order,
            programme,
            speaker_order,
            articles,
            strings,
            urls,
            site: site_value,
            talks,
            speakers,
            tracks,
            levels,
            pages,
            tags,
            tag_links,
        }
    }

    /// The talk's summary as plain text ([`summary::summary`]), made once for pages and
    /// exports and kept in its value only (a second copy was 2 MB at 20,000 talks).
    pub fn summary(&self, id: TalkId) -> &str {
        (self.talks[id.index()].get_from_path("summary"))
            .and_then(Value::as_str)
            .unwrap_or_default()
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

/// The lists of the site as values, made before the `site` value that holds them.
struct Lists<'a> {
    tracks: &'a [Value],
    levels: &'a [Value],
    pages: &'a [Value],
    tags: &'a [Value],
    articles: &'a [Value],
    programme: &'a Programme,
}

/// The time-zone control's label in the conference's zone and, for the script, in the viewer's
/// (`{tz}` left for it to fill): made once, not by three `replace` filters on every page (a
/// tenth of the time of a speaker's page).
fn tz_labels(c: &Conference, strings: &Value) -> Option<(String, String)> {
    let zone = c.timezone_name.as_deref()?;
    let get = |key: &'static str| {
        strings
            .get_from_path(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
    };
    let label = get("tz_label");
    Some((
        label.replace("{tz}", zone),
        label.replace("{tz}", get("tz_yours")),
    ))
}

/// The theme's strings for the site's language with the site's replacements, as a map
/// (`load` has checked the replacements' keys).
fn ui_strings(c: &Conference) -> Value {
    let strings = crate::i18n::strings(&c.locale, &c.strings).unwrap_or_default();
    let map: tera::Map = strings
        .into_iter()
        .map(|(k, v)| (k.into(), Value::from(v)))
        .collect();
    Value::from(map)
}

/// The conference days with talks: each day's date, labels, schedule URL and talk count.
fn days_value(site: &Site, urls: &Urls, programme: &Programme) -> Vec<Value> {
    let locale = &site.conference.locale;
    let split = programme.split;
    programme
        .by_day
        .iter()
        .map(|(&date, talks)| {
            Obj::new()
                .set("date", date.to_string())
                .set("label", locale.day_label(date))
                .set("short", locale.day_short(date))
                .set("url", urls.path(&layout::schedule_url_of_day(split, date)))
                .set("talk_count", talks.len())
                .build()
        })
        .collect()
}

/// The `site` value every template gets: the conference, the site's URLs and its lists
/// (`strings` is `t`, the theme's strings, for the labels made here).
fn site_value(site: &Site, urls: &Urls, lists: &Lists, strings: &Value) -> Value {
    let Lists {
        tracks,
        levels,
        pages,
        tags,
        articles,
        programme,
    } = *lists;
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
        (Some(s), e) => Value::from(c.locale.date_range(s, e.unwrap_or(s))),
        _ => Value::none(),
    };
    let b = &c.branding;
    let link = |l: &Option<Link>| l.as_ref().map(|l| urls.link(l));
    let cta = link_list(&c.links, urls);
    let nav: Vec<Value> = site
        .articles
        .iter()
        .zip(articles)
        .filter(|(a, _)| a.nav)
        .map(|(_, v)| v.clone())
        .collect();
    let tz_label = tz_labels(c, strings);
    Obj::new()
        .set("lang", c.locale.tag())
        .set("logo", link(&b.logo))
        .set(
            "favicon",
            link(&b.favicon).unwrap_or_else(|| urls.path(layout::FAVICON)),
        )
        .set(
            "social_image",
            b.social_image.as_ref().and_then(|l| absolute_link(l, urls)),
        )
        .set("theme_css", crate::colors::theme_css(b.accent))
        .set("links", cta)
        .set("articles", nav)
        .set("talks_url", urls.path(layout::TALKS))
        .set("days", days_value(site, urls, programme))
        .set("name", c.name.as_str())
        .set("tagline", opt_str(&c.tagline))
        .set("venue", opt_str(&c.venue))
        .set("dates", dates)
        .set("start_date", c.start_date.map(|d| d.to_string()))
        .set("end_date", c.end_date.map(|d| d.to_string()))
        .set("timezone", opt_str(&c.timezone_name))
        .set("tz_label", tz_label.as_ref().map(|(conf, _)| conf.as_str()))
        .set(
            "tz_label_yours",
            tz_label.as_ref().map(|(_, yours)| yours.as_str()),
        )
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
        .set("search_box_js_url", urls.path(layout::SEARCH_BOX_JS))
        .set("search_js_url", urls.path(layout::SEARCH_JS))
        .set("feed_url", urls.path(layout::FEED))
        .set("ics_url", urls.path(layout::SCHEDULE_ICS))
        .set("json_url", urls.path(layout::TALKS_JSON))
        .set(
            "absolute_home_url",
            urls.is_absolute().then(|| urls.absolute("")),
        )
        .set("css_url", urls.path(layout::STYLE_CSS))
        .set("theme_js_url", urls.path(layout::THEME_JS))
        .set("planner_js_url", urls.path(layout::PLANNER_JS))
        .set("agenda_url", urls.path(layout::AGENDA))
        .set("manifest_url", urls.path(layout::MANIFEST))
        .set("offline", c.offline)
        .set("offline_js_url", urls.path(layout::OFFLINE_JS))
        .set("pages", pages.to_vec())
        .set("tracks", tracks.to_vec())
        .set("levels", used_levels(levels))
        .set("talk_count", site.talks.len())
        .set("speaker_count", site.speakers.len())
        .set("generator", concat!("talkgen ", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Labelled links (a speaker's, the overview's call-to-actions) as `{label, url}` values.
fn link_list(links: &[(String, Link)], urls: &Urls) -> Vec<Value> {
    links
        .iter()
        .map(|(label, url)| {
            Obj::new()
                .set("label", label.as_str())
                .set("url", urls.link(url))
                .build()
        })
        .collect()
}

/// What templates see of a speaker.
fn speaker_value(s: &Speaker, urls: &Urls) -> Value {
    let links = link_list(&s.links, urls);
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
            s.photo.as_ref().and_then(|p| absolute_link(p, urls)),
        )
        .set("initials", initials(&s.name))
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

/// A link as an absolute URL (for `og:image`), or none when the base URL is not absolute.
fn absolute_link(l: &Link, urls: &Urls) -> Option<String> {
    if !l.is_site_relative() {
        Some(l.as_str().to_owned())
    } else if urls.is_absolute() {
        Some(urls.absolute(&l.as_str()[1..]))
    } else {
        None
    }
}

/// Up to two initials for an avatar without a photo: "Ada Lovelace" → "AL", "Prince" → "P".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let pick = match words.as_slice() {
        [] => vec![],
        [one] => vec![*one],
        [first, .., last] => vec![*first, *last],
    };
    pick.iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
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

/// What a talk's value is made from besides the talk.
pub struct TalkContext<'a> {
    pub conference: &'a Conference,
    /// Each day's schedule is its own page ([`layout::schedule_split`]).
    pub split: bool,
    pub urls: &'a Urls,
    pub tag_links: &'a TagLinks,
    pub speakers: &'a [Value],
    pub tracks: &'a [Value],
    pub levels: &'a [Value],
}

/// `part`: the planner part holding the talk ([`Programme::part_name`]).
pub fn talk_value(t: &Talk, summary: &str, part: &str, cx: &TalkContext) -> Value {
    let TalkContext {
        conference,
        split,
        urls,
        tag_links,
        speakers,
        tracks,
        levels,
    } = *cx;
    let locale = &conference.locale;
    let slot = match &t.slot {
        Some(s) => {
            let day = conference.day_of(s.start());
            Obj::new()
                .set("room", s.room())
                .set("day", locale.day_label(day))
                .set("date", day.to_string())
                .set("start_time", locale.time(s.start().time()))
                .set("end_time", locale.time(s.end().time()))
                .set("start", conference.time_text(s.start()))
                .set("end", conference.time_text(s.end()))
                .set("minutes", s.start().duration_until(s.end()).as_secs() / 60)
                .set("plenary", s.plenary())
                .set(
                    "schedule_url",
                    urls.path(&layout::schedule_url_of_day(split, day)),
                )
                .build()
        }
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
        .set("part", part)
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
        .set(
            "date",
            t.slot
                .as_ref()
                .map(|s| conference.day_of(s.start()))
                .or(t.date)
                .map(|d| d.to_string()),
        )
        .set("slides", t.slides.as_ref().map(|l| urls.link(l)))
        .set("video", t.video.as_ref().map(|l| urls.link(l)))
        .set("weight", t.weight)
        .set("draft", t.draft)
        .build()
}

/// The levels at least one talk has: the only ones the filters, the navigation and the levels
/// page offer (a level no talk has would lead to "0 talks").
pub fn used_levels(levels: &[Value]) -> Vec<Value> {
    (levels.iter())
        .filter(|l| (l.get_from_path("talk_count")).and_then(Value::as_u64) > Some(0))
        .cloned()
        .collect()
}
