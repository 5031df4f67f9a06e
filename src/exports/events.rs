//! Each scheduled talk's calendar event (`VEVENT`), made once per build with the `icalendar`
//! crate and copied into every calendar that holds the talk ([`super::ics`]).

use icalendar::{CalendarDateTime, Component, Event, EventLike};
use rayon::prelude::*;

use super::stamps::{to_chrono, Stamps};
use crate::model::{Site, Slug, TalkId};
use crate::render::Views;

/// Every scheduled talk's `VEVENT` as the calendars write it, made once per build on every
/// core: `schedule.ics`, each `talk.ics` and the track, room and speaker calendars hold the same
/// events, and making each anew for every file it is in cost a second at 20,000 talks.
pub struct Events(Vec<String>);

impl Events {
    pub fn new(site: &Site, views: &Views, stamps: &Stamps, uids: &Uids) -> Events {
        if !site.has_schedule() {
            return Events(Vec::new());
        }
        let events = (site.talks.par_iter().enumerate())
            .map(|(i, t)| match t.slot {
                Some(_) => event(site, views, stamps, uids, TalkId(i as u32)).to_string(),
                None => String::new(),
            })
            .collect();
        Events(events)
    }

    /// The event of `id`, empty for a talk without a slot.
    pub(super) fn of(&self, id: TalkId) -> &str {
        self.0.get(id.index()).map_or("", String::as_str)
    }
}

/// The UIDs of the talks' events: `<slug>@<conference>.talkgen`, the slug being the one the talk
/// had in the first released version ([`crate::model::versions::History::guid_slug`]), so a
/// renamed talk keeps its UID. The conference's part is made once per build.
pub struct Uids(String);

impl Uids {
    pub(super) fn new(site: &Site) -> Uids {
        let conf = Slug::from_text(&site.conference.name)
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|| "conference".into());
        Uids(conf)
    }

    /// The UID of the event of the talk whose first slug is `slug`.
    pub fn of(&self, slug: &str) -> String {
        format!("{slug}@{}.talkgen", self.0)
    }
}

fn event(site: &Site, views: &Views, stamps: &Stamps, uids: &Uids, id: TalkId) -> Event {
    let talk = site.talk(id);
    let history = &views.history;
    let mut ev = Event::new();
    ev.uid(&uids.of(history.guid_slug(talk)));
    // With versions: the calendar was published with the latest one (DTSTAMP), the event last
    // changed with the one that last changed it, and SEQUENCE counts those changes, so a
    // subscribed calendar replaces the event it holds (RFC 5545 3.8.7.4).
    let published = history.latest().map_or(stamps.talk(id), |v| v.released);
    ev.timestamp(to_chrono(published));
    ev.last_modified(to_chrono(stamps.talk(id)));
    if history.is_versioned() {
        ev.sequence(history.of(talk).map_or(0, |h| h.sequence));
    }
    ev.summary(&talk.title);
    if let Some(slot) = &talk.slot {
        ev.starts(when(site, slot.start()));
        ev.ends(when(site, slot.end()));
        ev.location(slot.room());
    }
    let speakers: Vec<&str> = talk
        .speakers
        .iter()
        .map(|s| site.speaker(*s).name.as_str())
        .collect();
    let rel = crate::layout::talk(&talk.slug);
    let url = views.urls.absolute(&rel);
    let mut text = String::new();
    if !speakers.is_empty() {
        text.push_str(&format!("{}\n\n", speakers.join(", ")));
    }
    let summary = views.summary(id);
    if !summary.is_empty() {
        text.push_str(&format!("{summary}\n\n"));
    }
    if views.urls.is_absolute() {
        text.push_str(&url);
        ev.url(&url);
    }
    ev.description(text.trim_end().replace('\r', "").as_str());
    let mut categories = vec![site.track(talk.track).name.clone()];
    categories.extend(talk.tags.iter().cloned());
    ev.categories(categories);
    ev.done()
}

/// A slot time as the calendar writes it: UTC, or floating without a time zone.
pub(super) fn when(site: &Site, local: jiff::civil::DateTime) -> CalendarDateTime {
    match site.conference.instant(local) {
        Some(ts) => CalendarDateTime::Utc(to_chrono(ts)),
        None => CalendarDateTime::Floating(naive(local)),
    }
}

fn naive(local: jiff::civil::DateTime) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(
        local.year().into(),
        local.month() as u32,
        local.day() as u32,
    )
    .and_then(|d| {
        d.and_hms_opt(
            local.hour() as u32,
            local.minute() as u32,
            local.second() as u32,
        )
    })
    .unwrap_or_default()
}
