//! The validated conference: what `load` produces and every later stage reads.
//!
//! References between entities are typed indexes into the [`Site`]'s vectors, resolved once at
//! load time, so a talk cannot point at a speaker that does not exist and no page has to search
//! for anything.

pub mod versions;

use std::fmt;
use std::path::PathBuf;

use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// Position of the entity in its `Site` vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A talk of [`Site::talks`].
    TalkId
);
id_type!(
    /// A speaker of [`Site::speakers`].
    SpeakerId
);
id_type!(
    /// A track of [`Site::tracks`].
    TrackId
);
id_type!(
    /// A level of [`Site::levels`].
    LevelId
);
id_type!(
    /// A topic page of [`Site::pages`].
    PageId
);
id_type!(
    /// A tag of [`Site::tags`].
    TagId
);
id_type!(
    /// A free-form page of [`Site::articles`].
    ArticleId
);

/// A slug that is known to match `^[a-z0-9]+(-[a-z0-9]+)*$`, so it is always safe as one path
/// segment of the output (no `/`, no `..`, no uppercase that would clash on macOS).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Checks `s` against the slug grammar.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        let mut prev_hyphen = true; // a leading hyphen is as wrong as a double one
        for c in s.chars() {
            match c {
                'a'..='z' | '0'..='9' => prev_hyphen = false,
                '-' if !prev_hyphen => prev_hyphen = true,
                '-' => return Err(SlugError::Hyphens),
                'A'..='Z' => return Err(SlugError::Uppercase),
                '/' | '\\' => return Err(SlugError::Separator),
                '.' if s.contains("..") => return Err(SlugError::Separator),
                c => return Err(SlugError::Char(c)),
            }
        }
        if prev_hyphen {
            return Err(SlugError::Hyphens);
        }
        Ok(Slug(s.to_owned()))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Turns arbitrary text ("Wesley J. Chun") into a valid slug ("wesley-j-chun").
    pub fn from_text(text: &str) -> Option<Slug> {
        let mut out = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        Slug::parse(&out).ok()
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a string is not a slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugError {
    Empty,
    Uppercase,
    Separator,
    Hyphens,
    Char(char),
}

impl fmt::Display for SlugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlugError::Empty => f.write_str("a slug cannot be empty"),
            SlugError::Uppercase => f.write_str("a slug must be lowercase"),
            SlugError::Separator => f.write_str("a slug cannot contain `/`, `\\` or `..`"),
            SlugError::Hyphens => {
                f.write_str("a slug cannot start or end with `-` or contain `--`")
            }
            SlugError::Char(c) => write!(f, "a slug cannot contain {c:?}"),
        }
    }
}

/// Markdown as written, with its HTML rendered (and sanitised) once at load time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown {
    /// The text as written, for the exports that carry Markdown (the schedules). A build lets
    /// it go once they are written ([`Site::forget_sources`]): ~30 MB at 20,000 talks.
    source: Option<Box<str>>,
    pub html: Html,
    /// Whether the text as written is only whitespace (known after the source is gone).
    blank: bool,
}

impl Markdown {
    pub fn new(source: &str, html: Html) -> Markdown {
        Markdown {
            source: Some(source.into()),
            html,
            blank: source.trim().is_empty(),
        }
    }

    /// The text as written; `None` once a build has let it go.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    pub fn is_empty(&self) -> bool {
        self.blank
    }
}

/// Rendered HTML, held as a template string: the template values of every page that shows it
/// share this one copy. Tera 2 copies any `&str` it is given and cannot take an `Arc<str>`, so
/// a `String` here meant a second copy of every text (~33 MB at 20,000 talks).
#[derive(Clone)]
pub struct Html(tera::Value);

impl Html {
    pub fn new(html: &str) -> Html {
        Html(tera::Value::safe_string(html))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// The value templates get (marked safe: it is sanitised HTML).
    pub fn value(&self) -> &tera::Value {
        &self.0
    }
}

impl Default for Html {
    fn default() -> Html {
        Html::new("")
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Html {}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A URL that is http(s) or site-relative; other schemes never get this far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Link(pub(crate) String);

impl Link {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `/images/x.jpg`-style links that point into the site and need the base path.
    pub fn is_site_relative(&self) -> bool {
        self.0.starts_with('/') && !self.0.starts_with("//")
    }
}

/// Where the talk happens. `end > start` is checked when the slot is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    start: DateTime,
    end: DateTime,
    room: String,
    plenary: bool,
}

impl Slot {
    /// `None` unless `end` is after `start`.
    pub fn new(start: DateTime, end: DateTime, room: String) -> Option<Slot> {
        (end > start).then_some(Slot {
            start,
            end,
            room,
            plenary: false,
        })
    }
    /// The slot spanning every room on the schedule grid (a keynote, an opening).
    pub fn with_plenary(mut self, plenary: bool) -> Slot {
        self.plenary = plenary;
        self
    }
    pub fn plenary(&self) -> bool {
        self.plenary
    }
    /// Local wall-clock time in the conference time zone.
    pub fn start(&self) -> DateTime {
        self.start
    }
    pub fn end(&self) -> DateTime {
        self.end
    }
    pub fn room(&self) -> &str {
        &self.room
    }
}

/// Where an imported talk or speaker came from (a CFP system and its id), so a re-import can
/// find it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub system: String,
    pub id: String,
}

/// The event itself, from `content/conference.yaml`.
#[derive(Debug, Clone)]
pub struct Conference {
    pub name: String,
    pub tagline: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub timezone: Option<jiff::tz::TimeZone>,
    pub timezone_name: Option<String>,
    pub venue: Option<String>,
    /// Room names in display order; rooms only named in slots come after these.
    pub rooms: Vec<String>,
    pub base_url: Option<String>,
    pub description: Markdown,
    /// The site's language: `<html lang>`, dates and the theme's strings.
    pub locale: crate::i18n::Locale,
    /// The site's replacements for the theme's UI strings, by key (checked against the keys).
    pub strings: Vec<(String, String)>,
    pub branding: Branding,
    /// Call-to-action links of the overview (tickets, CFP, live stream), in the order written.
    pub links: Vec<(String, Link)>,
    /// When one conference day ends and the next begins: a 01:00 film after day 1 is day 1's.
    pub day_change: Time,
    /// How many talks `feed.xml` holds (the latest by start).
    pub feed_limit: usize,
    /// Breaks, lunch and other slots that are not talks, in time order.
    pub breaks: Vec<Break>,
    /// A service worker keeps the programme readable offline (`offline:`, on unless `false`).
    pub offline: bool,
}

/// How many talks `feed.xml` holds unless `feed_limit` says otherwise (as Zola's `feed_limit`).
pub const DEFAULT_FEED_LIMIT: usize = 50;

/// When a conference day changes unless `day_change` says otherwise (frab's default).
pub const DEFAULT_DAY_CHANGE: Time = Time::constant(4, 0, 0, 0);

/// The conference's look: every part optional, the theme has a default for each.
#[derive(Debug, Clone, Default)]
pub struct Branding {
    pub logo: Option<Link>,
    pub favicon: Option<Link>,
    /// The `og:image` of pages without a better one.
    pub social_image: Option<Link>,
    /// The brand colour the theme derives its palette from.
    pub accent: Option<crate::colors::Color>,
}

/// A break on the schedule (coffee, lunch): not a talk, in one room or across all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub title: String,
    pub start: DateTime,
    pub end: DateTime,
    /// `None`: every room.
    pub room: Option<String>,
}

impl Conference {
    /// A conference with nothing but its name: every other key at its default.
    pub fn new(name: String) -> Conference {
        Conference {
            name,
            tagline: None,
            start_date: None,
            end_date: None,
            timezone: None,
            timezone_name: None,
            venue: None,
            rooms: Vec::new(),
            base_url: None,
            description: Markdown::default(),
            locale: crate::i18n::Locale::default(),
            strings: Vec::new(),
            branding: Branding::default(),
            links: Vec::new(),
            day_change: DEFAULT_DAY_CHANGE,
            feed_limit: DEFAULT_FEED_LIMIT,
            breaks: Vec::new(),
            offline: true,
        }
    }

    /// The conference day a local time belongs to: times before [`Conference::day_change`]
    /// belong to the day before.
    pub fn day_of(&self, local: DateTime) -> Date {
        if local.time() < self.day_change {
            local.date().yesterday().unwrap_or(local.date())
        } else {
            local.date()
        }
    }

    /// A slot time as an instant: local time in the conference time zone. `None` when the
    /// conference has no time zone, so its times are floating.
    pub fn instant(&self, local: DateTime) -> Option<jiff::Timestamp> {
        let tz = self.timezone.as_ref()?;
        tz.to_ambiguous_zoned(local)
            .compatible()
            .ok()
            .map(|z| z.timestamp())
    }

    /// A slot time as ISO 8601 text: with the zone's offset (`2016-08-20T10:00:00-07:00`), or
    /// floating when the conference has no time zone.
    pub fn time_text(&self, local: DateTime) -> String {
        match (self.instant(local), &self.timezone) {
            (Some(ts), Some(tz)) => ts
                .to_zoned(tz.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            _ => local.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Track {
    pub slug: Slug,
    pub name: String,
    pub description: Markdown,
    /// The track's colour on badges and the grid; `None`: one of the theme's.
    pub color: Option<crate::colors::Color>,
    /// In listing order.
    pub talks: Vec<TalkId>,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub slug: Slug,
    pub name: String,
    /// In listing order.
    pub talks: Vec<TalkId>,
}

#[derive(Debug, Clone)]
pub struct Speaker {
    pub slug: Slug,
    pub name: String,
    pub affiliation: Option<String>,
    pub photo: Option<Link>,
    /// Label → URL, in the order written.
    pub links: Vec<(String, Link)>,
    pub bio: Markdown,
    /// In listing order.
    pub talks: Vec<TalkId>,
    pub origin: Option<SourceRef>,
    pub source: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Talk {
    pub slug: Slug,
    pub title: String,
    /// In billing order; empty means "to be announced".
    pub speakers: Vec<SpeakerId>,
    pub track: TrackId,
    pub level: Option<LevelId>,
    pub description: Markdown,
    pub abstract_: Markdown,
    /// The tags as written.
    pub tags: Vec<String>,
    /// The site's tags among them (those that make a slug), each once, in the order written.
    pub tag_ids: Vec<TagId>,
    pub slot: Option<Slot>,
    pub date: Option<Date>,
    pub slides: Option<Link>,
    pub video: Option<Link>,
    pub weight: i64,
    pub draft: bool,
    pub origin: Option<SourceRef>,
    pub source: PathBuf,
    /// When the talk's file was last modified, as `load` found it.
    pub modified: Option<jiff::Timestamp>,
}

impl Talk {
    /// The day of the talk: the slot's day, else `date`.
    pub fn day(&self) -> Option<Date> {
        self.slot.as_ref().map(|s| s.start().date()).or(self.date)
    }
}

/// A topic page such as "Fundamentals & Performance".
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: Slug,
    pub title: String,
    pub intro: Markdown,
    /// In the order shown.
    pub talks: Vec<TalkId>,
}

/// A free-form page from `content/pages/` (venue, code of conduct, sponsors).
#[derive(Debug, Clone)]
pub struct Article {
    pub slug: Slug,
    pub title: String,
    pub description: Option<String>,
    /// Navigation order: lower first, then by title.
    pub weight: i64,
    /// Listed in the site navigation.
    pub nav: bool,
    pub body: Markdown,
    pub source: PathBuf,
}

/// A tag: every spelling of it on talks ("Tracing", "tracing") makes the same slug, and it is
/// shown under the spelling met first in listing order.
#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: Slug,
    pub name: String,
    /// In listing order.
    pub talks: Vec<TalkId>,
}

impl Tag {
    /// The slug of a tag as written on a talk, if it makes one ("!!!" makes none: the tag stays
    /// on its talk but has no page).
    pub fn slug_of(name: &str) -> Option<Slug> {
        Slug::from_text(name)
    }
}

/// A whole, validated conference site.
#[derive(Debug, Clone)]
pub struct Site {
    pub conference: Conference,
    pub tracks: Vec<Track>,
    pub levels: Vec<Level>,
    pub speakers: Vec<Speaker>,
    pub talks: Vec<Talk>,
    pub pages: Vec<Page>,
    /// Free-form pages, in navigation order.
    pub articles: Vec<Article>,
    /// Sorted by slug.
    pub tags: Vec<Tag>,
    /// The files under `static/`, as `/`-separated paths relative to it, sorted: they are
    /// copied over the build's own files, and site links may lead to them.
    pub static_files: std::collections::BTreeSet<String>,
    /// The released versions of the programme (`content/versions/`), oldest first.
    pub versions: Vec<versions::Snapshot>,
}

impl Site {
    /// Lets go of every text as written, keeping the HTML. A build does so once the schedule
    /// exports, their one reader, are written, before it makes the template values.
    pub fn forget_sources(&mut self) {
        let texts = (self.talks.iter_mut())
            .flat_map(|t| [&mut t.description, &mut t.abstract_])
            .chain(self.speakers.iter_mut().map(|s| &mut s.bio))
            .chain(self.tracks.iter_mut().map(|t| &mut t.description))
            .chain(self.pages.iter_mut().map(|p| &mut p.intro))
            .chain([&mut self.conference.description]);
        for text in texts {
            text.source = None;
        }
    }

    pub fn talk(&self, id: TalkId) -> &Talk {
        &self.talks[id.index()]
    }
    pub fn speaker(&self, id: SpeakerId) -> &Speaker {
        &self.speakers[id.index()]
    }
    pub fn track(&self, id: TrackId) -> &Track {
        &self.tracks[id.index()]
    }
    pub fn level(&self, id: LevelId) -> &Level {
        &self.levels[id.index()]
    }
    pub fn tag(&self, id: TagId) -> &Tag {
        &self.tags[id.index()]
    }
    pub fn tag_ids(&self) -> impl Iterator<Item = TagId> {
        (0..self.tags.len() as u32).map(TagId)
    }
    /// True when `static/` holds a file at `rel`, which then replaces the build's own.
    pub fn has_static(&self, rel: &str) -> bool {
        self.static_files.contains(rel)
    }
    pub fn talk_ids(&self) -> impl Iterator<Item = TalkId> {
        (0..self.talks.len() as u32).map(TalkId)
    }
    pub fn speaker_ids(&self) -> impl Iterator<Item = SpeakerId> {
        (0..self.speakers.len() as u32).map(SpeakerId)
    }
    pub fn track_ids(&self) -> impl Iterator<Item = TrackId> {
        (0..self.tracks.len() as u32).map(TrackId)
    }
    pub fn level_ids(&self) -> impl Iterator<Item = LevelId> {
        (0..self.levels.len() as u32).map(LevelId)
    }
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> {
        (0..self.pages.len() as u32).map(PageId)
    }
    /// Every talk in listing order: weight, then start (or date), then title.
    pub fn talks_in_order(&self) -> Vec<TalkId> {
        let mut ids: Vec<TalkId> = self.talk_ids().collect();
        sort_talks(self, &mut ids);
        ids
    }
    /// Sorts again the lists that hold `id` and are kept in listing order, which follows
    /// titles: its track's, level's, speakers' and tags' (after `serve` took a new title).
    pub fn resort_lists_holding(&mut self, id: TalkId) {
        let talk = self.talk(id);
        let (track, level) = (talk.track, talk.level);
        let (speakers, tags) = (talk.speakers.clone(), talk.tag_ids.clone());
        let list = std::mem::take(&mut self.tracks[track.index()].talks);
        self.tracks[track.index()].talks = self.sorted(list);
        if let Some(l) = level {
            let list = std::mem::take(&mut self.levels[l.index()].talks);
            self.levels[l.index()].talks = self.sorted(list);
        }
        for s in speakers {
            let list = std::mem::take(&mut self.speakers[s.index()].talks);
            self.speakers[s.index()].talks = self.sorted(list);
        }
        for t in tags {
            let list = std::mem::take(&mut self.tags[t.index()].talks);
            self.tags[t.index()].talks = self.sorted(list);
        }
    }

    fn sorted(&self, mut list: Vec<TalkId>) -> Vec<TalkId> {
        sort_talks(self, &mut list);
        list
    }

    pub fn article_ids(&self) -> impl Iterator<Item = ArticleId> {
        (0..self.articles.len() as u32).map(ArticleId)
    }
    /// The talks with a slot by conference day ([`Conference::day_of`]), each day's in
    /// listing order.
    pub fn talks_by_day(&self) -> std::collections::BTreeMap<Date, Vec<TalkId>> {
        self.talks_by_day_in(&self.talks_in_order())
    }
    /// [`Site::talks_by_day`] from the talks in listing order, sorted already.
    pub fn talks_by_day_in(
        &self,
        order: &[TalkId],
    ) -> std::collections::BTreeMap<Date, Vec<TalkId>> {
        let mut days: std::collections::BTreeMap<Date, Vec<TalkId>> = Default::default();
        for &id in order {
            if let Some(slot) = &self.talk(id).slot {
                days.entry(self.conference.day_of(slot.start()))
                    .or_default()
                    .push(id);
            }
        }
        days
    }
    /// The conference day of a talk: its slot's ([`Conference::day_of`]), else its `date`.
    pub fn talk_day(&self, id: TalkId) -> Option<Date> {
        let t = self.talk(id);
        match &t.slot {
            Some(s) => Some(self.conference.day_of(s.start())),
            None => t.date,
        }
    }

    /// True when any talk has a slot, so the schedule exists.
    pub fn has_schedule(&self) -> bool {
        self.talks.iter().any(|t| t.slot.is_some())
    }
}

/// Sorts by the spec's listing order: weight, then slot start (or date), then title.
pub fn sort_talks(site: &Site, ids: &mut [TalkId]) {
    ids.sort_by(|a, b| {
        let (a, b) = (site.talk(*a), site.talk(*b));
        let when = |t: &Talk| {
            t.slot
                .as_ref()
                .map(|s| s.start())
                .or_else(|| t.date.map(|d| d.to_datetime(jiff::civil::Time::midnight())))
        };
        a.weight
            .cmp(&b.weight)
            .then_with(|| match (when(a), when(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("wesley-chun").is_ok());
        assert!(Slug::parse("a1-b2-3").is_ok());
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Wesley"), Err(SlugError::Uppercase));
        assert_eq!(Slug::parse("a/b"), Err(SlugError::Separator));
        assert_eq!(Slug::parse(".."), Err(SlugError::Separator));
        assert_eq!(Slug::parse("a--b"), Err(SlugError::Hyphens));
        assert_eq!(Slug::parse("-a"), Err(SlugError::Hyphens));
        assert_eq!(Slug::parse("a-"), Err(SlugError::Hyphens));
        assert_eq!(Slug::parse("a b"), Err(SlugError::Char(' ')));
        assert_eq!(Slug::parse("a.b"), Err(SlugError::Char('.')));
    }

    #[test]
    fn slug_from_text() {
        assert_eq!(
            Slug::from_text("Python 103: Memory Model & Best Practices")
                .unwrap()
                .as_str(),
            "python-103-memory-model-best-practices"
        );
        assert_eq!(Slug::from_text("/etc").unwrap().as_str(), "etc");
        assert!(Slug::from_text("!!!").is_none());
    }

    #[test]
    fn late_slots_stay_on_their_conference_day() {
        let mut c = Conference::new("C".into());
        let dt: DateTime = "2019-08-22T01:30:00".parse().unwrap();
        assert_eq!(c.day_of(dt).to_string(), "2019-08-21");
        let dt: DateTime = "2019-08-22T09:00:00".parse().unwrap();
        assert_eq!(c.day_of(dt).to_string(), "2019-08-22");
        c.day_change = Time::constant(6, 0, 0, 0);
        let dt: DateTime = "2019-08-22T05:30:00".parse().unwrap();
        assert_eq!(c.day_of(dt).to_string(), "2019-08-21");
    }

    #[test]
    fn slot_must_end_after_start() {
        let s: DateTime = "2016-08-20T10:00:00".parse().unwrap();
        let e: DateTime = "2016-08-20T10:45:00".parse().unwrap();
        assert!(Slot::new(s, e, "A".into()).is_some());
        assert!(Slot::new(e, s, "A".into()).is_none());
        assert!(Slot::new(s, s, "A".into()).is_none());
    }
}
