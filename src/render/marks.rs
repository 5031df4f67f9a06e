//! The "changed since" mark on the talks the latest released version changed
//! (`partials/change_mark.html`, the schedule's badge).

use tera::Value;

use super::value::Obj;
use crate::layout::{self, Urls};
use crate::model::versions::History;
use crate::model::TalkId;

/// The talk values with a `change` key on those the latest version changed; the rest as
/// they are (a site without versions gets its values back untouched).
pub fn mark_talks(history: &History, talks: Vec<Value>, urls: &Urls) -> Vec<Value> {
    if history.previous().is_none() {
        return talks;
    }
    (talks.into_iter().enumerate())
        .map(|(i, value)| mark(history, TalkId(i as u32), value, urls))
        .collect()
}

/// A talk's value with its `change` key when the latest version changed it (`serve` marks a
/// value it made again after an edit).
pub fn mark(history: &History, id: TalkId, value: Value, urls: &Urls) -> Value {
    let (Some(prev), Some(c)) = (history.previous(), history.latest_change(id)) else {
        return value;
    };
    let anchor = urls.path(&layout::version_anchor(history.versions.len() as u32));
    let mark = Obj::new()
        .set("since", prev.name.as_str())
        .set("url", anchor)
        .set("new", c.new)
        .set("moved", c.moved.is_some())
        .set("renamed", c.renamed.is_some())
        .set("speakers", c.speakers.is_some())
        .set("track", c.track.is_some())
        .build();
    match value.into_map() {
        Some(mut map) => {
            map.insert("change".into(), mark);
            Value::from(map)
        }
        None => Value::none(),
    }
}
