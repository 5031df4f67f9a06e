//! The small pieces every view is built of: a builder for Tera maps, and the links to a
//! calendar. Below views, schedule and changes, which all use them.

use std::collections::BTreeMap;

use tera::Value;

use crate::layout::{self, Urls};
use crate::model::Html;

/// A small builder for Tera maps.
#[derive(Default)]
pub struct Obj(BTreeMap<&'static str, Value>);

impl Obj {
    pub fn new() -> Obj {
        Obj(BTreeMap::new())
    }
    pub fn set(mut self, k: &'static str, v: impl Into<Value>) -> Obj {
        self.0.insert(k, v.into());
        self
    }
    /// Rendered Markdown, shared with the model rather than copied.
    pub fn html(self, k: &'static str, html: &Html) -> Obj {
        self.set(k, html.value().clone())
    }
    pub fn build(self) -> Value {
        Value::from(self.0)
    }
}

/// The links to a calendar to subscribe to (`{url, webcal}`, `webcal` only with an absolute
/// base URL), or none when the site has no schedule and so no calendars.
pub(crate) fn calendar_links(has_schedule: bool, urls: &Urls, ics: &str) -> Value {
    if !has_schedule {
        return Value::none();
    }
    Obj::new()
        .set("url", urls.path(ics))
        .set(
            "webcal",
            urls.is_absolute()
                .then(|| layout::webcal(&urls.absolute(ics)))
                .flatten(),
        )
        .build()
}
