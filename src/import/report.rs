//! What an import does to each file, and the report printed about it.

use std::fmt;
use std::path::PathBuf;

use super::program::System;
use crate::diagnostics::Diagnostics;

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
