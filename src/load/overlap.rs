//! Two talks in one room at the same time is a mistake in the programme, not something to print:
//! each overlap is an error naming both talks, pointing at the later talk's slot.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Site, TalkId};

/// Reports every pair of talks whose slots overlap in the same room.
///
/// Rooms are compared as written, ignoring case, so `Byers Hall` and `byers hall` are one room.
/// A talk that ends when the next starts does not overlap it.
pub fn check(site: &Site, root: &Path, diags: &mut Diagnostics) {
    let mut by_room: BTreeMap<String, Vec<TalkId>> = BTreeMap::new();
    for id in site.talk_ids() {
        if let Some(slot) = &site.talk(id).slot {
            by_room
                .entry(slot.room().to_lowercase())
                .or_default()
                .push(id);
        }
    }
    for ids in by_room.values_mut() {
        ids.sort_by_key(|id| {
            let t = site.talk(*id);
            (
                t.slot.as_ref().map(|s| (s.start(), s.end())),
                t.slug.clone(),
            )
        });
        // The talk still running latest so far: a later talk starting before it ends overlaps.
        let mut running: Vec<TalkId> = Vec::new();
        for &id in ids.iter() {
            let talk = site.talk(id);
            let Some(slot) = &talk.slot else { continue };
            running.retain(|r| {
                site.talk(*r)
                    .slot
                    .as_ref()
                    .is_some_and(|s| s.end() > slot.start())
            });
            for &other in &running {
                let o = site.talk(other);
                let Some(os) = &o.slot else { continue };
                let span = |s: &crate::model::Slot| {
                    format!(
                        "{} {}–{}",
                        s.start().date(),
                        s.start().strftime("%H:%M"),
                        s.end().strftime("%H:%M")
                    )
                };
                diags.push(
                    Diagnostic::error(
                        &talk.source,
                        format!(
                            "talk `{}` ({}) overlaps talk `{}` ({}) in room `{}`",
                            talk.slug,
                            span(slot),
                            o.slug,
                            span(os),
                            slot.room()
                        ),
                    )
                    .at(start_position(root, &talk.source))
                    .with_help(format!(
                        "move one of them to another time or room; `{}` is in {}",
                        o.slug,
                        o.source.display()
                    )),
                );
            }
            running.push(id);
        }
    }
}

/// Where the slot's `start:` is written in the talk file, or its first line.
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
