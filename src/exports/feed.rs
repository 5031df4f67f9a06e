//! `feed.xml`: an Atom feed (RFC 4287) of the talks, written with `atom_syndication`.
//!
//! Entries are in listing order; `updated` is when the talk's file last changed (see
//! [`Stamps`]). Ids are the talks' absolute URLs when the site has a base URL, and stable
//! `urn:talkgen:` names otherwise, with links relative to the site root.

use atom_syndication::{
    Category, Content, Entry, Feed, Generator, Link, Person, Text, WriteConfig,
};

use super::context::{write_in_chunks, Context};
use super::stamps::to_chrono;
use crate::layout;
use crate::model::{Slug, TalkId};

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Link::default()
    }
}

/// Streams the Atom feed into `w`.
pub fn write(cx: &Context, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let (site, views, stamps) = (cx.site, cx.views, &cx.stamps);
    let urls = &views.urls;
    let absolute = urls.is_absolute();
    let url = |rel: &str| urls.best(rel);
    let conf_slug = Slug::from_text(&site.conference.name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| "conference".into());
    let id = |rel: &str, kind: &str, slug: &str| {
        if absolute {
            urls.absolute(rel)
        } else if slug.is_empty() {
            format!("urn:talkgen:{conf_slug}")
        } else {
            format!("urn:talkgen:{conf_slug}:{kind}:{slug}")
        }
    };
    let entry = |tid| {
        let t = site.talk(tid);
        let rel = layout::talk(&t.slug);
        let mut html = t.description.html.as_str().to_owned();
        html.push_str(&t.abstract_.html);
        let summary = views.summary(tid).to_owned();
        let mut categories = vec![Category {
            term: site.track(t.track).slug.as_str().to_owned(),
            label: Some(site.track(t.track).name.clone()),
            ..Category::default()
        }];
        categories.extend(t.tags.iter().map(|tag| Category {
            term: tag.clone(),
            ..Category::default()
        }));
        Entry {
            title: Text::plain(t.title.clone()),
            id: id(&rel, "talk", t.slug.as_str()),
            updated: to_chrono(stamps.talk(tid)).fixed_offset(),
            authors: t
                .speakers
                .iter()
                .map(|s| {
                    let s = site.speaker(*s);
                    Person {
                        name: s.name.clone(),
                        uri: Some(url(&layout::speaker(&s.slug))),
                        ..Person::default()
                    }
                })
                .collect(),
            categories,
            links: vec![link(url(&rel), "alternate", Some("text/html"))],
            summary: (!summary.is_empty()).then(|| Text::plain(summary)),
            content: (!html.is_empty()).then(|| Content {
                value: Some(html),
                content_type: Some("html".into()),
                ..Content::default()
            }),
            ..Entry::default()
        }
    };
    let mut links = vec![link(url(""), "alternate", Some("text/html"))];
    links.push(link(
        url(layout::FEED),
        "self",
        Some("application/atom+xml"),
    ));
    let feed = Feed {
        title: Text::plain(site.conference.name.clone()),
        subtitle: site.conference.tagline.clone().map(Text::plain),
        id: id("", "", ""),
        updated: to_chrono(stamps.latest()).fixed_offset(),
        // Talks to be announced have no speaker: the conference authors the feed.
        authors: vec![Person {
            name: site.conference.name.clone(),
            uri: Some(url("")),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "talkgen".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Generator::default()
        }),
        links,
        lang: Some(site.conference.locale.tag().into()),
        ..Feed::default()
    };
    // One entry at a time into the file, so the feed never holds every talk's HTML: the feed
    // is written without entries, and each entry goes before its closing tag.
    let head = feed.write_to(Vec::new()).map_err(std::io::Error::other)?;
    let close = head
        .windows(CLOSE.len())
        .rposition(|w| w == CLOSE)
        .unwrap_or(head.len());
    w.write_all(&head[..close])?;
    let config = WriteConfig {
        write_document_declaration: false,
        indent_size: None,
    };
    // Entries are made a chunk at a time on every core (one by one, the feed was the last file
    // of a big build, written on one core after the pages were done).
    write_in_chunks(&latest(cx), b"", w, |&tid| {
        let mut buf = entry(tid)
            .write_with_config(Vec::new(), config)
            .map_err(std::io::Error::other)?;
        // A standalone entry declares the Atom namespace; inside the feed it inherits it.
        if buf.starts_with(ENTRY_XMLNS) {
            buf.splice(..ENTRY_XMLNS.len(), b"<entry".iter().copied());
        }
        Ok(buf)
    })?;
    w.write_all(&head[close..])
}

const CLOSE: &[u8] = b"</feed>";
const ENTRY_XMLNS: &[u8] = b"<entry xmlns=\"http://www.w3.org/2005/Atom\"";

/// The talks the feed holds: the `feed_limit` most recently changed (what a feed reader shows
/// as new), newest first; talks changed at the same time keep their listing order.
fn latest(cx: &Context) -> Vec<TalkId> {
    let mut ids = cx.site.talks_in_order();
    // A stable sort: equal stamps stay in listing order.
    ids.sort_by_key(|&id| std::cmp::Reverse(cx.stamps.talk(id)));
    ids.truncate(cx.site.conference.feed_limit);
    ids
}
