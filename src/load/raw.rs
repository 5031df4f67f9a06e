//! The files' shapes as serde sees them, before validation.
//!
//! `deny_unknown_fields` everywhere: `speeker:` is a typo to report, not a key to ignore. Dates and
//! URLs stay strings here; `load` turns them into typed values and reports where they are wrong.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConference {
    pub name: String,
    #[serde(default)]
    pub tagline: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    /// Room names in the order schedules show them (written by `talkgen import`).
    #[serde(default)]
    pub rooms: Vec<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub levels: Option<Vec<String>>,
    pub tracks: Vec<RawTrack>,
    #[serde(default)]
    pub pages: Vec<RawPage>,
    /// Pass raw HTML in Markdown through unsanitised (see docs/content.md for the risk).
    #[serde(default)]
    pub trusted_html: bool,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub strings: OrderedStrings,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub favicon: Option<String>,
    #[serde(default)]
    pub social_image: Option<String>,
    #[serde(default)]
    pub accent: Option<String>,
    #[serde(default)]
    pub links: Vec<RawCallToAction>,
    #[serde(default)]
    pub day_change: Option<String>,
    #[serde(default)]
    pub feed_limit: Option<u32>,
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
    /// Keep the programme readable offline with a service worker (docs/offline.md).
    #[serde(default)]
    pub offline: Option<bool>,
}

/// A call-to-action link of the overview's hero.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallToAction {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    pub title: String,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub room: Option<String>,
}

/// A free-form page's front matter (`content/pages/*.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArticle {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default = "yes")]
    pub nav: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrack {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub tracks: Option<Vec<String>>,
    #[serde(default)]
    pub talks: Option<Vec<String>>,
}

/// Where an imported entry came from, so a re-import can find it again.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub system: String,
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTalk {
    pub title: String,
    #[serde(default)]
    pub speakers: Vec<String>,
    pub track: String,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "abstract")]
    pub abstract_: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub slot: Option<RawSlot>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub slides: Option<String>,
    #[serde(default)]
    pub video: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub source: Option<RawSource>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    pub start: String,
    pub end: String,
    pub room: String,
    #[serde(default)]
    pub plenary: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpeaker {
    pub name: String,
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub photo: Option<String>,
    #[serde(default)]
    pub links: OrderedStrings,
    #[serde(default)]
    pub bio: Option<String>,
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// A `label: URL` map that keeps the written order and rejects a label given twice
/// (serde_yaml would silently keep the last one).
#[derive(Debug, Clone, Default)]
pub struct OrderedStrings(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedStrings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedStrings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of label: URL")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, String)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    if out.iter().any(|(seen, _)| *seen == k) {
                        return Err(serde::de::Error::custom(format!("duplicate link `{k}`")));
                    }
                    out.push((k, v));
                }
                Ok(OrderedStrings(out))
            }
        }
        d.deserialize_map(V)
    }
}
