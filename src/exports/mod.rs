//! The machine-readable outputs, written beside the pages: iCalendar (`schedule.ics` and one
//! per talk), `talks.json` and its schema, the Atom feed, the sitemap and `robots.txt`, the
//! search index and its script, and the schedule exports for schedule apps (c3voc
//! `schedule.json`, frab `schedule.xml`).
//!
//! Each format has one writer here, streaming into any [`Write`]; [`write_all`] and
//! [`schedule::write`] put them into a [`Staging`], which is how `build` and `serve` alike write
//! them. Each file is made by a library made for its format (icalendar, atom_syndication,
//! quick-xml, serde_json), from the same [`Views`] the pages use, so a URL in a feed is the URL
//! of the page.

pub mod c3voc;
pub mod context;
pub mod feed;
pub mod frab_xml;
pub mod ics;
pub mod json;
pub mod programme;
pub mod schedule;
pub mod search;
pub mod sitemap;

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
    SearchBoxJs,
    Robots,
    Sitemap,
    /// `favicon.svg` in the accent colour, when the site names no favicon.
    Favicon,
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
        if site.conference.branding.favicon.is_none() {
            jobs.push(Job::Favicon);
        }
        jobs
    }

    fn path(self, site: &Site) -> String {
        match self {
            Job::ScheduleIcs => layout::SCHEDULE_ICS.into(),
            Job::TalkIcs(id) => layout::talk_ics(&site.talk(id).slug),
            Job::TalksJson => layout::TALKS_JSON.into(),
            Job::TalksSchema => layout::TALKS_SCHEMA.into(),
            Job::Feed => layout::FEED.into(),
            Job::SearchJs => layout::SEARCH_JS.into(),
            Job::SearchBoxJs => layout::SEARCH_BOX_JS.into(),
            Job::Robots => layout::ROBOTS.into(),
            Job::Sitemap => layout::SITEMAP.into(),
            Job::Favicon => layout::FAVICON.into(),
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
            Job::SearchBoxJs => w.write_all(search::BOX_SCRIPT.as_bytes()),
            Job::Robots => sitemap::write_robots(&cx.views.urls, w),
            Job::Sitemap => sitemap::write(cx, w),
            Job::Favicon => w.write_all(
                crate::colors::favicon_svg(cx.site.conference.branding.accent).as_bytes(),
            ),
        }
    }
}

/// Writes every machine-readable output of the site but the schedule exports into `out`, on
/// every core, each file streamed as it is made (made whole first, they held ~140 MB more at
/// 20,000 talks). A file of the same name in `static/` replaces the build's own, so it is not
/// written. The search index, a folder of files made from one inverted index, is written
/// beside them ([`search::write`]). Returns how many files were written.
pub fn write_all(cx: &Context, out: &Staging) -> Result<usize> {
    let jobs: Vec<(Job, String)> = Job::all(cx.site, cx.views)
        .into_iter()
        .map(|job| (job, job.path(cx.site)))
        .filter(|(_, path)| !cx.site.has_static(path))
        .collect();
    let (search, files) = rayon::join(
        || search::write(cx, out),
        || {
            jobs.par_iter()
                .try_for_each(|(job, path)| out.stream(path, |w| job.write(cx, w)))
        },
    );
    files?;
    Ok(jobs.len() + search?)
}
