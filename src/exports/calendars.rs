//! The calendars to subscribe to: one `.ics` per track, per room and per speaker, each holding
//! that track's, room's or speaker's scheduled talks with the events of `schedule.ics` (same
//! UIDs), so following a track in a calendar app shows its changes and never duplicates a talk
//! already imported from the whole programme. Paths come from [`crate::layout`].

use std::io::Write;

use super::context::Context;
use super::ics;
use crate::model::{SpeakerId, TalkId, TrackId};

/// Which calendar: a track's, a room's (its index in the programme's rooms) or a speaker's.
#[derive(Debug, Clone, Copy)]
pub enum Of {
    Track(TrackId),
    Room(usize),
    Speaker(SpeakerId),
}

/// Writes the calendar of `of`.
pub fn write(cx: &Context, of: Of, w: &mut impl Write) -> std::io::Result<()> {
    let site = cx.site;
    let (key, name, ids): (&str, &str, Vec<TalkId>) = match of {
        Of::Track(id) => {
            let t = site.track(id);
            ("calendar_track", &t.name, t.talks.clone())
        }
        Of::Speaker(id) => {
            let s = site.speaker(id);
            ("calendar_speaker", &s.name, s.talks.clone())
        }
        Of::Room(i) => {
            let p = &cx.views.programme;
            (
                "calendar_room",
                p.rooms[i].as_str(),
                p.room_talks[i].clone(),
            )
        }
    };
    ics::write_calendar(cx, &calendar_name(cx, key, name), &ids, w, false)
}

/// The calendar's name (`X-WR-CALNAME`) in the site's language: the UI string `key` with the
/// conference and the track, room or speaker filled in.
fn calendar_name(cx: &Context, key: &str, name: &str) -> String {
    let template = cx
        .views
        .strings
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "{site} · {name}".to_owned());
    template
        .replace("{site}", &cx.site.conference.name)
        .replace("{name}", name)
}
