//! The programme as every schedule page, the planner's data and the exports see it, computed
//! once per build: the talks by conference day, the rooms in order, the planner's parts.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime};

use crate::layout;
use crate::model::{Site, TalkId};

/// What every schedule page is made from, computed once per build (an archive has a page per
/// day: each sorted every talk and slot again).
pub struct Programme {
    /// The scheduled talks by conference day, each day's in listing order.
    pub by_day: BTreeMap<Date, Vec<TalkId>>,
    /// Every room, in [`room_order`].
    pub rooms: Vec<String>,
    /// Each room's calendar file name ([`layout::room_slugs`]), by room index.
    pub room_slugs: Vec<crate::model::Slug>,
    /// Each room's scheduled talks in talk order, by room index (its calendar's events).
    pub room_talks: Vec<Vec<TalkId>>,
    /// Each day is its own page ([`layout::schedule_split`]).
    pub split: bool,
    /// The planner's data files: each part's name and talks (a day's talks in start order, up
    /// to [`layout::PLANNER_PART_TALKS`] a part; then the unscheduled ones in listing order).
    pub parts: Vec<(String, Vec<TalkId>)>,
    /// Each talk's part, an index into `parts`, by talk index.
    pub part_of: Vec<usize>,
}

impl Programme {
    /// `order`: every talk in listing order.
    pub fn new(site: &Site, order: &[TalkId]) -> Programme {
        let by_day = site.talks_by_day_in(order);
        let (parts, part_of) = planner_parts(site, order, &by_day);
        let rooms: Vec<String> = room_order(site).into_iter().map(str::to_owned).collect();
        let room_talks = talks_by_room(site, &rooms);
        Programme {
            by_day,
            room_slugs: layout::room_slugs(&rooms),
            room_talks,
            rooms,
            split: layout::schedule_split(site),
            parts,
            part_of,
        }
    }

    /// The name of the planner part holding `id` (what a star button names for the agenda).
    pub fn part_name(&self, id: TalkId) -> &str {
        self.part_of
            .get(id.index())
            .filter(|_| !self.parts.is_empty())
            .and_then(|p| self.parts.get(*p))
            .map_or("", |(name, _)| name.as_str())
    }
}

/// Each room's scheduled talks, in one pass over the talks (a scan of every talk per room was
/// rooms × talks).
fn talks_by_room(site: &Site, rooms: &[String]) -> Vec<Vec<TalkId>> {
    let index: std::collections::HashMap<&str, usize> = rooms
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let mut by_room = vec![Vec::new(); rooms.len()];
    for id in site.talk_ids() {
        let room = site.talk(id).slot.as_ref().map(|s| s.room());
        if let Some(&i) = room.and_then(|r| index.get(r)) {
            by_room[i].push(id);
        }
    }
    by_room
}

/// Splits the programme into the planner's parts: small files by day, so the agenda and the
/// overview's "now and next" fetch only the days they show, however big the site.
fn planner_parts(
    site: &Site,
    order: &[TalkId],
    by_day: &BTreeMap<Date, Vec<TalkId>>,
) -> (Vec<(String, Vec<TalkId>)>, Vec<usize>) {
    let mut parts = Vec::new();
    for (date, ids) in by_day {
        let mut ids = ids.clone();
        ids.sort_by_key(|id| {
            let t = site.talk(*id);
            (t.slot.as_ref().map(|s| s.start()), t.slug.clone())
        });
        for (k, chunk) in ids.chunks(layout::PLANNER_PART_TALKS).enumerate() {
            parts.push((format!("{date}-{k}"), chunk.to_vec()));
        }
    }
    let unscheduled: Vec<TalkId> = order
        .iter()
        .copied()
        .filter(|id| site.talk(*id).slot.is_none())
        .collect();
    for (k, chunk) in unscheduled.chunks(layout::PLANNER_PART_TALKS).enumerate() {
        parts.push((format!("talks-{k}"), chunk.to_vec()));
    }
    let mut part_of = vec![0; site.talks.len()];
    for (p, (_, ids)) in parts.iter().enumerate() {
        for id in ids {
            part_of[id.index()] = p;
        }
    }
    (parts, part_of)
}

/// Rooms in the order `conference.yaml` lists them, then the others as they first appear (by
/// start, then name): the order schedule.json and schedule.xml use too.
fn room_order(site: &Site) -> Vec<&str> {
    let mut order: Vec<&str> = site.conference.rooms.iter().map(String::as_str).collect();
    let mut starts: Vec<(DateTime, &str)> = site
        .talks
        .iter()
        .filter_map(|t| t.slot.as_ref().map(|s| (s.start(), s.room())))
        .collect();
    starts.extend(
        site.conference
            .breaks
            .iter()
            .filter_map(|b| Some((b.start, b.room.as_deref()?))),
    );
    starts.sort_unstable();
    for (_, room) in starts {
        if !order.contains(&room) {
            order.push(room);
        }
    }
    order
}
