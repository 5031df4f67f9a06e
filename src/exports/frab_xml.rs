//! `schedule.xml`: frab's XML schedule, valid against the c3voc `schedule.xml.xsd`.
//!
//! Written with quick-xml's writer, which escapes text and attributes; only URLs the XSD accepts
//! (absolute http(s)) are written, so a site without an absolute `base_url` leaves `url` out.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::programme::{hh_mm, rfc3339, Schedule};

type IoResult = std::io::Result<()>;

fn text<W: std::io::Write>(w: &mut Writer<W>, name: &str, value: &str) -> IoResult {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn is_http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The XSD's track slug: a letter first, then at least one letter, digit or hyphen.
fn is_xsd_slug(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Streams the schedule as frab XML into `out`, never holding the whole file in memory.
pub fn write_xml<O: std::io::Write>(s: &Schedule, out: O) -> IoResult {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    write(&mut w, s)?;
    w.into_inner().write_all(b"\n")
}

fn write<W: std::io::Write>(w: &mut Writer<W>, s: &Schedule) -> IoResult {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", "talkgen"))
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_empty()?;
        text(w, "version", &s.version)?;
        w.create_element("conference").write_inner_content(|w| {
            text(w, "title", &s.title)?;
            text(w, "acronym", &s.acronym)?;
            text(w, "start", &s.start.to_string())?;
            text(w, "end", &s.end.to_string())?;
            text(w, "days", &s.days.len().to_string())?;
            text(w, "timeslot_duration", super::programme::TIMESLOT)?;
            if let Some(base) = s.base_url.as_deref().filter(|u| is_http(u)) {
                text(w, "base_url", base)?;
                text(w, "url", base)?;
            }
            text(w, "time_zone_name", &s.timezone)?;
            for (name, slug) in &s.tracks {
                let mut el = w
                    .create_element("track")
                    .with_attribute(("name", name.as_str()));
                if is_xsd_slug(slug) {
                    el = el.with_attribute(("slug", slug.as_str()));
                }
                el.write_empty()?;
            }
            Ok(())
        })?;
        for day in &s.days {
            w.create_element("day")
                .with_attribute(("index", day.index.to_string().as_str()))
                .with_attribute(("date", day.date.to_string().as_str()))
                .with_attribute(("start", rfc3339(&day.start).as_str()))
                .with_attribute(("end", rfc3339(&day.end).as_str()))
                .write_inner_content(|w| {
                    for (room, events) in &day.rooms {
                        let guid = s
                            .rooms
                            .iter()
                            .find(|(n, _)| n == room)
                            .map(|(_, g)| g.as_str());
                        let mut el = w
                            .create_element("room")
                            .with_attribute(("name", room.as_str()));
                        if let Some(g) = guid {
                            el = el.with_attribute(("guid", g));
                        }
                        el.write_inner_content(|w| {
                            for e in events {
                                write_event(w, e)?;
                            }
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_event<W: std::io::Write>(w: &mut Writer<W>, e: &super::programme::Event) -> IoResult {
    let id = e.id.to_string();
    let mut el = w
        .create_element("event")
        .with_attribute(("guid", e.guid.as_str()))
        .with_attribute(("id", id.as_str()));
    // The XSD's pretalx code is exactly six characters.
    if let Some(code) = e.code.as_deref().filter(|c| c.len() == 6) {
        el = el.with_attribute(("code", code));
    }
    el.write_inner_content(|w| {
        text(w, "date", &rfc3339(&e.start))?;
        text(w, "start", &e.start.strftime("%H:%M").to_string())?;
        text(w, "duration", &hh_mm(e.minutes))?;
        text(w, "room", &e.room)?;
        text(w, "slug", &e.slug)?;
        if is_http(&e.url) {
            text(w, "url", &e.url)?;
        }
        text(w, "title", e.title)?;
        text(w, "subtitle", "")?;
        text(w, "track", e.track)?;
        text(w, "type", "Talk")?;
        text(w, "abstract", e.summary)?;
        text(w, "description", e.description)?;
        w.create_element("persons").write_inner_content(|w| {
            for p in &e.persons {
                w.create_element("person")
                    .with_attribute(("id", p.id.to_string().as_str()))
                    .with_attribute(("guid", p.guid.as_str()))
                    .write_text_content(BytesText::new(p.name))?;
            }
            Ok(())
        })?;
        w.create_element("links").write_inner_content(|w| {
            for (url, title, kind) in &e.links {
                w.create_element("link")
                    .with_attribute(("href", url.as_str()))
                    .with_attribute(("type", *kind))
                    .write_text_content(BytesText::new(title))?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}
