//! The three-way merge of the keys the importer owns.
//!
//! The importer *owns* some keys of the files it writes (see docs/import.md) and never touches
//! the others. For owned keys it merges against what the previous import wrote (see
//! [`super::state`]): a value the organiser changed since then is kept (and reported when the
//! export changed it too); a value nobody touched follows the export.

use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::files::{render_file, Existing};
use super::report::{Action, Change};
use crate::diagnostics::Result;

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
/// The keys of `conference.yaml` the importer owns (tracks and rooms are only ever added to;
/// `breaks` is owned as a whole list).
pub const CONFERENCE_KEYS: &[&str] = &[
    "name",
    "start_date",
    "end_date",
    "timezone",
    "day_change",
    "breaks",
];

pub(super) fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

pub(super) fn key(k: &str) -> Value {
    Value::String(k.to_owned())
}

/// Three-way merge of one owned key. `last` is the entry's state from the previous import
/// (`None` when there was none: then the export wins, except that it never removes a value).
pub(super) fn merge_key(
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

/// One merged talk or speaker.
pub(super) struct Merged {
    pub(super) change: Change,
    /// The new text, when the file changes.
    pub(super) text: Option<String>,
    /// The entry's new state: what the export says now.
    pub(super) state: Mapping,
    /// The front matter as it will be.
    pub(super) front: Mapping,
}

/// Merges one talk or speaker file with what the export says.
pub(super) fn merge_entry(
    existing: Option<&Existing>,
    rel: PathBuf,
    values: Vec<(&str, Option<Value>)>,
    last: Option<&Mapping>,
    yaml_body_key: &str,
) -> Result<Merged> {
    // A file that is gone (deleted by hand, or never written) keeps nothing of the last
    // import: it is created again from the export. Merging against the saved state instead
    // would take every key for one the organiser deleted, and leave a file without a title.
    let last = existing.and(last);
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

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
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
}
