//! Writing the site's files, for `build` and `serve` alike: every page and export goes through
//! a [`Staging`]. A build writes into a temporary folder beside the output, swapped into place
//! only when the whole build succeeded, so a failed build never leaves a half-written or missing
//! `public/`; `serve` replaces files of the folder it serves one by one, each through a
//! temporary file and a rename, so a request never reads half of one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::{Error, Result};
use crate::layout::MARKER;

/// A file being written through a [`Staging`]; [`Staging::finish`] puts it in place.
pub struct FileWriter {
    w: io::BufWriter<fs::File>,
    /// Where it goes.
    path: PathBuf,
    /// Written in place: the temporary file it is written to until it is finished.
    tmp: Option<tempfile::TempPath>,
}

impl FileWriter {
    /// The file itself, with everything written so far flushed into it (to read back or
    /// patch what was written, as the schedule exports do with their version).
    pub fn file(&mut self) -> io::Result<&mut fs::File> {
        io::Write::flush(&mut self.w)?;
        Ok(self.w.get_mut())
    }

    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl io::Write for FileWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.w.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

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

/// Where the files of a build go, and how they are put in place.
pub struct Staging {
    /// The folder files are written into.
    dir: PathBuf,
    /// A build: the temporary folder (`dir`) and the output it replaces at [`Staging::commit`].
    swap: Option<(tempfile::TempDir, PathBuf)>,
    /// How many files were finished.
    written: AtomicUsize,
}

impl Staging {
    /// A build of `output`: into a temporary folder beside it (same file system, so the swap is
    /// a rename).
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
            dir: dir.path().to_path_buf(),
            swap: Some((dir, output.to_path_buf())),
            written: AtomicUsize::new(0),
        })
    }

    /// Files of `output` replaced one by one, each atomically (what `serve` does after an edit).
    pub fn in_place(output: &Path) -> Staging {
        Staging {
            dir: output.to_path_buf(),
            swap: None,
            written: AtomicUsize::new(0),
        }
    }

    /// The folder files are written into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// How many files were written so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Writes `bytes` at `rel` (a `/`-separated path made by talkgen, never by users).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.stream(rel, |w| io::Write::write_all(w, bytes))
    }

    /// Opens `rel` to be written through a buffer as it is made, so a page or export of
    /// megabytes is never held whole ([`Staging::finish`] puts it in place).
    pub fn create(&self, rel: &str) -> Result<FileWriter> {
        let path = self.dir.join(rel);
        let parent = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let (file, tmp) = if self.swap.is_some() {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            (file, None)
        } else {
            let tmp = tempfile::Builder::new()
                .prefix(".talkgen-page-")
                .tempfile_in(parent)
                .map_err(|e| Error::io(parent, e))?;
            let (file, tmp) = tmp.into_parts();
            (file, Some(tmp))
        };
        Ok(FileWriter {
            w: io::BufWriter::with_capacity(64 * 1024, file),
            path,
            tmp,
        })
    }

    /// Flushes what [`Staging::create`] opened and puts it in place, reporting a failed write
    /// against the file.
    pub fn finish(&self, mut w: FileWriter) -> Result<()> {
        io::Write::flush(&mut w.w).map_err(|e| Error::io(&w.path, e))?;
        if let Some(tmp) = w.tmp.take() {
            tmp.persist(&w.path)
                .map_err(|e| Error::io(&w.path, e.error))?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Drops a file that was written only to be read (it is not put in place).
    pub fn discard(&self, w: FileWriter) -> Result<()> {
        let FileWriter { w, path, tmp } = w;
        drop(w);
        match tmp {
            Some(tmp) => tmp.close().map_err(|e| Error::io(&path, e)),
            None => fs::remove_file(&path).map_err(|e| Error::io(&path, e)),
        }
    }

    /// Writes `rel` through `write`, reporting a failed write against the file.
    pub fn stream(
        &self,
        rel: &str,
        write: impl FnOnce(&mut FileWriter) -> io::Result<()>,
    ) -> Result<()> {
        let mut w = self.create(rel)?;
        write(&mut w).map_err(|e| Error::io(&w.path, e))?;
        self.finish(w)
    }

    /// Copies the file `from` to `rel`, as it is.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let dest = self.dir.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, &dest)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Creates the folders pages will go into, once, before pages are written in parallel.
    pub fn create_dirs<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for rel in rels {
            let path = self.dir.join(rel);
            fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }

    /// Puts the finished site in place: for a build, old output aside, new one in, old one
    /// removed.
    pub fn commit(self) -> Result<()> {
        let Some((dir, out)) = self.swap else {
            return Ok(());
        };
        let new = dir.keep();
        let out = &out;
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
