//! Writing the site: into a temporary folder beside the output, swapped into place only when the
//! whole build succeeded, so a failed build never leaves a half-written or missing `public/`.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};

/// A file of the build being written.
pub type FileWriter = io::BufWriter<fs::File>;

/// The file that marks an output folder as talkgen's own, so it may be replaced.
pub const MARKER: &str = ".talkgen-output";

/// Checks that `output` may be replaced by a build of the site at `root`.
///
/// Refused: the site root itself or a folder containing it, the home folder, a file, and a
/// non-empty folder without talkgen's marker (unless `force`).
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<()> {
    let out_abs = absolute(output);
    let root_abs = absolute(root);
    if root_abs.starts_with(&out_abs) {
        return Err(Error::Refused(format!(
            "the output folder `{}` contains the site itself; choose another, e.g. `public`",
            output.display()
        )));
    }
    // `.`, `..` and any folder holding the current one: never, even with --force.
    if let Ok(cwd) = std::env::current_dir() {
        if absolute(&cwd).starts_with(&out_abs) {
            return Err(Error::Refused(format!(
                "refusing to use `{}` as the output folder: it contains the current folder",
                output.display()
            )));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out_abs {
            return Err(Error::Refused(format!(
                "refusing to use the home folder `{}` as the output folder",
                output.display()
            )));
        }
    }
    for protected in ["content", "templates", "static", "src", ".git"] {
        if out_abs == root_abs.join(protected) {
            return Err(Error::Refused(format!(
                "refusing to write the site into `{}`: it is part of the site's sources",
                output.display()
            )));
        }
    }
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(output, e)),
        Ok(m) if !m.is_dir() => Err(Error::Refused(format!(
            "the output path `{}` exists and is not a folder",
            output.display()
        ))),
        Ok(_) => {
            let empty = fs::read_dir(output)
                .map_err(|e| Error::io(output, e))?
                .next()
                .is_none();
            if empty || force || output.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(Error::Refused(format!(
                    "`{}` is not empty and was not created by talkgen; refusing to replace it \
                     (use another --output, or --force if you really want it replaced)",
                    output.display()
                )))
            }
        }
    }
}

/// `path` made absolute and lexically normalised (`a/./b/../c` → `a/c`), without touching disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let joined = joined.canonicalize().unwrap_or(joined);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A build in progress: files go into a temporary folder until [`Staging::commit`].
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
}

impl Staging {
    /// Creates the temporary folder beside `output` (same file system, so the swap is a rename).
    pub fn new(output: &Path) -> Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.talkgen-tmp-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        fs::write(
            dir.path().join(MARKER),
            "This folder was written by talkgen and is replaced by every build.\n",
        )
        .map_err(|e| Error::io(dir.path(), e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    /// The temporary folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` at `rel` (a `/`-separated path made by talkgen, never by users).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Opens `rel` to be written through a buffer as it is made, so a page or export of
    /// megabytes is never held whole ([`Staging::finish`] flushes it).
    pub fn create(&self, rel: &str) -> Result<FileWriter> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(io::BufWriter::with_capacity(64 * 1024, file))
    }

    /// Flushes what [`Staging::create`] opened, reporting a failed write against the file.
    pub fn finish(&self, rel: &str, mut w: FileWriter) -> Result<()> {
        io::Write::flush(&mut w).map_err(|e| Error::io(&self.dir.path().join(rel), e))
    }

    /// Writes `rel` through `write`, reporting a failed write against the file.
    pub fn stream(
        &self,
        rel: &str,
        write: impl FnOnce(&mut FileWriter) -> io::Result<()>,
    ) -> Result<()> {
        let mut w = self.create(rel)?;
        write(&mut w).map_err(|e| Error::io(&self.dir.path().join(rel), e))?;
        self.finish(rel, w)
    }

    /// Creates the folders pages will go into, once, before pages are written in parallel.
    pub fn create_dirs<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for rel in rels {
            let path = self.dir.path().join(rel);
            fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }

    /// Swaps the finished site into place: old output aside, new one in, old one removed.
    pub fn commit(self) -> Result<()> {
        let new = self.dir.keep();
        let out = &self.output;
        let old = match fs::symlink_metadata(out) {
            Ok(_) => {
                let aside = new.with_file_name(format!(
                    "{}.old",
                    new.file_name().unwrap_or_default().to_string_lossy()
                ));
                fs::rename(out, &aside).map_err(|e| {
                    let _ = fs::remove_dir_all(&new);
                    Error::io(out, e)
                })?;
                Some(aside)
            }
            Err(_) => None,
        };
        if let Err(e) = fs::rename(&new, out) {
            // Put the previous site back rather than leave nothing.
            if let Some(old) = &old {
                let _ = fs::rename(old, out);
            }
            let _ = fs::remove_dir_all(&new);
            return Err(Error::io(out, e));
        }
        if let Some(old) = old {
            remove_tree(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

/// `remove_dir_all`, spread over the rayon pool: a site has tens of thousands of one-page
/// folders (`talks/<slug>/`), and unlinking them one by one on one core was a sixth of a build.
fn remove_tree(root: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    let mut dirs = Vec::new();
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for inner in fs::read_dir(entry.path())? {
                let inner = inner?;
                if inner.file_type()?.is_dir() {
                    subdirs.push(inner.path());
                } else {
                    files.push(inner.path());
                }
            }
            dirs.push(entry.path());
        } else {
            files.push(entry.path());
        }
    }
    subdirs.par_iter().try_for_each(fs::remove_dir_all)?;
    files.par_iter().try_for_each(fs::remove_file)?;
    for dir in dirs {
        fs::remove_dir(dir)?;
    }
    fs::remove_dir(root)
}

/// Copies `static/` into the staging folder verbatim, refusing symlinks that leave the site.
/// Returns the number of files copied.
pub fn copy_static(root: &Path, staging: &Staging) -> Result<usize> {
    let src = root.join("static");
    if !src.is_dir() {
        return Ok(0);
    }
    let root_canon = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut diags = Diagnostics::default();
    let mut count = 0;
    for entry in WalkDir::new(&src).follow_links(true) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(crate::fsutil::walk_error(&e, root, &src));
                continue;
            }
        };
        let rel_to_root = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if let Some(d) = crate::fsutil::outside_symlink(
            &entry,
            root,
            &root_canon,
            "copy the file into static/ instead of linking to it",
        ) {
            diags.push(d);
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap_or(entry.path());
        let dest = staging.path().join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).map_err(|e| Error::io(&dest, e))?;
        } else if entry.file_type().is_file() {
            if let Err(e) = fs::copy(entry.path(), &dest) {
                diags.push(Diagnostic::error(rel_to_root, format!("cannot copy: {e}")));
            } else {
                count += 1;
            }
        }
    }
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        assert!(check_output(root, root, false).is_err());
        assert!(check_output(root, &root.join(".."), false).is_err());
        assert!(check_output(root, &root.join("content"), true).is_err());
        assert!(check_output(root, &root.join("public"), false).is_ok());
        fs::create_dir(root.join("notes")).unwrap();
        fs::write(root.join("notes/todo.txt"), "keep").unwrap();
        let err = check_output(root, &root.join("notes"), false).unwrap_err();
        assert!(
            err.to_string().contains("was not created by talkgen"),
            "{err}"
        );
        fs::write(root.join("file"), "x").unwrap();
        assert!(check_output(root, &root.join("file"), true).is_err());
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        // A build that is dropped before commit leaves the old output and no temp folder.
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
