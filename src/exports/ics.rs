//! `schedule.ics`, `talks/<slug>/talk.ics` and the track, room and speaker calendars
//! ([`super::calendars`]), written with the `icalendar` crate, which folds lines at 75 octets
//! and escapes commas, semicolons, backslashes and newlines in text. Each holds the events of
//! [`super::events`], made once per build.
//!
//! Times are written in UTC (`…Z`), converted from the conference time zone with jiff's time
//! zone database: RFC 5545 needs no VTIMEZONE for UTC times, and every calendar shows them in
//! its user's zone. A site without a time zone gets floating local times. UIDs are made of the
//! talk slug and the conference name, so re-importing a calendar updates its events instead of
//! duplicating them, whatever URL the site moves to.

use std::io::Write;

use icalendar::{Calendar, Component, Event, EventLike};

use super::context::Context;
use super::events::when;
use super::stamps::to_chrono;
use crate::model::{Site, TalkId};

/// Writes the calendar with every scheduled talk, in start order.
pub fn write_schedule(cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
    let site = cx.site;
    let ids: Vec<TalkId> = site.talk_ids().collect();
    write_calendar(cx, &site.conference.name, &ids, w, true)
}

/// Writes the calendar of one talk.
pub fn write_talk(cx: &Context, id: TalkId, w: &mut impl Write) -> std::io::Result<()> {
    let (site, talk) = (cx.site, cx.site.talk(id));
    let (head, tail) = frame(site, &format!("{} · {}", talk.title, site.conference.name));
    w.write_all([&head, cx.events.of(id), &tail].concat().as_bytes())
}

/// Writes a calendar named `name` holding the talks `ids` that have a slot, in start order: the
/// calendars of a track, a room or a speaker, whose events are `schedule.ics`'s own, so a
/// calendar app subscribed to both sees one event per talk. `schedule.ics` (`with_cancelled`)
/// also holds the events the latest version cancelled.
pub fn write_calendar(
    cx: &Context,
    name: &str,
    ids: &[TalkId],
    w: &mut impl Write,
    with_cancelled: bool,
) -> std::io::Result<()> {
    let site = cx.site;
    let mut ids: Vec<TalkId> = ids
        .iter()
        .copied()
        .filter(|id| site.talk(*id).slot.is_some())
        .collect();
    ids.sort_by(|a, b| {
        let (a, b) = (site.talk(*a), site.talk(*b));
        let start = |t: &crate::model::Talk| t.slot.as_ref().map(|s| s.start());
        (start(a), &a.slug).cmp(&(start(b), &b.slug))
    });
    let (head, tail) = frame(site, name);
    w.write_all(head.as_bytes())?;
    for id in &ids {
        w.write_all(cx.events.of(*id).as_bytes())?;
    }
    if with_cancelled {
        for c in cancelled(cx) {
            w.write_all(c.to_string().as_bytes())?;
        }
    }
    w.write_all(tail.as_bytes())
}

/// The lines of a calendar named `name` before and after its events: the crate writes the
/// calendar's own lines (an empty calendar is `BEGIN`, its properties, `END`) and the events go
/// before its `END` line.
fn frame(site: &Site, name: &str) -> (String, String) {
    let mut head = calendar(site, name).to_string();
    let tail = head.split_off(head.rfind("END:VCALENDAR").unwrap_or(head.len()));
    (head, tail)
}

fn calendar(site: &Site, name: &str) -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property((
        "PRODID",
        concat!("-//talkgen//talkgen ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    // Only X-WR-CALNAME: the crate does not escape RFC 7986's NAME, whose text could break.
    cal.append_property(("X-WR-CALNAME", name));
    if let Some(tz) = &site.conference.timezone_name {
        cal.timezone(tz.as_str());
    }
    cal
}

/// The events the latest version cancelled (or unscheduled), marked `STATUS:CANCELLED` with
/// their last time and place: a calendar that holds one removes it. They stay until the next
/// version is released.
pub fn cancelled(cx: &Context) -> Vec<Event> {
    let (site, history) = (cx.site, &cx.views.history);
    let Some(latest) = history.latest() else {
        return Vec::new();
    };
    (history.cancelled.iter())
        .map(|(talk, place, h)| {
            let mut ev = Event::new();
            ev.uid(&cx.uids.of(&h.first_slug));
            ev.timestamp(to_chrono(latest.released));
            ev.last_modified(to_chrono(h.modified));
            ev.sequence(h.sequence);
            ev.status(icalendar::EventStatus::Cancelled);
            ev.summary(&talk.title);
            ev.starts(when(site, place.start));
            ev.ends(when(site, place.end));
            ev.location(&place.room);
            ev.done()
        })
        .collect()
}
