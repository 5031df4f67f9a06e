//! The c3voc schedule JSON that pretalx and frab publish (`schedule.json`), versions 1 and 2.
//!
//! Version 1 nests events in `conference.days[].rooms{name: [events]}` with a `date` carrying an
//! offset and a `duration` of `HH:MM`; version 2 lists them flat in `schedule.events` with
//! `start`/`end`, and points at rooms and tracks by guid or slug. The JSON is walked by hand
//! (not derived) so that every wrong or missing field is reported with the entry it belongs to,
//! all in one run.

use serde_json::{Map, Value};

use super::fields::Fields;
use super::program::System;
use super::program::{
    check_span, day_change_of, is_break_kind, text_field, Problems, Program, SourceBreak,
    SourceSlot, SourceSpeaker, SourceTalk, SourceTime,
};

/// Reads a c3voc schedule JSON; problems go to `problems`.
pub fn read(text: &str, system: System, problems: &mut Problems) -> Program {
    let mut program = Program::default();
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.error_at(format!("not valid JSON: {e}"), e.line(), e.column());
            return program;
        }
    };
    let Some(schedule) = root.get("schedule").and_then(Value::as_object) else {
        problems.error("no `schedule` object at the top: this is not a c3voc schedule JSON");
        return program;
    };
    let Some(conf) = schedule.get("conference").and_then(Value::as_object) else {
        problems.error("`schedule` has no `conference` object");
        return program;
    };
    let mut f = Fields::new("conference", conf, problems);
    program.title = f.opt_str("title");
    program.timezone = f.opt_str("time_zone_name");
    program.start_date = f.opt_date("start");
    program.end_date = f.opt_date("end");
    let rooms = f.opt_array("rooms");
    let tracks = f.opt_array("tracks");
    let days = f.opt_array("days");
    program.day_change = day_change(&days, program.timezone.as_deref(), &mut program.notes);

    // Rooms and tracks as declared: name by guid (rooms) and slug (tracks), for version 2.
    let room_names = named_list(&rooms, "conference.rooms", "guid", problems, |n| {
        program.add_room(n)
    });
    let track_names = named_list(&tracks, "conference.tracks", "slug", problems, |n| {
        program.add_track(n)
    });

    if let Some(events) = schedule.get("events") {
        // Version 2: a flat list.
        let Some(events) = events.as_array() else {
            problems.error("schedule.events: must be a list");
            return program;
        };
        for (i, e) in events.iter().enumerate() {
            let place = format!("schedule.events[{i}]");
            read_event_v2(
                &place,
                e,
                &room_names,
                &track_names,
                system,
                &mut program,
                problems,
            );
        }
    } else {
        let order = room_order(text);
        for (d, day) in days.iter().enumerate() {
            let Some(day) = day.as_object() else {
                problems.error(format!("conference.days[{d}]: must be an object"));
                continue;
            };
            let mut f = Fields::new(&format!("conference.days[{d}]"), day, problems);
            let Some(rooms) = f.req_object("rooms") else {
                continue;
            };
            // serde_json's map is sorted: take the rooms in the order the file lists them.
            let mut names: Vec<&String> = rooms.keys().collect();
            if let Some(order) = order.get(d) {
                let place: std::collections::HashMap<&str, usize> = (order.iter().enumerate())
                    .map(|(i, o)| (o.as_str(), i))
                    .rev()
                    .collect();
                names.sort_by_key(|n| place.get(n.as_str()).copied());
            }
            for room in names {
                let events = &rooms[room];
                let Some(events) = events.as_array() else {
                    problems.error(format!(
                        "conference.days[{d}].rooms[\"{room}\"]: must be a list of events"
                    ));
                    continue;
                };
                program.add_room(room);
                for (i, e) in events.iter().enumerate() {
                    let place = format!("conference.days[{d}].rooms[\"{room}\"][{i}]");
                    read_event_v1(&place, room, e, system, &mut program, problems);
                }
            }
        }
    }
    program
}

fn read_event_v1(
    place: &str,
    room: &str,
    e: &Value,
    system: System,
    program: &mut Program,
    problems: &mut Problems,
) {
    let Some(obj) = e.as_object() else {
        problems.error(format!("{place}: an event must be an object"));
        return;
    };
    let label = event_label(place, obj);
    let mut f = Fields::new(&label, obj, problems);
    let kind = f.opt_str("type");
    let title = f.req_str("title");
    let start = f.req_time("date");
    let duration = f.req_duration("duration");
    let room = f.opt_str("room").unwrap_or_else(|| room.to_owned());
    if let Some(kind) = kind.filter(|k| is_break_kind(k)) {
        // An event of a break type (pretalx submission type "Break", frab "Coffee break"):
        // a break in its room, not a talk.
        let (Some(title), Some(start), Some(duration)) = (title, start, duration) else {
            return;
        };
        let Some(end) = start.plus_minutes(duration) else {
            problems.error(format!("{label}: `duration` runs past the calendar"));
            return;
        };
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
    let id = f.event_id(system);
    let track = f.opt_str("track");
    let summary = f.opt_raw_str("abstract");
    let body = f.opt_raw_str("description");
    let links = f.opt_array("links");
    let persons = f.opt_array("persons");
    let (Some(title), Some(start), Some(duration), Some(id)) = (title, start, duration, id) else {
        return;
    };
    let Some(end) = start.plus_minutes(duration) else {
        problems.error(format!("{label}: `duration` runs past the calendar"));
        return;
    };
    let talk = SourceTalk {
        slot: Some(SourceSlot { start, end, room }),
        ..talk_common(
            &label, id, title, track, summary, body, &links, system, program, problems,
        )
    };
    if let Some(ids) = read_persons(&label, &persons, "persons", system, program, problems) {
        push_talk(program, talk, ids);
    }
}

#[allow(clippy::too_many_arguments)]
fn read_event_v2(
    place: &str,
    e: &Value,
    rooms: &ById,
    tracks: &ById,
    system: System,
    program: &mut Program,
    problems: &mut Problems,
) {
    let Some(obj) = e.as_object() else {
        problems.error(format!("{place}: an event must be an object"));
        return;
    };
    let label = event_label(place, obj);
    let kind = obj.get("type").and_then(Value::as_str);
    if matches!(kind, Some("BREAK" | "META")) || kind.is_some_and(is_break_kind) {
        // A `MetaEvent`: a break (or doors, a social) in its room, else in every room.
        let mut f = Fields::new(&label, obj, problems);
        let title = f.req_str("title");
        let start = f.req_time("start");
        let end = f.req_time("end");
        let room = room_v2(obj, rooms);
        let (Some(title), Some(start), Some(end)) = (title, start, end) else {
            return;
        };
        if let Err(bad) = check_span(start, end) {
            problems.error(format!("{label}: {}", bad.describe("`end`", "`start`")));
            return;
        }
        program.breaks.push(SourceBreak {
            title,
            start,
            end,
            room,
        });
        return;
    }
    let mut f = Fields::new(&label, obj, problems);
    let title = f.req_str("title");
    let start = f.req_time("start");
    let end = f.req_time("end");
    let room = room_v2(obj, rooms);
    let track = match obj.get("track") {
        Some(Value::Object(t)) => t
            .get("slug")
            .and_then(Value::as_str)
            .map(|slug| tracks.get(slug).cloned().unwrap_or_else(|| slug.to_owned())),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let summary = localized(obj.get("abstract"));
    let body = localized(obj.get("description"));
    let links = f.opt_array("links");
    let id = f.event_id(system);
    let persons = f.opt_array("participants");
    if room.is_none() {
        problems.error(format!(
            "{label}: `room` is missing or names no room of `conference.rooms`"
        ));
    }
    let (Some(title), Some(start), Some(end), Some(room), Some(id)) = (title, start, end, room, id)
    else {
        return;
    };
    if let Err(bad) = check_span(start, end) {
        problems.error(format!("{label}: {}", bad.describe("`end`", "`start`")));
        return;
    }
    let talk = SourceTalk {
        slot: Some(SourceSlot { start, end, room }),
        ..talk_common(
            &label, id, title, track, summary, body, &links, system, program, problems,
        )
    };
    if let Some(ids) = read_persons(&label, &persons, "participants", system, program, problems) {
        push_talk(program, talk, ids);
    }
}

/// A version 2 event's room: `{name}`, `{guid}` of a declared room, or a plain name.
fn room_v2(obj: &Map<String, Value>, rooms: &ById) -> Option<String> {
    match obj.get("room") {
        Some(Value::Object(r)) => {
            let name = r.get("name").and_then(Value::as_str);
            let guid = r.get("guid").and_then(Value::as_str);
            name.map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .or_else(|| guid.and_then(|g| rooms.get(g).cloned()))
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// The day change the days of a c3voc schedule imply (version 1 `day_start`/`day_end`,
/// version 2 `start`/`end`), in the conference's time zone when the export names one. Days
/// whose times are missing or unreadable say nothing (they are not needed for the talks).
fn day_change(
    days: &[Value],
    tz: Option<&str>,
    notes: &mut Vec<String>,
) -> Option<jiff::civil::Time> {
    let tz = tz.and_then(|n| jiff::tz::TimeZone::get(n).ok());
    let time = |d: &Value, keys: [&str; 2]| {
        keys.iter()
            .find_map(|k| d.get(*k).and_then(Value::as_str))
            .and_then(SourceTime::parse)
            .map(|t| t.local(tz.as_ref()))
    };
    let bounds: Vec<_> = days
        .iter()
        .filter_map(|d| {
            Some((
                time(d, ["day_start", "start"])?,
                time(d, ["day_end", "end"])?,
            ))
        })
        .collect();
    day_change_of(&bounds, "the export's days", notes)
}

fn push_talk(program: &mut Program, mut talk: SourceTalk, speakers: Vec<String>) {
    talk.speakers = speakers;
    program.talks.push(talk);
}

/// A text that may be a string or a `{ "en": ..., "de": ... }` map (version 2): English first.
fn localized(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m
            .get("en")
            .or_else(|| m.values().next())
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// "event `Opening Ceremony` (conference.days[0]...)": how messages name an event.
fn event_label(place: &str, obj: &Map<String, Value>) -> String {
    match obj.get("title").and_then(Value::as_str) {
        Some(t) => format!("event `{t}` ({place})"),
        None => format!("event at {place}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn talk_common(
    label: &str,
    id: String,
    title: String,
    track: Option<String>,
    summary: Option<String>,
    body: Option<String>,
    links: &[Value],
    system: System,
    program: &mut Program,
    problems: &mut Problems,
) -> SourceTalk {
    // pretalx texts are Markdown; frab's are HTML or plain text.
    let html = system == System::Frab;
    let summary = text_field(
        summary.as_deref(),
        html,
        &format!("{label} abstract"),
        &mut program.notes,
    );
    let body = text_field(
        body.as_deref(),
        html,
        &format!("{label} description"),
        &mut program.notes,
    );
    if system == System::Pretalx {
        for (what, t) in [("abstract", &summary), ("description", &body)] {
            if t.as_deref().is_some_and(super::program::looks_like_html) {
                problems.warning(format!(
                    "{label}: the {what} holds raw HTML; kept as written (Markdown allows it), \
                     and talkgen sanitises it when building"
                ));
            }
        }
    }
    let track = track
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().to_owned());
    if let Some(t) = &track {
        program.add_track(t);
    }
    let mut slides = None;
    let mut video = None;
    for l in links {
        let url = l.get("url").and_then(Value::as_str);
        let kind = l.get("type").and_then(Value::as_str).unwrap_or("");
        let Some(url) = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        else {
            continue;
        };
        match kind {
            "slides" if slides.is_none() => slides = Some(url.to_owned()),
            "media" if video.is_none() => video = Some(url.to_owned()),
            _ => {}
        }
    }
    SourceTalk {
        id,
        title: title.trim().to_owned(),
        track,
        summary,
        body,
        slot: None,
        speakers: Vec::new(),
        slides,
        video,
        level: None,
        plenary: false,
    }
}

/// Reads an event's persons (v1) or participants (v2); returns their ids in billing order.
fn read_persons(
    label: &str,
    persons: &[Value],
    key: &str,
    system: System,
    program: &mut Program,
    problems: &mut Problems,
) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut ok = true;
    for (i, p) in persons.iter().enumerate() {
        let Some(obj) = p.as_object() else {
            problems.error(format!("{label}: {key}[{i}] must be an object"));
            ok = false;
            continue;
        };
        let place = format!("{label}: {key}[{i}]");
        let mut f = Fields::new(&place, obj, problems);
        let name = f.opt_str("name").or_else(|| f.opt_str("public_name"));
        let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
            f.problems
                .error(format!("{place}: a person needs `name` or `public_name`"));
            ok = false;
            continue;
        };
        // pretalx: the speaker code; frab: the numeric id; else the guid; else the name.
        let id = f
            .opt_str("code")
            .or_else(|| f.opt_id("id"))
            .or_else(|| f.opt_str("guid"))
            .unwrap_or_else(|| format!("name:{}", name.trim()));
        let bio = f.opt_raw_str("biography");
        let photo = f
            .opt_str("avatar")
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let html = system == System::Frab;
        let bio = text_field(
            bio.as_deref(),
            html,
            &format!("speaker `{name}` biography"),
            &mut program.notes,
        );
        if seen.insert(id.clone()) {
            ids.push(id.clone());
        }
        program.add_speaker(SourceSpeaker {
            id,
            name: name.trim().to_owned(),
            bio,
            photo,
            ..SourceSpeaker::default()
        });
    }
    ok.then_some(ids)
}

/// Names of rooms (by guid) or tracks (by slug), the first entry of an id winning: one lookup
/// per event, not a scan of the list.
type ById = std::collections::HashMap<String, String>;

/// Reads a declared list of rooms or tracks: each entry's `name` is passed to `add`, and the
/// `(id, name)` pairs (the id under `id_key`) are returned for resolving version-2 references.
fn named_list(
    items: &[Value],
    label: &str,
    id_key: &str,
    problems: &mut Problems,
    mut add: impl FnMut(&str),
) -> ById {
    let mut names = ById::new();
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            problems.error(format!("{label}[{i}]: must be an object"));
            continue;
        };
        let mut f = Fields::new(&format!("{label}[{i}]"), obj, problems);
        if let Some(name) = f.req_str("name") {
            add(&name);
            if let Some(id) = f.opt_str(id_key) {
                names.entry(id).or_insert(name);
            }
        }
    }
    names
}

/// The room names of each day of a version 1 schedule, in file order (empty when the shape is
/// not as expected: the caller then keeps its own order, and reports the problems itself).
fn room_order(text: &str) -> Vec<Vec<String>> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    use serde::Deserialize;

    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((k, IgnoredAny)) = m.next_entry::<String, IgnoredAny>()? {
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    #[derive(Deserialize)]
    struct Doc {
        schedule: Sched,
    }
    #[derive(Deserialize)]
    struct Sched {
        conference: Conf,
    }
    #[derive(Deserialize)]
    struct Conf {
        #[serde(default)]
        days: Vec<Day>,
    }
    #[derive(Deserialize)]
    struct Day {
        rooms: Keys,
    }
    serde_json::from_str::<Doc>(text)
        .map(|d| {
            d.schedule
                .conference
                .days
                .into_iter()
                .map(|d| d.rooms.0)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn version_2_days_and_meta_events() {
        let text = r#"{"schedule": {"version": "1", "conference": {
            "title": "X", "time_zone_name": "Europe/Berlin",
            "days": [{"index": 1, "date": "2025-03-10",
                      "start": "2025-03-10T10:00:00+01:00", "end": "2025-03-11T02:00:00+01:00"}],
            "rooms": [{"name": "Hall", "guid": "g1"}, {"name": "Annex", "guid": "g2"}]},
          "events": [
            {"type": "META", "title": "Doors", "start": "2025-03-10T09:30:00+01:00",
             "end": "2025-03-10T10:00:00+01:00", "room": {"guid": "g2"}},
            {"type": "BREAK", "title": "Lunch", "start": "2025-03-10T12:00:00+01:00",
             "end": "2025-03-10T13:00:00+01:00"}]}}"#;
        let mut problems = Problems::new(std::path::Path::new("x.json"));
        let p = read(text, System::Pretalx, &mut problems);
        assert!(!problems.diags.has_errors());
        assert_eq!(p.day_change, Some(jiff::civil::Time::constant(2, 0, 0, 0)));
        let rooms: Vec<_> = p.breaks.iter().map(|b| b.room.as_deref()).collect();
        assert_eq!(rooms, [Some("Annex"), None]);
        assert!(p.talks.is_empty());
    }
}
