//! Sessionize's "All" API JSON: `sessions`, `speakers`, `categories` and `rooms`, linked by id.
//!
//! Sessionize gives local times without an offset or a time zone, no event name and no days;
//! the track is the item of the session category titled "Track" (any case). Service sessions
//! (breaks, lunch) are not talks: they become breaks, across every room when they are plenum
//! sessions; a plenum session that is a talk (a keynote) is a plenary talk.

use serde_json::Value;

use super::fields::{whole_number, Fields};
use super::program::{
    check_span, text_field, Problems, Program, SourceBreak, SourceSlot, SourceSpeaker, SourceTalk,
    SourceTime,
};

/// Reads a Sessionize "All" export; problems go to `problems`.
pub fn read(text: &str, problems: &mut Problems) -> Program {
    let mut program = Program::default();
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.error_at(format!("not valid JSON: {e}"), e.line(), e.column());
            return program;
        }
    };
    let Some(root) = root.as_object() else {
        problems.error("the top level must be an object with `sessions` and `speakers`");
        return program;
    };
    let mut f = Fields::new("the export", root, problems);
    let sessions = f.opt_array("sessions");
    let speakers = f.opt_array("speakers");
    let categories = f.opt_array("categories");
    let rooms = f.opt_array("rooms");
    if !root.contains_key("sessions") || !root.contains_key("speakers") {
        problems
            .error("no `sessions` and `speakers` lists: this is not a Sessionize \"All\" export");
        return program;
    }

    let room_names = read_rooms(&rooms, &mut program, problems);
    let (track_items, level_items) = read_categories(&categories, &mut program);
    for (i, s) in speakers.iter().enumerate() {
        read_speaker(i, s, &mut program, problems);
    }
    for (i, s) in sessions.iter().enumerate() {
        read_session(
            i,
            s,
            &room_names,
            &track_items,
            &level_items,
            &mut program,
            problems,
        );
    }
    program
}

/// Names of rooms or category items by id, which sessions name them by (the first entry of an
/// id wins): one lookup per session, not a scan of every room.
type ById = std::collections::HashMap<String, String>;

/// Rooms by id, in Sessionize's sort order; each room is added to the program.
fn read_rooms(rooms: &[Value], program: &mut Program, problems: &mut Problems) -> ById {
    let mut room_names = ById::new();
    for (i, r) in rooms.iter().enumerate() {
        let Some(r) = r.as_object() else {
            problems.error(format!("rooms[{i}]: must be an object"));
            continue;
        };
        let mut f = Fields::new(&format!("rooms[{i}]"), r, problems);
        if let (Some(id), Some(name)) = (f.opt_id("id"), f.req_str("name")) {
            program.add_room(&name);
            room_names.entry(id).or_insert(name);
        }
    }
    room_names
}

/// Category items: the track is the item of the category titled "Track", the level that of
/// the one titled "Level". Returns the items of each; tracks are added to the program.
fn read_categories(categories: &[Value], program: &mut Program) -> (ById, ById) {
    let mut track_items = ById::new();
    let mut level_items = ById::new();
    for c in categories {
        let title = c
            .get("title")
            .and_then(Value::as_str)
            .map(|t| t.trim().to_ascii_lowercase());
        match title.as_deref() {
            Some("track") => {
                let items = category_items(c);
                for (_, name) in &items {
                    program.add_track(name);
                }
                for (id, name) in items {
                    track_items.entry(id).or_insert(name);
                }
            }
            Some("level") => {
                for (id, name) in category_items(c) {
                    level_items.entry(id).or_insert(name);
                }
            }
            _ => {}
        }
    }
    (track_items, level_items)
}

/// One entry of `speakers`, added to the program (or reported).
fn read_speaker(i: usize, s: &Value, program: &mut Program, problems: &mut Problems) {
    let Some(obj) = s.as_object() else {
        problems.error(format!("speakers[{i}]: must be an object"));
        return;
    };
    let label = match obj.get("fullName").and_then(Value::as_str) {
        Some(n) => format!("speaker `{n}` (speakers[{i}])"),
        None => format!("speakers[{i}]"),
    };
    let mut f = Fields::new(&label, obj, problems);
    let id = f.opt_id("id");
    let full = f.opt_str("fullName");
    let first = f.opt_str("firstName");
    let last = f.opt_str("lastName");
    let tagline = f.opt_str("tagLine");
    let photo = f
        .opt_str("profilePicture")
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let bio = f.opt_raw_str("bio");
    let links = f.opt_array("links");
    let name = full.or_else(|| {
        let joined = [first, last]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    });
    let (Some(id), Some(name)) = (id, name) else {
        problems.error(format!("{label}: a speaker needs `id` and `fullName`"));
        return;
    };
    let mut out_links: Vec<(String, String)> = Vec::new();
    for l in &links {
        let title = l.get("title").and_then(Value::as_str).map(str::trim);
        let url = l.get("url").and_then(Value::as_str).map(str::trim);
        if let (Some(t), Some(u)) = (title, url) {
            let ok = u.starts_with("http://") || u.starts_with("https://");
            if ok && !t.is_empty() && !out_links.iter().any(|(x, _)| x == t) {
                out_links.push((t.to_owned(), u.to_owned()));
            }
        }
    }
    let bio = text_field(
        bio.as_deref(),
        true,
        &format!("{label} bio"),
        &mut program.notes,
    );
    program.speakers.push(SourceSpeaker {
        id,
        name,
        affiliation: tagline,
        photo,
        links: out_links,
        bio,
    });
}

/// One entry of `sessions`, added to the program as a talk (or reported, or skipped with a
/// note when it is a service session); rooms, tracks and levels by id, as read above.
fn read_session(
    i: usize,
    s: &Value,
    room_names: &ById,
    track_items: &ById,
    level_items: &ById,
    program: &mut Program,
    problems: &mut Problems,
) {
    let Some(obj) = s.as_object() else {
        problems.error(format!("sessions[{i}]: must be an object"));
        return;
    };
    let label = match obj.get("title").and_then(Value::as_str) {
        Some(t) => format!("session `{t}` (sessions[{i}])"),
        None => format!("sessions[{i}]"),
    };
    let plenum = obj.get("isPlenumSession").and_then(Value::as_bool) == Some(true);
    if obj.get("isServiceSession").and_then(Value::as_bool) == Some(true) {
        read_service_session(&label, obj, plenum, room_names, program, problems);
        return;
    }
    let mut f = Fields::new(&label, obj, problems);
    let id = f.opt_id("id");
    let title = f.req_str("title");
    let description = f.opt_raw_str("description");
    let starts = f.opt_str("startsAt");
    let ends = f.opt_str("endsAt");
    let room_id = f.opt_id("roomId");
    let recording = f
        .opt_str("recordingUrl")
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let speaker_ids = ids_of(&label, "speakers", &f.opt_array("speakers"), f.problems);
    let category_items = ids_of(
        &label,
        "categoryItems",
        &f.opt_array("categoryItems"),
        f.problems,
    );
    let Some(id) = id else {
        // A wrong `id` is reported by `opt_id` already.
        if obj.get("id").is_none_or(Value::is_null) {
            problems.error(format!("{label}: missing `id`"));
        }
        return;
    };
    let Some(title) = title else { return };
    let slot = match (starts, ends) {
        (Some(a), Some(b)) => {
            let (start, end) = (SourceTime::parse(&a), SourceTime::parse(&b));
            let room = room_id.as_ref().and_then(|r| room_names.get(r).cloned());
            match (start, end, room) {
                (Some(start), Some(end), Some(room)) => match check_span(start, end) {
                    Ok(()) => Some(SourceSlot { start, end, room }),
                    Err(bad) => {
                        let msg = bad.describe("`endsAt`", "`startsAt`");
                        problems.error(format!("{label}: {msg}"));
                        return;
                    }
                },
                (None, _, _) | (_, None, _) => {
                    problems.error(format!(
                        "{label}: `startsAt`/`endsAt` are not date-times: `{a}`, `{b}`"
                    ));
                    return;
                }
                (_, _, None) => {
                    problems.error(format!(
                        "{label}: scheduled, but `roomId` names no room of `rooms`"
                    ));
                    return;
                }
            }
        }
        _ => None,
    };
    let track = category_items
        .iter()
        .find_map(|c| track_items.get(c).cloned());
    let level = category_items
        .iter()
        .find_map(|c| level_items.get(c).cloned());
    let body = text_field(
        description.as_deref(),
        true,
        &format!("{label} description"),
        &mut program.notes,
    );
    let plenary = plenum && slot.is_some();
    program.talks.push(SourceTalk {
        id,
        title,
        track,
        summary: None,
        body,
        slot,
        speakers: speaker_ids,
        slides: None,
        video: recording,
        level,
        // A plenum session spans every room; only a scheduled talk can.
        plenary,
    });
}

/// A service session (lunch, coffee, registration): a break in its room, or in every room
/// when it is a plenum session (or names no room). Without a time it cannot be shown on the
/// schedule and is skipped with a note.
fn read_service_session(
    label: &str,
    obj: &serde_json::Map<String, Value>,
    plenum: bool,
    room_names: &ById,
    program: &mut Program,
    problems: &mut Problems,
) {
    let mut f = Fields::new(label, obj, problems);
    let title = f.req_str("title");
    let starts = f.opt_str("startsAt");
    let ends = f.opt_str("endsAt");
    let room_id = f.opt_id("roomId");
    let Some(title) = title else { return };
    let (Some(a), Some(b)) = (starts, ends) else {
        program.notes.push(format!(
            "{label}: a service session without a time, not imported"
        ));
        return;
    };
    let (Some(start), Some(end)) = (SourceTime::parse(&a), SourceTime::parse(&b)) else {
        problems.error(format!(
            "{label}: `startsAt`/`endsAt` are not date-times: `{a}`, `{b}`"
        ));
        return;
    };
    if let Err(bad) = check_span(start, end) {
        let msg = bad.describe("`endsAt`", "`startsAt`");
        problems.error(format!("{label}: {msg}"));
        return;
    }
    let room = if plenum {
        None
    } else {
        room_id.as_ref().and_then(|r| room_names.get(r).cloned())
    };
    program.breaks.push(SourceBreak {
        title,
        start,
        end,
        room,
    });
}

/// The `(id, name)` pairs of a Sessionize category's items; items without an id or name are
/// skipped (Sessionize ids are numbers, some exports write them as strings).
fn category_items(category: &Value) -> Vec<(String, String)> {
    let items = category.get("items").and_then(Value::as_array);
    items
        .into_iter()
        .flatten()
        .filter_map(|item| {
            // An id that is no whole number (`1e300`) names no item a session can point at.
            let id = match item.get("id") {
                Some(Value::Number(n)) => whole_number(n)?,
                Some(Value::String(s)) => s.clone(),
                _ => return None,
            };
            let name = item.get("name").and_then(Value::as_str)?;
            Some((id, name.trim().to_owned()))
        })
        .collect()
}

/// The ids in a session's `speakers` or `categoryItems`: strings, whole numbers, or (speakers)
/// objects with an `id`; a number that is not whole (`1e300`, `1.5`) is reported.
fn ids_of(label: &str, key: &str, items: &[Value], problems: &mut Problems) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let id = match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => whole_number(n).or_else(|| {
                problems.error(format!(
                    "{label}: `{key}[{i}]` must be a whole number (at most 20 digits) or a \
                     string, found `{n}`"
                ));
                None
            }),
            Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        ids.extend(id);
    }
    ids
}
