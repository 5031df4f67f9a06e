//! What every writer of [`super`] shares: the site and its template values with when each talk
//! changed ([`Context`]), and the chunked writer the big files are streamed through.

use rayon::prelude::*;

use super::events::{Events, Uids};
use super::stamps::Stamps;
use crate::model::Site;
use crate::render::Views;

/// What every writer reads: the site, its template values, when each talk changed, the
/// UIDs of its calendar events and the calendar event of each talk.
pub struct Context<'a> {
    pub site: &'a Site,
    pub views: &'a Views,
    pub stamps: Stamps,
    pub uids: Uids,
    pub events: Events,
}

impl<'a> Context<'a> {
    pub fn new(site: &'a Site, views: &'a Views) -> Context<'a> {
        let stamps = Stamps::new(site, &views.history);
        let uids = Uids::new(site);
        let events = Events::new(site, views, &stamps, &uids);
        Context {
            site,
            views,
            stamps,
            uids,
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
