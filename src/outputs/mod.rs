//! Everything the site offers beyond the HTML listings: the schedule grid and tag pages (as
//! extra [`PageRef`]s rendered with the others), and the machine-readable files written beside
//! them: iCalendar, `talks.json`, the Atom feed, the sitemap, `robots.txt` and the search index.
//!
//! Each file is produced by a library made for its format (icalendar, atom_syndication,
//! quick-xml, serde_json), from the same [`Views`] and [`Urls`](crate::render::Urls) the pages use, so a URL in a
//! feed is the URL of the page.

pub mod feed;
pub mod ics;
pub mod json;
pub mod jsonld;
pub mod schedule;
pub mod search;
pub mod sitemap;
pub mod tags;

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Result;
use crate::model::{Html, Site, Slug, Speaker, Talk, TalkId};
use crate::output::Staging;
use crate::render::{PageRef, Views};

/// Output paths of the files written here, relative to the output root.
pub const SCHEDULE_ICS: &str = "schedule.ics";
pub const TALKS_JSON: &str = "talks.json";
/// The JSON Schema of `talks.json`, shipped beside it for the apps that read it.
pub const TALKS_SCHEMA: &str = "talks.schema.json";
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const SEARCH_INDEX: &str = "search-index.js";
pub const SEARCH_JS: &str = "search.js";

/// The iCalendar file of one talk.
pub fn talk_ics_rel(slug: &Slug) -> String {
    format!("talks/{slug}/talk.ics")
}

/// The pages this module adds to [`PageRef::all`].
pub fn extra_pages(site: &Site) -> Vec<PageRef> {
    let mut v = vec![PageRef::Search, PageRef::Tags];
    if site.has_schedule() {
        v.push(PageRef::Schedule);
    }
    v.extend(tags::tags(site).iter().map(|t| PageRef::Tag {
        talk: t.first.0,
        index: t.first.1,
    }));
    v
}

/// The extra pages that show `talk`, for partial rebuilds.
pub fn extra_pages_showing_talk(site: &Site, talk: TalkId) -> Vec<PageRef> {
    let mut v = vec![PageRef::Search];
    if site.talk(talk).slot.is_some() {
        v.push(PageRef::Schedule);
    }
    let own: Vec<Slug> = site
        .talk(talk)
        .tags
        .iter()
        .filter_map(|t| tags::tag_slug(t))
        .collect();
    if !own.is_empty() {
        v.push(PageRef::Tags);
    }
    for t in tags::tags(site) {
        if own.contains(&t.slug) {
            v.push(PageRef::Tag {
                talk: t.first.0,
                index: t.first.1,
            });
        }
    }
    v
}

/// What [`write_all`] wrote.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
}

/// One file written by [`write_all`].
#[derive(Debug, Clone, Copy)]
enum Job {
    ScheduleIcs,
    TalkIcs(TalkId),
    TalksJson,
    TalksSchema,
    Feed,
    SearchIndex,
    SearchJs,
    Robots,
    Sitemap,
}

/// Writes every machine-readable output of the site into `staging`.
///
/// Each file is written as soon as it is made and its bytes dropped, so at most one file per
/// thread is in memory (collecting them all first held ~140 MB more at 20,000 talks).
pub fn write_all(root: &Path, site: &Site, views: &Views, staging: &Staging) -> Result<Written> {
    let maker = Maker::new(root, site, views);
    maker.jobs.par_iter().try_for_each(|job| match *job {
        // The biggest files are streamed into the file.
        Job::TalksJson => {
            let mut w = staging.create(TALKS_JSON)?;
            json::write_talks_json(site, views, &mut w)?;
            staging.finish(TALKS_JSON, w)
        }
        Job::Feed => {
            let w = staging.create(FEED)?;
            let w = feed::write_atom(site, views, &maker.stamps, w)?;
            staging.finish(FEED, w)
        }
        Job::ScheduleIcs => staging.stream(SCHEDULE_ICS, |w| {
            ics::write_schedule(site, views, &maker.stamps, w)
        }),
        Job::SearchIndex => {
            staging.stream(SEARCH_INDEX, |w| search::write_index_js(site, views, w))
        }
        _ => {
            let (path, bytes) = maker.make(*job)?;
            staging.write(&path, &bytes)
        }
    })?;
    Ok(Written {
        files: maker.jobs.len(),
    })
}

/// How many items of a streamed file are made at once: enough to keep every core busy, few
/// enough that the file is never whole in memory.
const CHUNK: usize = 1024;

/// Writes `make(item)` for every item in order, with `sep` between them, making a chunk of
/// them at a time on every core (the search index, `schedule.ics`, the feed and `talks.json`:
/// each tens of megabytes when made whole on a big programme, and long on one core).
fn write_in_chunks<T: Sync>(
    items: &[T],
    sep: &[u8],
    w: &mut impl std::io::Write,
    make: impl Fn(&T) -> std::io::Result<Vec<u8>> + Sync,
) -> std::io::Result<()> {
    for (n, chunk) in items.chunks(CHUNK).enumerate() {
        let parts: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(&make)
            .collect::<std::io::Result<_>>()?;
        for (i, part) in parts.iter().enumerate() {
            if n > 0 || i > 0 {
                w.write_all(sep)?;
            }
            w.write_all(part)?;
        }
    }
    Ok(())
}

/// Every machine-readable output of the site as (path, bytes), made in parallel (a calendar file
/// per talk makes them many on a big programme). `serve` writes them again after an edit.
pub fn files(root: &Path, site: &Site, views: &Views) -> Result<Vec<(String, Vec<u8>)>> {
    let maker = Maker::new(root, site, views);
    maker.jobs.par_iter().map(|job| maker.make(*job)).collect()
}

/// What the files are made from, and which files there are.
struct Maker<'a> {
    site: &'a Site,
    views: &'a Views,
    stamps: Stamps,
    jobs: Vec<Job>,
}

impl<'a> Maker<'a> {
    fn new(root: &Path, site: &'a Site, views: &'a Views) -> Maker<'a> {
        let stamps = Stamps::new(root, site);
        let mut jobs = vec![
            Job::TalksJson,
            Job::TalksSchema,
            Job::Feed,
            Job::SearchIndex,
            Job::SearchJs,
            Job::Robots,
        ];
        if site.has_schedule() {
            jobs.push(Job::ScheduleIcs);
            jobs.extend(
                site.talk_ids()
                    .filter(|id| site.talk(*id).slot.is_some())
                    .map(Job::TalkIcs),
            );
        }
        // The sitemap protocol allows only absolute URLs: without a base URL there is no sitemap
        // (robots.txt says so). Not a warning: a site previewed locally has no base URL yet.
        if views.urls.is_absolute() {
            jobs.push(Job::Sitemap);
        }
        Maker {
            site,
            views,
            stamps,
            jobs,
        }
    }

    /// One file's path and bytes.
    fn make(&self, job: Job) -> Result<(String, Vec<u8>)> {
        let (site, views, stamps) = (self.site, self.views, &self.stamps);
        Ok(match job {
            Job::ScheduleIcs => (SCHEDULE_ICS.into(), ics::schedule(site, views, stamps)),
            Job::TalkIcs(id) => (
                talk_ics_rel(&site.talk(id).slug),
                ics::single(site, views, stamps, id).into_bytes(),
            ),
            Job::TalksJson => (TALKS_JSON.into(), json::talks_json(site, views)?),
            Job::TalksSchema => (TALKS_SCHEMA.into(), json::SCHEMA.as_bytes().to_vec()),
            Job::Feed => (FEED.into(), feed::atom(site, views, stamps)?),
            Job::SearchIndex => (SEARCH_INDEX.into(), search::index_js(site, views)),
            Job::SearchJs => (SEARCH_JS.into(), search::SCRIPT.as_bytes().to_vec()),
            Job::Robots => (ROBOTS.into(), sitemap::robots(&views.urls).into_bytes()),
            Job::Sitemap => (
                SITEMAP.into(),
                sitemap::sitemap(site, &views.urls, &PageRef::all(site))?,
            ),
        })
    }
}

/// When each talk last changed: its file's modification time, clamped to `SOURCE_DATE_EPOCH`
/// when that is set (the reproducible-builds convention), so re-imported calendars and feed
/// readers see a change only when the talk changed.
pub struct Stamps {
    talks: Vec<jiff::Timestamp>,
    latest: jiff::Timestamp,
}

impl Stamps {
    fn new(root: &Path, site: &Site) -> Stamps {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| jiff::Timestamp::from_second(s).ok());
        let fallback = epoch.unwrap_or_else(jiff::Timestamp::now);
        let talks: Vec<jiff::Timestamp> = site
            .talks
            .iter()
            .map(|t| {
                let mtime = std::fs::metadata(root.join(&t.source))
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|m| jiff::Timestamp::try_from(m).ok())
                    .unwrap_or(fallback);
                // Whole seconds: iCalendar and most feed readers know no more.
                let mtime = jiff::Timestamp::from_second(mtime.as_second()).unwrap_or(mtime);
                match epoch {
                    Some(e) if mtime > e => e,
                    _ => mtime,
                }
            })
            .collect();
        let latest = talks.iter().copied().max().unwrap_or(fallback);
        Stamps { talks, latest }
    }

    pub fn talk(&self, id: TalkId) -> jiff::Timestamp {
        self.talks[id.index()]
    }

    pub fn latest(&self) -> jiff::Timestamp {
        self.latest
    }
}

/// A talk's one-paragraph summary as plain text, for meta descriptions and previews: its
/// description, else the start of its abstract.
pub fn summary(talk: &Talk) -> String {
    let text = if talk.description.is_empty() {
        &talk.abstract_
    } else {
        &talk.description
    };
    shorten(&plain_start(&text.html), SUMMARY_CHARS)
}

/// A speaker's summary: the start of the bio.
pub fn speaker_summary(speaker: &Speaker) -> String {
    shorten(&plain_start(&speaker.bio.html), SUMMARY_CHARS)
}

/// The longest summary, in characters (before its ellipsis).
const SUMMARY_CHARS: usize = 300;

/// Enough of a text's plain form for a summary: one character more than the longest, so
/// [`shorten`] knows whether it cut the text.
fn plain_start(html: &Html) -> String {
    crate::markdown::html_text(html, SUMMARY_CHARS + 1)
}

/// Cuts `text` at a word boundary to at most `max` characters, adding an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// jiff's instant as chrono's, for the iCalendar and Atom crates.
fn to_chrono(ts: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts.as_second(), 0).unwrap_or_default()
}

/// A slot time as an instant: local time in the conference time zone. `None` when the site
/// has no time zone, so the time is floating.
fn instant(site: &Site, local: jiff::civil::DateTime) -> Option<jiff::Timestamp> {
    let tz = site.conference.timezone.as_ref()?;
    tz.to_ambiguous_zoned(local)
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        let s = shorten("one two three four five six", 12);
        assert_eq!(s, "one two…");
    }
}
