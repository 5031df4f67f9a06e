//! When each talk last changed ([`Stamps`]), for the calendars' and feeds' dates.

use crate::model::versions::History;
use crate::model::{Site, TalkId};

/// When each talk last changed: the release of the version that last changed it
/// (docs/versions.md), else its file's modification time (read by `load`), clamped to
/// `SOURCE_DATE_EPOCH` when that is set (the reproducible-builds convention), so re-imported calendars and feed
/// readers see a change only when the talk changed.
pub struct Stamps {
    talks: Vec<jiff::Timestamp>,
    latest: jiff::Timestamp,
}

impl Stamps {
    pub(super) fn new(site: &Site, history: &History) -> Stamps {
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
