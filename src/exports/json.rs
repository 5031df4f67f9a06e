//! `talks.json`: every talk with its speakers, track, level, tags, slot and links, for apps and
//! bots. The shape is pinned by `docs/talks.schema.json` (JSON Schema 2020-12) and documented in
//! `docs/outputs.md`; fields are only ever added, and `version` changes if one ever has to go.

use serde::Serialize;

use super::context::{write_in_chunks, Context};
use crate::layout;
use crate::model::{Tag as SiteTag, TalkId};

/// The format version of `talks.json`.
pub const VERSION: u32 = 1;

/// `docs/talks.schema.json`, the schema `talks.json` follows.
pub const SCHEMA: &str = include_str!("../../docs/talks.schema.json");

/// How deep a talk sits in `talks.json`: in the top-level object's `talks` list.
const ITEM_INDENT: &[u8] = b"    ";

#[derive(Serialize)]
struct TalksJson<'a> {
    version: u32,
    generator: &'static str,
    conference: Conference<'a>,
    /// Written empty: [`write_talks_json`] writes the talks into it.
    talks: [(); 0],
}

#[derive(Serialize)]
struct Conference<'a> {
    name: &'a str,
    tagline: Option<&'a str>,
    start_date: Option<String>,
    end_date: Option<String>,
    timezone: Option<&'a str>,
    venue: Option<&'a str>,
    /// Absolute base URL, or `null` when the site has none (then every `url` is a path).
    base_url: Option<&'a str>,
    url: String,
    schedule_ics: Option<String>,
}

#[derive(Serialize)]
struct Talk<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    speakers: Vec<Speaker<'a>>,
    track: Named<'a>,
    level: Option<Named<'a>>,
    tags: Vec<Tag<'a>>,
    /// Plain text.
    summary: String,
    description_html: &'a str,
    abstract_html: &'a str,
    slot: Option<Slot<'a>>,
    date: Option<String>,
    slides: Option<String>,
    video: Option<String>,
    ics: Option<String>,
}

#[derive(Serialize)]
struct Speaker<'a> {
    slug: &'a str,
    name: &'a str,
    affiliation: Option<&'a str>,
    url: String,
    photo: Option<String>,
}

#[derive(Serialize)]
struct Named<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Tag<'a> {
    name: &'a str,
    url: Option<String>,
}

#[derive(Serialize)]
struct Slot<'a> {
    /// Local time with its UTC offset (`2016-08-20T10:00:00-07:00`), or local time alone when
    /// the conference has no time zone.
    start: String,
    end: String,
    room: &'a str,
    duration_minutes: i64,
}

/// Streams `talks.json` into `w` (~60 MB at 20,000 talks, never whole in memory).
pub fn write<W: std::io::Write>(cx: &Context, w: &mut W) -> std::io::Result<()> {
    let (site, views) = (cx.site, cx.views);
    let urls = &views.urls;
    // Absolute where the site has a base URL, site paths otherwise.
    let url = |rel: &str| urls.best(rel);
    let link = |l: &crate::model::Link| {
        let u = urls.link(l);
        if l.is_site_relative() && urls.is_absolute() {
            urls.absolute(&l.as_str()[1..])
        } else {
            u
        }
    };
    let c = &site.conference;
    let time = |local| c.time_text(local);
    let make = |id: TalkId| {
        let t = site.talk(id);
        let track = site.track(t.track);
        Talk {
            slug: t.slug.as_str(),
            title: &t.title,
            url: url(&layout::talk(&t.slug)),
            speakers: t
                .speakers
                .iter()
                .map(|s| {
                    let s = site.speaker(*s);
                    Speaker {
                        slug: s.slug.as_str(),
                        name: &s.name,
                        affiliation: s.affiliation.as_deref(),
                        url: url(&layout::speaker(&s.slug)),
                        photo: s.photo.as_ref().map(link),
                    }
                })
                .collect(),
            track: Named {
                slug: track.slug.as_str(),
                name: &track.name,
                url: url(&layout::track(&track.slug)),
            },
            level: t.level.map(|l| {
                let l = site.level(l);
                Named {
                    slug: l.slug.as_str(),
                    name: &l.name,
                    url: url(&layout::level(&l.slug)),
                }
            }),
            tags: t
                .tags
                .iter()
                .map(|name| Tag {
                    name,
                    url: SiteTag::slug_of(name).map(|s| url(&layout::tag(&s))),
                })
                .collect(),
            summary: views.summary(id).to_owned(),
            description_html: &t.description.html,
            abstract_html: &t.abstract_.html,
            slot: t.slot.as_ref().map(|s| Slot {
                start: time(s.start()),
                end: time(s.end()),
                room: s.room(),
                // Real minutes: a slot across a daylight-saving change is not its
                // wall-clock difference.
                duration_minutes: match (c.instant(s.start()), c.instant(s.end())) {
                    (Some(a), Some(b)) => b.as_second().saturating_sub(a.as_second()) / 60,
                    _ => s.start().duration_until(s.end()).as_secs() / 60,
                },
            }),
            date: t.day().map(|d| d.to_string()),
            slides: t.slides.as_ref().map(link),
            video: t.video.as_ref().map(link),
            ics: t.slot.as_ref().map(|_| url(&layout::talk_ics(&t.slug))),
        }
    };
    let doc = TalksJson {
        version: VERSION,
        generator: concat!("talkgen ", env!("CARGO_PKG_VERSION")),
        conference: Conference {
            name: &c.name,
            tagline: c.tagline.as_deref(),
            start_date: c.start_date.map(|d| d.to_string()),
            end_date: c.end_date.map(|d| d.to_string()),
            timezone: c.timezone_name.as_deref(),
            venue: c.venue.as_deref(),
            base_url: urls.is_absolute().then_some(urls.base_url.as_str()),
            url: url(""),
            schedule_ics: site.has_schedule().then(|| url(layout::SCHEDULE_ICS)),
        },
        talks: [(); 0],
    };
    // The document is written around an empty list, and the talks are made into it a chunk at
    // a time on every core, each one pretty-printed and indented to its depth (a JSON string
    // holds no raw line break, so every line break is the printer's). Made one by one, the
    // file was the last of a big build, written on one core after the pages were done; made
    // whole, it held ~19 MB at 20,000 talks.
    let ids = site.talks_in_order();
    let write = |w: &mut W| -> std::io::Result<()> {
        let head = serde_json::to_vec_pretty(&doc)?;
        let list = head
            .windows(2)
            .rposition(|p| p == b"[]")
            .unwrap_or(head.len());
        let (before, after) = head.split_at(list + 1);
        w.write_all(before)?;
        if !ids.is_empty() {
            w.write_all(b"\n")?;
            write_in_chunks(&ids, b",\n", w, |&id| {
                let talk = serde_json::to_vec_pretty(&make(id))?;
                let mut item = Vec::with_capacity(talk.len() + talk.len() / 8);
                item.extend_from_slice(ITEM_INDENT);
                for line in talk.split_inclusive(|&b| b == b'\n') {
                    item.extend_from_slice(line);
                    if line.ends_with(b"\n") {
                        item.extend_from_slice(ITEM_INDENT);
                    }
                }
                Ok(item)
            })?;
            w.write_all(b"\n  ")?;
        }
        w.write_all(after)?;
        w.write_all(b"\n")
    };
    write(w)
}
