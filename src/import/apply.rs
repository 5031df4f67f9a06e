//! Checking a [`Plan`] in a scratch copy of the site, then writing it.
//!
//! Before anything is written, the merged site is loaded in a scratch copy, so an import never
//! leaves a site that `talkgen build` rejects.

use std::path::{Path, PathBuf};

use super::plan::Plan;
use super::state::STATE_FILE;
use crate::diagnostics::{Diagnostic, Error, Result};

impl Plan {
    /// Loads the merged site from a scratch copy, so an import that would break the site is
    /// refused before anything is written.
    pub(super) fn verify(&self, root: &Path) -> Result<()> {
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
