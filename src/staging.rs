//! Writing the site's files, for `build` and `serve` alike: every page and export goes through
//! a [`Staging`]. A build writes into a temporary folder beside the output, swapped into place
//! only when the whole build succeeded, so a failed build never leaves a half-written or missing
//! `public/`; `serve` replaces files of the folder it serves one by one, each through a
//! temporary file and a rename, so a request never reads half of one.
//!
//! No build leaves its temporary folder behind: a stop signal ([`signals`]) makes the build
//! stop at its next write and remove it, and folders of builds that could not clean up (killed
//! with SIGKILL) are removed by the next build of the same output ([`sweep_stale`]).

mod remove;
pub mod signals;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::{Error, Result};
use crate::layout::MARKER;

/// A file being written through a [`Staging`]; [`Staging::finish`] puts it in place.
pub struct FileWriter {
    w: io::BufWriter<fs::File>,
    /// Where it goes, in the output (named in messages).
    path: PathBuf,
    /// Its site path (`talks/x/index.html`), for the list of what a build wrote.
    rel: String,
    /// How many bytes were written, for that list (the schedule exports write over what they
    /// wrote, never past it).
    size: u64,
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

    /// Where the file goes (in the output: the path messages name).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `err` with the file named, when it is an I/O error about it (a write of a page).
    pub fn locate(&self, err: Error) -> Error {
        match err {
            Error::Io { source, .. } => Error::io(&self.path, source),
            other => other,
        }
    }
}

impl io::Write for FileWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        signals::check()?;
        let n = self.w.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        signals::check()?;
        self.w.write_all(buf)?;
        self.size += buf.len() as u64;
        Ok(())
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
    // The folders a build reads, and anything inside them: a site written into
    // `templates/public` or `content/talks/public` would be read back by the next build.
    for protected in ["content", "templates", "static", "src", ".git"] {
        let sources = root_abs.join(protected);
        if out_abs.starts_with(&sources) {
            let place = if out_abs == sources {
                "is"
            } else {
                "is inside"
            };
            return Err(Error::Refused(format!(
                "refusing to write the site into `{}`: it {place} the site's `{protected}/`, \
                 which the build reads; choose a folder outside it, e.g. `public`",
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

/// `path` made absolute and normalised: resolved on disk as far as it exists (so a path
/// through a symlink compares equal to the folder it reaches), the rest lexically
/// (`a/./b/../c` → `a/c`).
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
    // The longest part that exists, resolved; what is not there yet appended to it.
    let mut missing = Vec::new();
    let mut existing = out.as_path();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return out,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(missing.iter().rev());
    resolved
}

/// Where the files of a build go, and how they are put in place.
pub struct Staging {
    /// The folder files are written into.
    dir: PathBuf,
    /// Where files written into `dir` end up: the output, named in messages (the temporary
    /// folder means nothing to the user).
    shown: PathBuf,
    /// A build: the temporary folder (`dir`) and the output it replaces at [`Staging::commit`].
    swap: Option<(tempfile::TempDir, PathBuf)>,
    /// A build: the lock held on `dir` while it is being written, so that the stale-folder
    /// sweep of another build ([`sweep_stale`]) leaves it alone.
    lock: Option<fs::File>,
    /// How many files were finished.
    written: AtomicUsize,
    /// A build: every file finished, by site path with its size, in the order written (see
    /// [`Staging::take_files`]).
    files: Option<std::sync::Mutex<Vec<(String, u64)>>>,
}

impl Staging {
    /// A build of `output`: into a temporary folder beside it (same file system, so the swap is
    /// a rename), named `.NAME.talkgen-tmp-XXXXXX` and locked for as long as the build runs.
    /// Stale temporary folders of earlier builds of the same output are removed first.
    pub fn new(output: &Path) -> Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let prefix = temp_prefix(output);
        sweep_stale(&parent, &prefix);
        // Under the registry's lock: a stop signal either comes before (the build stops here)
        // or finds the folder registered (and the build stops at its next write).
        let mut live = signals::live();
        signals::check().map_err(|e| Error::io(output, e))?;
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        // Locked before the marker is written: a sweep only removes marked folders it can lock.
        let lock = lock_dir(dir.path());
        fs::write(
            dir.path().join(MARKER),
            "This folder was written by talkgen and is replaced by every build.\n",
        )
        .map_err(|e| Error::io(dir.path(), e))?;
        live.push(dir.path().to_path_buf());
        Ok(Staging {
            dir: dir.path().to_path_buf(),
            shown: output.to_path_buf(),
            swap: Some((dir, output.to_path_buf())),
            lock,
            written: AtomicUsize::new(0),
            files: Some(Default::default()),
        })
    }

    /// Files of `output` replaced one by one, each atomically (what `serve` does after an edit).
    pub fn in_place(output: &Path) -> Staging {
        Staging {
            dir: output.to_path_buf(),
            shown: output.to_path_buf(),
            swap: None,
            lock: None,
            written: AtomicUsize::new(0),
            files: None,
        }
    }

    /// The folder files are written into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Where `rel` ends up once the build is in place: the path messages name.
    pub fn shown(&self, rel: &str) -> PathBuf {
        self.shown.join(rel)
    }

    /// How many files were written so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// A build's files so far, by site path with their sizes, in the order a walk of the folder
    /// sorted by name gives (a file written twice, the second time by `static/`, once): what
    /// the service worker lists, without reading tens of thousands of folders back. Empty for
    /// files replaced in place. They are handed over, not copied: a later call gets only what
    /// was written since.
    pub fn take_files(&self) -> Vec<(String, u64)> {
        let Some(files) = &self.files else {
            return Vec::new();
        };
        let mut files = files
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default();
        // Folder by folder, as a walk: `/` sorts before every other byte. Stable: of two writes
        // of one path, the later (`static/`) stays last.
        files.sort_by_cached_key(|(path, _)| path.replace('/', "\0"));
        let mut out: Vec<(String, u64)> = Vec::with_capacity(files.len());
        for f in files {
            match out.last_mut() {
                Some(last) if last.0 == f.0 => *last = f,
                _ => out.push(f),
            }
        }
        out
    }

    fn record(&self, rel: &str, size: u64) {
        self.written.fetch_add(1, Ordering::Relaxed);
        if let Some(Ok(mut files)) = self.files.as_ref().map(|f| f.lock()) {
            files.push((rel.to_owned(), size));
        }
    }

    /// Writes `bytes` at `rel` (a `/`-separated path made by talkgen, never by users).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.stream(rel, |w| io::Write::write_all(w, bytes))
    }

    /// Opens `rel` to be written through a buffer as it is made, so a page or export of
    /// megabytes is never held whole ([`Staging::finish`] puts it in place).
    pub fn create(&self, rel: &str) -> Result<FileWriter> {
        let shown = self.shown(rel);
        signals::check().map_err(|e| Error::io(&shown, e))?;
        let path = self.dir.join(rel);
        let parent = path.parent().unwrap_or(&self.dir);
        let shown_parent = shown.parent().unwrap_or(&self.shown);
        let (file, tmp) = if self.swap.is_some() {
            let open = || {
                fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&path)
            };
            // The folder is made only when it is missing: asking first cost a call to the
            // system for each of tens of thousands of files whose folder was there.
            let file = match open() {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    fs::create_dir_all(parent).map_err(|e| Error::io(shown_parent, e))?;
                    open()
                }
                file => file,
            };
            (file.map_err(|e| Error::io(&shown, e))?, None)
        } else {
            fs::create_dir_all(parent).map_err(|e| Error::io(shown_parent, e))?;
            let tmp = tempfile::Builder::new()
                .prefix(".talkgen-page-")
                .tempfile_in(parent)
                .map_err(|e| Error::io(shown_parent, e))?;
            let (file, tmp) = tmp.into_parts();
            (file, Some(tmp))
        };
        Ok(FileWriter {
            // Small: a page is written whole, past the buffer, and a buffer per file of tens of
            // thousands is memory the allocator must give and take back each time.
            w: io::BufWriter::with_capacity(8 * 1024, file),
            path: shown,
            rel: rel.to_owned(),
            size: 0,
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
        self.record(&w.rel, w.size);
        Ok(())
    }

    /// Drops a file that was written only to be read (it is not put in place).
    pub fn discard(&self, w: FileWriter) -> Result<()> {
        let FileWriter { w, path, tmp, .. } = w;
        drop(w);
        match tmp {
            Some(tmp) => tmp.close().map_err(|e| Error::io(&path, e)),
            None => {
                let real = self
                    .dir
                    .join(path.strip_prefix(&self.shown).unwrap_or(&path));
                fs::remove_file(&real).map_err(|e| Error::io(&path, e))
            }
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

    /// Copies the file `from` (`static/…` of the site) to `rel`, as it is. A generated file of
    /// the same name is replaced; a generated folder in the way, or a generated file where the
    /// copy needs a folder, is [`CopyError::Collision`]; anything else the disk says is
    /// [`CopyError::Io`], against the output path.
    pub fn copy(&self, from: &Path, rel: &str) -> std::result::Result<(), CopyError> {
        let dest = self.dir.join(rel);
        let io_err = |e: io::Error| CopyError::Io(Error::io(&self.shown(rel), e));
        signals::check().map_err(io_err)?;
        // What is already there, from the build itself: the one thing a copy may not replace.
        let mut above = self.dir.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            above.push(part);
            let last = i + 1 == parts.len();
            match fs::symlink_metadata(&above) {
                Ok(m) if last && m.is_dir() => {
                    return Err(CopyError::Collision(format!(
                        "the build writes a folder `{rel}/` there (pages of the site); a static \
                         file may replace a generated file, not a folder"
                    )))
                }
                Ok(m) if !last && !m.is_dir() => {
                    let file = parts[..=i].join("/");
                    return Err(CopyError::Collision(format!(
                        "the build writes a file `{file}` where this needs a folder; rename the \
                         static folder `{file}/`"
                    )));
                }
                _ => {}
            }
        }
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(io_err)?;
        }
        let size = fs::copy(from, &dest).map_err(io_err)?;
        self.record(rel, size);
        Ok(())
    }

    /// Creates the folders `rels` and those above them (a build's sections, before its pages).
    pub fn create_dirs<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<()> {
        rels.into_iter().try_for_each(|rel| self.create_dir(rel))
    }

    /// Makes the folder `rel` and the folders above it that are missing.
    pub fn create_dir(&self, rel: &str) -> Result<()> {
        fs::create_dir_all(self.dir.join(rel)).map_err(|e| Error::io(&self.shown(rel), e))
    }

    /// Puts the finished site in place: for a build, old output aside, new one in, old one
    /// removed. A stop signal waits for the two renames (so there is always an output), and
    /// the old output set aside is locked and registered until it is gone.
    pub fn commit(mut self) -> Result<()> {
        let Some((dir, out)) = self.swap.take() else {
            return Ok(());
        };
        let new = dir.keep();
        let out = &out;
        let mut live = signals::live();
        let forget = |live: &mut Vec<PathBuf>, p: &Path| live.retain(|l| l != p);
        let old = match fs::symlink_metadata(out) {
            Ok(_) => {
                let aside = new.with_file_name(format!(
                    "{}.old",
                    new.file_name().unwrap_or_default().to_string_lossy()
                ));
                // Best effort: a build that has just put this output in place may still hold it.
                let lock = lock_dir(out);
                if let Err(e) = fs::rename(out, &aside) {
                    let _ = fs::remove_dir_all(&new);
                    forget(&mut live, &new);
                    return Err(Error::io(out, e));
                }
                live.push(aside.clone());
                Some((aside, lock))
            }
            Err(_) => None,
        };
        if let Err(e) = fs::rename(&new, out) {
            // Put the previous site back rather than leave nothing.
            if let Some((old, _)) = &old {
                let _ = fs::rename(old, out);
                forget(&mut live, old);
            }
            let _ = fs::remove_dir_all(&new);
            forget(&mut live, &new);
            return Err(Error::io(out, e));
        }
        forget(&mut live, &new);
        drop(live);
        self.lock = None;
        if let Some((old, lock)) = old {
            let removed = remove::tree(&old);
            drop(lock);
            forget(&mut signals::live(), &old);
            removed.map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit: its temporary folder is removed, then forgotten.
    fn drop(&mut self) {
        if let Some((dir, _)) = self.swap.take() {
            let path = dir.path().to_path_buf();
            drop(dir);
            signals::live().retain(|l| *l != path);
        }
    }
}

/// Why a file of `static/` could not be copied.
#[derive(Debug)]
pub enum CopyError {
    /// The build itself has something in the way (a content problem of the site).
    Collision(String),
    /// The disk refused (full, read-only...), named by the output path.
    Io(Error),
}

/// The start of the names of the temporary folders of builds of `output`.
fn temp_prefix(output: &Path) -> String {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.talkgen-tmp-")
}

/// How old a temporary folder without talkgen's marker must be before a sweep removes it (a
/// build writes its marker right after creating its folder, so only a crash in between leaves
/// one; anything younger may be a build starting now).
pub const UNMARKED_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// True for `.NAME.talkgen-tmp-XXXXXX` and `.NAME.talkgen-tmp-XXXXXX.old` (the previous output
/// set aside during a swap), with `prefix` = `.NAME.talkgen-tmp-`: nothing else is ever swept.
pub fn is_temp_name(name: &str, prefix: &str) -> bool {
    let Some(rest) = name.strip_prefix(prefix) else {
        return false;
    };
    let random = rest.strip_suffix(".old").unwrap_or(rest);
    !random.is_empty() && random.len() <= 32 && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Removes the temporary folders that earlier builds of the same output left behind (killed
/// with SIGKILL, a power cut...), and returns them. A folder is removed only when all hold:
/// - its name is talkgen's ([`is_temp_name`]) and it is a real folder, not a symlink;
/// - no process holds its lock: a running build locks its folder from creation to the end
///   (the kernel drops the lock when the process dies, however it dies), so two builds of the
///   same output never remove each other's folder;
/// - it carries talkgen's marker file, or is older than [`UNMARKED_AGE`].
///
/// Failures are ignored: the sweep is tidying, never a reason for a build to fail.
pub fn sweep_stale(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| is_temp_name(n, prefix)) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        // Held by a live build, or not lockable here: left alone.
        let Some(lock) = lock_dir(&path) else {
            continue;
        };
        let marked = fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= UNMARKED_AGE);
        if !(marked || old) {
            continue;
        }
        if fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
        drop(lock);
    }
    removed
}

/// An exclusive lock on the folder `dir` (an advisory `flock`), or `None` when another
/// process holds one or the folder cannot be opened.
fn lock_dir(dir: &Path) -> Option<fs::File> {
    let file = fs::File::open(dir).ok()?;
    file.try_lock().ok()?;
    Some(file)
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

    #[test]
    fn temp_names_are_recognised_exactly() {
        let p = ".public.talkgen-tmp-";
        for ok in [
            ".public.talkgen-tmp-a1B2c3",
            ".public.talkgen-tmp-a1B2c3.old",
        ] {
            assert!(is_temp_name(ok, p), "{ok}");
        }
        for bad in [
            "public",
            ".public.talkgen-tmp-",
            ".public.talkgen-tmp-.old",
            ".public.talkgen-tmp-abc/def",
            ".public.talkgen-tmp-abc.bak",
            ".other.talkgen-tmp-abc123",
            "x.public.talkgen-tmp-abc123",
        ] {
            assert!(!is_temp_name(bad, p), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn sweep_removes_only_unlocked_marked_or_old_folders_of_talkgen() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let prefix = temp_prefix(&root.join("public"));
        let make = |name: &str, marked: bool| {
            let dir = root.join(name);
            fs::create_dir(&dir).unwrap();
            fs::write(dir.join("page.html"), "x").unwrap();
            if marked {
                fs::write(dir.join(MARKER), "").unwrap();
            }
            dir
        };
        let dead = make(".public.talkgen-tmp-dead01", true);
        let aside = make(".public.talkgen-tmp-dead01.old", true);
        let held = make(".public.talkgen-tmp-live01", true);
        let young = make(".public.talkgen-tmp-young1", false);
        let aged = make(".public.talkgen-tmp-aged01", false);
        let foreign = make(".public.backup", true);
        let other = make(".other.talkgen-tmp-dead01", true);
        let old = std::time::SystemTime::now() - UNMARKED_AGE * 2;
        fs::File::open(&aged).unwrap().set_modified(old).unwrap();
        std::os::unix::fs::symlink(&foreign, root.join(".public.talkgen-tmp-link01")).unwrap();
        let lock = lock_dir(&held).expect("lock");
        let mut removed = sweep_stale(root, &prefix);
        removed.sort();
        let mut expected = vec![aged, dead, aside];
        expected.sort();
        assert_eq!(removed, expected);
        for kept in [&held, &young, &foreign, &other] {
            assert!(kept.join("page.html").is_file(), "{}", kept.display());
        }
        assert!(root.join(".public.talkgen-tmp-link01").is_symlink());
        drop(lock);
        assert_eq!(sweep_stale(root, &prefix), vec![held]);
    }

    #[test]
    fn a_build_folder_is_locked_and_registered_until_it_is_done() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        let tmp = s.path().to_path_buf();
        assert!(signals::live().contains(&tmp));
        // Another build of the same output does not touch it.
        let prefix = temp_prefix(&out);
        assert!(sweep_stale(site.path(), &prefix).is_empty());
        assert!(tmp.join(MARKER).is_file());
        s.write("a.html", b"a").unwrap();
        s.commit().unwrap();
        assert!(!signals::live().contains(&tmp));
        assert!(out.join("a.html").is_file());
        // Errors name the output, never the temporary folder.
        let s = Staging::new(&out).unwrap();
        fs::write(s.path().join("blocker"), "").unwrap();
        let err = s.write("blocker/x.html", b"x").unwrap_err().to_string();
        assert!(
            err.contains(&out.join("blocker").display().to_string()),
            "{err}"
        );
        assert!(!err.contains("talkgen-tmp"), "{err}");
    }
}
