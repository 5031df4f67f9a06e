//! Mistakes in the programme that every file on its own allows: a speaker in two rooms at once,
//! a slot outside the conference's dates or running into the next day, one room spelled two
//! ways, two talks with one title, a `date` that is not the slot's day.
//!
//! Each check is a sort or a hash map and one pass, so the whole is n·log n in the talks; a
//! problem shared by many talks is one message naming the first [`NAMED`] of them.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::{Date, DateTime};

use super::overlap::NAMED;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Conference, Site, Slot, Talk};

/// Runs every programme check on a linked site.
pub fn check(site: &Site, root: &Path, diags: &mut Diagnostics) {
    let files = Files { root };
    speakers_booked_twice(site, &files, diags);
    dates(site, &files, diags);
    rooms(site, &files, diags);
    titles(site, &files, diags);
    exports_skipped(site, diags);
}

/// A schedule without a time zone: `schedule.json` and `schedule.xml` (which give instants)
/// are not written, and the organiser is told, not left to find them missing.
fn exports_skipped(site: &Site, diags: &mut Diagnostics) {
    if site.conference.timezone.is_some() || !site.has_schedule() {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "content/conference.yaml",
            "schedule.json and schedule.xml are not written: the talks have slots, but \
             conference.yaml names no `timezone`, and schedule apps need one",
        )
        .with_help("add the conference's IANA zone as one line, e.g. `timezone: Europe/Berlin`"),
    );
}

/// Finds where a key is written in a talk file, reading the file only when there is a problem
/// to report in it.
struct Files<'a> {
    root: &'a Path,
}

impl Files<'_> {
    /// The position of the first line `key: ...` (at any indentation), or of the first line.
    fn at(&self, file: &Path, key: &str) -> Position {
        let Ok(text) = std::fs::read_to_string(self.root.join(file)) else {
            return Position::new(1, 1);
        };
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
            {
                let col = line[..line.len() - trimmed.len()].chars().count() + 1;
                return Position::new(i + 1, col);
            }
        }
        Position::new(1, 1)
    }
}

/// `2016-08-21 13:45–14:30`.
fn span(s: &Slot) -> String {
    let end = if s.end().date() == s.start().date() {
        s.end().strftime("%H:%M").to_string()
    } else {
        s.end().strftime("%Y-%m-%d %H:%M").to_string()
    };
    format!("{} {}–{end}", s.start().date(), s.start().strftime("%H:%M"))
}

/// `` `slug` (2016-08-21 13:45–14:30, room, content/talks/slug.md) ``.
fn named(slot: &Slot, talk: &Talk) -> String {
    format!(
        "`{}` ({}, {}, {})",
        talk.slug,
        span(slot),
        slot.room(),
        talk.source.display()
    )
}

/// The first [`NAMED`] items joined, and "and N more" for the rest.
fn list(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let shown: Vec<String> = items.take(NAMED).collect();
    let more = total.saturating_sub(NAMED);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// A speaker in two talks whose slots overlap (a talk that ends as the next starts does not). Sorted by speaker, then start, and swept as the
/// room check does: each run of overlapping talks of one speaker is one warning.
fn speakers_booked_twice(site: &Site, files: &Files, diags: &mut Diagnostics) {
    let mut booked: Vec<(u32, &Slot, &Talk)> = Vec::new();
    for id in site.talk_ids() {
        let talk = site.talk(id);
        if let Some(slot) = &talk.slot {
            for s in &talk.speakers {
                booked.push((s.0, slot, talk));
            }
        }
    }
    booked.sort_by(|(a, sa, ta), (b, sb, tb)| {
        (a, sa.start(), sa.end(), ta.slug.as_str()).cmp(&(
            b,
            sb.start(),
            sb.end(),
            tb.slug.as_str(),
        ))
    });
    let mut group: Vec<(&Slot, &Talk)> = Vec::new();
    let mut current: Option<(u32, DateTime)> = None;
    for &(speaker, slot, talk) in &booked {
        match current {
            Some((s, end)) if s == speaker && slot.start() < end => {
                current = Some((s, end.max(slot.end())));
            }
            _ => {
                if let Some((s, _)) = current {
                    report_booking(site, s, &group, files, diags);
                }
                group.clear();
                current = Some((speaker, slot.end()));
            }
        }
        group.push((slot, talk));
    }
    if let Some((s, _)) = current {
        report_booking(site, s, &group, files, diags);
    }
}

/// One warning for a speaker's overlapping talks, at the `speakers:` line of the second talk.
/// A warning, not an error: the site is still right to publish (a moderator listed on a panel
/// and a recorded talk, a CfP export as it is), unlike two talks in one room.
fn report_booking(
    site: &Site,
    speaker: u32,
    group: &[(&Slot, &Talk)],
    files: &Files,
    diags: &mut Diagnostics,
) {
    let [(first_slot, first), (slot, talk), rest @ ..] = group else {
        return;
    };
    let Some(sp) = site.speakers.get(speaker as usize) else {
        return;
    };
    let message = if rest.is_empty() {
        format!(
            "speaker `{}` is booked in two places at once: talk `{}` ({}, {}) and talk `{}` ({}, {})",
            sp.slug,
            talk.slug,
            span(slot),
            slot.room(),
            first.slug,
            span(first_slot),
            first_slot.room()
        )
    } else {
        format!(
            "speaker `{}` is booked in {} talks at the same time",
            sp.slug,
            group.len()
        )
    };
    let talks = list(group.iter().map(|(s, t)| named(s, t)));
    diags.push(
        Diagnostic::warning(&talk.source, message)
            .at(files.at(&talk.source, "speakers"))
            .with_help(format!(
                "move a talk, or take the speaker off one: {talks}; the speaker is {}",
                sp.source.display()
            )),
    );
}

/// A slot or date outside `start_date`..`end_date`, a `date` that is not its slot's day, and a
/// talk that runs into the next conference day.
fn dates(site: &Site, files: &Files, diags: &mut Diagnostics) {
    let conf = &site.conference;
    for talk in &site.talks {
        let day = match &talk.slot {
            Some(slot) => {
                runs_into_next_day(conf, slot, talk, files, diags);
                let day = conf.day_of(slot.start());
                if let Some(date) = talk.date {
                    if date != day && date != slot.start().date() {
                        diags.push(
                            Diagnostic::error(
                                &talk.source,
                                format!(
                                    "`date` is {date}, but the talk's slot starts on {}",
                                    slot.start().date()
                                ),
                            )
                            .at(files.at(&talk.source, "date"))
                            .with_help(format!(
                                "remove `date` (the slot gives the day), or write `date: {day}`"
                            )),
                        );
                    }
                }
                day
            }
            None => match talk.date {
                Some(d) => d,
                None => continue,
            },
        };
        outside_dates(conf, day, talk, files, diags);
    }
}

/// A warning when `day` lies before `start_date` or after `end_date`: the site still builds
/// right (an archive's earlier years, a satellite event), but it is most often a typo.
fn outside_dates(
    conf: &Conference,
    day: Date,
    talk: &Talk,
    files: &Files,
    diags: &mut Diagnostics,
) {
    let before = conf.start_date.is_some_and(|s| day < s);
    let after = conf.end_date.is_some_and(|e| day > e);
    if !before && !after {
        return;
    }
    let runs = match (conf.start_date, conf.end_date) {
        (Some(s), Some(e)) => format!("from {s} to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => return,
    };
    let key = if talk.slot.is_some() { "start" } else { "date" };
    let bound = if before { "start_date" } else { "end_date" };
    diags.push(
        Diagnostic::warning(
            &talk.source,
            format!(
                "talk `{}` is on {day}, outside the conference, which runs {runs}",
                talk.slug
            ),
        )
        .at(files.at(&talk.source, key))
        .with_help(format!(
            "fix the talk's date, or change `{bound}` in content/conference.yaml"
        )),
    );
}

/// A warning when a talk ends after the next conference day has begun: past midnight of its
/// day and at or after `day_change` (a 23:30–00:30 talk with the default 04:00 is its day's).
fn runs_into_next_day(
    conf: &Conference,
    slot: &Slot,
    talk: &Talk,
    files: &Files,
    diags: &mut Diagnostics,
) {
    let day = conf.day_of(slot.start());
    let Some(next) = day.tomorrow().ok() else {
        return;
    };
    let next_day_starts = next.to_datetime(conf.day_change);
    if slot.end() <= next_day_starts {
        return;
    }
    let change = conf.day_change.strftime("%H:%M");
    diags.push(
        Diagnostic::warning(
            &talk.source,
            format!(
                "talk `{}` starts on {day} and ends at {}, after the next conference day began ({next} {change})",
                talk.slug,
                slot.end().strftime("%Y-%m-%d %H:%M")
            ),
        )
        .at(files.at(&talk.source, "end"))
        .with_help(format!(
            "fix `end`; if talks really run this late, say so with a later `day_change:` in content/conference.yaml (now {change})"
        )),
    );
}

/// Room names that differ only in case or spaces: one spelling is canonical (listed under
/// `rooms:` in conference.yaml, else the most used, ties to the first seen) and each other
/// spelling is one error at its first talk, naming the talks that use it.
fn rooms(site: &Site, files: &Files, diags: &mut Diagnostics) {
    /// One spelling of a room: how many talks use it, and which (in talk order).
    struct Spelling<'a> {
        text: &'a str,
        listed: bool,
        talks: Vec<&'a Talk>,
    }
    let fold = |r: &str| {
        r.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut by_room: HashMap<String, Vec<Spelling>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in &site.conference.rooms {
        let key = fold(r);
        let spellings = by_room.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Vec::new()
        });
        if !spellings.iter().any(|s| s.text == r) {
            spellings.push(Spelling {
                text: r,
                listed: true,
                talks: Vec::new(),
            });
        }
    }
    for talk in &site.talks {
        let Some(slot) = &talk.slot else { continue };
        let key = fold(slot.room());
        let spellings = by_room.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Vec::new()
        });
        match spellings.iter_mut().find(|s| s.text == slot.room()) {
            Some(s) => s.talks.push(talk),
            None => spellings.push(Spelling {
                text: slot.room(),
                listed: false,
                talks: vec![talk],
            }),
        }
    }
    for key in &order {
        let spellings = &by_room[key];
        if spellings.len() < 2 {
            continue;
        }
        // Listed first, then the most used; `max_by_key` keeps the last of equals, so the
        // spellings are walked backwards to keep the first seen.
        let Some((canon_i, canon)) = spellings
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, s)| (s.listed, s.talks.len()))
        else {
            continue;
        };
        let why = if canon.listed {
            "as `rooms:` in content/conference.yaml lists it".to_owned()
        } else {
            format!(
                "as {} talk{} write it",
                canon.talks.len(),
                if canon.talks.len() == 1 { "" } else { "s" }
            )
        };
        for (i, other) in spellings.iter().enumerate() {
            let Some(first) = other.talks.first() else {
                continue;
            };
            if i == canon_i {
                continue;
            }
            let talks = list(other.talks.iter().map(|t| t.source.display().to_string()));
            let examples = list(canon.talks.iter().map(|t| t.source.display().to_string()));
            let elsewhere = if examples.is_empty() {
                String::new()
            } else {
                format!("; `{}` is in {examples}", canon.text)
            };
            diags.push(
                Diagnostic::error(
                    &first.source,
                    format!(
                        "room `{}` is spelled `{}` elsewhere: one room would show as two schedule columns",
                        other.text, canon.text
                    ),
                )
                .at(files.at(&first.source, "room"))
                .with_help(format!(
                    "write `room: {}` ({why}); `{}` is written in {talks}{elsewhere}",
                    canon.text, other.text
                )),
            );
        }
    }
}

/// Two or more talks with one title (ignoring case and spaces): one warning per title, at the
/// second talk (by file), naming every file.
fn titles(site: &Site, files: &Files, diags: &mut Diagnostics) {
    let mut by_title: HashMap<String, Vec<&Talk>> = HashMap::new();
    for talk in &site.talks {
        let key = talk
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !key.is_empty() {
            by_title.entry(key).or_default().push(talk);
        }
    }
    let mut groups: Vec<Vec<&Talk>> = by_title.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut groups {
        g.sort_by(|a, b| a.source.cmp(&b.source));
    }
    groups.sort_by(|a, b| a[0].source.cmp(&b[0].source));
    for g in groups {
        let second = g[1];
        let message = if g.len() == 2 {
            format!(
                "talks `{}` and `{}` have the same title `{}`",
                g[0].slug, second.slug, second.title
            )
        } else {
            format!("{} talks have the same title `{}`", g.len(), second.title)
        };
        let all = list(g.iter().map(|t| t.source.display().to_string()));
        diags.push(
            Diagnostic::warning(&second.source, message)
                .at(files.at(&second.source, "title"))
                .with_help(format!(
                    "attendees cannot tell them apart in listings and search; give each its own title: {all}"
                )),
        );
    }
}
