//! The attendee planner's data: `planner/index.json` (the conference's time zone and days, each
//! with its parts) and one `planner/<part>.json` per part of the programme ([`Programme::parts`]:
//! a day's talks, a few hundred to a file). The agenda page fetches only the parts its starred
//! talks are in and the overview only today's, so neither downloads the whole programme.
//!
//! Each talk carries the UID of its event in `schedule.ics` ([`super::events::Uids`]), so an agenda
//! made in the browser and imported into a calendar updates the same events.
//!
//! [`Programme::parts`]: crate::render::schedule::Programme

use std::io::Write;

use serde::Serialize;

use super::context::Context;
use crate::model::TalkId;

/// One talk as the planner script reads it.
#[derive(Serialize)]
struct Entry<'a> {
    /// The talk's slug: the id favourites and share links name.
    id: &'a str,
    title: &'a str,
    speakers: Vec<&'a str>,
    /// Start and end as instants in UTC (`2024-05-04T07:00:00Z`), or floating local times
    /// (`2024-05-04T09:00:00`) when the conference has no time zone; none when unscheduled.
    start: Option<String>,
    end: Option<String>,
    /// The conference day (`2024-05-04`), which stays the talk's day in any viewer's zone.
    day: Option<String>,
    room: Option<&'a str>,
    track: &'a str,
    url: String,
    uid: String,
}

#[derive(Serialize)]
struct Index<'a> {
    timezone: Option<&'a str>,
    days: Vec<Day>,
    /// Every part's name, days' first, then the unscheduled talks'.
    parts: Vec<&'a str>,
}

#[derive(Serialize)]
struct Day {
    date: String,
    label: String,
    parts: Vec<String>,
}

/// Writes `planner/index.json`.
pub fn write_index(cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
    let (site, programme) = (cx.site, &cx.views.programme);
    let locale = &site.conference.locale;
    let days = programme
        .by_day
        .keys()
        .map(|date| {
            let prefix = format!("{date}-");
            Day {
                date: date.to_string(),
                label: locale.day_label(*date),
                parts: (programme.parts.iter())
                    .filter(|(name, _)| name.starts_with(&prefix))
                    .map(|(name, _)| name.clone())
                    .collect(),
            }
        })
        .collect();
    let index = Index {
        timezone: site.conference.timezone_name.as_deref(),
        days,
        parts: programme.parts.iter().map(|(n, _)| n.as_str()).collect(),
    };
    serde_json::to_writer(&mut *w, &index)?;
    w.write_all(b"\n")
}

/// Writes the part at `index` of [`Programme::parts`](crate::render::schedule::Programme).
pub fn write_part(cx: &Context, index: usize, w: &mut impl Write) -> std::io::Result<()> {
    let ids: &[TalkId] = cx.views.programme.parts.get(index).map_or(&[], |p| &p.1);
    let entries: Vec<Entry> = ids.iter().map(|id| entry(cx, *id)).collect();
    serde_json::to_writer(&mut *w, &entries)?;
    w.write_all(b"\n")
}

fn entry<'a>(cx: &Context<'a>, id: TalkId) -> Entry<'a> {
    let site = cx.site;
    let c = &site.conference;
    let talk = site.talk(id);
    let when = |local: jiff::civil::DateTime| match c.instant(local) {
        Some(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => local.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
    };
    let slot = talk.slot.as_ref();
    Entry {
        id: talk.slug.as_str(),
        title: &talk.title,
        speakers: (talk.speakers.iter())
            .map(|s| site.speaker(*s).name.as_str())
            .collect(),
        start: slot.map(|s| when(s.start())),
        end: slot.map(|s| when(s.end())),
        day: slot.map(|s| c.day_of(s.start()).to_string()),
        room: slot.map(|s| s.room()),
        track: &site.track(talk.track).name,
        url: cx.views.urls.path(&crate::layout::talk(&talk.slug)),
        uid: cx.uids.of(cx.views.history.guid_slug(talk)),
    }
}
