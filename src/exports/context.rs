//! What every writer of [`super`] shares: the site and its template values with when each talk
//! changed ([`Context`]), and the chunked writer the big files are streamed through.

use rayon::prelude::*;

use crate::model::versions::History;
use crate::model::{Site, TalkId};
use crate::render::Views;

/// What every writer reads: the site, its template values, when each talk changed, and the
/// calendar event of each talk.
pub struct Context<'a> {
    pub site: &'a Site,
    pub views: &'a Views,
    pub stamps: Stamps,
    pub events: super::ics::Events,
}

impl<'a> Context<'a> {
    pub fn new(site: &'a Site, views: &'a Views) -> Context<'a> {
        let stamps = Stamps::new(site, &views.history);
        let events = super::ics::Events::new(site, views, &stamps);
        Context {
            site,
            views,
            stamps,
            events,
        }
    }
}

/// How many items of a streamed file are made at once: enough to keep every core busy, few
/// enough that the file is never whole in memory.
const CHUNK: usize = 1024;

/// Writes `make(item)` for every item in order, with `sep` between them, making a chunk of
/// them at a time on every core (the search index, `schedule.ics`, the feed and `talks.json`:
/// each tens of megabytes when made whole on a big programme, and long on one core).
pub(crate) fn write_in_chunks<T: Sync>(
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

/// When each talk last changed: the release of the version that last changed it
/// (docs/versions.md), else its file's modification time (read by `load`), clamped to
/// `SOURCE_DATE_EPOCH` when that is set (the reproducible-builds convention), so re-imported calendars and feed
/// readers see a change only when the talk changed.
pub struct Stamps {
    talks: Vec<jiff::Timestamp>,
    latest: jiff::Timestamp,
}

impl Stamps {
    fn new(site: &Site, history: &History) -> Stamps {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| jiff::Timestamp::from_second(s).ok());
        let fallback = epoch.unwrap_or_else(jiff::Timestamp::now);
        let talks: Vec<jiff::Timestamp> = site
            .talks
            .iter()
            .map(|t| {
                // A released talk changed when the version that last changed it was released:
                // the same in every clone, whatever the files' times.
                if let Some(h) = history.of(t) {
                    return h.modified;
                }
                let mtime = t.modified.unwrap_or(fallback);
                // Whole seconds: iCalendar and most feed readers know no more.
                let mtime = jiff::Timestamp::from_second(mtime.as_second()).unwrap_or(mtime);
                match epoch {
                    Some(e) if mtime > e => e,
                    _ => mtime,
                }
            })
            .collect();
        // A version that only cancelled talks changed the programme too.
        let released = history.latest().map(|v| v.released);
        let latest = (talks.iter().copied().chain(released).max()).unwrap_or(fallback);
        Stamps { talks, latest }
    }

    pub fn talk(&self, id: TalkId) -> jiff::Timestamp {
        self.talks[id.index()]
    }

    pub fn latest(&self) -> jiff::Timestamp {
        self.latest
    }
}

/// jiff's instant as chrono's, for the iCalendar and Atom crates.
pub(super) fn to_chrono(ts: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts.as_second(), 0).unwrap_or_default()
}
