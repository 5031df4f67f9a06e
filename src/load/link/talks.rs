//! The talk files: each talk's speakers, track and level resolved, its slot, date and URLs
//! checked. [`link_talk`] does it for one file, for the whole load and for `serve` re-reading
//! one edited talk (`load::single`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::values::{parse_date, parse_datetime, parse_link};
use super::Linker;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::links;
use crate::load::locate::{Locator, Suggester};
use crate::load::parse::{Broken, Parsed};
use crate::load::raw::{RawSlot, RawTalk};
use crate::markdown::{self, MarkdownOptions};
use crate::model::*;

impl Linker<'_> {
    /// Adds every talk that links without error and is not a draft left out; the others' slugs
    /// are kept so pages and links naming them are not reported again.
    pub(super) fn add_talks(
        &mut self,
        talks: Vec<Parsed<RawTalk>>,
        broken: &Broken,
        tz: Option<&jiff::tz::TimeZone>,
        keep_drafts: bool,
    ) {
        // The first file of each slug, named when a second one has it.
        let mut talk_files: HashMap<String, PathBuf> = HashMap::new();
        for mut p in talks {
            let Some(slug) = p.slug.take() else { continue };
            if let Some(first) = talk_files.get(slug.as_str()) {
                self.diags.push(
                    Diagnostic::error(&p.file, format!("duplicate talk slug `{slug}`")).with_help(
                        format!(
                            "`{}` has the same slug; rename one of them",
                            first.display()
                        ),
                    ),
                );
                continue;
            }
            talk_files.insert(slug.as_str().to_owned(), p.file.clone());
            let cx = TalkContext {
                speaker_ids: &self.speaker_ids,
                broken_speakers: &broken.speakers,
                track_ids: &self.track_ids,
                tracks: &self.tracks,
                level_ids: &self.level_ids,
                levels: &self.levels,
                tz,
                drafts: keep_drafts,
                md: self.md,
                suggest: &self.suggest,
            };
            match link_talk(p, slug, &cx, self.diags) {
                LinkedTalk::Invalid(slug) => {
                    self.invalid_talks.insert(slug);
                }
                LinkedTalk::Draft(slug) => {
                    self.drafts.insert(slug);
                }
                LinkedTalk::Talk(talk, links) => {
                    self.talk_ids.insert(
                        talk.slug.as_str().to_owned(),
                        TalkId(self.talks.len() as u32),
                    );
                    self.pending.extend(links);
                    self.talks.push(*talk);
                }
            }
        }
    }
}

/// What one talk's references resolve against: the rest of the site, by slug.
pub(in crate::load) struct TalkContext<'a> {
    pub speaker_ids: &'a HashMap<String, SpeakerId>,
    /// Speaker files that failed to parse (already reported).
    pub broken_speakers: &'a HashSet<String>,
    pub track_ids: &'a HashMap<String, TrackId>,
    pub tracks: &'a [Track],
    pub level_ids: &'a HashMap<String, LevelId>,
    pub levels: &'a [Level],
    pub tz: Option<&'a jiff::tz::TimeZone>,
    /// Keep talks marked `draft: true`.
    pub drafts: bool,
    pub md: &'a MarkdownOptions,
    /// "Did you mean" within the load's budget.
    pub suggest: &'a Suggester,
}

/// One talk file after its references were resolved.
pub(in crate::load) enum LinkedTalk {
    /// The talk, and the site links of its Markdown, to check once every page is known.
    Talk(Box<Talk>, Vec<links::Pending>),
    /// Its problems were reported; the slug is not reported again where it is named.
    Invalid(String),
    /// A draft left out of the site.
    Draft(String),
}

/// Where a talk file's values are written, to point at them in messages.
struct TalkFile<'a> {
    file: &'a Path,
    loc: Locator<'a>,
}

impl TalkFile<'_> {
    fn at(&self, key: &str, value: &str) -> (Position, usize) {
        self.loc.span(key, value)
    }
}

/// A talk's references to the rest of the site, as ids (`None` where one was reported).
struct References {
    speakers: Vec<SpeakerId>,
    track: Option<TrackId>,
    level: Option<LevelId>,
}

/// A talk's values written as strings, typed (`None` where absent or reported).
struct Values {
    slot: Option<Slot>,
    date: Option<Date>,
    slides: Option<Link>,
    video: Option<Link>,
}

/// Resolves and checks one parsed talk file: what `load` does for every talk and `serve` for
/// an edited one (see `load::single`).
pub(in crate::load) fn link_talk(
    p: Parsed<RawTalk>,
    slug: Slug,
    cx: &TalkContext,
    diags: &mut Diagnostics,
) -> LinkedTalk {
    let mut pending = Vec::new();
    let RawTalk {
        title,
        speakers,
        track,
        level,
        description,
        abstract_: _,
        tags,
        slot,
        date,
        slides,
        video,
        weight,
        draft,
        source: origin,
    } = p.raw;
    let f = TalkFile {
        file: &p.file,
        loc: Locator::new(&p.yaml, p.yaml_first_line),
    };
    let before = diags.error_count();
    if title.trim().is_empty() {
        diags.push(Diagnostic::error(f.file, "`title` is empty").at(f.at("title", "")));
    }
    let refs = references(&f, &speakers, &track, level.as_deref(), cx, diags);
    let values = values(&f, slot, date, slides, video, cx.tz, diags);
    if diags.error_count() > before || refs.track.is_none() {
        // Reported already; pages and links naming it are not reported again.
        return LinkedTalk::Invalid(slug.as_str().to_owned());
    }
    let Some(track) = refs.track else {
        return LinkedTalk::Invalid(slug.as_str().to_owned());
    };
    if draft && !cx.drafts {
        return LinkedTalk::Draft(slug.as_str().to_owned());
    }
    let (description, found) =
        markdown::render_with_links(description.as_deref().unwrap_or(""), cx.md);
    pending.extend(links::in_yaml_at(f.file, &f.loc, "description", found));
    pending.extend(p.links);
    drop(f);
    let talk = Talk {
        slug,
        title,
        speakers: refs.speakers,
        track,
        level: refs.level,
        description,
        abstract_: p.body,
        tags,
        tag_ids: Vec::new(),
        slot: values.slot,
        date: values.date,
        slides: values.slides,
        video: values.video,
        weight,
        draft,
        origin: origin.map(|o| SourceRef {
            system: o.system,
            id: o.id,
        }),
        source: p.file,
        modified: p.modified,
    };
    LinkedTalk::Talk(Box::new(talk), pending)
}

/// The talk's speakers, track and level by slug, each unknown one reported with the nearest
/// existing slug or the list to choose from.
fn references(
    f: &TalkFile,
    speakers: &[String],
    track: &str,
    level: Option<&str>,
    cx: &TalkContext,
    diags: &mut Diagnostics,
) -> References {
    let TalkContext {
        speaker_ids,
        broken_speakers,
        track_ids,
        tracks,
        level_ids,
        levels,
        ..
    } = *cx;
    let mut speaker_list = Vec::with_capacity(speakers.len());
    let mut listed = HashSet::with_capacity(speakers.len());
    for s in speakers {
        match speaker_ids.get(s.as_str()) {
            Some(id) if !listed.insert(*id) => diags.push(
                Diagnostic::error(f.file, format!("speaker `{s}` is listed twice"))
                    .at(f.at("speakers", s)),
            ),
            Some(id) => speaker_list.push(*id),
            None if broken_speakers.contains(s) => {}
            None => {
                let mut d = Diagnostic::error(f.file, format!("unknown speaker `{s}`"))
                    .at(f.at("speakers", s));
                d = d.with_help(
                    cx.suggest
                        .did_you_mean(s, speaker_ids.keys().map(String::as_str))
                        .unwrap_or_else(|| format!("add content/speakers/{s}.md, or fix the slug")),
                );
                diags.push(d);
            }
        }
    }
    let track_id = match track_ids.get(track) {
        Some(id) => Some(*id),
        None => {
            let help = (cx.suggest)
                .did_you_mean(track, track_ids.keys().map(String::as_str))
                .unwrap_or_else(|| {
                    let all: Vec<&str> = tracks.iter().map(|t| t.slug.as_str()).collect();
                    format!("the tracks are: {}", all.join(", "))
                });
            diags.push(
                Diagnostic::error(f.file, format!("unknown track `{track}`"))
                    .at(f.at("track", track))
                    .with_help(help),
            );
            None
        }
    };
    let level_id = level.and_then(|l| match level_ids.get(l) {
        Some(id) => Some(*id),
        None => {
            let all: Vec<&str> = levels.iter().map(|l| l.slug.as_str()).collect();
            diags.push(
                Diagnostic::error(f.file, format!("unknown level `{l}`"))
                    .at(f.at("level", l))
                    .with_help(format!("the levels are: {}", all.join(", "))),
            );
            None
        }
    });
    References {
        speakers: speaker_list,
        track: track_id,
        level: level_id,
    }
}

/// The talk's slot (in the conference's time zone), date and URLs, each reported where it is
/// written when it does not parse.
fn values(
    f: &TalkFile,
    slot: Option<RawSlot>,
    date: Option<String>,
    slides: Option<String>,
    video: Option<String>,
    tz: Option<&jiff::tz::TimeZone>,
    diags: &mut Diagnostics,
) -> Values {
    let slot = slot.and_then(|s| {
        let start = parse_datetime(&s.start, tz);
        let end = parse_datetime(&s.end, tz);
        for (key, raw, parsed) in [("start", &s.start, start), ("end", &s.end, end)] {
            if parsed.is_none() {
                diags.push(
                    Diagnostic::error(f.file, format!("invalid slot {key} `{raw}`"))
                        .at(f.at(key, raw))
                        .with_help("write times as 2016-08-20T10:00:00 (local) or with an offset"),
                );
            }
        }
        if s.room.trim().is_empty() {
            diags.push(Diagnostic::error(f.file, "slot `room` is empty").at(f.at("room", "")));
        }
        let slot =
            Slot::new(start?, end?, s.room.trim().to_owned()).map(|x| x.with_plenary(s.plenary));
        if slot.is_none() {
            diags.push(
                Diagnostic::error(f.file, "the slot ends before it starts")
                    .at(f.at("end", &s.end))
                    .with_help(format!(
                        "`end` ({}) must be after `start` ({})",
                        s.end, s.start
                    )),
            );
        }
        slot
    });
    let date = date.and_then(|d| {
        let parsed = parse_date(&d);
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(f.file, format!("invalid date `{d}`"))
                    .at(f.at("date", &d))
                    .with_help("write dates as YYYY-MM-DD"),
            );
        }
        parsed
    });
    let url = |key: &str, v: Option<String>, diags: &mut Diagnostics| {
        let v = v?;
        match parse_link(&v) {
            Ok(l) => Some(l),
            Err(e) => {
                diags.push(
                    Diagnostic::error(f.file, format!("invalid URL in `{key}`: {e}"))
                        .at(f.at(key, v.trim()))
                        .with_help("only http(s) URLs and site paths are allowed"),
                );
                None
            }
        }
    };
    Values {
        slot,
        date,
        slides: url("slides", slides, diags),
        video: url("video", video, diags),
    }
}

/// What is allowed but probably unfinished in one talk.
pub(in crate::load) fn talk_warnings(t: &Talk, diags: &mut Diagnostics) {
    if t.speakers.is_empty() {
        diags.push(Diagnostic::warning(
            &t.source,
            format!(
                "talk `{}` has no speakers (shown as to be announced)",
                t.slug
            ),
        ));
    }
    if t.description.is_empty() {
        diags.push(Diagnostic::warning(
            &t.source,
            format!("talk `{}` has no description", t.slug),
        ));
    }
}
