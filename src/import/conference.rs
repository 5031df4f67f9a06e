//! `conference.yaml`: its owned keys merged, the export's tracks and rooms added.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::files::{render_file, CONFERENCE_FILE};
use super::merge::{key, merge_key, s, CONFERENCE_KEYS};
use super::plan::{Planner, DEFAULT_TRACK};
use super::program::hh_mm;
use super::report::{Action, Change};
use super::slugs::Slugs;
use crate::diagnostics::Result;

impl Planner<'_> {
    /// conference.yaml: owned scalars merged, tracks and rooms added to. Returns each track's
    /// slug by lowercased name.
    pub(super) fn conference(
        &mut self,
        conf: &mut Mapping,
        conf_exists: bool,
    ) -> Result<HashMap<String, String>> {
        let program = self.program;
        let before = conf.clone();
        let mut conf_state = Mapping::new();
        let mut changed = Vec::new();
        let mut kept = Vec::new();
        // A deleted conference.yaml is written again from the export, as a talk file is (see
        // `merge_entry`): the saved state only tells edits from changes in a file that exists.
        let last = self
            .old
            .get("conference")
            .and_then(Value::as_mapping)
            .filter(|_| conf_exists);
        // Sessionize exports have no name: a new site is named after the file.
        let file_name = self
            .opts
            .file
            .file_stem()
            .map(|stem| s(stem.to_string_lossy().into_owned()))
            .filter(|_| !conf_exists);
        // Break times are written like slot times: local in the conference's zone.
        let tz = program
            .timezone
            .as_deref()
            .or_else(|| conf.get("timezone").and_then(Value::as_str))
            .and_then(|n| jiff::tz::TimeZone::get(n).ok());
        let breaks = (!program.breaks.is_empty()).then(|| {
            Value::Sequence(
                program
                    .breaks
                    .iter()
                    .map(|b| {
                        let mut m = Mapping::new();
                        m.insert(key("title"), s(b.title.clone()));
                        m.insert(key("start"), s(b.start.to_slot_text(tz.as_ref())));
                        m.insert(key("end"), s(b.end.to_slot_text(tz.as_ref())));
                        if let Some(r) = &b.room {
                            m.insert(key("room"), s(r.clone()));
                        }
                        Value::Mapping(m)
                    })
                    .collect(),
            )
        });
        let values: [(&str, Option<Value>); 6] = [
            ("name", program.title.clone().map(s).or(file_name)),
            ("start_date", program.start_date.map(|d| s(d.to_string()))),
            ("end_date", program.end_date.map(|d| s(d.to_string()))),
            ("timezone", program.timezone.clone().map(s)),
            ("day_change", program.day_change.map(|t| s(hh_mm(t)))),
            ("breaks", breaks),
        ];
        for (k, v) in values {
            debug_assert!(CONFERENCE_KEYS.contains(&k));
            // A name made from the file is not the export's: not recorded, so a re-import
            // (which makes none) does not take it for a value the export dropped.
            let from_export = k != "name" || program.title.is_some();
            if let Some(v) = v.as_ref().filter(|_| from_export) {
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
                track_slugs.taken([slug.to_owned()]);
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
        let mut listed: std::collections::HashSet<String> = (rooms.iter())
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect();
        for r in &program.rooms {
            if listed.insert(r.clone()) {
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
                quote_day_change(&render_file(false, conf, "")?),
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
}

/// `day_change: 04:00` → `day_change: "04:00"`: serde_yaml leaves the time unquoted, which
/// YAML 1.1 readers (PyYAML, older tools) take for the number 240.
fn quote_day_change(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len().saturating_add(2));
    for line in yaml.split_inclusive('\n') {
        let (text, nl) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        match text.strip_prefix("day_change: ") {
            Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b':') => {
                out.push_str(&format!("day_change: \"{v}\"{nl}"));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn day_change_is_quoted() {
        assert_eq!(
            quote_day_change("name: X\nday_change: 04:00\nrooms: []\n"),
            "name: X\nday_change: \"04:00\"\nrooms: []\n"
        );
        assert_eq!(
            quote_day_change("day_change: '04:00'\n"),
            "day_change: '04:00'\n"
        );
    }
}
