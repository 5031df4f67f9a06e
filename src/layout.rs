//! The site's URL and file layout: where every page and file of the output goes, and which URL
//! leads to it. Every other stage asks here, so a path is spelled once.
//!
//! A *site path* is relative to the output root and to the base URL alike (`talks/x/`); pages
//! are folders with an `index.html`, so the URL of a page is its folder.

use crate::model::{LevelId, PageId, Site, Slug, SpeakerId, TagId, TalkId, TrackId};

/// The whole-site files, relative to the output root.
pub const STYLE_CSS: &str = "style.css";
pub const NOT_FOUND: &str = "404.html";
pub const SCHEDULE_ICS: &str = "schedule.ics";
pub const TALKS_JSON: &str = "talks.json";
/// The JSON Schema of `talks.json`, shipped beside it for the apps that read it.
pub const TALKS_SCHEMA: &str = "talks.schema.json";
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const SEARCH_INDEX: &str = "search-index.js";
pub const SEARCH_JS: &str = "search.js";
/// The c3voc schedule (JSON) and the frab schedule (XML).
pub const SCHEDULE_JSON: &str = "schedule.json";
pub const SCHEDULE_XML: &str = "schedule.xml";
/// The file in a page's folder.
pub const INDEX: &str = "index.html";
/// The file that marks an output folder as talkgen's own, so a build may replace it.
pub const MARKER: &str = ".talkgen-output";

/// The folders of the site's own pages: a topic page may not take these names.
pub const RESERVED_SLUGS: &[&str] = &[
    "talks", "speakers", "tracks", "levels", "schedule", "search", "static", "tags",
];

/// Top-level names written by something other than the entity pages (the theme's files, the
/// exports, the schedule, search and tag pages): a site link to one of these is accepted.
pub const OTHER_OUTPUTS: &[&str] = &[
    STYLE_CSS,
    NOT_FOUND,
    "schedule",
    "search",
    "tags",
    SCHEDULE_ICS,
    TALKS_JSON,
    TALKS_SCHEMA,
    FEED,
    SITEMAP,
    ROBOTS,
    SEARCH_INDEX,
    SEARCH_JS,
    SCHEDULE_JSON,
    SCHEDULE_XML,
];

/// The folder of a talk's page.
pub fn talk(slug: &Slug) -> String {
    format!("talks/{slug}/")
}
/// The iCalendar file of one talk, in its page's folder.
pub fn talk_ics(slug: &Slug) -> String {
    format!("talks/{slug}/talk.ics")
}
pub fn speaker(slug: &Slug) -> String {
    format!("speakers/{slug}/")
}
pub fn track(slug: &Slug) -> String {
    format!("tracks/{slug}/")
}
pub fn level(slug: &Slug) -> String {
    format!("levels/{slug}/")
}
pub fn tag(slug: &Slug) -> String {
    format!("tags/{slug}/")
}
/// A topic page sits at the top of the site.
pub fn topic(slug: &Slug) -> String {
    format!("{slug}/")
}
pub const SPEAKERS: &str = "speakers/";
pub const TRACKS: &str = "tracks/";
pub const LEVELS: &str = "levels/";
pub const TAGS: &str = "tags/";
pub const SCHEDULE: &str = "schedule/";
pub const SEARCH: &str = "search/";

/// What a site path written in content (`/talks/x/`, `/tracks/`) leads to, as far as its
/// shape tells: [`parse`] reads it, `load` checks the slugs against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// The overview, an index of a section, or a file talkgen writes.
    Fixed,
    Talk(&'a str),
    Speaker(&'a str),
    Track(&'a str),
    Level(&'a str),
    /// One segment: a topic page, else a file or folder of `static/`.
    TopOrStatic(&'a str),
    /// Anything else: only a file of `static/` can be there.
    Static,
}

/// Reads a site path (without `#fragment` or `?query`, leading `/` and trailing `index.html`
/// allowed), or `None` when it holds `.` or `..` segments.
pub fn parse(path: &str) -> Option<Target<'_>> {
    let segments = segments(path)?;
    Some(match segments.as_slice() {
        [] => Target::Fixed,
        ["talks", slug] | ["talks", slug, "talk.ics"] => Target::Talk(slug),
        ["speakers", slug] => Target::Speaker(slug),
        ["tracks", slug] => Target::Track(slug),
        ["levels", slug] => Target::Level(slug),
        ["speakers" | "tracks" | "levels"] => Target::Fixed,
        [one] if !OTHER_OUTPUTS.contains(one) => Target::TopOrStatic(one),
        [first, ..] if OTHER_OUTPUTS.contains(first) => Target::Fixed,
        _ => Target::Static,
    })
}

/// The segments of a site path as [`parse`] reads it (empty ones dropped, a trailing
/// `index.html` too), or `None` when it holds `.` or `..`. Joined with `/`, they are the path
/// of a file or folder of `static/` the link may lead to.
pub fn segments(path: &str) -> Option<Vec<&str>> {
    let rel = path.trim_start_matches('/');
    let rel = rel.strip_suffix(INDEX).unwrap_or(rel);
    let segments: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    (!segments.iter().any(|s| *s == ".." || *s == ".")).then_some(segments)
}

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    Overview,
    Topic(PageId),
    Talk(TalkId),
    Speakers,
    Speaker(SpeakerId),
    Tracks,
    Track(TrackId),
    Levels,
    Level(LevelId),
    NotFound,
    /// `schedule/`, when any talk has a slot.
    Schedule,
    /// `search/`: the results page of the search box.
    Search,
    /// `tags/`, and one page per tag.
    Tags,
    Tag(TagId),
}

impl PageRef {
    /// Every page of `site`, in site order (the sitemap's order).
    pub fn all(site: &Site) -> Vec<PageRef> {
        let mut v = vec![
            PageRef::Overview,
            PageRef::Speakers,
            PageRef::Tracks,
            PageRef::Levels,
            PageRef::NotFound,
        ];
        v.extend(site.page_ids().map(PageRef::Topic));
        v.extend(site.talk_ids().map(PageRef::Talk));
        v.extend(site.speaker_ids().map(PageRef::Speaker));
        v.extend(site.track_ids().map(PageRef::Track));
        v.extend(site.level_ids().map(PageRef::Level));
        v.extend([PageRef::Search, PageRef::Tags]);
        if site.has_schedule() {
            v.push(PageRef::Schedule);
        }
        v.extend(site.tag_ids().map(PageRef::Tag));
        v
    }

    /// The pages that show something of `talk`: what to render again when only it changed.
    pub fn showing_talk(site: &Site, talk: TalkId) -> Vec<PageRef> {
        let t = site.talk(talk);
        let mut v = vec![
            PageRef::Overview,
            PageRef::Talk(talk),
            PageRef::Track(t.track),
        ];
        v.extend(t.speakers.iter().map(|s| PageRef::Speaker(*s)));
        v.extend(t.level.map(PageRef::Level));
        v.extend(
            site.page_ids()
                .filter(|p| site.pages[p.index()].talks.contains(&talk))
                .map(PageRef::Topic),
        );
        v.push(PageRef::Search);
        if t.slot.is_some() {
            v.push(PageRef::Schedule);
        }
        if !t.tag_ids.is_empty() {
            v.push(PageRef::Tags);
        }
        v.extend(t.tag_ids.iter().map(|id| PageRef::Tag(*id)));
        v
    }

    /// The page's folder (`talks/x/`), or its file for the one page that is not a folder: the
    /// page's site path, as its URL uses it.
    pub fn dir(&self, site: &Site) -> String {
        match self {
            PageRef::Overview => String::new(),
            PageRef::NotFound => NOT_FOUND.into(),
            PageRef::Topic(id) => topic(&site.pages[id.index()].slug),
            PageRef::Talk(id) => talk(&site.talk(*id).slug),
            PageRef::Speakers => SPEAKERS.into(),
            PageRef::Speaker(id) => speaker(&site.speaker(*id).slug),
            PageRef::Tracks => TRACKS.into(),
            PageRef::Track(id) => track(&site.track(*id).slug),
            PageRef::Levels => LEVELS.into(),
            PageRef::Level(id) => level(&site.level(*id).slug),
            PageRef::Schedule => SCHEDULE.into(),
            PageRef::Search => SEARCH.into(),
            PageRef::Tags => TAGS.into(),
            PageRef::Tag(id) => tag(&site.tag(*id).slug),
        }
    }

    /// Where the page goes, relative to the output root.
    pub fn output_path(&self, site: &Site) -> String {
        match self {
            PageRef::NotFound => NOT_FOUND.into(),
            _ => format!("{}{INDEX}", self.dir(site)),
        }
    }
}

/// URLs of the site, with the base path applied once.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute base URL ending with `/`, or just the base path when none is known.
    pub base_url: String,
    /// The path part of the base URL, starting and ending with `/`.
    pub base_path: String,
}

impl Urls {
    /// Splits a base URL (`https://example.org/pybay/2016`) into what links need.
    pub fn new(base_url: Option<&str>) -> Urls {
        let raw = base_url.unwrap_or("/").trim();
        let mut base_url = raw.to_owned();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let base_path = match base_url.find("://") {
            Some(i) => match base_url[i + 3..].find('/') {
                Some(j) => base_url[i + 3 + j..].to_owned(),
                None => "/".to_owned(),
            },
            None if base_url.starts_with('/') => base_url.clone(),
            None => format!("/{base_url}"),
        };
        Urls {
            base_url,
            base_path,
        }
    }

    /// A site path (`talks/x/`) as the link pages use.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// A site path as an absolute URL, for feeds, sitemaps and previews.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
    }

    /// True when the base URL is absolute (has a scheme and host).
    pub fn is_absolute(&self) -> bool {
        self.base_url.contains("://")
    }

    /// A site path as an absolute URL when the base URL is absolute, else as a path.
    pub fn best(&self, rel: &str) -> String {
        if self.is_absolute() {
            self.absolute(rel)
        } else {
            self.path(rel)
        }
    }

    /// A link from content: site-relative ones get the base path.
    pub fn link(&self, link: &crate::model::Link) -> String {
        if link.is_site_relative() {
            self.path(&link.as_str()[1..])
        } else {
            link.as_str().to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let u = Urls::new(Some("https://example.org/pybay/2016"));
        assert_eq!(u.base_url, "https://example.org/pybay/2016/");
        assert_eq!(u.base_path, "/pybay/2016/");
        assert_eq!(u.path("talks/a/"), "/pybay/2016/talks/a/");
        assert_eq!(
            u.absolute("talks/a/"),
            "https://example.org/pybay/2016/talks/a/"
        );
        let u = Urls::new(Some("https://example.org"));
        assert_eq!(u.base_path, "/");
        let u = Urls::new(None);
        assert_eq!(u.path(""), "/");
        assert!(!u.is_absolute());
        let u = Urls::new(Some("/sub"));
        assert_eq!(u.base_path, "/sub/");
    }

    #[test]
    fn site_paths_are_read_back() {
        assert_eq!(parse("/"), Some(Target::Fixed));
        assert_eq!(parse("/talks/a/index.html"), Some(Target::Talk("a")));
        assert_eq!(parse("/talks/a/talk.ics"), Some(Target::Talk("a")));
        assert_eq!(parse("/tracks/"), Some(Target::Fixed));
        assert_eq!(parse("/feed.xml"), Some(Target::Fixed));
        assert_eq!(parse("/tags/x/"), Some(Target::Fixed));
        assert_eq!(
            parse("/highlights/"),
            Some(Target::TopOrStatic("highlights"))
        );
        assert_eq!(parse("/images/a.png"), Some(Target::Static));
        assert_eq!(parse("/talks/../x"), None);
    }
}
