//! schema.org JSON-LD for rich previews: an `Event` per talk (with its `performer`s and
//! `location`), a `Person` per speaker. Built with serde_json, then made safe to sit inside
//! `<script>`: `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX` escapes, which JSON reads back
//! as the same characters, so no title can close the script element.

use serde_json::{json, Map, Value as Json};
use tera::Value;

use super::views::Views;
use crate::layout;
use crate::model::{Site, SpeakerId, TalkId};

/// The `<script type="application/ld+json">` body for a talk page, as a safe template value.
pub fn talk(site: &Site, views: &Views, id: TalkId) -> Value {
    Value::safe_string(&script_safe(&talk_json(site, views, id)))
}

/// The JSON-LD body for a speaker page, as a safe template value.
pub fn speaker(site: &Site, views: &Views, id: SpeakerId) -> Value {
    Value::safe_string(&script_safe(&speaker_json(site, views, id)))
}

/// Serialises `value` so it can be placed verbatim between `<script>` and `</script>`.
pub fn script_safe(value: &Json) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = 0;
    // Bytes, not chars: every character to escape starts with a byte of its own (U+2028 and
    // U+2029 with 0xE2), and a talk's JSON-LD is kilobytes long on every talk page.
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => "\\u2028",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => "\\u2029",
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(escaped);
        done = i + if *b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&text[done..]);
    out
}

/// A page URL for JSON-LD: absolute when the site has a base URL, else the site path.
fn url(views: &Views, rel: &str) -> String {
    if views.urls.is_absolute() {
        views.urls.absolute(rel)
    } else {
        views.urls.path(rel)
    }
}

fn person(site: &Site, views: &Views, id: SpeakerId) -> Map<String, Json> {
    let s = site.speaker(id);
    let mut p = Map::new();
    p.insert("@type".into(), json!("Person"));
    p.insert("name".into(), json!(s.name));
    p.insert("url".into(), json!(url(views, &layout::speaker(&s.slug))));
    if let Some(a) = &s.affiliation {
        p.insert(
            "affiliation".into(),
            json!({"@type": "Organization", "name": a}),
        );
    }
    p
}

pub fn talk_json(site: &Site, views: &Views, id: TalkId) -> Json {
    let t = site.talk(id);
    let c = &site.conference;
    let mut ev = Map::new();
    ev.insert("@context".into(), json!("https://schema.org"));
    ev.insert("@type".into(), json!("Event"));
    ev.insert("name".into(), json!(t.title));
    ev.insert("url".into(), json!(url(views, &layout::talk(&t.slug))));
    let summary = views.summary(id);
    if !summary.is_empty() {
        ev.insert("description".into(), json!(summary));
    }
    let performers: Vec<Json> = t
        .speakers
        .iter()
        .map(|s| Json::Object(person(site, views, *s)))
        .collect();
    if !performers.is_empty() {
        ev.insert("performer".into(), Json::Array(performers));
    }
    let when = |local| c.time_text(local);
    match (&t.slot, t.day()) {
        (Some(slot), _) => {
            ev.insert("startDate".into(), json!(when(slot.start())));
            ev.insert("endDate".into(), json!(when(slot.end())));
        }
        (None, Some(day)) => {
            ev.insert("startDate".into(), json!(day.to_string()));
        }
        _ => {}
    }
    let mut place = Map::new();
    place.insert("@type".into(), json!("Place"));
    match (t.slot.as_ref().map(|s| s.room()), &c.venue) {
        (Some(room), Some(venue)) => {
            place.insert("name".into(), json!(room));
            place.insert("address".into(), json!(venue));
        }
        (Some(room), None) => {
            place.insert("name".into(), json!(room));
        }
        (None, Some(venue)) => {
            place.insert("name".into(), json!(venue));
        }
        (None, None) => {}
    }
    if place.len() > 1 {
        ev.insert("location".into(), Json::Object(place));
    }
    ev.insert(
        "eventAttendanceMode".into(),
        json!("https://schema.org/OfflineEventAttendanceMode"),
    );
    ev.insert(
        "superEvent".into(),
        json!({"@type": "Event", "name": c.name, "url": url(views, "")}),
    );
    let mut keywords = vec![site.track(t.track).name.clone()];
    keywords.extend(t.tags.iter().cloned());
    ev.insert("keywords".into(), json!(keywords.join(", ")));
    Json::Object(ev)
}

pub fn speaker_json(site: &Site, views: &Views, id: SpeakerId) -> Json {
    let s = site.speaker(id);
    let mut p = person(site, views, id);
    p.insert("@context".into(), json!("https://schema.org"));
    let bio = super::summary::speaker_summary(s);
    if !bio.is_empty() {
        p.insert("description".into(), json!(bio));
    }
    if let Some(photo) = &s.photo {
        let u = if photo.is_site_relative() && views.urls.is_absolute() {
            views.urls.absolute(&photo.as_str()[1..])
        } else {
            views.urls.link(photo)
        };
        p.insert("image".into(), json!(u));
    }
    let same_as: Vec<String> = s
        .links
        .iter()
        .filter(|(_, l)| !l.is_site_relative())
        .map(|(_, l)| l.as_str().to_owned())
        .collect();
    if !same_as.is_empty() {
        p.insert("sameAs".into(), json!(same_as));
    }
    Json::Object(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_escapes_what_could_end_the_script() {
        let v = json!({"name": "</script><b>&\u{2028}\u{2029}"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Json = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
