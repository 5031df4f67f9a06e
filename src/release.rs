//! `talkgen release NAME`: freezes the programme as it is now as the next version, a small
//! file under `content/versions/` to commit with the site, which every later build compares
//! with (docs/versions.md).

use std::path::{Path, PathBuf};

use crate::diagnostics::{Error, Result};
use crate::load::versions::{file_of, to_yaml};
use crate::model::versions::{current, diff, Change, Snapshot};

/// What `talkgen release` was asked to do.
#[derive(Debug, Clone)]
pub struct ReleaseOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// The version's name ("Second draft"), shown to attendees and schedule apps.
    pub name: String,
}

/// What a release did.
#[derive(Debug)]
pub enum Released {
    /// The version's file was written.
    Written {
        /// Relative to the site root.
        file: PathBuf,
        number: u32,
        /// How many talks it holds.
        talks: usize,
        /// What changed since the version before (empty for the first).
        changes: Vec<Change>,
    },
    /// Nothing changed since the latest version: nothing was written.
    Unchanged { latest: String },
}

impl Released {
    /// One line for the terminal.
    pub fn summary(&self) -> String {
        match self {
            Released::Written {
                file,
                number,
                talks,
                changes,
            } => {
                let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
                let what = if *number == 1 {
                    "the first version".to_owned()
                } else {
                    format!(
                        "{} new, {} cancelled, {} changed",
                        count(|c| c.new),
                        count(|c| c.cancelled),
                        count(|c| !c.new && !c.cancelled)
                    )
                };
                format!(
                    "Released version {number} ({talks} talks; {what}) into {}; commit it with the site",
                    file.display()
                )
            }
            Released::Unchanged { latest } => {
                format!("Nothing changed since version \"{latest}\": no version written")
            }
        }
    }
}

/// The time a release is stamped with: `SOURCE_DATE_EPOCH` when set (reproducible builds,
/// tests), else now, in whole seconds.
fn now() -> jiff::Timestamp {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    let ts = epoch.unwrap_or_else(jiff::Timestamp::now);
    jiff::Timestamp::from_second(ts.as_second()).unwrap_or(ts)
}

/// Loads the site (refusing one with errors: a broken programme is not released), compares it
/// with the latest version, and writes the next version unless nothing changed.
pub fn release(opts: &ReleaseOptions) -> Result<Released> {
    let name = opts.name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Error::Refused(
            "a version needs a name on one line, e.g. `talkgen release \"Second draft\"`".into(),
        ));
    }
    let (loaded, _) = crate::build::load_site(&opts.root, None, false)?;
    let site = loaded.site;
    if let Some(same) = site.versions.iter().find(|v| v.name == name) {
        return Err(Error::Refused(format!(
            "version {} is already named \"{name}\": give this one another name",
            same.number
        )));
    }
    let talks = current(&site);
    let previous = site.versions.last();
    let changes = previous.map(|p| diff(&p.talks, &talks)).unwrap_or_default();
    if let (Some(p), true) = (previous, changes.is_empty()) {
        return Ok(Released::Unchanged {
            latest: p.name.clone(),
        });
    }
    let number = previous.map_or(1, |p| p.number + 1);
    let snap = Snapshot {
        number,
        name: name.to_owned(),
        released: now(),
        talks,
    };
    let file = file_of(number, name);
    write_new(&opts.root.join(&file), to_yaml(&snap).as_bytes())?;
    Ok(Released::Written {
        file,
        number,
        talks: snap.talks.len(),
        changes,
    })
}

/// Writes a file that must not exist yet (a version is never overwritten).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))
}
