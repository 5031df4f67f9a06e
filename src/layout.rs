//! The site's URL and file layout: where every page and file of the output goes, and which URL
//! leads to it. Every other stage asks here, so a path is spelled once.
//!
//! A *site path* is relative to the output root and to the base URL alike (`talks/x/`); pages
//! are folders with an `index.html`, so the URL of a page is its folder.

use crate::model::{ArticleId, LevelId, PageId, Site, Slug, SpeakerId, TagId, TalkId, TrackId};

/// The whole-site files, relative to the output root.
pub const STYLE_CSS: &str = "style.css";
/// The theme's script: the schedule's day tabs (the pages read without it).
pub const THEME_JS: &str = "theme.js";
/// The site's icon, drawn in the accent colour, when `conference.yaml` names none.
pub const FAVICON: &str = "favicon.svg";
pub const NOT_FOUND: &str = "404.html";
pub const SCHEDULE_ICS: &str = "schedule.ics";
pub const TALKS_JSON: &str = "talks.json";
/// The JSON Schema of `talks.json`, shipped beside it for the apps that read it.
pub const TALKS_SCHEMA: &str = "talks.schema.json";
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The search index's folder: `meta.js`, the term chunks `t<N>.js` and the result details
/// `d<N>.js` (`exports::search`). search.js makes these names itself: change both together.
pub const SEARCH_INDEX: &str = "search-index";
pub const SEARCH_JS: &str = "search.js";
/// The attendee planner's script: favourites, my agenda, time zones, now and next, filters.
pub const PLANNER_JS: &str = "planner.js";
/// The planner's data: `planner/index.json` (the days and their parts) and one small file per
/// part of the programme ([`planner_part`]), so no page downloads the whole programme.
pub const PLANNER_INDEX: &str = "planner/index.json";
/// The few lines on every page that load `search.js` once the search box is used.
pub const SEARCH_BOX_JS: &str = "search-box.js";

/// The search index's manifest.
pub fn search_meta() -> String {
    format!("{SEARCH_INDEX}/meta.js")
}

/// Chunk `n` of the search index's sorted terms.
pub fn search_chunk(n: usize) -> String {
    format!("{SEARCH_INDEX}/t{n}.js")
}

/// The details of the search index's documents `n * DOCS_PER_FILE`… (`exports::search`).
pub fn search_docs(n: usize) -> String {
    format!("{SEARCH_INDEX}/d{n}.js")
}
/// The c3voc schedule (JSON) and the frab schedule (XML).
pub const SCHEDULE_JSON: &str = "schedule.json";
pub const SCHEDULE_XML: &str = "schedule.xml";
/// The programme's changes, version by version, and their Atom feed: written once
/// `talkgen release` has made a version (docs/versions.md).
pub const CHANGES: &str = "changes/";
pub const CHANGES_FEED: &str = "changes.xml";
/// The anchor of a version on the changes page.
pub fn version_anchor(number: u32) -> String {
    format!("{CHANGES}#version-{number}")
}
/// The offline support ([`crate::exports::offline`]): the service worker (at the root, so its
/// scope is the whole site, under any base path), the list of files it saves at install, the
/// script that registers it, the web app manifest and the page shown for a page not saved.
pub const SERVICE_WORKER: &str = "sw.js";
pub const PRECACHE_LIST: &str = "sw-precache.json";
pub const OFFLINE_JS: &str = "offline.js";
pub const MANIFEST: &str = "manifest.webmanifest";
pub const OFFLINE_PAGE: &str = "offline.html";
/// The calendars of each room, one file per room (rooms have no pages).
pub const ROOM_CALENDARS: &str = "schedule/rooms/";
/// The file in a page's folder.
pub const INDEX: &str = "index.html";
/// The file that marks an output folder as talkgen's own, so a build may replace it.
pub const MARKER: &str = ".talkgen-output";

/// The folders of the site's own pages: a topic page may not take these names.
pub const RESERVED_SLUGS: &[&str] = &[
    "talks", "speakers", "tracks", "levels", "schedule", "search", "static", "tags", "agenda",
    "planner",
];

/// Top-level names written by something other than the entity pages (the theme's files, the
/// exports, the schedule, search and tag pages): a site link to one of these is accepted.
pub const OTHER_OUTPUTS: &[&str] = &[
    STYLE_CSS,
    THEME_JS,
    FAVICON,
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
    PLANNER_JS,
    "planner",
    "agenda",
    SEARCH_BOX_JS,
    SCHEDULE_JSON,
    SCHEDULE_XML,
    "changes",
    CHANGES_FEED,
    SERVICE_WORKER,
    PRECACHE_LIST,
    OFFLINE_JS,
    MANIFEST,
    OFFLINE_PAGE,
];

/// Scheduled talks in one planner part: a conference day's talks in start order, this many to a
/// file (~200 bytes each), so the agenda and the overview load a few tens of KB at most.
pub const PLANNER_PART_TALKS: usize = 250;

/// The planner data file of part `name` (`2024-05-04-0`, or `talks-0` for unscheduled talks).
pub fn planner_part(name: &str) -> String {
    format!("planner/{name}.json")
}

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
/// The calendar of one track's talks, in its page's folder.
pub fn track_ics(slug: &Slug) -> String {
    format!("tracks/{slug}/track.ics")
}
/// The calendar of one speaker's talks, in their page's folder.
pub fn speaker_ics(slug: &Slug) -> String {
    format!("speakers/{slug}/speaker.ics")
}
/// The calendar of one room's talks ([`room_slugs`] names the rooms).
pub fn room_ics(slug: &Slug) -> String {
    format!("{ROOM_CALENDARS}{slug}.ics")
}

/// The file names of the rooms' calendars, one per room in `rooms`' order: the room's name as
/// a slug, with `-2`, `-3`… when two rooms make the same slug (`Room A`, `room a`).
pub fn room_slugs(rooms: &[String]) -> Vec<Slug> {
    let mut taken = std::collections::HashSet::new();
    rooms
        .iter()
        .map(|room| {
            let base = Slug::from_text(room).map_or_else(|| "room".to_owned(), |s| s.to_string());
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            Slug::parse(&name).unwrap_or_else(|_| Slug::from_text("room").expect("a slug"))
        })
        .collect()
}

/// `url` (absolute, `https://…`) with the `webcal:` scheme calendar apps subscribe to.
pub fn webcal(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(format!("webcal://{rest}"))
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
/// The all-talks index; each talk's folder is beneath it.
pub const TALKS: &str = "talks/";
pub const SPEAKERS: &str = "speakers/";
pub const TRACKS: &str = "tracks/";
pub const LEVELS: &str = "levels/";
pub const TAGS: &str = "tags/";
pub const SCHEDULE: &str = "schedule/";
pub const SEARCH: &str = "search/";
/// The attendee's own agenda (starred talks), made in the browser.
pub const AGENDA: &str = "agenda/";

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
        ["talks"] => Target::Fixed,
        ["talks" | "speakers", "page", n] if is_number(n) => Target::Fixed,
        ["tracks", slug, "page", n] if is_number(n) => Target::Track(slug),
        ["levels", slug, "page", n] if is_number(n) => Target::Level(slug),
        ["talks", slug] | ["talks", slug, "talk.ics"] => Target::Talk(slug),
        ["speakers", slug] | ["speakers", slug, "speaker.ics"] => Target::Speaker(slug),
        ["tracks", slug, "track.ics"] => Target::Track(slug),
        ["tracks", slug] => Target::Track(slug),
        ["levels", slug] => Target::Level(slug),
        ["speakers" | "tracks" | "levels"] => Target::Fixed,
        [one] if !OTHER_OUTPUTS.contains(one) => Target::TopOrStatic(one),
        [first, ..] if OTHER_OUTPUTS.contains(first) => Target::Fixed,
        _ => Target::Static,
    })
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
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

/// A page of a list split into pages, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageNo(pub u32);

impl PageNo {
    pub const FIRST: PageNo = PageNo(1);

    /// The items of a list of `len` this page shows, `per` to a page.
    pub fn range(self, len: usize, per: usize) -> std::ops::Range<usize> {
        let start = (self.0.max(1) as usize - 1) * per;
        start.min(len)..(start + per).min(len)
    }

    /// The page showing item `index` of a list, `per` to a page.
    pub fn holding(index: usize, per: usize) -> PageNo {
        PageNo((index / per) as u32 + 1)
    }
}

/// Talks on one page of a list (all talks, a track, a level, a tag): with cards of ~1.5 KB,
/// a page stays near 150 KB however big the site.
pub const TALKS_PER_PAGE: usize = 100;
/// Speakers on one page of the speakers index (a multiple of 2, 3, 4, 5 and 6 columns).
pub const SPEAKERS_PER_PAGE: usize = 120;
/// Up to this many talks with a slot, the schedule is one page (`schedule/`, every day with
/// tabs); above, each conference day has its own page (`schedule/<date>/`), and `schedule/`
/// lists the days.
pub const SCHEDULE_ONE_PAGE_MAX: usize = 300;

/// How many pages a list of `len` takes, `per` to a page (an empty list still has its page).
pub fn page_count(len: usize, per: usize) -> u32 {
    len.div_ceil(per).max(1) as u32
}

/// The folder of page `n` of a list whose first page is `dir`: `dir` itself, then
/// `dir/page/2/` and so on (as Zola and Hugo do).
pub fn paged(dir: &str, n: PageNo) -> String {
    if n.0 <= 1 {
        dir.to_owned()
    } else {
        format!("{dir}page/{}/", n.0)
    }
}

/// The folder of one conference day's schedule, when each day has its own page.
pub fn schedule_day(date: jiff::civil::Date) -> String {
    format!("{SCHEDULE}{date}/")
}

/// True when each conference day's schedule is a page of its own.
pub fn schedule_split(site: &Site) -> bool {
    site.talks.iter().filter(|t| t.slot.is_some()).count() > SCHEDULE_ONE_PAGE_MAX
}

/// The talk's day on the schedule: its day's page, or the day's anchor on the one page.
pub fn schedule_url_of_day(split: bool, date: jiff::civil::Date) -> String {
    if split {
        schedule_day(date)
    } else {
        format!("{SCHEDULE}#day-{date}")
    }
}

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    Overview,
    Topic(PageId),
    /// A free-form page of `content/pages/`.
    Article(ArticleId),
    Talk(TalkId),
    /// `talks/`: every talk, a page at a time.
    Talks(PageNo),
    Speakers(PageNo),
    Speaker(SpeakerId),
    Tracks,
    Track(TrackId, PageNo),
    Levels,
    Level(LevelId, PageNo),
    NotFound,
    /// `schedule/`, when any talk has a slot: every day, or the list of days.
    Schedule,
    /// `schedule/<date>/`: one conference day, when [`schedule_split`].
    ScheduleDay(jiff::civil::Date),
    /// `search/`: the results page of the search box.
    Search,
    /// `tags/`, and one page per tag.
    Tags,
    Tag(TagId, PageNo),
    /// `agenda/`: the attendee's starred talks, filled in by the planner script.
    Agenda,
    /// `changes/`: what each released version changed, when the site has versions.
    Changes,
}

/// The pages of a list of `len`, `per` to a page.
fn pages_of(len: usize, per: usize) -> impl Iterator<Item = PageNo> {
    (1..=page_count(len, per)).map(PageNo)
}

impl PageRef {
    /// Every page of `site`, in site order (the sitemap's order).
    pub fn all(site: &Site) -> Vec<PageRef> {
        let mut v = vec![PageRef::Overview];
        v.extend(pages_of(site.talks.len(), TALKS_PER_PAGE).map(PageRef::Talks));
        v.extend(pages_of(site.speakers.len(), SPEAKERS_PER_PAGE).map(PageRef::Speakers));
        v.extend([PageRef::Tracks, PageRef::Levels, PageRef::NotFound]);
        v.extend(site.page_ids().map(PageRef::Topic));
        v.extend(site.article_ids().map(PageRef::Article));
        v.extend(site.talk_ids().map(PageRef::Talk));
        v.extend(site.speaker_ids().map(PageRef::Speaker));
        for id in site.track_ids() {
            let len = site.track(id).talks.len();
            v.extend(pages_of(len, TALKS_PER_PAGE).map(|n| PageRef::Track(id, n)));
        }
        // A level no talk has gets no page: it would say "0 talks".
        for id in site.level_ids() {
            let len = site.level(id).talks.len();
            if len == 0 {
                continue;
            }
            v.extend(pages_of(len, TALKS_PER_PAGE).map(|n| PageRef::Level(id, n)));
        }
        v.extend([PageRef::Search, PageRef::Tags, PageRef::Agenda]);
        if site.has_schedule() {
            v.push(PageRef::Schedule);
            if schedule_split(site) {
                v.extend(site.talks_by_day().into_keys().map(PageRef::ScheduleDay));
            }
        }
        for id in site.tag_ids() {
            let len = site.tag(id).talks.len();
            v.extend(pages_of(len, TALKS_PER_PAGE).map(|n| PageRef::Tag(id, n)));
        }
        if !site.versions.is_empty() {
            v.push(PageRef::Changes);
        }
        v
    }

    /// The pages that show something of `talk`: what to render again when only it changed.
    /// A list shows it on one of its pages; when an edit moves it to another page of the
    /// list, the pages between change too ([`PageRef::fill_between`]).
    pub fn showing_talk(site: &Site, talk: TalkId) -> Vec<PageRef> {
        let t = site.talk(talk);
        let on = |list: &[TalkId]| {
            PageNo::holding(
                list.iter().position(|x| *x == talk).unwrap_or(0),
                TALKS_PER_PAGE,
            )
        };
        let mut v = vec![
            PageRef::Overview,
            PageRef::Talk(talk),
            PageRef::Talks(on(&site.talks_in_order())),
            PageRef::Track(t.track, on(&site.track(t.track).talks)),
        ];
        v.extend(t.speakers.iter().map(|s| PageRef::Speaker(*s)));
        v.extend(t.level.map(|l| PageRef::Level(l, on(&site.level(l).talks))));
        v.extend(
            site.page_ids()
                .filter(|p| site.pages[p.index()].talks.contains(&talk))
                .map(PageRef::Topic),
        );
        if t.slot.is_some() {
            v.push(PageRef::Schedule);
            if let (true, Some(day)) = (schedule_split(site), site.talk_day(talk)) {
                v.push(PageRef::ScheduleDay(day));
            }
        }
        if !t.tag_ids.is_empty() {
            v.push(PageRef::Tags);
        }
        v.extend(
            t.tag_ids
                .iter()
                .map(|id| PageRef::Tag(*id, on(&site.tag(*id).talks))),
        );
        v
    }

    /// Adds the pages between two pages of the same list in `pages` (a talk that moved from
    /// page 3 to page 1 of a track shifted page 2 by one talk).
    pub fn fill_between(pages: &mut Vec<PageRef>) {
        use std::collections::BTreeMap;
        let mut spans: BTreeMap<PageRef, (u32, u32)> = BTreeMap::new();
        for p in pages.iter() {
            if let Some((list, n)) = p.list_and_number() {
                let e = spans.entry(list).or_insert((n.0, n.0));
                *e = (e.0.min(n.0), e.1.max(n.0));
            }
        }
        for (list, (lo, hi)) in spans {
            pages.extend((lo + 1..hi).filter_map(|n| list.with_number(PageNo(n))));
        }
    }

    /// A page of a list as (the list's first page, this page's number).
    fn list_and_number(&self) -> Option<(PageRef, PageNo)> {
        let n = match *self {
            PageRef::Talks(n)
            | PageRef::Speakers(n)
            | PageRef::Track(_, n)
            | PageRef::Level(_, n)
            | PageRef::Tag(_, n) => n,
            _ => return None,
        };
        Some((self.with_number(PageNo::FIRST)?, n))
    }

    /// The same list's page `n`.
    pub fn with_number(&self, n: PageNo) -> Option<PageRef> {
        Some(match *self {
            PageRef::Talks(_) => PageRef::Talks(n),
            PageRef::Speakers(_) => PageRef::Speakers(n),
            PageRef::Track(id, _) => PageRef::Track(id, n),
            PageRef::Level(id, _) => PageRef::Level(id, n),
            PageRef::Tag(id, _) => PageRef::Tag(id, n),
            _ => return None,
        })
    }

    /// The page's folder (`talks/x/`), or its file for the one page that is not a folder: the
    /// page's site path, as its URL uses it.
    pub fn dir(&self, site: &Site) -> String {
        match *self {
            PageRef::Overview => String::new(),
            PageRef::NotFound => NOT_FOUND.into(),
            PageRef::Topic(id) => topic(&site.pages[id.index()].slug),
            PageRef::Article(id) => topic(&site.articles[id.index()].slug),
            PageRef::Talk(id) => talk(&site.talk(id).slug),
            PageRef::Talks(n) => paged(TALKS, n),
            PageRef::Speakers(n) => paged(SPEAKERS, n),
            PageRef::Speaker(id) => speaker(&site.speaker(id).slug),
            PageRef::Tracks => TRACKS.into(),
            PageRef::Track(id, n) => paged(&track(&site.track(id).slug), n),
            PageRef::Levels => LEVELS.into(),
            PageRef::Level(id, n) => paged(&level(&site.level(id).slug), n),
            PageRef::Schedule => SCHEDULE.into(),
            PageRef::ScheduleDay(date) => schedule_day(date),
            PageRef::Search => SEARCH.into(),
            PageRef::Agenda => AGENDA.into(),
            PageRef::Tags => TAGS.into(),
            PageRef::Tag(id, n) => paged(&tag(&site.tag(id).slug), n),
            PageRef::Changes => CHANGES.into(),
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
    /// How pages link to each other.
    pub style: LinkStyle,
}

/// How the pages' links to the site's own pages and files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkStyle {
    /// `../speakers/x/`: the same output works at any host and sub-path, and from disk.
    #[default]
    Relative,
    /// `../speakers/x/index.html`: also clicked through from disk, where a folder is not a
    /// page (`talkgen build --file-links`).
    RelativeFiles,
    /// `/pybay/speakers/x/`, with the base path (links in `404.html`, which a host serves at
    /// any depth, are always written so).
    Absolute,
}

/// The attributes whose value [`Urls::relative_links`] rewrites.
const LINK_ATTRIBUTES: &[&[u8]] = &[b"href", b"src", b"action", b"poster", b"data-root"];

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
            style: LinkStyle::default(),
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

    /// The page's HTML with every link to the site (an attribute value starting with the base
    /// path) written relative to the page's folder `dir`, as [`Urls::style`] says, into `out`
    /// (cleared first, so a caller keeps one buffer for every page). Templates and values keep
    /// one URL per thing; only the written page knows where it is. False, with `out` empty, when
    /// no link needed rewriting: `html` is the page as it is.
    pub fn relative_links(
        &self,
        html: &[u8],
        dir: &str,
        root_absolute: bool,
        out: &mut Vec<u8>,
    ) -> bool {
        out.clear();
        if root_absolute || self.style == LinkStyle::Absolute {
            return false;
        }
        let depth = dir.matches('/').count();
        let up = if depth == 0 {
            "./".to_owned()
        } else {
            "../".repeat(depth)
        };
        let needle = format!("=\"{}", self.base_path);
        out.reserve(html.len() + html.len() / 16);
        let mut last = 0;
        for at in memchr::memmem::find_iter(html, needle.as_bytes()) {
            let name_end = at;
            let name_start = html[..name_end]
                .iter()
                .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                .map_or(0, |p| p + 1);
            if !LINK_ATTRIBUTES.contains(&&html[name_start..name_end]) {
                continue;
            }
            let value_start = at + needle.len();
            // `//host` after a base path of `/` is another site, not a path of this one.
            if html.get(value_start) == Some(&b'/') {
                continue;
            }
            out.extend_from_slice(&html[last..at + 2]);
            out.extend_from_slice(up.as_bytes());
            last = value_start;
            if self.style == LinkStyle::RelativeFiles {
                let len = html[value_start..]
                    .iter()
                    .position(|b| matches!(b, b'"' | b'#' | b'?'))
                    .unwrap_or(0);
                let path = &html[value_start..value_start + len];
                out.extend_from_slice(path);
                if path.is_empty() || path.ends_with(b"/") {
                    out.extend_from_slice(INDEX.as_bytes());
                }
                last = value_start + len;
            }
        }
        if last == 0 {
            out.clear();
            return false;
        }
        out.extend_from_slice(&html[last..]);
        true
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

    /// The page `html` at `dir` with its links made relative.
    fn relative(u: &Urls, html: &[u8], dir: &str, root_absolute: bool) -> Vec<u8> {
        let mut out = Vec::new();
        match u.relative_links(html, dir, root_absolute, &mut out) {
            true => out,
            false => html.to_vec(),
        }
    }

    #[test]
    fn links_are_made_relative_to_the_page() {
        let mut u = Urls::new(Some("https://example.org/pybay/"));
        let html = br#"<a href="/pybay/talks/x/#a">x</a><img src="/pybay/p.jpg"><a href="https://example.org/pybay/">abs</a><p title="/pybay/x/">t</p><a href="/pybay/">home</a>"#;
        let out = relative(&u, html, "speakers/y/", false);
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"<a href="../../talks/x/#a">x</a><img src="../../p.jpg"><a href="https://example.org/pybay/">abs</a><p title="/pybay/x/">t</p><a href="../../">home</a>"#
        );
        let out = relative(&u, html, "", false);
        assert!(std::str::from_utf8(&out)
            .unwrap()
            .starts_with(r#"<a href="./talks/x/#a">"#));
        u.style = LinkStyle::RelativeFiles;
        let out = relative(&u, html, "talks/", false);
        let out = std::str::from_utf8(&out).unwrap();
        assert!(out.contains(r#"href="../talks/x/index.html#a""#), "{out}");
        assert!(out.contains(r#"src="../p.jpg""#), "{out}");
        assert!(out.contains(r#"href="../index.html""#), "{out}");
        // The 404 page keeps its links whole: a host serves it at any depth.
        assert_eq!(relative(&u, html, "404.html", true), &html[..]);
        // A protocol-relative link is another site's.
        let u = Urls::new(None);
        let html = br#"<a href="//cdn.example/x">x</a><a href="/x/">y</a>"#;
        let out = relative(&u, html, "a/", false);
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"<a href="//cdn.example/x">x</a><a href="../x/">y</a>"#
        );
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
        assert_eq!(parse("/tracks/web/track.ics"), Some(Target::Track("web")));
        assert_eq!(
            parse("/speakers/ada/speaker.ics"),
            Some(Target::Speaker("ada"))
        );
    }

    #[test]
    fn rooms_get_distinct_calendar_names() {
        let rooms = ["Room A", "room a", "", "Hall"].map(String::from);
        let slugs: Vec<String> = room_slugs(&rooms).iter().map(|s| s.to_string()).collect();
        assert_eq!(slugs, ["room-a", "room-a-2", "room", "hall"]);
        assert_eq!(
            webcal("https://example.org/x/schedule.ics").as_deref(),
            Some("webcal://example.org/x/schedule.ics")
        );
        assert_eq!(webcal("/x/schedule.ics"), None);
    }
}
