//! `schedule.json`: the c3voc schedule schema, version 1, shaped as pretalx writes it.
//!
//! Persons are written frab-style (`id`, `public_name`) because the schema's `Person` is a
//! `oneOf` of the frab and pretalx shapes: an object with both `name` and `public_name` would
//! match both and fail validation.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::programme::{hh_mm, rfc3339, Schedule};

const SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

#[derive(Serialize)]
struct Root<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: JSchedule<'a>,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JSchedule<'a> {
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<&'a str>,
    conference: Conference<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
struct Conference<'a> {
    acronym: &'a str,
    title: &'a str,
    start: String,
    end: String,
    #[serde(rename = "daysCount")]
    days_count: usize,
    timeslot_duration: &'static str,
    time_zone_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    tracks: Vec<Track<'a>>,
    rooms: Vec<Room<'a>>,
    days: Vec<Day<'a>>,
}

#[derive(Serialize)]
struct Track<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
}

#[derive(Serialize)]
struct Room<'a> {
    name: &'a str,
    guid: &'a str,
}

#[derive(Serialize)]
struct Day<'a> {
    index: usize,
    date: String,
    day_start: String,
    day_end: String,
    rooms: Rooms<'a>,
}

/// Rooms keyed by name, in display order (a plain map would sort them).
struct Rooms<'a>(Vec<(&'a str, Events<'a>)>);

/// A room's events, converted one at a time while they are written.
struct Events<'a>(&'a [super::programme::Event<'a>]);

impl Serialize for Events<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(event))
    }
}

impl Serialize for Rooms<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, events) in &self.0 {
            m.serialize_entry(name, events)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Event<'a> {
    id: u32,
    guid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    logo: &'static str,
    date: String,
    start: String,
    duration: String,
    room: &'a str,
    slug: &'a str,
    url: &'a str,
    title: &'a str,
    subtitle: &'static str,
    track: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    language: Option<&'static str>,
    #[serde(rename = "abstract")]
    abstract_: &'a str,
    description: &'a str,
    recording_license: &'static str,
    do_not_record: bool,
    persons: Vec<Person<'a>>,
    links: Vec<Link<'a>>,
    attachments: [(); 0],
}

#[derive(Serialize)]
struct Person<'a> {
    id: u32,
    guid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    public_name: &'a str,
    biography: Option<&'a str>,
}

#[derive(Serialize)]
struct Link<'a> {
    url: &'a str,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Streams the schedule as c3voc JSON into `w`: at 20,000 talks the file is ~66 MB, which is
/// never held in memory as a whole.
pub fn write_json<W: std::io::Write>(s: &Schedule, mut w: W) -> std::io::Result<()> {
    let root = Root {
        schema: SCHEMA,
        generator: Generator {
            name: "talkgen",
            version: env!("CARGO_PKG_VERSION"),
        },
        schedule: JSchedule {
            version: &s.version,
            base_url: s.base_url.as_deref(),
            conference: Conference {
                acronym: &s.acronym,
                title: &s.title,
                start: s.start.to_string(),
                end: s.end.to_string(),
                days_count: s.days.len(),
                timeslot_duration: super::programme::TIMESLOT,
                time_zone_name: &s.timezone,
                url: s.base_url.as_deref(),
                tracks: s
                    .tracks
                    .iter()
                    .map(|(name, slug)| Track {
                        name,
                        // The schema's slug pattern wants two characters or more.
                        slug: (slug.len() >= 2).then_some(slug.as_str()),
                    })
                    .collect(),
                rooms: s
                    .rooms
                    .iter()
                    .map(|(name, guid)| Room { name, guid })
                    .collect(),
                days: s
                    .days
                    .iter()
                    .map(|d| Day {
                        index: d.index,
                        date: d.date.to_string(),
                        day_start: rfc3339(&d.start),
                        day_end: rfc3339(&d.end),
                        rooms: Rooms(
                            d.rooms
                                .iter()
                                .map(|(name, events)| (name.as_str(), Events(events)))
                                .collect(),
                        ),
                    })
                    .collect(),
            },
        },
    };
    serde_json::to_writer_pretty(&mut w, &root)?;
    w.write_all(b"\n")
}

fn event<'a>(e: &'a super::programme::Event<'_>) -> Event<'a> {
    Event {
        id: e.id,
        guid: &e.guid,
        code: e.code.as_deref(),
        logo: "",
        date: rfc3339(&e.start),
        start: e.start.strftime("%H:%M").to_string(),
        duration: hh_mm(e.minutes),
        room: &e.room,
        slug: &e.slug,
        url: &e.url,
        title: e.title,
        subtitle: "",
        track: e.track,
        kind: "Talk",
        language: None,
        abstract_: e.summary,
        description: e.description,
        recording_license: "",
        do_not_record: false,
        persons: e
            .persons
            .iter()
            .map(|p| Person {
                id: p.id,
                guid: &p.guid,
                code: p.code.as_deref(),
                public_name: p.name,
                biography: (!p.biography.is_empty()).then_some(p.biography),
            })
            .collect(),
        links: e
            .links
            .iter()
            .map(|(url, title, kind)| Link { url, title, kind })
            .collect(),
        attachments: [],
    }
}
