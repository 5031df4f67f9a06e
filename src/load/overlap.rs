//! Two talks in one room at the same time is a mistake in the programme, not something to print.
//!
//! Talks are grouped, not paired: every run of talks in one room whose slots overlap one after
//! the other is one error, so 5,000 talks on one placeholder slot give one message (naming the
//! first [`NAMED`] talks), not 12 million. The work is a sort and one sweep: n·log n.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Site, Slot, Talk};

/// How many talks of one overlapping group are named in its message; the rest are counted.
pub const NAMED: usize = 10;

/// Reports every group of talks whose slots overlap in the same room.
///
/// Rooms are compared as written, ignoring case, so `Byers Hall` and `byers hall` are one room.
/// A talk that ends when the next starts does not overlap it.
pub fn check(site: &Site, root: &Path, diags: &mut Diagnostics) {
    let mut by_room: BTreeMap<String, Vec<(&Slot, &Talk)>> = BTreeMap::new();
    for id in site.talk_ids() {
        let talk = site.talk(id);
        if let Some(slot) = &talk.slot {
            by_room
                .entry(slot.room().to_lowercase())
                .or_default()
                .push((slot, talk));
        }
    }
    for talks in by_room.values_mut() {
        talks.sort_by(|(a, at), (b, bt)| {
            (a.start(), a.end(), at.slug.as_str()).cmp(&(b.start(), b.end(), bt.slug.as_str()))
        });
        // A group grows while the next talk starts before every talk so far has ended.
        let mut group: Vec<(&Slot, &Talk)> = Vec::new();
        let mut group_end = None;
        for &(slot, talk) in talks.iter() {
            if group_end.is_some_and(|end| slot.start() < end) {
                group_end = group_end.max(Some(slot.end()));
            } else {
                report(&group, root, diags);
                group.clear();
                group_end = Some(slot.end());
            }
            group.push((slot, talk));
        }
        report(&group, root, diags);
    }
}

/// `2016-08-21 13:45–14:30`.
fn span(s: &Slot) -> String {
    format!(
        "{} {}–{}",
        s.start().date(),
        s.start().strftime("%H:%M"),
        s.end().strftime("%H:%M")
    )
}

/// One error for a group of overlapping talks (sorted by start), at the `start:` of the first
/// talk that overlaps an earlier one; nothing for a group of one.
fn report(group: &[(&Slot, &Talk)], root: &Path, diags: &mut Diagnostics) {
    let [(first_slot, first), (slot, talk), rest @ ..] = group else {
        return;
    };
    let at = start_position(root, &talk.source);
    let d = if rest.is_empty() {
        Diagnostic::error(
            &talk.source,
            format!(
                "talk `{}` ({}) overlaps talk `{}` ({}) in room `{}`",
                talk.slug,
                span(slot),
                first.slug,
                span(first_slot),
                slot.room()
            ),
        )
        .with_help(format!(
            "move one of them to another time or room; `{}` is in {}",
            first.slug,
            first.source.display()
        ))
    } else {
        let start = first_slot.start();
        let end = group.iter().map(|(s, _)| s.end()).max().unwrap_or(start);
        let named: Vec<String> = group
            .iter()
            .take(NAMED)
            .map(|(s, t)| {
                let when = if s.start().date() == start.date() {
                    format!(
                        "{}–{}",
                        s.start().strftime("%H:%M"),
                        s.end().strftime("%H:%M")
                    )
                } else {
                    span(s)
                };
                format!("`{}` ({when}, {})", t.slug, t.source.display())
            })
            .collect();
        let more = group.len().saturating_sub(NAMED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        Diagnostic::error(
            &talk.source,
            format!(
                "{} talks overlap in room `{}` between {} {} and {} {}",
                group.len(),
                slot.room(),
                start.date(),
                start.strftime("%H:%M"),
                end.date(),
                end.strftime("%H:%M"),
            ),
        )
        .with_help(format!(
            "give each its own time or room: {}{more}",
            named.join(", ")
        ))
    };
    diags.push(d.at(at));
}

/// Where the slot's `start:` is written in the talk file, or its first line. Read once per
/// group, so the file reads stay linear in the talks.
fn start_position(root: &Path, file: &Path) -> Position {
    match std::fs::read_to_string(root.join(file)) {
        Ok(text) => {
            for (i, line) in text.lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("start:") {
                    return Position::new(i + 1, line.len() - trimmed.len() + 1);
                }
            }
            Position::new(1, 1)
        }
        Err(_) => Position::new(1, 1),
    }
}
