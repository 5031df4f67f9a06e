//! The Planner: works out every file an import writes or removes (speakers, talks, and files
//! whose entries are gone from the export), and the new state.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::files::{read_conference, scan, Existing};
use super::merge::{key, merge_entry, s, SPEAKER_KEYS, TALK_KEYS};
use super::program::{Program, System};
use super::report::{Action, Change, Report};
use super::slugs::Slugs;
use super::state::{last_entry, read_state};
use crate::diagnostics::{Diagnostics, Error, Result};
use crate::model::Slug;

/// What `talkgen import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub system: System,
    pub file: PathBuf,
    /// The site folder; created when missing.
    pub root: PathBuf,
    /// Print what would change, write nothing.
    pub dry_run: bool,
    /// Remove talks (and their now unused speakers) that are gone from the export.
    pub prune: bool,
}

/// Track of talks the export gives none.
pub(super) const DEFAULT_TRACK: &str = "General";

/// The whole import, computed before anything is written.
pub struct Plan {
    pub(super) system: System,
    pub changes: Vec<Change>,
    /// Relative path → new text.
    pub(super) writes: Vec<(PathBuf, String)>,
    pub(super) removes: Vec<PathBuf>,
    pub(super) state: Mapping,
    pub(super) notes: Vec<String>,
    pub(super) talks: usize,
    pub(super) speakers: usize,
}

impl Plan {
    pub fn report(&self, warnings: Diagnostics) -> Report {
        Report {
            system: self.system,
            changes: self.changes.clone(),
            notes: self.notes.clone(),
            warnings,
            talks: self.talks,
            speakers: self.speakers,
            written: false,
        }
    }
}

/// Computes the whole import: every file to write or remove, and the report.
pub fn plan(program: &Program, opts: &ImportOptions) -> Result<Plan> {
    let root = &opts.root;
    let sys = opts.system.as_str();
    let mut diags = Diagnostics::default();
    let mut all_state = read_state(root)?;
    let talks_found = scan(root, "talks", &mut diags);
    let speakers_found = scan(root, "speakers", &mut diags);
    let (mut conf, conf_exists) = read_conference(root, &mut diags)?;
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }

    let mut p = Planner {
        program,
        opts,
        sys,
        old: all_state
            .get(sys)
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default(),
        state: Mapping::new(),
        changes: Vec::new(),
        writes: Vec::new(),
        removes: Vec::new(),
        notes: program.notes.clone(),
        seen: HashSet::new(),
    };
    let track_of = p.conference(&mut conf, conf_exists)?;
    let slug_of_speaker = p.speakers(&speakers_found)?;
    let mut referenced = p.talks(&talks_found, &conf, &track_of, &slug_of_speaker)?;
    p.gone(&talks_found, &speakers_found, &mut referenced);
    all_state.insert(key(sys), Value::Mapping(p.state));

    let plan = Plan {
        system: opts.system,
        changes: p.changes,
        writes: p.writes,
        removes: p.removes,
        state: all_state,
        notes: p.notes,
        talks: program.talks.len(),
        speakers: program.speakers.len(),
    };
    plan.verify(root)?;
    Ok(plan)
}

/// The speaker slugs a talk's front matter names.
fn speakers_of(front: &Mapping) -> impl Iterator<Item = String> + '_ {
    front
        .get("speakers")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
}

/// An import being worked out: what changes, what is written, and the new state.
pub(super) struct Planner<'a> {
    pub(super) program: &'a Program,
    pub(super) opts: &'a ImportOptions,
    pub(super) sys: &'static str,
    /// This system's state from the previous import.
    pub(super) old: Mapping,
    /// This system's state after this one.
    pub(super) state: Mapping,
    pub(super) changes: Vec<Change>,
    pub(super) writes: Vec<(PathBuf, String)>,
    pub(super) removes: Vec<PathBuf>,
    pub(super) notes: Vec<String>,
    /// Files of entries that are still in the export.
    pub(super) seen: HashSet<PathBuf>,
}

impl Planner<'_> {
    /// One file per speaker. Returns each speaker's slug by source id.
    fn speakers(&mut self, found: &[Existing]) -> Result<HashMap<String, String>> {
        let sys = self.sys;
        let mut slugs = Slugs::default();
        slugs.taken(found.iter().map(|e| e.slug.clone()));
        let mut state = Mapping::new();
        let by_id = super::files::by_source(found, sys);
        let mut slug_of: HashMap<String, String> = HashMap::new();
        for sp in &self.program.speakers {
            let existing = by_id.get(sp.id.as_str()).copied();
            let links = (!sp.links.is_empty()).then(|| {
                Value::Mapping(
                    sp.links
                        .iter()
                        .map(|(k, v)| (s(k.clone()), s(v.clone())))
                        .collect(),
                )
            });
            let values: Vec<(&str, Option<Value>)> = vec![
                ("name", Some(s(sp.name.clone()))),
                ("affiliation", sp.affiliation.clone().map(s)),
                ("photo", sp.photo.clone().map(s)),
                ("links", links),
                ("source", Some(source_value(sys, &sp.id))),
                ("body", sp.bio.clone().map(s)),
            ];
            debug_assert!(values.iter().all(|(k, _)| SPEAKER_KEYS.contains(k)));
            let (rel, slug) = match existing {
                Some(e) => (e.rel.clone(), e.slug.clone()),
                None => {
                    let slug = slugs.fresh(&sp.name, "speaker");
                    (PathBuf::from(format!("content/speakers/{slug}.md")), slug)
                }
            };
            slug_of.insert(sp.id.clone(), slug);
            let last = last_entry(&self.old, "speakers", &sp.id);
            let merged = merge_entry(existing, rel, values, last, "bio")?;
            state.insert(s(sp.id.clone()), Value::Mapping(merged.state));
            self.record(
                merged.change,
                merged.text,
                format!("{sys} speaker {}", sp.id),
            );
        }
        self.state.insert(key("speakers"), Value::Mapping(state));
        Ok(slug_of)
    }

    /// One file per talk. Returns the speaker slugs the imported talks name.
    fn talks(
        &mut self,
        found: &[Existing],
        conf: &Mapping,
        track_of: &HashMap<String, String>,
        slug_of_speaker: &HashMap<String, String>,
    ) -> Result<HashSet<String>> {
        let sys = self.sys;
        let mut slugs = Slugs::default();
        slugs.taken(found.iter().map(|e| e.slug.clone()));
        let mut state = Mapping::new();
        let by_id = super::files::by_source(found, sys);
        let mut referenced = HashSet::new();
        let tz = self
            .program
            .timezone
            .as_deref()
            .or_else(|| conf.get("timezone").and_then(Value::as_str))
            .and_then(|n| jiff::tz::TimeZone::get(n).ok());
        // The levels a talk may have, as the loader checks them.
        let levels: Vec<String> = match conf.get("levels").and_then(Value::as_sequence) {
            Some(seq) => seq
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            None => crate::load::DEFAULT_LEVELS
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
        };
        for t in &self.program.talks {
            let existing = by_id.get(t.id.as_str()).copied();
            let track_name = t.track.as_deref().unwrap_or(DEFAULT_TRACK);
            let track = track_of
                .get(&track_name.to_lowercase())
                .cloned()
                .unwrap_or_else(|| "general".into());
            let speakers: Vec<Value> = t
                .speakers
                .iter()
                .filter_map(|id| slug_of_speaker.get(id).cloned().map(s))
                .collect();
            let slot = t.slot.as_ref().map(|sl| {
                let mut m = Mapping::new();
                m.insert(key("start"), s(sl.start.to_slot_text(tz.as_ref())));
                m.insert(key("end"), s(sl.end.to_slot_text(tz.as_ref())));
                m.insert(key("room"), s(sl.room.clone()));
                if t.plenary {
                    m.insert(key("plenary"), Value::Bool(true));
                }
                Value::Mapping(m)
            });
            let level = t.level.as_deref().and_then(|name| {
                let slug = Slug::from_text(&deunicode::deunicode(name))?;
                if levels.iter().any(|l| l == slug.as_str()) {
                    Some(s(slug.as_str()))
                } else {
                    self.notes.push(format!(
                        "talk `{}`: level `{name}` is none of conference.yaml's levels ({}); \
                         not imported (add `{slug}` to `levels` to import it)",
                        t.title,
                        levels.join(", ")
                    ));
                    None
                }
            });
            let values: Vec<(&str, Option<Value>)> = vec![
                ("title", Some(s(t.title.clone()))),
                ("speakers", Some(Value::Sequence(speakers))),
                ("track", Some(s(track))),
                ("level", level),
                ("description", t.summary.clone().map(s)),
                ("slot", slot),
                ("slides", t.slides.clone().map(s)),
                ("video", t.video.clone().map(s)),
                ("source", Some(source_value(sys, &t.id))),
                ("body", t.body.clone().map(s)),
            ];
            debug_assert!(values.iter().all(|(k, _)| TALK_KEYS.contains(k)));
            let rel = match existing {
                Some(e) => e.rel.clone(),
                None => {
                    let slug = slugs.fresh(&t.title, "talk");
                    PathBuf::from(format!("content/talks/{slug}.md"))
                }
            };
            let last = last_entry(&self.old, "talks", &t.id);
            let merged = merge_entry(existing, rel, values, last, "abstract")?;
            referenced.extend(speakers_of(&merged.front));
            state.insert(s(t.id.clone()), Value::Mapping(merged.state));
            self.record(merged.change, merged.text, format!("{sys} talk {}", t.id));
        }
        self.state.insert(key("talks"), Value::Mapping(state));
        Ok(referenced)
    }

    /// Files of this system whose entries the export no longer has: reported, or removed with
    /// `--prune` (a speaker only when no remaining talk names them).
    fn gone(
        &mut self,
        talks: &[Existing],
        speakers: &[Existing],
        referenced: &mut HashSet<String>,
    ) {
        let sys = self.sys;
        let prune = self.opts.prune;
        let gone_id = |e: &Existing, seen: &HashSet<PathBuf>| {
            e.source()
                .filter(|(sy, _)| sy == sys)
                .filter(|_| !seen.contains(&e.rel))
                .map(|(_, id)| id)
        };
        for e in talks {
            match gone_id(e, &self.seen) {
                // Hand-written and other systems' talks stay, and so do the speakers they name.
                None if !self.seen.contains(&e.rel) => referenced.extend(speakers_of(&e.front)),
                None => {}
                Some(id) => {
                    if prune {
                        self.removes.push(e.rel.clone());
                    } else {
                        referenced.extend(speakers_of(&e.front));
                    }
                    self.changes.push(Change {
                        path: e.rel.clone(),
                        action: if prune { Action::Remove } else { Action::Gone },
                        kept: Vec::new(),
                        what: format!("{sys} talk {id}"),
                    });
                }
            }
        }
        for e in speakers {
            if let Some(id) = gone_id(e, &self.seen) {
                let remove = prune && !referenced.contains(&e.slug);
                if remove {
                    self.removes.push(e.rel.clone());
                }
                self.changes.push(Change {
                    path: e.rel.clone(),
                    action: if remove { Action::Remove } else { Action::Gone },
                    kept: Vec::new(),
                    what: format!("{sys} speaker {id}"),
                });
            }
        }
    }

    fn record(&mut self, change: Change, text: Option<String>, what: String) {
        self.seen.insert(change.path.clone());
        if let Some(text) = text {
            self.writes.push((change.path.clone(), text));
        }
        self.changes.push(Change { what, ..change });
    }
}

fn source_value(system: &str, id: &str) -> Value {
    let mut m = Mapping::new();
    m.insert(key("system"), s(system));
    m.insert(key("id"), s(id));
    Value::Mapping(m)
}
