//! frab's `schedule.xml` (also written by pretalx): days → rooms → events.
//!
//! Read with quick-xml's serde support into loose structs (every field optional), then checked
//! by hand so each missing field is reported with the event it belongs to.

use serde::Deserialize;

use super::fields::parse_duration;
use super::program::System;
use super::program::{
    day_change_of, is_break_kind, text_field, Problems, Program, SourceBreak, SourceSlot,
    SourceSpeaker, SourceTalk, SourceTime,
};

#[derive(Debug, Deserialize)]
struct XSchedule {
    conference: Option<XConference>,
    #[serde(default)]
    day: Vec<XDay>,
}

#[derive(Debug, Deserialize)]
struct XConference {
    title: Option<String>,
    start: Option<String>,
    end: Option<String>,
    time_zone_name: Option<String>,
    #[serde(default)]
    track: Vec<XTrack>,
}

#[derive(Debug, Deserialize)]
struct XTrack {
    #[serde(rename = "@name")]
    name: Option<String>,
    #[serde(rename = "$text")]
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XDay {
    #[serde(rename = "@index")]
    index: Option<String>,
    #[serde(rename = "@start")]
    start: Option<String>,
    #[serde(rename = "@end")]
    end: Option<String>,
    #[serde(default)]
    room: Vec<XRoom>,
}

#[derive(Debug, Deserialize)]
struct XRoom {
    #[serde(rename = "@name")]
    name: Option<String>,
    #[serde(default)]
    event: Vec<XEvent>,
}

#[derive(Debug, Deserialize)]
struct XEvent {
    #[serde(rename = "@id")]
    id: Option<String>,
    #[serde(rename = "@guid")]
    guid: Option<String>,
    #[serde(rename = "@code")]
    code: Option<String>,
    date: Option<String>,
    duration: Option<String>,
    room: Option<String>,
    title: Option<String>,
    track: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "abstract")]
    abstract_: Option<String>,
    description: Option<String>,
    persons: Option<XPersons>,
    links: Option<XLinks>,
}

#[derive(Debug, Deserialize)]
struct XPersons {
    #[serde(default)]
    person: Vec<XPerson>,
}

#[derive(Debug, Deserialize)]
struct XPerson {
    /// pretalx writes the speaker code here (newer versions); preferred, as in its JSON.
    #[serde(rename = "@code")]
    code: Option<String>,
    #[serde(rename = "@id")]
    id: Option<String>,
    #[serde(rename = "@guid")]
    guid: Option<String>,
    #[serde(rename = "$text")]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XLinks {
    #[serde(default)]
    link: Vec<XLink>,
}

#[derive(Debug, Deserialize)]
struct XLink {
    #[serde(rename = "@href")]
    href: Option<String>,
    #[serde(rename = "@type")]
    kind: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The `<start>` or `<end>` date of `<conference>` (`2023-08-15`, or a date-time whose day is
/// meant); a value that is no date is reported.
fn conference_date(
    s: &Option<String>,
    what: &str,
    problems: &mut Problems,
) -> Option<jiff::civil::Date> {
    let s = non_empty(s)?;
    let date = s.get(..10).and_then(|d| d.parse().ok());
    if date.is_none() {
        problems.error(format!(
            "<conference>: {what} is not a date: `{s}` (expected YYYY-MM-DD)"
        ));
    }
    date
}

/// Reads a frab `schedule.xml`; problems go to `problems`.
pub fn read(text: &str, system: System, problems: &mut Problems) -> Program {
    let mut program = Program::default();
    let schedule: XSchedule = match quick_xml::de::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            problems.error(format!("not a readable frab schedule.xml: {e}"));
            return program;
        }
    };
    if let Some(c) = &schedule.conference {
        program.title = non_empty(&c.title);
        program.timezone = non_empty(&c.time_zone_name);
        program.start_date = conference_date(&c.start, "<start>", problems);
        program.end_date = conference_date(&c.end, "<end>", problems);
        for t in &c.track {
            if let Some(name) = non_empty(&t.name).or_else(|| non_empty(&t.text)) {
                program.add_track(&name);
            }
        }
    } else {
        problems.error("<schedule> has no <conference>");
    }
    // `<day start=… end=…>`: the day change (the XSD has no `<day_change>` element).
    let tz = program
        .timezone
        .as_deref()
        .and_then(|n| jiff::tz::TimeZone::get(n).ok());
    let bounds: Vec<_> = schedule
        .day
        .iter()
        .filter_map(|d| {
            let t = |s: &Option<String>| {
                non_empty(s)
                    .and_then(|s| SourceTime::parse(&s))
                    .map(|t| t.local(tz.as_ref()))
            };
            Some((t(&d.start)?, t(&d.end)?))
        })
        .collect();
    program.day_change = day_change_of(&bounds, "the export's days", &mut program.notes);
    let html = system == System::Frab;
    for (d, day) in schedule.day.iter().enumerate() {
        let day_label = non_empty(&day.index).unwrap_or_else(|| d.saturating_add(1).to_string());
        for room in &day.room {
            let Some(room_name) = non_empty(&room.name) else {
                problems.error(format!("day {day_label}: a <room> has no `name` attribute"));
                continue;
            };
            program.add_room(&room_name);
            for (i, e) in room.event.iter().enumerate() {
                read_event(i, e, &day_label, &room_name, html, &mut program, problems);
            }
        }
    }
    program
}

/// One `<event>` of a day's room, added to the program as a talk with its speakers (or
/// reported).
fn read_event(
    i: usize,
    e: &XEvent,
    day_label: &str,
    room_name: &str,
    html: bool,
    program: &mut Program,
    problems: &mut Problems,
) {
    let label = match non_empty(&e.title) {
        Some(t) => format!("event `{t}` (day {day_label}, room {room_name})"),
        None => format!(
            "event {} of day {day_label}, room {room_name}",
            i.saturating_add(1)
        ),
    };
    let mut missing = Vec::new();
    let title = non_empty(&e.title);
    if title.is_none() {
        missing.push("<title>");
    }
    let id = non_empty(&e.code)
        .or_else(|| non_empty(&e.id))
        .or_else(|| non_empty(&e.guid));
    if id.is_none() {
        missing.push("an `id` attribute");
    }
    let start = match non_empty(&e.date) {
        None => {
            missing.push("<date>");
            None
        }
        Some(s) => {
            let t = SourceTime::parse(&s);
            if t.is_none() {
                problems.error(format!(
                    "{label}: <date> is not a date-time: `{s}` (expected e.g. \
                     2019-08-21T11:00:00+02:00)"
                ));
            }
            t
        }
    };
    let minutes = match non_empty(&e.duration) {
        None => {
            missing.push("<duration>");
            None
        }
        Some(s) => match parse_duration(&s) {
            Ok(m) => Some(m),
            Err(bad) => {
                problems.error(format!("{label}: {}", bad.describe("<duration>", &s)));
                None
            }
        },
    };
    if !missing.is_empty() {
        problems.error(format!("{label}: missing {}", missing.join(", ")));
    }
    let (Some(title), Some(id), Some(start), Some(minutes)) = (title, id, start, minutes) else {
        return;
    };
    let Some(end) = start.plus_minutes(minutes) else {
        problems.error(format!("{label}: <duration> runs past the calendar"));
        return;
    };
    let room = non_empty(&e.room).unwrap_or_else(|| room_name.to_owned());
    if let Some(kind) = non_empty(&e.kind).filter(|k| is_break_kind(k)) {
        program.notes.push(format!(
            "{label}: of type `{kind}`, imported as a break in conference.yaml"
        ));
        program.breaks.push(SourceBreak {
            title,
            start,
            end,
            room: Some(room),
        });
        return;
    }
    let track = non_empty(&e.track);
    if let Some(t) = &track {
        program.add_track(t);
    }
    let mut speakers = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in e.persons.iter().flat_map(|p| &p.person) {
        let Some(name) = non_empty(&p.name) else {
            problems.error(format!("{label}: a <person> has no name"));
            continue;
        };
        let pid = non_empty(&p.code)
            .or_else(|| non_empty(&p.id))
            .or_else(|| non_empty(&p.guid))
            .unwrap_or_else(|| format!("name:{name}"));
        if seen.insert(pid.clone()) {
            speakers.push(pid.clone());
        }
        program.add_speaker(SourceSpeaker {
            id: pid,
            name,
            ..SourceSpeaker::default()
        });
    }
    let mut slides = None;
    let mut video = None;
    for l in e.links.iter().flat_map(|l| &l.link) {
        let Some(href) =
            non_empty(&l.href).filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        else {
            continue;
        };
        match l.kind.as_deref() {
            Some("slides") if slides.is_none() => slides = Some(href),
            Some("media") if video.is_none() => video = Some(href),
            _ => {}
        }
    }
    let summary = text_field(
        e.abstract_.as_deref(),
        html,
        &format!("{label} abstract"),
        &mut program.notes,
    );
    let body = text_field(
        e.description.as_deref(),
        html,
        &format!("{label} description"),
        &mut program.notes,
    );
    program.talks.push(SourceTalk {
        id,
        title,
        track,
        summary,
        body,
        slot: Some(SourceSlot { start, end, room }),
        speakers,
        slides,
        video,
        level: None,
        plenary: false,
    });
}
