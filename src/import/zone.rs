//! An export that gives UTC offsets but no time zone name (real pretalx exports do:
//! `2020-12-27T11:00:00+01:00`, no `time_zone_name`): the zone is inferred from the offsets, and
//! the organiser is told which and how to change it; without offsets, told the one line to add.
//!
//! Without a zone the site would build but `schedule.json` and `schedule.xml` (which give
//! instants) would not be written.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::program::{Program, SourceTime};

/// How many other matching zones the note names.
const OTHERS: usize = 4;

/// Sets `program.timezone` from its offsets when neither the export nor the site's
/// `conference.yaml` names a zone, and says so in the program's notes.
pub fn infer(program: &mut Program, root: &Path) {
    if program.zone().is_some() {
        return;
    }
    // The site's own zone, set by hand or by an earlier import: the export's times are written
    // in it, and a re-import does not take the zone for a value the export dropped.
    if let Some(zone) = site_zone(root) {
        program.timezone = Some(zone);
        return;
    }
    let times = (program.talks.iter().filter_map(|t| t.slot.as_ref()))
        .flat_map(|s| [s.start, s.end])
        .chain(program.breaks.iter().flat_map(|b| [b.start, b.end]));
    // One earliest and latest instant per (day, offset): a few samples, however many talks.
    let mut samples: BTreeMap<(Date, i32), (Timestamp, Timestamp)> = BTreeMap::new();
    let mut any_time = false;
    for t in times {
        any_time = true;
        let Some((ts, off)) = instant(t) else {
            continue;
        };
        let e = samples.entry((t.civil.date(), off)).or_insert((ts, ts));
        e.0 = e.0.min(ts);
        e.1 = e.1.max(ts);
    }
    if samples.is_empty() {
        if any_time {
            program.notes.push(
                "the export gives neither a time zone nor UTC offsets: times are kept as \
                 written; schedule.json, schedule.xml and calendars need one line in \
                 content/conference.yaml, e.g. `timezone: Europe/Berlin`"
                    .into(),
            );
        }
        return;
    }
    let fits = |tz: &TimeZone| {
        samples.iter().all(|(&(_, off), &(a, b))| {
            tz.to_offset(a).seconds() == off && tz.to_offset(b).seconds() == off
        })
    };
    let mut matching: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| TimeZone::get(n).is_ok_and(|tz| fits(&tz)))
        .collect();
    matching.sort_by_key(|n| rank(n));
    let offsets: Vec<String> = {
        let mut o: Vec<i32> = samples.keys().map(|&(_, off)| off).collect();
        o.sort_unstable();
        o.dedup();
        o.into_iter().map(offset_text).collect()
    };
    let Some(chosen) = matching.first().cloned() else {
        program.notes.push(format!(
            "the export names no time zone, and its UTC offsets ({}) fit none: add the \
             conference's zone as one line to content/conference.yaml, e.g. `timezone: \
             Europe/Berlin`",
            offsets.join(", ")
        ));
        return;
    };
    let others: Vec<&str> = (matching.iter().skip(1))
        .filter(|n| is_city(n))
        .take(OTHERS)
        .map(String::as_str)
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(" (as do {}, ...)", others.join(", "))
    };
    program.notes.push(format!(
        "the export names no time zone, only UTC offsets ({}): content/conference.yaml gets \
         `timezone: {chosen}`, which gives those offsets on the conference's dates{also}; if the \
         conference is elsewhere, change that one line (every talk keeps its instant)",
        offsets.join(", ")
    ));
    program.timezone = Some(chosen);
}

/// The instant and offset (in seconds) of a time that carries its offset.
fn instant(t: SourceTime) -> Option<(Timestamp, i32)> {
    let off = t.offset?;
    Some((off.to_timestamp(t.civil).ok()?, off.seconds()))
}

/// The areas of city zones, in the order a choice among zones of equal offsets prefers them:
/// the CfP systems that drop the name (pretalx, frab) serve mostly European conferences.
const AREAS: &[&str] = &[
    "Europe/",
    "America/",
    "Asia/",
    "Australia/",
    "Pacific/",
    "Africa/",
    "Atlantic/",
    "Indian/",
    "Antarctica/",
];

/// `Europe/Berlin` rather than `CET`, `Etc/GMT-1` or `US/Pacific`.
fn is_city(name: &str) -> bool {
    AREAS.iter().any(|a| name.starts_with(a))
}

/// Where `name` comes in the preference: by area, then by name.
fn rank(name: &str) -> (usize, String) {
    let area = AREAS.iter().position(|a| name.starts_with(a));
    (area.unwrap_or(AREAS.len()), name.to_owned())
}

/// `+01:00`.
fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

/// The zone the site's `content/conference.yaml` names, when jiff knows it.
fn site_zone(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("content/conference.yaml")).ok()?;
    let v = serde_yaml::from_str::<serde_yaml::Value>(&text).ok()?;
    let name = v.get("timezone")?.as_str()?;
    TimeZone::get(name).is_ok().then(|| name.to_owned())
}
