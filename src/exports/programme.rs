//! The programme as schedule apps (Giggity, ConfClerk, EventFahrplan) see it: one neutral
//! [`Schedule`] of days, rooms and events with stable ids and guids, from which both
//! `schedule.json` ([`super::c3voc`]) and `schedule.xml` ([`super::frab_xml`]) are written, so
//! they always agree. It exists when any talk has a slot and `conference.yaml` names a time
//! zone: the formats need offsets, and guessing a zone would put talks at the wrong hour on
//! people's phones.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Zoned;
use uuid::Uuid;

use crate::layout::{self, Urls};
use crate::model::versions::History;
use crate::model::*;

/// The grid step schedule apps draw, in `HH:MM`.
pub(super) const TIMESLOT: &str = "00:05";

/// What [`Schedule::version`] holds until the JSON is hashed: as long as the digest.
pub(super) const UNVERSIONED: &str = "000000000000";

/// The programme as schedule formats see it: days → rooms → events, with ids and guids.
///
/// Its texts borrow from the [`Site`]: a copy of every abstract and biography was most of the
/// build's peak memory on a big programme.
#[derive(Debug, Clone)]
pub struct Schedule<'a> {
    pub title: String,
    pub acronym: String,
    pub start: Date,
    pub end: Date,
    pub timezone: String,
    /// Absolute base URL of the site, when known.
    pub base_url: Option<String>,
    /// `(name, slug)`.
    pub tracks: Vec<(String, String)>,
    /// `(name, guid)`, in display order.
    pub rooms: Vec<(String, String)>,
    pub days: Vec<Day<'a>>,
    /// Changes whenever the programme changes, so apps know to refresh.
    pub version: String,
}

#[derive(Debug, Clone)]
pub struct Day<'a> {
    pub index: usize,
    pub date: Date,
    pub start: Zoned,
    pub end: Zoned,
    /// Rooms in display order with their events by start time; rooms without events left out.
    pub rooms: Vec<(String, Vec<Event<'a>>)>,
}

#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub id: u32,
    pub guid: String,
    /// The pretalx submission code, for talks imported from pretalx.
    pub code: Option<String>,
    pub start: Zoned,
    /// Minutes.
    pub minutes: i64,
    pub room: String,
    pub slug: String,
    pub url: String,
    pub title: &'a str,
    pub track: &'a str,
    /// The talk's short description (Markdown): c3voc `abstract`.
    pub summary: &'a str,
    /// The talk's abstract (Markdown): c3voc `description`.
    pub description: &'a str,
    pub persons: Vec<Person<'a>>,
    /// `(url, title, type)`.
    pub links: Vec<(String, String, &'static str)>,
}

#[derive(Debug, Clone)]
pub struct Person<'a> {
    pub id: u32,
    pub guid: String,
    pub code: Option<String>,
    pub name: &'a str,
    pub biography: &'a str,
}

/// `2020-12-14T09:00:00+01:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `HH:MM` for a number of minutes (hours may exceed 24).
pub fn hh_mm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// An acronym the c3voc schema accepts (`^[a-z0-9_-][a-z0-9_]{3,}`): the name's slug with
/// underscores, at least four characters.
pub fn acronym(name: &str) -> String {
    let mut a = Slug::from_text(name)
        .map(|s| s.as_str().replace('-', "_"))
        .unwrap_or_else(|| "talkgen".into());
    while a.len() < 4 {
        a.push('_');
    }
    a
}

/// A positive 31-bit number from a guid, for the formats' integer ids (apps keep favourites
/// by id, so it must not change between builds).
fn number_from(guid: &Uuid) -> u32 {
    let b = guid.as_bytes();
    (u32::from_be_bytes([b[0], b[1], b[2], b[3]]) & 0x7fff_ffff).max(1)
}

/// Hands out ids, keeping a wanted one when free and moving on to the next free one otherwise.
#[derive(Default)]
struct Ids(std::collections::HashSet<u32>);

impl Ids {
    fn take(&mut self, mut want: u32) -> u32 {
        while !self.0.insert(want) {
            want = if want >= 0x7fff_ffff { 1 } else { want + 1 };
        }
        want
    }
}

impl<'a> Schedule<'a> {
    /// `None` when no talk has a slot or the conference has no time zone. With released
    /// versions, events keep the guid of their first version's slug and the schedule is
    /// named after the latest version.
    pub fn new(site: &'a Site, urls: &Urls, history: &History) -> Option<Schedule<'a>> {
        let conf = &site.conference;
        let tz: &TimeZone = conf.timezone.as_ref()?;
        let tz_name = conf.timezone_name.clone()?;
        if !site.has_schedule() {
            return None;
        }
        // Rooms: as listed in conference.yaml, then as met in time order.
        let mut talks: Vec<&Talk> = site.talks.iter().filter(|t| t.slot.is_some()).collect();
        talks.sort_by(|a, b| {
            let (sa, sb) = (a.slot.as_ref(), b.slot.as_ref());
            sa.map(|s| (s.start(), s.room()))
                .cmp(&sb.map(|s| (s.start(), s.room())))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut room_names: Vec<String> = conf.rooms.clone();
        for t in &talks {
            if let Some(s) = &t.slot {
                if !room_names.iter().any(|r| r == s.room()) {
                    room_names.push(s.room().to_owned());
                }
            }
        }

        let mut make = Maker::new(site, urls);
        make.history = Some(history);
        let mut days: Vec<Day> = Vec::new();
        for t in &talks {
            let Some(slot) = &t.slot else { continue };
            let (Ok(start), Ok(end)) = (
                slot.start().to_zoned(tz.clone()),
                slot.end().to_zoned(tz.clone()),
            ) else {
                continue;
            };
            let event = make.event(t, slot, &start, &end);
            place(
                &mut days,
                event,
                site.conference.day_of(slot.start()),
                start,
                end,
            );
        }
        days.sort_by_key(|d| d.date);
        for (i, d) in days.iter_mut().enumerate() {
            d.index = i + 1;
            d.rooms
                .sort_by_key(|(r, _)| room_names.iter().position(|x| x == r));
        }
        let first = days.first()?.date;
        let last = days.last()?.date;
        let tracks = site
            .tracks
            .iter()
            .map(|t| (t.name.clone(), t.slug.as_str().to_owned()))
            .collect();
        let rooms = room_names
            .iter()
            .map(|r| (r.clone(), make.guid(&format!("room:{r}")).to_string()))
            .collect();
        Some(Schedule {
            title: conf.name.clone(),
            acronym: make.acronym,
            start: conf.start_date.map_or(first, |d| d.min(first)),
            end: conf.end_date.map_or(last, |d| d.max(last)),
            timezone: tz_name,
            base_url: urls.is_absolute().then(|| urls.base_url.clone()),
            tracks,
            rooms,
            days,
            version: history
                .latest()
                .map_or_else(|| UNVERSIONED.into(), |v| v.name.clone()),
        })
    }
}

/// Puts `event` into its day (made when it is the day's first), widening the day to the event.
fn place<'a>(days: &mut Vec<Day<'a>>, event: Event<'a>, date: Date, start: Zoned, end: Zoned) {
    let i = match days.iter().position(|d| d.date == date) {
        Some(i) => i,
        None => {
            days.push(Day {
                index: 0,
                date,
                start: start.clone(),
                end: end.clone(),
                rooms: Vec::new(),
            });
            days.len() - 1
        }
    };
    let day = &mut days[i];
    if start < day.start {
        day.start = start;
    }
    if end > day.end {
        day.end = end;
    }
    match day.rooms.iter_mut().find(|(r, _)| *r == event.room) {
        Some((_, events)) => events.push(event),
        None => day.rooms.push((event.room.clone(), vec![event])),
    }
}

/// Makes the events and persons of one schedule, handing out their ids: a numeric source id
/// (frab) is kept; others come from the guid.
struct Maker<'a, 'u> {
    site: &'a Site,
    /// Where a renamed talk's first slug is found.
    history: Option<&'u History>,
    urls: &'u Urls,
    /// What guids are made from: the site's URL, else its name.
    site_key: String,
    acronym: String,
    event_ids: Ids,
    person_ids: Ids,
    /// The pretalx codes handed out so far (they must be unique).
    codes: std::collections::HashSet<String>,
    person_of: Vec<Option<Person<'a>>>,
}

impl<'a, 'u> Maker<'a, 'u> {
    fn new(site: &'a Site, urls: &'u Urls) -> Maker<'a, 'u> {
        let conf = &site.conference;
        Maker {
            site,
            history: None,
            urls,
            site_key: if urls.is_absolute() {
                urls.base_url.clone()
            } else {
                format!("talkgen:{}", conf.name)
            },
            acronym: acronym(&conf.name),
            event_ids: Ids::default(),
            person_ids: Ids::default(),
            codes: std::collections::HashSet::new(),
            person_of: vec![None; site.speakers.len()],
        }
    }

    fn guid(&self, what: &str) -> Uuid {
        Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("{}#{what}", self.site_key).as_bytes(),
        )
    }

    /// A link as apps need it: absolute where the site has a base URL.
    fn link(&self, l: &Link) -> String {
        if l.is_site_relative() {
            self.urls.best(&l.as_str()[1..])
        } else {
            l.as_str().to_owned()
        }
    }

    fn event(&mut self, t: &'a Talk, slot: &Slot, start: &Zoned, end: &Zoned) -> Event<'a> {
        let site = self.site;
        let minutes = (end.timestamp().as_second() - start.timestamp().as_second()) / 60;
        let slug = self.history.map_or(t.slug.as_str(), |h| h.guid_slug(t));
        let g = self.guid(&format!("talk:{slug}"));
        let id = self
            .event_ids
            .take(numeric_id(&t.origin).unwrap_or_else(|| number_from(&g)));
        // Two files claiming one submission: only the first keeps the (unique) code.
        let code = pretalx_code(&t.origin).filter(|c| self.codes.insert(c.clone()));
        let persons = t.speakers.iter().map(|sid| self.person(*sid)).collect();
        let mut links = Vec::new();
        if let Some(l) = &t.slides {
            links.push((self.link(l), "Slides".to_owned(), "slides"));
        }
        if let Some(l) = &t.video {
            links.push((self.link(l), "Video".to_owned(), "media"));
        }
        Event {
            id,
            guid: g.to_string(),
            code,
            start: start.clone(),
            minutes,
            room: slot.room().to_owned(),
            slug: format!("{}-{id}-{}", self.acronym, t.slug),
            url: self.urls.best(&layout::talk(&t.slug)),
            title: &t.title,
            track: &site.track(t.track).name,
            summary: t.description.source().unwrap_or_default().trim(),
            description: t.abstract_.source().unwrap_or_default().trim(),
            persons,
            links,
        }
    }

    /// The person of a speaker, made the first time the speaker is met.
    fn person(&mut self, sid: SpeakerId) -> Person<'a> {
        if let Some(p) = &self.person_of[sid.index()] {
            return p.clone();
        }
        let sp = self.site.speaker(sid);
        let g = self.guid(&format!("speaker:{}", sp.slug));
        let person = Person {
            id: (self.person_ids).take(numeric_id(&sp.origin).unwrap_or_else(|| number_from(&g))),
            guid: g.to_string(),
            code: pretalx_code(&sp.origin),
            name: &sp.name,
            biography: sp.bio.source().unwrap_or_default().trim(),
        };
        self.person_of[sid.index()] = Some(person.clone());
        person
    }
}

/// A numeric id from the CFP system (frab's), when it fits the formats' ids.
fn numeric_id(origin: &Option<SourceRef>) -> Option<u32> {
    origin
        .as_ref()
        .and_then(|o| o.id.parse::<u32>().ok())
        .filter(|n| *n > 0 && *n <= 0x7fff_ffff)
}

/// The pretalx code (`ABC123`) of an entry imported from pretalx.
fn pretalx_code(origin: &Option<SourceRef>) -> Option<String> {
    origin
        .as_ref()
        .filter(|o| o.system == "pretalx")
        .map(|o| o.id.clone())
        .filter(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_fit_the_schema() {
        assert_eq!(acronym("PyBay 2016"), "pybay_2016");
        assert_eq!(acronym("X"), "x___");
        assert_eq!(hh_mm(90), "01:30");
        assert_eq!(hh_mm(1500), "25:00");
    }

    #[test]
    fn ids_never_repeat() {
        let mut ids = Ids::default();
        assert_eq!(ids.take(5), 5);
        assert_eq!(ids.take(5), 6);
        assert_eq!(ids.take(6), 7);
    }
}
