//! What templates see of the released versions: the changes page (`changes.html`, each
//! version newest first, its changes grouped by kind) and the "changed since" mark on the
//! talks the latest version changed (`partials/change_mark.html`).

use std::collections::HashMap;

use tera::Value;

use super::value::Obj;
use super::Views;
use crate::i18n::Locale;
use crate::layout;
use crate::model::versions::{Change, Place};
use crate::model::{Conference, Site};

/// The changes page's value: every version, newest first.
pub fn view(site: &Site, views: &Views) -> Value {
    let conf = &site.conference;
    let urls = &views.urls;
    let talk_url: HashMap<String, String> = site
        .talks
        .iter()
        .map(|t| {
            let url = urls.path(&layout::talk(&t.slug));
            (crate::model::versions::stable_id(t), url)
        })
        .collect();
    let versions: Vec<Value> = (views.history.versions.iter().enumerate().rev())
        .map(|(i, v)| {
            let items =
                |keep: fn(&Change) -> bool, from_to: &dyn Fn(&Change) -> Option<(Value, Value)>| {
                    let list: Vec<Value> = (v.changes.iter().filter(|c| keep(c)))
                        .map(|c| {
                            let (from, to) = from_to(c).unwrap_or((Value::none(), Value::none()));
                            Obj::new()
                                .set("title", c.title.as_str())
                                .set("url", talk_url.get(&c.id).cloned())
                                .set("from", from)
                                .set("to", to)
                                .build()
                        })
                        .collect();
                    Value::from(list)
                };
            let place = |p: &Option<Place>| p.as_ref().map(|p| place_text(conf, p)).into();
            let names = |n: &Vec<String>| Value::from(n.join(", "));
            Obj::new()
                .set("number", i + 1)
                .set("anchor", format!("version-{}", i + 1))
                .set("name", v.name.as_str())
                .set("released", released_date(conf, v.released))
                .set("released_iso", v.released.to_string())
                .set("talk_count", v.talks)
                .set("first", i == 0)
                .set("change_count", v.changes.len())
                .set("new", items(|c| c.new, &|_| None))
                .set(
                    "moved",
                    items(|c| c.moved.is_some(), &|c| {
                        c.moved.as_ref().map(|(a, b)| (place(a), place(b)))
                    }),
                )
                .set(
                    "renamed",
                    items(|c| c.renamed.is_some(), &|c| {
                        c.renamed
                            .as_ref()
                            .map(|(a, b)| (a.as_str().into(), b.as_str().into()))
                    }),
                )
                .set(
                    "speakers",
                    items(|c| c.speakers.is_some(), &|c| {
                        c.speakers.as_ref().map(|(a, b)| (names(a), names(b)))
                    }),
                )
                .set(
                    "track",
                    items(|c| c.track.is_some(), &|c| {
                        c.track
                            .as_ref()
                            .map(|(a, b)| (a.as_str().into(), b.as_str().into()))
                    }),
                )
                .set("cancelled", items(|c| c.cancelled, &|_| None))
                .build()
        })
        .collect();
    Obj::new()
        .set("versions", versions)
        .set("feed_url", urls.path(layout::CHANGES_FEED))
        .build()
}

/// "Sat 20 Aug 10:00–10:45, Robertson Auditorium", in the site's language.
pub fn place_text(conf: &Conference, p: &Place) -> String {
    let locale: &Locale = &conf.locale;
    format!(
        "{} {}–{}, {}",
        locale.day_label(conf.day_of(p.start)),
        locale.time(p.start.time()),
        locale.time(p.end.time()),
        p.room
    )
}

/// The day a version was released, in the conference's time zone (UTC without one).
pub fn released_date(conf: &Conference, ts: jiff::Timestamp) -> String {
    let tz = conf.timezone.clone().unwrap_or(jiff::tz::TimeZone::UTC);
    conf.locale.date(ts.to_zoned(tz).date())
}
