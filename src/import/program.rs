//! The programme as an export gives it, in one neutral shape every reader ([`super::c3voc`],
//! [`super::frab_xml`], [`super::sessionize`]) fills, with the problems found on the way and the
//! helpers they share for text fields.

use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};

/// The CFP system an export came from; also the `source.system` written into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Pretalx,
    Frab,
    Sessionize,
}

impl System {
    pub fn as_str(self) -> &'static str {
        match self {
            System::Pretalx => "pretalx",
            System::Frab => "frab",
            System::Sessionize => "sessionize",
        }
    }
}

/// A time as an export gives it: wall-clock, with the UTC offset when the format carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceTime {
    pub civil: DateTime,
    pub offset: Option<Offset>,
}

impl SourceTime {
    /// Parses `2020-12-14T09:00:00+01:00`, `...Z` or a local `2020-12-14T09:00:00`.
    pub fn parse(s: &str) -> Option<SourceTime> {
        let s = s.trim();
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            // The civil part is what precedes the offset; the offset is their difference.
            let civil: DateTime = s.get(..19)?.parse().ok()?;
            let as_utc = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
            let secs = as_utc.as_second() - ts.as_second();
            let offset = Offset::from_seconds(i32::try_from(secs).ok()?).ok()?;
            return Some(SourceTime {
                civil,
                offset: Some(offset),
            });
        }
        let civil: DateTime = s.parse().ok()?;
        Some(SourceTime {
            civil,
            offset: None,
        })
    }

    /// `self` plus a span, keeping the offset (slots never cross a DST change in practice, and
    /// the loader converts with the real zone anyway).
    pub fn plus_minutes(self, minutes: i64) -> Option<SourceTime> {
        let civil = self
            .civil
            .checked_add(jiff::Span::new().minutes(minutes))
            .ok()?;
        Some(SourceTime { civil, ..self })
    }

    /// The text written into a talk's `slot`: local time in `tz` when both are known.
    pub fn to_slot_text(self, tz: Option<&jiff::tz::TimeZone>) -> String {
        match (self.offset, tz) {
            (Some(off), Some(tz)) => match off.to_timestamp(self.civil) {
                Ok(ts) => ts.to_zoned(tz.clone()).datetime().to_string(),
                Err(_) => self.civil.to_string(),
            },
            (Some(off), None) => {
                let secs = off.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
                format!("{}{sign}{h:02}:{m:02}", self.civil)
            }
            (None, _) => self.civil.to_string(),
        }
    }
}

/// A talk's place in the schedule, as the export gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSlot {
    pub start: SourceTime,
    pub end: SourceTime,
    pub room: String,
}

#[derive(Debug, Clone, Default)]
pub struct SourceTalk {
    /// The CFP system's id (pretalx code, frab id, Sessionize id): the key for re-imports.
    pub id: String,
    pub title: String,
    /// Track name as the export spells it.
    pub track: Option<String>,
    /// Short summary (c3voc `abstract`), Markdown.
    pub summary: Option<String>,
    /// Full text (c3voc `description`), Markdown: the talk file's body.
    pub body: Option<String>,
    pub slot: Option<SourceSlot>,
    /// Speaker ids, in billing order.
    pub speakers: Vec<String>,
    pub slides: Option<String>,
    pub video: Option<String>,
    /// Level name as the export spells it (Sessionize's "Level" category).
    pub level: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceSpeaker {
    pub id: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub photo: Option<String>,
    pub links: Vec<(String, String)>,
    pub bio: Option<String>,
}

/// A whole export, format-neutral.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub title: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub timezone: Option<String>,
    /// Track names, in the export's order.
    pub tracks: Vec<String>,
    /// Room names, in the export's order.
    pub rooms: Vec<String>,
    pub talks: Vec<SourceTalk>,
    pub speakers: Vec<SourceSpeaker>,
    /// What the reader did that the organiser should know (HTML converted, breaks skipped).
    pub notes: Vec<String>,
}

impl Program {
    pub(super) fn add_track(&mut self, name: &str) {
        if !name.trim().is_empty() && !self.tracks.iter().any(|t| t == name.trim()) {
            self.tracks.push(name.trim().to_owned());
        }
    }
    pub(super) fn add_room(&mut self, name: &str) {
        if !name.trim().is_empty() && !self.rooms.iter().any(|r| r == name.trim()) {
            self.rooms.push(name.trim().to_owned());
        }
    }
    /// Adds a speaker met in a talk, once per id; a later entry fills in what an earlier lacked.
    pub(super) fn add_speaker(&mut self, s: SourceSpeaker) {
        match self.speakers.iter_mut().find(|x| x.id == s.id) {
            Some(x) => {
                if x.bio.is_none() {
                    x.bio = s.bio;
                }
                if x.photo.is_none() {
                    x.photo = s.photo;
                }
            }
            None => self.speakers.push(s),
        }
    }
}

/// Problems found while reading an export: every one names the entry it belongs to.
pub struct Problems {
    file: PathBuf,
    pub diags: Diagnostics,
}

impl Problems {
    pub fn new(file: &Path) -> Problems {
        Problems {
            file: file.to_path_buf(),
            diags: Diagnostics::default(),
        }
    }
    pub fn error(&mut self, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(&self.file, msg));
    }
    pub fn error_at(&mut self, msg: impl Into<String>, line: usize, column: usize) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).at(Position::new(line, column)));
    }
    pub fn warning(&mut self, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(&self.file, msg));
    }
    pub fn into_result<T>(self, value: T) -> Result<(T, Diagnostics)> {
        if self.diags.has_errors() {
            Err(Error::Content(self.diags))
        } else {
            Ok((value, self.diags))
        }
    }
}

/// True when `text` holds HTML markup (tags), not just a stray `<`.
pub fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "<p>",
        "<p ",
        "<br",
        "<a ",
        "<ul",
        "<ol",
        "<li",
        "<em>",
        "<strong>",
        "<b>",
        "<i>",
        "<div",
        "<span",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<blockquote",
        "<pre",
        "<code",
        "<img",
        "<table",
        "</p>",
        "</a>",
        "<script",
        "<style",
        "<iframe",
    ];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|t| lower.contains(t))
}

/// HTML from frab or Sessionize → Markdown, so talk files stay editable text. Scripts, styles
/// and other active content are dropped; what the conversion cannot express is left out.
pub fn html_to_markdown(html: &str) -> String {
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "script", "style", "iframe", "object", "embed", "form", "head",
        ])
        .build();
    match converter.convert(html) {
        Ok(md) => md.trim().to_owned(),
        // htmd only fails on I/O of its own buffers; plain text is the safe fallback.
        Err(_) => ammonia::Builder::empty().clean(html).to_string(),
    }
}

/// Tidies a text field from an export: trims, treats empty as absent, converts HTML when the
/// format's texts are HTML (frab, Sessionize; pretalx texts are Markdown and kept as written).
pub fn text_field(
    value: Option<&str>,
    html: bool,
    what: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let v = value?.trim();
    if v.is_empty() {
        return None;
    }
    if html && looks_like_html(v) {
        notes.push(format!("{what}: HTML converted to Markdown"));
        let md = html_to_markdown(v);
        return (!md.is_empty()).then_some(md);
    }
    Some(v.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset() {
        let t = SourceTime::parse("2020-12-14T09:00:00+01:00").unwrap();
        assert_eq!(t.civil.to_string(), "2020-12-14T09:00:00");
        assert_eq!(t.offset, Some(Offset::from_hours(1).unwrap()));
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(t.to_slot_text(Some(&utc)), "2020-12-14T08:00:00");
        assert_eq!(t.to_slot_text(None), "2020-12-14T09:00:00+01:00");
        let local = SourceTime::parse("2019-09-25T09:00:00").unwrap();
        assert_eq!(local.offset, None);
        assert_eq!(
            local.plus_minutes(90).unwrap().civil.to_string(),
            "2019-09-25T10:30:00"
        );
    }

    #[test]
    fn html_becomes_markdown() {
        assert!(looks_like_html("<p>Hi <a href=\"https://x.org\">x</a></p>"));
        assert!(!looks_like_html("a < b and c > d"));
        let md =
            html_to_markdown("<p>Hi <a href=\"https://x.org\">x</a></p><script>bad()</script>");
        assert!(md.contains("[x](https://x.org)"), "{md}");
        assert!(!md.contains("bad()"), "{md}");
    }
}
