//! The schedule grid of `schedule/index.html`: one section per day, a row per start time and a
//! column per room, so parallel talks sit side by side (the stylesheet stacks them on a phone).
//! Times are the conference's local wall-clock times, as written in the talks.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, DateTime};
use tera::Value;

use super::views::Obj;
use super::views::Views;
use crate::layout;
use crate::model::{Site, TalkId};

/// The `schedule` value the `schedule.html` template receives.
pub fn view(site: &Site, views: &Views) -> Value {
    // day → start → room → talks
    let mut days: BTreeMap<Date, BTreeMap<DateTime, BTreeMap<&str, Vec<TalkId>>>> = BTreeMap::new();
    for id in site.talks_in_order() {
        if let Some(slot) = &site.talk(id).slot {
            days.entry(slot.start().date())
                .or_default()
                .entry(slot.start())
                .or_default()
                .entry(slot.room())
                .or_default()
                .push(id);
        }
    }
    // Rooms in the order `conference.yaml` lists them, then the others as they first appear
    // (by start, then name): the order schedule.json and schedule.xml use too.
    let mut order: Vec<&str> = site.conference.rooms.iter().map(String::as_str).collect();
    for starts in days.values() {
        for by_room in starts.values() {
            for room in by_room.keys() {
                if !order.contains(room) {
                    order.push(room);
                }
            }
        }
    }
    let day_values: Vec<Value> = days
        .iter()
        .map(|(date, starts)| {
            let used: BTreeSet<&str> = starts.values().flat_map(|r| r.keys().copied()).collect();
            let rooms: Vec<&str> = order.iter().copied().filter(|r| used.contains(r)).collect();
            let rows: Vec<Value> = starts
                .iter()
                .map(|(start, by_room)| {
                    let cells: Vec<Value> = rooms
                        .iter()
                        .map(|room| {
                            let talks = by_room.get(room).map(Vec::as_slice).unwrap_or(&[]);
                            Obj::new()
                                .set("room", *room)
                                .set("talks", views.talk_list(talks))
                                .build()
                        })
                        .collect();
                    Obj::new()
                        .set("time", start.strftime("%H:%M").to_string())
                        .set("datetime", start.to_string())
                        .set("cells", cells)
                        .build()
                })
                .collect();
            let rooms: Vec<Value> = rooms.iter().map(|r| Value::from(*r)).collect();
            Obj::new()
                .set("id", format!("day-{date}"))
                .set("date", date.to_string())
                .set("label", date.strftime("%A %-d %B %Y").to_string())
                .set("rooms", rooms)
                .set("rows", rows)
                .build()
        })
        .collect();
    Obj::new()
        .set("days", day_values)
        .set("ics_url", views.urls.path(layout::SCHEDULE_ICS))
        .set(
            "timezone",
            site.conference.timezone_name.as_deref().map(Value::from),
        )
        .build()
}
