//! The schedule's time grid: for each conference day, rooms as columns and time running down in
//! 5-minute rows, each talk or break placed by CSS grid lines, so a block's height is its
//! duration and its top its start. The template only prints the lines; all the arithmetic is
//! here. Times are the conference's local wall-clock times, as written.
//!
//! A programme of up to [`layout::SCHEDULE_ONE_PAGE_MAX`] talks is one page with every day (and
//! tabs between them); a bigger one (an archive of many editions) has a page per day, and
//! `schedule/` lists the days by month.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime, Time};
use jiff::ToSpan;
use tera::Value;

pub use super::programme::Programme;
use super::value::Obj;
use super::Views;
use crate::layout;
use crate::model::{Site, TalkId};

/// Minutes per grid row.
pub const ROW_MINUTES: i64 = 5;
/// Day tabs shown around the current day on an archive's day page.
const TABS_AROUND: usize = 3;

/// The `schedule` value of `schedule/` (`day` none) or of one day's page.
pub fn view(site: &Site, views: &Views, day: Option<Date>) -> Value {
    let Programme {
        by_day,
        rooms,
        split,
        ..
    } = &views.programme;
    let split = *split;
    let rooms: Vec<&str> = rooms.iter().map(String::as_str).collect();
    let dates: Vec<Date> = by_day.keys().copied().collect();
    let locale = &site.conference.locale;
    let tab = |d: Date, current: bool| {
        let url = if split {
            views.urls.path(&layout::schedule_day(d))
        } else {
            format!("#day-{d}")
        };
        Obj::new()
            .set("date", d.to_string())
            .set("label", locale.day_label(d))
            .set("short", locale.day_short(d))
            .set("url", url)
            .set("current", current)
            .build()
    };
    let (tabs, shown, index): (Vec<Value>, Vec<Date>, Value) = match (split, day) {
        (false, _) => (
            dates
                .iter()
                .enumerate()
                .map(|(i, d)| tab(*d, i == 0))
                .collect(),
            dates.clone(),
            Value::none(),
        ),
        (true, None) => (Vec::new(), Vec::new(), months(site, views, by_day)),
        (true, Some(d)) => {
            let at = dates.iter().position(|x| *x == d).unwrap_or(0);
            let lo = at.saturating_sub(TABS_AROUND);
            let hi = (at + TABS_AROUND + 1).min(dates.len());
            let tabs = dates[lo..hi].iter().map(|x| tab(*x, *x == d)).collect();
            (tabs, vec![d], Value::none())
        }
    };
    let days: Vec<Value> = shown
        .iter()
        .map(|d| day_grid(site, views, *d, &by_day[d], &rooms))
        .collect();
    Obj::new()
        .set("days", days)
        .set("tabs", tabs)
        .set("index", index)
        .set("ics_url", views.urls.path(layout::SCHEDULE_ICS))
        // On `schedule/` only: a day's page of a long programme would repeat every track.
        .set("calendars", day.is_none().then(|| calendars(views)))
        .set(
            "timezone",
            site.conference.timezone_name.as_deref().map(Value::from),
        )
        .build()
}

/// The calendars to subscribe to, for `partials/subscribe.html`: `{rooms, tracks}`, each a
/// list of `{name, calendar: {url, webcal}}`.
fn calendars(views: &Views) -> Value {
    let p = &views.programme;
    let rooms: Vec<Value> = (p.rooms.iter())
        .zip(&p.room_slugs)
        .map(|(name, slug)| {
            let links = super::value::calendar_links(true, &views.urls, &layout::room_ics(slug));
            Obj::new()
                .set("name", name.as_str())
                .set("calendar", links)
                .build()
        })
        .collect();
    Obj::new()
        .set("rooms", rooms)
        .set("tracks", views.tracks.clone())
        .build()
}

/// One block of the grid before it is a value.
struct Block<'a> {
    start: DateTime,
    end: DateTime,
    /// `None`: every room.
    room: Option<&'a str>,
    what: What<'a>,
}

enum What<'a> {
    Talk(TalkId),
    Break(&'a str),
}

/// One day's grid: its rooms, hour marks and blocks.
fn day_grid(site: &Site, views: &Views, date: Date, talks: &[TalkId], order: &[&str]) -> Value {
    let c = &site.conference;
    let mut blocks: Vec<Block> = talks
        .iter()
        .filter_map(|id| {
            let s = site.talk(*id).slot.as_ref()?;
            Some(Block {
                start: s.start(),
                end: s.end(),
                room: (!s.plenary()).then_some(s.room()),
                what: What::Talk(*id),
            })
        })
        .collect();
    blocks.extend(
        c.breaks
            .iter()
            .filter(|b| c.day_of(b.start) == date)
            .map(|b| Block {
                start: b.start,
                end: b.end,
                room: b.room.as_deref(),
                what: What::Break(&b.title),
            }),
    );
    let rooms: Vec<&str> = order
        .iter()
        .copied()
        .filter(|r| blocks.iter().any(|b| b.room == Some(r)))
        .collect();
    let first = blocks.iter().map(|b| b.start).min().unwrap_or_default();
    let last = blocks.iter().map(|b| b.end).max().unwrap_or(first);
    let top = first
        .date()
        .to_datetime(Time::constant(first.hour(), 0, 0, 0));
    let minutes = |t: DateTime| (t - top).total(jiff::Unit::Minute).unwrap_or(0.0) as i64;
    let hours = (minutes(last) + 59) / 60;
    let columns = rooms.len().max(1) as i64;
    blocks.sort_by_key(|b| {
        let col = b.room.and_then(|r| rooms.iter().position(|x| *x == r));
        (b.start, col, b.end)
    });
    let items: Vec<Value> = blocks
        .iter()
        .map(|b| {
            let (m0, m1) = (minutes(b.start), minutes(b.end));
            let row_start = 2 + m0 / ROW_MINUTES;
            let row_end = (2 + (m1 + ROW_MINUTES - 1) / ROW_MINUTES).max(row_start + 1);
            let (col_start, col_end) = match b.room.and_then(|r| rooms.iter().position(|x| *x == r))
            {
                Some(i) => (2 + i as i64, 3 + i as i64),
                None => (2, 2 + columns),
            };
            let (kind, title, talk) = match b.what {
                What::Talk(id) => (
                    "talk",
                    site.talk(id).title.as_str(),
                    views.talks[id.index()].clone(),
                ),
                What::Break(title) => ("break", title, Value::none()),
            };
            Obj::new()
                .set("kind", kind)
                .set("row_start", row_start)
                .set("row_end", row_end)
                .set("col_start", col_start)
                .set("col_end", col_end)
                .set("start_time", c.locale.time(b.start.time()))
                .set("end_time", c.locale.time(b.end.time()))
                .set("start", c.time_text(b.start))
                .set("end", c.time_text(b.end))
                .set("minutes", m1 - m0)
                .set("room", b.room)
                .set("title", title)
                .set("talk", talk)
                .build()
        })
        .collect();
    let hour_marks: Vec<Value> = (0..hours.max(1))
        .map(|h| {
            let at = top + (h as i32).hours();
            Obj::new()
                .set("label", c.locale.time(at.time()))
                .set("datetime", c.time_text(at))
                .set("row", 2 + h * 60 / ROW_MINUTES)
                .build()
        })
        .collect();
    let room_values: Vec<Value> = rooms
        .iter()
        .enumerate()
        .map(|(i, r)| Obj::new().set("name", *r).set("column", 2 + i).build())
        .collect();
    Obj::new()
        .set("id", format!("day-{date}"))
        .set("date", date.to_string())
        .set("label", c.locale.day_label(date))
        .set("short", c.locale.day_short(date))
        .set("rows", 1 + hours.max(1) * 60 / ROW_MINUTES)
        .set("rooms", room_values)
        .set("hours", hour_marks)
        .set("items", items)
        .build()
}

/// An archive's `schedule/`: its days by month, each linking to the day's page.
fn months(site: &Site, views: &Views, by_day: &BTreeMap<Date, Vec<TalkId>>) -> Value {
    let locale = &site.conference.locale;
    let mut months: BTreeMap<(i16, i8), Vec<Value>> = BTreeMap::new();
    for (d, talks) in by_day {
        months.entry((d.year(), d.month())).or_default().push(
            Obj::new()
                .set("label", locale.day_label(*d))
                .set("short", locale.day_short(*d))
                .set("url", views.urls.path(&layout::schedule_day(*d)))
                .set("talk_count", talks.len())
                .build(),
        );
    }
    Value::from(
        months
            .into_iter()
            .map(|((y, m), days)| {
                Obj::new()
                    .set("label", locale.month_label(y, m))
                    .set("days", days)
                    .build()
            })
            .collect::<Vec<_>>(),
    )
}
