//! `changes.xml`: an Atom feed of the programme's changes, one entry per released version
//! (newest first) listing what it changed, written with `atom_syndication` as `feed.xml` is.
//! Written only when the site has versions (docs/versions.md).

use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};

use super::context::Context;
use super::stamps::to_chrono;
use crate::layout;
use crate::model::versions::{Change, Place};
use crate::model::Slug;
use crate::render::changes::place_text;

/// A UI string of the site's language.
fn ui(cx: &Context, key: &str) -> String {
    (cx.views.strings.as_map())
        .and_then(|m| m.get(&tera::value::Key::from(key.to_owned())))
        .and_then(|v| v.as_str())
        .unwrap_or(key)
        .to_owned()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The lines of one version's entry: `Moved: Title (old → new)`, one per change and kind.
pub fn lines(cx: &Context, changes: &[Change]) -> Vec<String> {
    let conf = &cx.site.conference;
    let place = |p: &Option<Place>| match p {
        Some(p) => place_text(conf, p),
        None => ui(cx, "change_unscheduled"),
    };
    let tba = ui(cx, "speaker_to_be_announced");
    let names = |n: &Vec<String>| {
        if n.is_empty() {
            tba.clone()
        } else {
            n.join(", ")
        }
    };
    let mut out = Vec::new();
    for c in changes {
        let line = |key: &str, detail: Option<(String, String)>| match detail {
            Some((a, b)) => format!("{}: {} ({a} → {b})", ui(cx, key), c.title),
            None => format!("{}: {}", ui(cx, key), c.title),
        };
        if c.new {
            out.push(line("change_new", None));
        }
        if let Some((a, b)) = &c.moved {
            out.push(line("change_moved", Some((place(a), place(b)))));
        }
        if let Some((a, b)) = &c.renamed {
            out.push(line("change_renamed", Some((a.clone(), b.clone()))));
        }
        if let Some((a, b)) = &c.speakers {
            out.push(line("change_speakers", Some((names(a), names(b)))));
        }
        if let Some((a, b)) = &c.track {
            out.push(line("change_track", Some((a.clone(), b.clone()))));
        }
        if c.cancelled {
            out.push(line("change_cancelled", None));
        }
    }
    out
}

/// Writes the feed into `w`.
pub fn write(cx: &Context, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let (site, views) = (cx.site, cx.views);
    let urls = &views.urls;
    let conf_slug = Slug::from_text(&site.conference.name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| "conference".into());
    let id = |n: Option<usize>| match (urls.is_absolute(), n) {
        (true, Some(n)) => urls.absolute(&layout::version_anchor(n as u32)),
        (true, None) => urls.absolute(layout::CHANGES),
        (false, Some(n)) => format!("urn:talkgen:{conf_slug}:version:{n}"),
        (false, None) => format!("urn:talkgen:{conf_slug}:changes"),
    };
    let link = |href: String, rel: &str, mime: &str| Link {
        href,
        rel: rel.to_owned(),
        mime_type: Some(mime.to_owned()),
        ..Link::default()
    };
    let history = &views.history;
    let entries: Vec<Entry> = (history.versions.iter().enumerate().rev())
        .map(|(i, v)| {
            let n = i + 1;
            let lines = if i == 0 {
                vec![ui(cx, "version_first")]
            } else {
                lines(cx, &v.changes)
            };
            let html: String = lines
                .iter()
                .map(|l| format!("<li>{}</li>", esc(l)))
                .collect();
            Entry {
                title: Text::plain(v.name.clone()),
                id: id(Some(n)),
                updated: to_chrono(v.released).fixed_offset(),
                links: vec![link(
                    urls.best(&layout::version_anchor(n as u32)),
                    "alternate",
                    "text/html",
                )],
                content: Some(Content {
                    value: Some(format!("<ul>{html}</ul>")),
                    content_type: Some("html".into()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    let updated = history.latest().map(|v| v.released).unwrap_or_default();
    let feed = Feed {
        title: Text::plain(format!(
            "{} · {}",
            ui(cx, "changes_title"),
            site.conference.name
        )),
        id: id(None),
        updated: to_chrono(updated).fixed_offset(),
        authors: vec![Person {
            name: site.conference.name.clone(),
            uri: Some(urls.best("")),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "talkgen".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Generator::default()
        }),
        links: vec![
            link(urls.best(layout::CHANGES), "alternate", "text/html"),
            link(
                urls.best(layout::CHANGES_FEED),
                "self",
                "application/atom+xml",
            ),
        ],
        lang: Some(site.conference.locale.tag().into()),
        entries,
        ..Feed::default()
    };
    feed.write_to(w).map_err(std::io::Error::other)?;
    Ok(())
}
