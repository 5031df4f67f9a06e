//! Merging an imported [`Program`] into the site's files, and writing them.
//!
//! The importer *owns* some keys of the files it writes (see docs/import.md) and never touches
//! the others. For owned keys it runs a three-way merge against what the previous import wrote,
//! remembered in `content/.talkgen-import.yaml`: a value the organiser changed since then is kept
//! (and reported when the export changed it too); a value nobody touched follows the export.
//! Before anything is written, the merged site is loaded in a scratch copy, so an import never
//! leaves a site that `talkgen build` rejects.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::{ImportOptions, Program, System};
use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};
use crate::model::Slug;

/// Where the importer remembers what it last wrote, per system and entry.
pub const STATE_FILE: &str = "content/.talkgen-import.yaml";

/// The keys of a talk file the importer owns; `body` is the Markdown after the front matter.
pub const TALK_KEYS: &[&str] = &[
    "title",
    "speakers",
    "track",
    "level",
    "description",
    "slot",
    "slides",
    "video",
    "source",
    "body",
];
/// The keys of a speaker file the importer owns.
pub const SPEAKER_KEYS: &[&str] = &["name", "affiliation", "photo", "links", "source", "body"];
/// The keys of `conference.yaml` the importer owns (tracks and rooms are only ever added to).
pub const CONFERENCE_KEYS: &[&str] = &["name", "start_date", "end_date", "timezone"];

/// Track of talks the export gives none.
const DEFAULT_TRACK: &str = "General";
/// Longest slug made from a title, cut at a hyphen.
const MAX_SLUG: usize = 60;

/// One content file as found on disk.
struct Existing {
    rel: PathBuf,
    /// `.md` with front matter (else pure `.yaml`, body under `abstract`/`bio`).
    md: bool,
    front: Mapping,
    body: String,
    slug: String,
}

impl Existing {
    fn source(&self) -> Option<(String, String)> {
        let s = self.front.get("source")?.as_mapping()?;
        let system = s.get("system")?.as_str()?.to_owned();
        let id = match s.get("id")? {
            Value::String(x) => x.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some((system, id))
    }
}

/// What will happen to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Update(Vec<String>),
    Unchanged,
    /// In the site from an earlier import, no longer in the export.
    Gone,
    Remove,
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: PathBuf,
    pub action: Action,
    /// Owned keys the organiser edited by hand and the export changed too: kept as edited.
    pub kept: Vec<String>,
    pub what: String,
}

/// The whole import, computed before anything is written.
pub struct Plan {
    system: System,
    pub changes: Vec<Change>,
    /// Relative path → new text.
    writes: Vec<(PathBuf, String)>,
    removes: Vec<PathBuf>,
    state: Mapping,
    notes: Vec<String>,
    talks: usize,
    speakers: usize,
}

/// What `talkgen import` did (or would do, with `--dry-run`).
#[derive(Debug)]
pub struct Report {
    pub system: System,
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    pub warnings: Diagnostics,
    pub talks: usize,
    pub speakers: usize,
    pub written: bool,
}

impl Report {
    pub fn count(&self, f: impl Fn(&Action) -> bool) -> usize {
        self.changes.iter().filter(|c| f(&c.action)).count()
    }
}

impl Report {
    /// One line per note and per file created, updated, kept with your edits, gone or removed.
    pub fn details(&self) -> Vec<String> {
        let would = if self.written { "" } else { "would " };
        let mut out: Vec<String> = self.notes.iter().map(|n| format!("note: {n}")).collect();
        for c in &self.changes {
            let path = c.path.display();
            match &c.action {
                Action::Create => out.push(format!("{would}create {path}")),
                Action::Update(keys) => {
                    out.push(format!("{would}update {path}: {}", keys.join(", ")))
                }
                Action::Unchanged if c.kept.is_empty() => {}
                Action::Unchanged => out.push(format!("keep {path}")),
                Action::Gone => out.push(format!(
                    "gone {path}: {} is no longer in the export (kept; `--prune` removes it)",
                    c.what
                )),
                Action::Remove => out.push(format!(
                    "{would}remove {path}: {} is no longer in the export",
                    c.what
                )),
            }
            if !c.kept.is_empty() {
                out.push(format!(
                    "  kept your edit of {} (the export changed it too)",
                    c.kept.join(", ")
                ));
            }
        }
        out
    }

    /// The closing line: how many entries, and what happened to their files.
    pub fn summary(&self) -> String {
        let created = self.count(|a| *a == Action::Create);
        let updated = self.count(|a| matches!(a, Action::Update(_)));
        let unchanged = self.count(|a| *a == Action::Unchanged);
        let gone = self.count(|a| *a == Action::Gone);
        let removed = self.count(|a| *a == Action::Remove);
        let (head, verb) = if self.written {
            ("Imported", ":")
        } else {
            ("Dry run, nothing written:", " would give")
        };
        format!(
            "{head} {} talks and {} speakers from {}{verb} {created} created, {updated} updated, \
             {unchanged} unchanged, {gone} gone, {removed} removed",
            self.talks,
            self.speakers,
            self.system.as_str()
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.details() {
            writeln!(f, "{line}")?;
        }
        f.write_str(&self.summary())
    }
}

/// Slugs already taken, and a way to get a fresh one.
#[derive(Default)]
struct Slugs(HashSet<String>);

impl Slugs {
    fn fresh(&mut self, text: &str, fallback: &str) -> String {
        // Transliterated first, as `talkgen new` does: "Zoë" → "zoe", not "zo".
        let base = Slug::from_text(&deunicode::deunicode(text))
            .map(|s| shorten(s.as_str()))
            .unwrap_or_else(|| fallback.to_owned());
        let mut slug = base.clone();
        let mut n = 2;
        while self.0.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.0.insert(slug.clone());
        slug
    }
}

/// Cuts a long slug at a hyphen so file names stay readable.
fn shorten(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_owned();
    }
    let cut = &slug[..MAX_SLUG];
    match cut.rfind('-') {
        Some(i) if i > 10 => cut[..i].to_owned(),
        _ => cut.trim_end_matches('-').to_owned(),
    }
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn key(k: &str) -> Value {
    Value::String(k.to_owned())
}

/// Three-way merge of one owned key. `last` is the entry's state from the previous import
/// (`None` when there was none: then the export wins, except that it never removes a value).
fn merge_key(
    front: &mut Mapping,
    k: &str,
    new: Option<Value>,
    last: Option<&Mapping>,
    changed: &mut Vec<String>,
    kept: &mut Vec<String>,
) {
    let cur = front.get(k).cloned();
    match last {
        Some(last) => {
            let was = last.get(k).cloned();
            if cur == was {
                if new != cur {
                    changed.push(k.to_owned());
                    match new {
                        Some(v) => {
                            front.insert(key(k), v);
                        }
                        None => {
                            front.remove(k);
                        }
                    }
                }
            } else if new != was {
                kept.push(k.to_owned());
            }
        }
        None => {
            if let Some(v) = new {
                if cur.as_ref() != Some(&v) {
                    changed.push(k.to_owned());
                    front.insert(key(k), v);
                }
            }
        }
    }
}

/// Reads the content files of one folder (`talks` or `speakers`).
fn scan(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<Existing> {
    let base = root.join("content").join(dir);
    let mut out = Vec::new();
    if !base.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let md = name.ends_with(".md");
        if !entry.file_type().is_file()
            || crate::load::is_ignored_name(&name)
            || !(md || name.ends_with(".yaml"))
        {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = match std::fs::read(path).map(|b| crate::load::decode(&b)) {
            Ok(Ok(t)) => t,
            _ => {
                diags.push(Diagnostic::error(
                    &rel,
                    "cannot read this file as UTF-8 text",
                ));
                continue;
            }
        };
        let (yaml, body) = if md {
            match crate::load::split(&text) {
                Ok(sp) => (sp.yaml.to_owned(), sp.body.to_owned()),
                Err(_) => {
                    diags.push(
                        Diagnostic::error(&rel, "no front matter between `---` lines")
                            .with_help("fix the file (or move it away) before importing"),
                    );
                    continue;
                }
            }
        } else {
            (text.clone(), String::new())
        };
        let front: Mapping = match serde_yaml::from_str::<Option<Mapping>>(&yaml) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                diags.push(
                    Diagnostic::error(&rel, format!("invalid YAML: {e}"))
                        .with_help("fix the file before importing"),
                );
                continue;
            }
        };
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Existing {
            rel,
            md,
            front,
            body,
            slug,
        });
    }
    out
}

/// The text of a content file.
fn render_file(md: bool, front: &Mapping, body: &str) -> Result<String> {
    let yaml = serde_yaml::to_string(front)
        .map_err(|e| Error::Refused(format!("cannot write YAML (a bug in talkgen import): {e}")))?;
    if !md {
        return Ok(yaml);
    }
    let mut out = format!("---\n{yaml}---\n");
    let body = body.trim();
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    Ok(out)
}

/// Entry state of `kind` (`talks`, `speakers`) for `id`, from the previous import.
fn last_entry<'a>(state: &'a Mapping, kind: &str, id: &str) -> Option<&'a Mapping> {
    state.get(kind)?.as_mapping()?.get(id)?.as_mapping()
}

/// Computes the whole import: every file to write or remove, and the report.
pub fn plan(program: &Program, opts: &ImportOptions) -> Result<Plan> {
    let root = &opts.root;
    let sys = opts.system.as_str();
    let mut diags = Diagnostics::default();
    let mut all_state = read_state(root)?;
    let talks_found = scan(root, "talks", &mut diags);
    let speakers_found = scan(root, "speakers", &mut diags);
    let conf_path = root.join(CONFERENCE_FILE);
    let conf_exists = conf_path.is_file();
    let mut conf: Mapping = if conf_exists {
        let text = std::fs::read_to_string(&conf_path).map_err(|e| Error::io(&conf_path, e))?;
        match serde_yaml::from_str::<Option<Mapping>>(&text) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    CONFERENCE_FILE,
                    format!("invalid YAML: {e}"),
                ));
                Mapping::new()
            }
        }
    } else {
        Mapping::new()
    };
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

const CONFERENCE_FILE: &str = "content/conference.yaml";

/// The state file as a map of system → entries; empty when there is none yet.
fn read_state(root: &Path) -> Result<Mapping> {
    let path = root.join(STATE_FILE);
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(serde_yaml::from_str::<Option<Mapping>>(&t)
            .map_err(|e| {
                Error::Content(one(Diagnostic::error(
                    STATE_FILE,
                    format!("invalid YAML: {e}"),
                )
                .with_help(
                    "delete it: the next import then treats every file as untouched",
                )))
            })?
            .unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Mapping::new()),
        Err(e) => Err(Error::io(&path, e)),
    }
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
struct Planner<'a> {
    program: &'a Program,
    opts: &'a ImportOptions,
    sys: &'static str,
    /// This system's state from the previous import.
    old: Mapping,
    /// This system's state after this one.
    state: Mapping,
    changes: Vec<Change>,
    writes: Vec<(PathBuf, String)>,
    removes: Vec<PathBuf>,
    notes: Vec<String>,
    /// Files of entries that are still in the export.
    seen: HashSet<PathBuf>,
}

impl Planner<'_> {
    /// conference.yaml: owned scalars merged, tracks and rooms added to. Returns each track's
    /// slug by lowercased name.
    fn conference(
        &mut self,
        conf: &mut Mapping,
        conf_exists: bool,
    ) -> Result<HashMap<String, String>> {
        let program = self.program;
        let before = conf.clone();
        let mut conf_state = Mapping::new();
        let mut changed = Vec::new();
        let mut kept = Vec::new();
        let last = self.old.get("conference").and_then(Value::as_mapping);
        // Sessionize exports have no name: a new site is named after the file.
        let file_name = self
            .opts
            .file
            .file_stem()
            .map(|stem| s(stem.to_string_lossy().into_owned()))
            .filter(|_| !conf_exists);
        let values: [(&str, Option<Value>); 4] = [
            ("name", program.title.clone().map(s).or(file_name)),
            ("start_date", program.start_date.map(|d| s(d.to_string()))),
            ("end_date", program.end_date.map(|d| s(d.to_string()))),
            ("timezone", program.timezone.clone().map(s)),
        ];
        for (k, v) in values {
            debug_assert!(CONFERENCE_KEYS.contains(&k));
            if let Some(v) = &v {
                conf_state.insert(key(k), v.clone());
            }
            // A conference.yaml written by hand before any import: only fill in what it lacks.
            let v = if last.is_none() && conf.contains_key(k) {
                None
            } else {
                v
            };
            merge_key(conf, k, v, last, &mut changed, &mut kept);
        }

        // Tracks: found by name, else added with a fresh slug.
        let mut tracks: Vec<Value> = conf
            .get("tracks")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        let mut track_slugs = Slugs::default();
        let mut track_of: HashMap<String, String> = HashMap::new();
        for t in &tracks {
            if let (Some(slug), Some(name)) = (
                t.get("slug").and_then(Value::as_str),
                t.get("name").and_then(Value::as_str),
            ) {
                track_slugs.0.insert(slug.to_owned());
                track_of.insert(name.trim().to_lowercase(), slug.to_owned());
            }
        }
        let mut wanted: Vec<&str> = program.tracks.iter().map(String::as_str).collect();
        if program.talks.iter().any(|t| t.track.is_none())
            || (tracks.is_empty() && wanted.is_empty())
        {
            wanted.push(DEFAULT_TRACK);
        }
        let mut added = false;
        for name in wanted {
            if track_of.contains_key(&name.to_lowercase()) {
                continue;
            }
            let slug = track_slugs.fresh(name, "track");
            let mut m = Mapping::new();
            m.insert(key("slug"), s(slug.clone()));
            m.insert(key("name"), s(name));
            tracks.push(Value::Mapping(m));
            track_of.insert(name.to_lowercase(), slug);
            added = true;
        }
        if added {
            conf.insert(key("tracks"), Value::Sequence(tracks));
            changed.push("tracks".into());
        }

        // Rooms: the export's, after those already listed.
        let mut rooms: Vec<Value> = conf
            .get("rooms")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        let count = rooms.len();
        for r in &program.rooms {
            if !rooms.iter().any(|x| x.as_str() == Some(r)) {
                rooms.push(s(r.clone()));
            }
        }
        if rooms.len() != count {
            conf.insert(key("rooms"), Value::Sequence(rooms));
            changed.push("rooms".into());
        }

        self.state
            .insert(key("conference"), Value::Mapping(conf_state));
        let action = if !conf_exists {
            Action::Create
        } else if *conf != before {
            Action::Update(changed)
        } else {
            Action::Unchanged
        };
        if action != Action::Unchanged {
            self.writes.push((
                PathBuf::from(CONFERENCE_FILE),
                render_file(false, conf, "")?,
            ));
        }
        self.changes.push(Change {
            path: PathBuf::from(CONFERENCE_FILE),
            action,
            kept,
            what: "the conference".into(),
        });
        Ok(track_of)
    }

    /// One file per speaker. Returns each speaker's slug by source id.
    fn speakers(&mut self, found: &[Existing]) -> Result<HashMap<String, String>> {
        let sys = self.sys;
        let mut slugs = Slugs::default();
        slugs.0.extend(found.iter().map(|e| e.slug.clone()));
        let mut state = Mapping::new();
        let mut slug_of: HashMap<String, String> = HashMap::new();
        for sp in &self.program.speakers {
            let existing = found
                .iter()
                .find(|e| e.source().is_some_and(|(sy, id)| sy == sys && id == sp.id));
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
        slugs.0.extend(found.iter().map(|e| e.slug.clone()));
        let mut state = Mapping::new();
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
            let existing = found
                .iter()
                .find(|e| e.source().is_some_and(|(sy, id)| sy == sys && id == t.id));
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

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// One merged talk or speaker.
struct Merged {
    change: Change,
    /// The new text, when the file changes.
    text: Option<String>,
    /// The entry's new state: what the export says now.
    state: Mapping,
    /// The front matter as it will be.
    front: Mapping,
}

/// Merges one talk or speaker file with what the export says.
fn merge_entry(
    existing: Option<&Existing>,
    rel: PathBuf,
    values: Vec<(&str, Option<Value>)>,
    last: Option<&Mapping>,
    yaml_body_key: &str,
) -> Result<Merged> {
    let md = existing.is_none_or(|e| e.md);
    let mut front = existing.map(|e| e.front.clone()).unwrap_or_default();
    // Where the text lives: after the front matter, or under `abstract` / `bio` in `.yaml`
    // files and in `.md` files that chose the key over a body.
    let in_key = !md
        || existing.is_some_and(|e| e.body.trim().is_empty() && front.contains_key(yaml_body_key));
    // The body is merged like a key: in `.md` files it is the text after the front matter.
    if !in_key {
        let body = existing
            .map(|e| e.body.trim().to_owned())
            .unwrap_or_default();
        if !body.is_empty() {
            front.insert(key("body"), s(body));
        }
    }
    let before = front.clone();
    let mut state = Mapping::new();
    let mut changed = Vec::new();
    let mut kept = Vec::new();
    for (k, v) in values {
        // `.yaml` files keep the body under `abstract` / `bio`.
        let file_key = if k == "body" && in_key {
            yaml_body_key
        } else {
            k
        };
        if let Some(v) = &v {
            state.insert(key(k), v.clone());
        }
        let last_renamed;
        let last = match (last, file_key != k) {
            (Some(l), true) => {
                let mut m = l.clone();
                if let Some(v) = m.remove(k) {
                    m.insert(key(file_key), v);
                }
                last_renamed = m;
                Some(&last_renamed)
            }
            (l, _) => l,
        };
        merge_key(&mut front, file_key, v, last, &mut changed, &mut kept);
    }
    let action = if existing.is_none() {
        Action::Create
    } else if front != before {
        Action::Update(
            changed
                .iter()
                .map(|k| k.replace("body", yaml_body_key))
                .collect(),
        )
    } else {
        Action::Unchanged
    };
    let text = if action == Action::Unchanged {
        None
    } else {
        let body = match front.remove("body") {
            Some(Value::String(b)) if md => b,
            _ => String::new(),
        };
        Some(render_file(md, &front, &body)?)
    };
    Ok(Merged {
        change: Change {
            path: rel,
            action,
            kept: kept
                .iter()
                .map(|k| k.replace("body", yaml_body_key))
                .collect(),
            what: String::new(),
        },
        text,
        state,
        front,
    })
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

    /// Loads the merged site from a scratch copy, so an import that would break the site is
    /// refused before anything is written.
    fn verify(&self, root: &Path) -> Result<()> {
        let scratch = tempfile::tempdir().map_err(|e| Error::io(Path::new("."), e))?;
        let content = root.join("content");
        for dir in ["talks", "speakers"] {
            let base = content.join(dir);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base).into_iter().flatten() {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let to = scratch.path().join(rel);
                if let Some(p) = to.parent() {
                    std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
                }
                std::fs::copy(entry.path(), &to).map_err(|e| Error::io(entry.path(), e))?;
            }
        }
        let conf = content.join("conference.yaml");
        if conf.is_file() {
            let to = scratch.path().join("content/conference.yaml");
            std::fs::create_dir_all(scratch.path().join("content"))
                .map_err(|e| Error::io(scratch.path(), e))?;
            std::fs::copy(&conf, &to).map_err(|e| Error::io(&conf, e))?;
        }
        self.write_into(scratch.path())?;
        crate::load::load(scratch.path(), &crate::load::LoadOptions::default())
            .map(|_| ())
            .map_err(|e| match e {
                Error::Content(mut d) => {
                    d.push(
                        Diagnostic::error(
                            "content",
                            "the import was not written: the site would not load with it \
                             (the files above are shown as the import would leave them)",
                        )
                        .with_help("fix the problems in your files, then import again"),
                    );
                    Error::Content(d)
                }
                e => e,
            })
    }

    /// Writes the files (each atomically) and the state file under `root`.
    pub fn apply(&self, root: &Path) -> Result<()> {
        self.write_into(root)?;
        let state = serde_yaml::to_string(&self.state)
            .map_err(|e| Error::Refused(format!("cannot write the import state: {e}")))?;
        let text = format!(
            "# Written by `talkgen import`: what each entry looked like when last imported,\n\
             # so a re-import can tell your edits from changes in the export. Do not edit.\n{state}"
        );
        write_atomic(&root.join(STATE_FILE), text.as_bytes())
    }

    fn write_into(&self, root: &Path) -> Result<()> {
        for (rel, text) in &self.writes {
            write_atomic(&root.join(rel), text.as_bytes())?;
        }
        for rel in &self.removes {
            let path = root.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Ok(())
    }
}

/// Writes a file through a temporary file in the same folder and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_hand_edits() {
        let mut last = Mapping::new();
        last.insert(key("title"), s("Old"));
        // Untouched since the last import: the export wins.
        let mut front = Mapping::new();
        front.insert(key("title"), s("Old"));
        let (mut changed, mut kept) = (vec![], vec![]);
        merge_key(
            &mut front,
            "title",
            Some(s("New")),
            Some(&last),
            &mut changed,
            &mut kept,
        );
        assert_eq!(front.get("title"), Some(&s("New")));
        assert_eq!(changed, ["title"]);
        // Edited by hand: kept, and reported since the export changed too.
        let mut front = Mapping::new();
        front.insert(key("title"), s("Mine"));
        let (mut changed, mut kept) = (vec![], vec![]);
        merge_key(
            &mut front,
            "title",
            Some(s("New")),
            Some(&last),
            &mut changed,
            &mut kept,
        );
        assert_eq!(front.get("title"), Some(&s("Mine")));
        assert!(changed.is_empty());
        assert_eq!(kept, ["title"]);
    }

    #[test]
    fn slugs_are_unique_and_short() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.fresh("Opening", "talk"), "opening");
        assert_eq!(slugs.fresh("Opening!", "talk"), "opening-2");
        assert_eq!(slugs.fresh("???", "talk"), "talk");
        assert_eq!(
            slugs.fresh("Die 5G-Überwachung", "talk"),
            "die-5g-uberwachung"
        );
        let long = slugs.fresh(&"word ".repeat(40), "talk");
        assert!(
            long.len() <= MAX_SLUG && Slug::parse(&long).is_ok(),
            "{long}"
        );
    }
}
