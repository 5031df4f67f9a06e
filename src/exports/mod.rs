//! The machine-readable outputs, written beside the pages: iCalendar (`schedule.ics` and one
//! per talk), `talks.json` and its schema, the Atom feed, the sitemap and `robots.txt`, the
//! search index and its script, the attendee planner's data (`planner/`, a small file per
//! conference day), and the schedule exports for schedule apps (c3voc `schedule.json`, frab
//! `schedule.xml`).
//!
//! Each format has one writer here, streaming into any [`Write`]; [`write_all`] and
//! [`schedule::write`] put them into a [`Staging`], which is how `build` and `serve` alike write
//! them. Each file is made by a library made for its format (icalendar, atom_syndication,
//! quick-xml, serde_json), from the same [`Views`] the pages use, so a URL in a feed is the URL
//! of the page.

pub mod c3voc;
pub mod calendars;
pub mod changes_feed;
pub mod context;
pub mod events;
pub mod feed;
pub mod frab_xml;
pub mod ics;
pub mod json;
pub mod offline;
pub mod planner;
pub mod programme;
pub mod schedule;
pub mod search;
pub mod sitemap;
pub mod stamps;

use std::io::Write;

use rayon::prelude::*;

use crate::diagnostics::Result;
use crate::layout;
use crate::model::{Site, TalkId};
use crate::render::Views;
use crate::staging::Staging;
pub use context::Context;

/// One file written by [`write_all`].
#[derive(Debug, Clone, Copy)]
enum Job {
    ScheduleIcs,
    TalkIcs(TalkId),
    TalksJson,
    TalksSchema,
    Feed,
    SearchJs,
    /// `planner/index.json` and each part of the planner's data ([`planner`]).
    PlannerIndex,
    PlannerPart(usize),
    SearchBoxJs,
    Robots,
    Sitemap,
    /// `favicon.svg` in the accent colour, when the site names no favicon.
    Favicon,
    /// `changes.xml`, when the site has released versions.
    ChangesFeed,
    /// The calendar of one track, room or speaker.
    Calendar(calendars::Of),
    Manifest,
    /// The offline support but the worker ([`offline::write_worker`] writes it last).
    OfflineJs,
    OfflinePage,
    /// The worker of a site that keeps nothing offline: it removes one of an earlier build.
    UnregisterWorker,
}

impl Job {
    /// Every file the site has, but the schedule exports ([`schedule::write`]).
    fn all(site: &Site, views: &Views) -> Vec<Job> {
        let mut jobs = vec![
            Job::TalksJson,
            Job::TalksSchema,
            Job::Feed,
            Job::SearchJs,
            Job::SearchBoxJs,
            Job::Robots,
            Job::PlannerIndex,
        ];
        jobs.extend((0..views.programme.parts.len()).map(Job::PlannerPart));
        if site.has_schedule() {
            jobs.push(Job::ScheduleIcs);
            jobs.extend(
                site.talk_ids()
                    .filter(|id| site.talk(*id).slot.is_some())
                    .map(Job::TalkIcs),
            );
            use calendars::Of;
            jobs.extend(site.track_ids().map(|id| Job::Calendar(Of::Track(id))));
            jobs.extend((0..views.programme.rooms.len()).map(|i| Job::Calendar(Of::Room(i))));
            jobs.extend(site.speaker_ids().map(|id| Job::Calendar(Of::Speaker(id))));
        }
        jobs.push(Job::Manifest);
        if site.conference.offline {
            jobs.extend([Job::OfflineJs, Job::OfflinePage]);
        } else {
            jobs.push(Job::UnregisterWorker);
        }
        // The sitemap protocol allows only absolute URLs: without a base URL there is no sitemap
        // (robots.txt says so). Not a warning: a site previewed locally has no base URL yet.
        if views.urls.is_absolute() {
            jobs.push(Job::Sitemap);
        }
        if site.conference.branding.favicon.is_none() {
            jobs.push(Job::Favicon);
        }
        if !site.versions.is_empty() {
            jobs.push(Job::ChangesFeed);
        }
        jobs
    }

    fn path(self, cx: &Context) -> String {
        let (site, views) = (cx.site, cx.views);
        match self {
            Job::ScheduleIcs => layout::SCHEDULE_ICS.into(),
            Job::TalkIcs(id) => layout::talk_ics(&site.talk(id).slug),
            Job::TalksJson => layout::TALKS_JSON.into(),
            Job::TalksSchema => layout::TALKS_SCHEMA.into(),
            Job::Feed => layout::FEED.into(),
            Job::SearchJs => layout::SEARCH_JS.into(),
            Job::PlannerIndex => layout::PLANNER_INDEX.into(),
            Job::PlannerPart(i) => layout::planner_part(&views.programme.parts[i].0),
            Job::SearchBoxJs => layout::SEARCH_BOX_JS.into(),
            Job::Robots => layout::ROBOTS.into(),
            Job::Sitemap => layout::SITEMAP.into(),
            Job::Favicon => layout::FAVICON.into(),
            Job::ChangesFeed => layout::CHANGES_FEED.into(),
            Job::Calendar(calendars::Of::Track(id)) => layout::track_ics(&site.track(id).slug),
            Job::Calendar(calendars::Of::Speaker(id)) => {
                layout::speaker_ics(&site.speaker(id).slug)
            }
            Job::Calendar(calendars::Of::Room(i)) => {
                layout::room_ics(&views.programme.room_slugs[i])
            }
            Job::Manifest => layout::MANIFEST.into(),
            Job::OfflineJs => layout::OFFLINE_JS.into(),
            Job::OfflinePage => layout::OFFLINE_PAGE.into(),
            Job::UnregisterWorker => layout::SERVICE_WORKER.into(),
        }
    }

    fn write(self, cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
        match self {
            Job::ScheduleIcs => ics::write_schedule(cx, w),
            Job::TalkIcs(id) => ics::write_talk(cx, id, w),
            Job::TalksJson => json::write(cx, w),
            Job::TalksSchema => w.write_all(json::SCHEMA.as_bytes()),
            Job::Feed => feed::write(cx, w),
            Job::SearchJs => w.write_all(search::SCRIPT.as_bytes()),
            Job::PlannerIndex => planner::write_index(cx, w),
            Job::PlannerPart(i) => planner::write_part(cx, i, w),
            Job::SearchBoxJs => w.write_all(search::BOX_SCRIPT.as_bytes()),
            Job::Robots => sitemap::write_robots(&cx.views.urls, w),
            Job::Sitemap => sitemap::write(cx, w),
            Job::Favicon => w.write_all(
                crate::colors::favicon_svg(cx.site.conference.branding.accent).as_bytes(),
            ),
            Job::ChangesFeed => changes_feed::write(cx, w),
            Job::Calendar(of) => calendars::write(cx, of, w),
            Job::Manifest => offline::write_manifest(cx, w),
            Job::OfflineJs => w.write_all(offline::REGISTER_JS.as_bytes()),
            Job::OfflinePage => offline::write_offline_page(cx, w),
            Job::UnregisterWorker => w.write_all(offline::UNREGISTER_WORKER.as_bytes()),
        }
    }
}

/// Lower-case hex digits of `bytes` (a digest, in the versions of the schedule and the worker).
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Writes every machine-readable output of the site but the schedule exports and the search
/// index ([`schedule::write`], [`search::write`]) into `out`, on every core, each file streamed
/// as it is made (made whole first, they held ~140 MB more at 20,000 talks). A file of the same
/// name in `static/` replaces the build's own, so it is not written. Returns how many files
/// were written.
pub fn write_all(cx: &Context, out: &Staging) -> Result<usize> {
    let jobs: Vec<(Job, String)> = Job::all(cx.site, cx.views)
        .into_iter()
        .map(|job| (job, job.path(cx)))
        .filter(|(_, path)| !cx.site.has_static(path))
        .collect();
    jobs.par_iter()
        .try_for_each(|(job, path)| out.stream(path, |w| job.write(cx, w)))?;
    Ok(jobs.len())
}
