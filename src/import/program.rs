//! The programme as an export gives it, in one neutral shape every reader ([`super::c3voc`],
//! [`super::frab_xml`], [`super::sessionize`]) fills, with the problems found on the way and the
//! helpers they share for text fields.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};

/// The CFP system an export came from; also the `source.system` written into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Pretalx,
    Frab,
    Sessionize,
}

impl System {
    pub fn as_str(self) -> &'static str {
        match self {
            System::Pretalx => "pretalx",
            System::Frab => "frab",
            System::Sessionize => "sessionize",
        }
    }
}

/// A time as an export gives it: wall-clock, with the UTC offset when the format carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceTime {
    pub civil: DateTime,
    pub offset: Option<Offset>,
}

impl SourceTime {
    /// Parses `2020-12-14T09:00:00+01:00`, `...Z` or a local `2020-12-14T09:00:00`.
    pub fn parse(s: &str) -> Option<SourceTime> {
        let s = s.trim();
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            // The civil part is what precedes the offset; the offset is their difference.
            let civil: DateTime = s.get(..19)?.parse().ok()?;
            let as_utc = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
            let secs = as_utc.as_second().checked_sub(ts.as_second())?;
            let offset = Offset::from_seconds(i32::try_from(secs).ok()?).ok()?;
            return Some(SourceTime {
                civil,
                offset: Some(offset),
            });
        }
        let civil: DateTime = s.parse().ok()?;
        Some(SourceTime {
            civil,
            offset: None,
        })
    }

    /// `self` plus `minutes`, keeping the offset (slots never cross a DST change in practice,
    /// and the loader converts with the real zone anyway); `None` past the calendar's end.
    pub fn plus_minutes(self, minutes: i64) -> Option<SourceTime> {
        let span = jiff::Span::new().try_minutes(minutes).ok()?;
        let civil = self.civil.checked_add(span).ok()?;
        Some(SourceTime { civil, ..self })
    }

    /// The wall-clock time in `tz` when both the offset and the zone are known (the frame slot
    /// times are written in), else the time as the export gives it.
    pub fn local(self, tz: Option<&jiff::tz::TimeZone>) -> DateTime {
        match (self.offset, tz) {
            (Some(off), Some(tz)) => match off.to_timestamp(self.civil) {
                Ok(ts) => ts.to_zoned(tz.clone()).datetime(),
                Err(_) => self.civil,
            },
            _ => self.civil,
        }
    }

    /// The text written into a talk's `slot`: local time in `tz` when both are known.
    pub fn to_slot_text(self, tz: Option<&jiff::tz::TimeZone>) -> String {
        match (self.offset, tz) {
            (Some(off), Some(tz)) => match off.to_timestamp(self.civil) {
                Ok(ts) => ts.to_zoned(tz.clone()).datetime().to_string(),
                Err(_) => self.civil.to_string(),
            },
            (Some(off), None) => {
                let secs = off.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
                format!("{}{sign}{h:02}:{m:02}", self.civil)
            }
            (None, _) => self.civil.to_string(),
        }
    }
}

/// A talk's place in the schedule, as the export gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSlot {
    pub start: SourceTime,
    pub end: SourceTime,
    pub room: String,
}

/// The longest a talk or break may last: 99:59, the longest duration frab's `schedule.xml`
/// can hold (its XSD allows two digits of hours).
pub const MAX_MINUTES: i64 = 99 * 60 + 59;

/// Why a start and end (or a duration) make no slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadSpan {
    /// The end is not after the start (or the duration is zero).
    NotAfter,
    /// Longer than [`MAX_MINUTES`].
    TooLong,
    /// The end would lie past the last date the calendar knows (9999-12-31).
    PastCalendar,
}

impl BadSpan {
    /// What is wrong, for a message that names the end field first: "`end` is not after
    /// `start`".
    pub fn describe(self, end: &str, start: &str) -> String {
        match self {
            BadSpan::NotAfter => format!("{end} is not after {start}"),
            BadSpan::TooLong => format!(
                "{end} is more than 99:59 hours after {start}: no talk or break lasts that long"
            ),
            BadSpan::PastCalendar => format!("{end} runs past the calendar (year 9999)"),
        }
    }
}

/// Checks that `end` is after `start` and at most [`MAX_MINUTES`] later.
pub fn check_span(start: SourceTime, end: SourceTime) -> std::result::Result<(), BadSpan> {
    if end.civil <= start.civil {
        return Err(BadSpan::NotAfter);
    }
    // Compared in civil time, as slots are written; the limit never overflows (it is a
    // constant number of minutes), and past the calendar's end nothing can lie later.
    match start.plus_minutes(MAX_MINUTES) {
        Some(limit) if end.civil > limit.civil => Err(BadSpan::TooLong),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Default)]
pub struct SourceTalk {
    /// The CFP system's id (pretalx code, frab id, Sessionize id): the key for re-imports.
    pub id: String,
    pub title: String,
    /// Track name as the export spells it.
    pub track: Option<String>,
    /// Short summary (c3voc `abstract`), Markdown.
    pub summary: Option<String>,
    /// Full text (c3voc `description`), Markdown: the talk file's body.
    pub body: Option<String>,
    pub slot: Option<SourceSlot>,
    /// Speaker ids, in billing order.
    pub speakers: Vec<String>,
    pub slides: Option<String>,
    pub video: Option<String>,
    /// Level name as the export spells it (Sessionize's "Level" category).
    pub level: Option<String>,
    /// The talk spans every room of the grid (Sessionize's `isPlenumSession`).
    pub plenary: bool,
}

/// A break, lunch or other slot that is not a talk, as the export gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceBreak {
    pub title: String,
    pub start: SourceTime,
    pub end: SourceTime,
    /// `None`: every room.
    pub room: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceSpeaker {
    pub id: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub photo: Option<String>,
    pub links: Vec<(String, String)>,
    pub bio: Option<String>,
}

/// A whole export, format-neutral.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub title: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub timezone: Option<String>,
    /// Track names, in the export's order.
    pub tracks: Vec<String>,
    /// Room names, in the export's order.
    pub rooms: Vec<String>,
    pub talks: Vec<SourceTalk>,
    pub speakers: Vec<SourceSpeaker>,
    /// When a conference day ends (conference-local), from the export's days; `None` when
    /// the export has no days or they say nothing about it.
    pub day_change: Option<Time>,
    /// Breaks, lunch and other slots that are not talks, in the export's order.
    pub breaks: Vec<SourceBreak>,
    /// What the reader did that the organiser should know (HTML converted, breaks skipped).
    pub notes: Vec<String>,
    /// What the `add_*` methods added so far, so each addition is one lookup, not a scan.
    seen: Seen,
}

/// The tracks, rooms (trimmed names) and speakers (by id, their index in `speakers`) added
/// through [`Program`]'s `add_*` methods.
#[derive(Debug, Clone, Default)]
struct Seen {
    tracks: std::collections::HashSet<String>,
    rooms: std::collections::HashSet<String>,
    speakers: std::collections::HashMap<String, usize>,
}

impl Program {
    /// The export's time zone, when it names one jiff knows.
    pub fn zone(&self) -> Option<jiff::tz::TimeZone> {
        self.timezone
            .as_deref()
            .and_then(|n| jiff::tz::TimeZone::get(n).ok())
    }

    pub(super) fn add_track(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && self.seen.tracks.insert(name.to_owned()) {
            self.tracks.push(name.to_owned());
        }
    }
    pub(super) fn add_room(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && self.seen.rooms.insert(name.to_owned()) {
            self.rooms.push(name.to_owned());
        }
    }
    /// Adds a speaker met in a talk, once per id; a later entry fills in what an earlier lacked.
    pub(super) fn add_speaker(&mut self, s: SourceSpeaker) {
        match (self.seen.speakers.get(&s.id)).and_then(|&i| self.speakers.get_mut(i)) {
            Some(x) => {
                if x.bio.is_none() {
                    x.bio = s.bio;
                }
                if x.photo.is_none() {
                    x.photo = s.photo;
                }
            }
            None => {
                self.seen.speakers.insert(s.id.clone(), self.speakers.len());
                self.speakers.push(s);
            }
        }
    }
}

/// True for the event types of breaks rather than talks: `type` values such as `Break`, `Coffee break`,
/// `Lunch`, `Pause`, `Kaffeepause` (any case). Words, not substrings: `Breakout session` is a
/// talk.
pub fn is_break_kind(kind: &str) -> bool {
    const WORDS: &[&str] = &[
        "break",
        "breaks",
        "pause",
        "coffee",
        "lunch",
        "dinner",
        "breakfast",
        "snack",
        "snacks",
        "kaffee",
        "mittag",
        "mittagessen",
    ];
    kind.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            WORDS.contains(&w)
                || (w.len() > "break".len() && w.ends_with("break"))
                || (w.len() > "pause".len() && w.ends_with("pause"))
        })
}

/// The day change an export's days imply: each day that runs past midnight ends at the
/// change (`03:59` is read as `04:00`, as pretalx ends its days a minute early); a day that
/// starts before 04:00 and ends the same day starts at it. All days agreeing give that time;
/// else the most common one (the later on a tie), with a note. `days` are `(start, end)` in
/// conference-local time; `what` names them in the note.
pub fn day_change_of(
    days: &[(DateTime, DateTime)],
    what: &str,
    notes: &mut Vec<String>,
) -> Option<Time> {
    let default = Time::constant(4, 0, 0, 0);
    let mut found: Vec<Time> = Vec::new();
    for (start, end) in days {
        if end <= start {
            continue;
        }
        let t = if end.date() > start.date() {
            let t = end.time();
            if t.minute() == 59 {
                // 23:59 would round to midnight: no day past midnight, nothing to learn.
                // An hour is at most 23, so this never saturates; 24 is refused by `Time::new`.
                match Time::new(t.hour().saturating_add(1), 0, 0, 0) {
                    Ok(u) => u,
                    Err(_) => continue,
                }
            } else {
                Time::new(t.hour(), t.minute(), 0, 0).unwrap_or(t)
            }
        } else if start.time() < default {
            start.time()
        } else {
            continue;
        };
        found.push(t);
    }
    let mut counts: Vec<(Time, usize)> = Vec::new();
    for t in &found {
        match counts.iter_mut().find(|(x, _)| x == t) {
            // At most one per day of the export: never near the limit.
            Some((_, n)) => *n = n.saturating_add(1),
            None => counts.push((*t, 1)),
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(t, n)| (*n, *t))
        .map(|(t, _)| *t)?;
    if counts.len() > 1 {
        let all: Vec<String> = counts
            .iter()
            .map(|(t, n)| format!("{} ({n}×)", hh_mm(*t)))
            .collect();
        notes.push(format!(
            "{what} end at different times ({}): day_change set to the most common, {}",
            all.join(", "),
            hh_mm(best)
        ));
    }
    Some(best)
}

/// `04:00`: how `day_change` is written.
pub fn hh_mm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

impl Program {
    /// Breaks with the same title and times in every room of the programme become one break
    /// across all rooms (frab has no such thing, so organisers add one per room).
    pub(super) fn merge_breaks(&mut self) {
        if self.rooms.len() < 2 {
            return;
        }
        // The rooms each break (title and times) is held in, found once: the work is linear in
        // the breaks, where a scan of all breaks for each break and room was cubic.
        type Key<'a> = (&'a str, SourceTime, SourceTime);
        fn key(b: &SourceBreak) -> Key<'_> {
            (b.title.as_str(), b.start, b.end)
        }
        let mut held: HashMap<Key, HashSet<&str>> = HashMap::new();
        for b in &self.breaks {
            if let Some(r) = &b.room {
                held.entry(key(b)).or_default().insert(r.as_str());
            }
        }
        let mut everywhere: HashMap<Key, bool> = HashMap::new();
        let mut merged: HashSet<Key> = HashSet::new();
        let mut out: Vec<SourceBreak> = Vec::new();
        for b in &self.breaks {
            let k = key(b);
            if merged.contains(&k) {
                continue;
            }
            let all = b.room.is_some()
                && *everywhere.entry(k).or_insert_with(|| {
                    held.get(&k)
                        .is_some_and(|rooms| self.rooms.iter().all(|r| rooms.contains(r.as_str())))
                });
            if all || b.room.is_none() {
                merged.insert(k);
            }
            out.push(SourceBreak {
                room: if all { None } else { b.room.clone() },
                ..b.clone()
            });
        }
        self.breaks = out;
    }
}

/// Problems found while reading an export: every one names the entry it belongs to.
pub struct Problems {
    file: PathBuf,
    pub diags: Diagnostics,
}

impl Problems {
    pub fn new(file: &Path) -> Problems {
        Problems {
            file: file.to_path_buf(),
            diags: Diagnostics::default(),
        }
    }
    pub fn error(&mut self, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(&self.file, msg));
    }
    pub fn error_at(&mut self, msg: impl Into<String>, line: usize, column: usize) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).at(Position::new(line, column)));
    }
    pub fn warning(&mut self, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(&self.file, msg));
    }
    pub fn into_result<T>(self, value: T) -> Result<(T, Diagnostics)> {
        if self.diags.has_errors() {
            Err(Error::Content(self.diags))
        } else {
            Ok((value, self.diags))
        }
    }
}

/// True when `text` holds HTML markup (tags), not just a stray `<`.
pub fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "<p>",
        "<p ",
        "<br",
        "<a ",
        "<ul",
        "<ol",
        "<li",
        "<em>",
        "<strong>",
        "<b>",
        "<i>",
        "<div",
        "<span",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<blockquote",
        "<pre",
        "<code",
        "<img",
        "<table",
        "</p>",
        "</a>",
        "<script",
        "<style",
        "<iframe",
    ];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|t| lower.contains(t))
}

/// HTML from frab or Sessionize → Markdown, so talk files stay editable text. Scripts, styles
/// and other active content are dropped; what the conversion cannot express is left out.
pub fn html_to_markdown(html: &str) -> String {
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "script", "style", "iframe", "object", "embed", "form", "head",
        ])
        .build();
    match converter.convert(html) {
        Ok(md) => md.trim().to_owned(),
        // htmd only fails on I/O of its own buffers; plain text is the safe fallback.
        Err(_) => ammonia::Builder::empty().clean(html).to_string(),
    }
}

/// Tidies a text field from an export: trims, treats empty as absent, converts HTML when the
/// format's texts are HTML (frab, Sessionize; pretalx texts are Markdown and kept as written).
pub fn text_field(
    value: Option<&str>,
    html: bool,
    what: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let v = value?.trim();
    if v.is_empty() {
        return None;
    }
    if html && looks_like_html(v) {
        notes.push(format!("{what}: HTML converted to Markdown"));
        let md = html_to_markdown(v);
        return (!md.is_empty()).then_some(md);
    }
    Some(v.replace("\r\n", "\n"))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset() {
        let t = SourceTime::parse("2020-12-14T09:00:00+01:00").unwrap();
        assert_eq!(t.civil.to_string(), "2020-12-14T09:00:00");
        assert_eq!(t.offset, Some(Offset::from_hours(1).unwrap()));
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(t.to_slot_text(Some(&utc)), "2020-12-14T08:00:00");
        assert_eq!(t.to_slot_text(None), "2020-12-14T09:00:00+01:00");
        let local = SourceTime::parse("2019-09-25T09:00:00").unwrap();
        assert_eq!(local.offset, None);
        assert_eq!(
            local.plus_minutes(90).unwrap().civil.to_string(),
            "2019-09-25T10:30:00"
        );
    }

    #[test]
    fn break_kinds_are_words() {
        for k in [
            "Break",
            "coffee break",
            "Coffee-Break",
            "LUNCH",
            "Pause",
            "Kaffeepause",
            "Mittagspause",
            "coffeebreak",
            "Dinner",
        ] {
            assert!(is_break_kind(k), "{k}");
        }
        for k in [
            "Talk",
            "Breakout session",
            "lecture",
            "Workshop",
            "Breaking Things",
        ] {
            assert!(!is_break_kind(k), "{k}");
        }
    }

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn the_day_change_is_when_days_end() {
        let mut notes = Vec::new();
        // pretalx: 04:00 to 03:59 the next morning.
        let pretalx = [
            (dt("2020-12-14T04:00"), dt("2020-12-15T03:59")),
            (dt("2020-12-15T04:00"), dt("2020-12-16T03:59")),
        ];
        assert_eq!(
            day_change_of(&pretalx, "days", &mut notes),
            Some(Time::constant(4, 0, 0, 0))
        );
        // frab: 09:00 to 04:00.
        let frab = [(dt("2019-08-21T09:00"), dt("2019-08-22T04:00"))];
        assert_eq!(
            day_change_of(&frab, "days", &mut notes),
            Some(Time::constant(4, 0, 0, 0))
        );
        assert!(notes.is_empty(), "{notes:?}");
        // Days that end before midnight say nothing; one starting before 04:00 starts at it.
        let short = [(dt("2025-03-10T09:00"), dt("2025-03-10T18:00"))];
        assert_eq!(day_change_of(&short, "days", &mut notes), None);
        let early = [(dt("2025-03-10T03:00"), dt("2025-03-10T18:00"))];
        assert_eq!(
            day_change_of(&early, "days", &mut notes),
            Some(Time::constant(3, 0, 0, 0))
        );
        // Disagreeing days: the most common end, with a note.
        let mixed = [
            (dt("2024-06-01T10:00"), dt("2024-06-02T02:00")),
            (dt("2024-06-02T10:00"), dt("2024-06-03T05:00")),
            (dt("2024-06-03T10:00"), dt("2024-06-04T01:59")),
        ];
        assert_eq!(
            day_change_of(&mixed, "the export's days", &mut notes),
            Some(Time::constant(2, 0, 0, 0))
        );
        assert_eq!(
            notes,
            [
                "the export's days end at different times (02:00 (2×), 05:00 (1×)): \
              day_change set to the most common, 02:00"
            ]
        );
    }

    #[test]
    fn a_break_in_every_room_spans_them() {
        let t = |s: &str| SourceTime::parse(s).unwrap();
        let b = |room: &str, title: &str| SourceBreak {
            title: title.into(),
            start: t("2024-06-01T11:00:00"),
            end: t("2024-06-01T11:30:00"),
            room: Some(room.into()),
        };
        let mut p = Program {
            rooms: vec!["A".into(), "B".into()],
            breaks: vec![b("A", "Coffee"), b("B", "Coffee"), b("A", "Lunch")],
            ..Program::default()
        };
        p.merge_breaks();
        assert_eq!(
            p.breaks,
            [
                SourceBreak {
                    room: None,
                    ..b("A", "Coffee")
                },
                b("A", "Lunch")
            ]
        );
    }

    #[test]
    fn html_becomes_markdown() {
        assert!(looks_like_html("<p>Hi <a href=\"https://x.org\">x</a></p>"));
        assert!(!looks_like_html("a < b and c > d"));
        let md =
            html_to_markdown("<p>Hi <a href=\"https://x.org\">x</a></p><script>bad()</script>");
        assert!(md.contains("[x](https://x.org)"), "{md}");
        assert!(!md.contains("bad()"), "{md}");
    }
}
