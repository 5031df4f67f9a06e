//! Removing the previous output once the new one is in place: tens of thousands of one-page
//! folders (`talks/<slug>/`), a sixth of a big build when unlinked one by one on one core.

use std::io;
use std::path::Path;

/// Removes the folder `root` and everything in it, the folders below its own on every core.
pub fn tree(root: &Path) -> io::Result<()> {
    #[cfg(unix)]
    return at::tree(root);
    #[cfg(not(unix))]
    return portable(root);
}

/// [`tree`] with the standard library alone.
#[cfg(not(unix))]
fn portable(root: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    use std::fs;
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    let mut dirs = Vec::new();
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for inner in fs::read_dir(entry.path())? {
                let inner = inner?;
                match inner.file_type()?.is_dir() {
                    true => subdirs.push(inner.path()),
                    false => files.push(inner.path()),
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

/// Removal relative to open folders (`openat`, `unlinkat`): the standard library's
/// `remove_dir_all` walks the whole path three times for each folder and asks four more
/// questions of it, ~130,000 calls to the system at 20,000 talks that this does without.
#[cfg(unix)]
mod at {
    use std::ffi::{CStr, CString};
    use std::io;
    use std::mem::MaybeUninit;
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::path::Path;

    use rayon::prelude::*;
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir, CWD};

    pub fn tree(root: &Path) -> io::Result<()> {
        let top = open_dir(CWD, root)?;
        let mut sections = Vec::new();
        for (name, is_dir) in list(top.as_fd())? {
            match is_dir {
                true => {
                    let fd = open_dir(top.as_fd(), name.as_c_str())?;
                    let inner = list(fd.as_fd())?;
                    sections.push((name, fd, inner));
                }
                false => unlink(top.as_fd(), &name, false)?,
            }
        }
        let work: Vec<(BorrowedFd, &CString, bool)> = (sections.iter())
            .flat_map(|(_, fd, inner)| inner.iter().map(|(n, d)| (fd.as_fd(), n, *d)))
            .collect();
        work.par_iter()
            .try_for_each(|(parent, name, is_dir)| unlink(*parent, name, *is_dir))?;
        for (name, fd, _) in sections {
            drop(fd);
            unlink_dir(top.as_fd(), &name)?;
        }
        drop(top);
        std::fs::remove_dir(root)
    }

    fn open_dir(parent: BorrowedFd, path: impl rustix::path::Arg) -> io::Result<OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Ok(rustix::fs::openat(parent, path, flags, Mode::empty())?)
    }

    /// The names in the folder `dir` (without `.` and `..`), each with whether it is a folder
    /// (not following links: a link is removed, never what it points to).
    fn list(dir: BorrowedFd) -> io::Result<Vec<(CString, bool)>> {
        let mut buf = [MaybeUninit::<u8>::uninit(); 8192];
        let mut raw = RawDir::new(dir, &mut buf);
        let mut names = Vec::new();
        while let Some(entry) = raw.next() {
            let entry = entry?;
            let name = entry.file_name();
            if name == c"." || name == c".." {
                continue;
            }
            let is_dir = match entry.file_type() {
                FileType::Directory => true,
                FileType::Unknown => is_dir_at(dir, name)?,
                _ => false,
            };
            names.push((name.to_owned(), is_dir));
        }
        Ok(names)
    }

    fn is_dir_at(dir: BorrowedFd, name: &CStr) -> io::Result<bool> {
        let stat = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
        Ok(FileType::from_raw_mode(stat.st_mode) == FileType::Directory)
    }

    /// Removes `name` in `parent`: a file, or a folder with everything in it.
    fn unlink(parent: BorrowedFd, name: &CStr, is_dir: bool) -> io::Result<()> {
        if !is_dir {
            return Ok(rustix::fs::unlinkat(parent, name, AtFlags::empty())?);
        }
        let dir = open_dir(parent, name)?;
        for (inner, is_dir) in list(dir.as_fd())? {
            unlink(dir.as_fd(), &inner, is_dir)?;
        }
        drop(dir);
        unlink_dir(parent, name)
    }

    fn unlink_dir(parent: BorrowedFd, name: &CStr) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_files_folders_and_links_but_not_what_links_point_to() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("old");
        let keep = tmp.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("precious"), "x").unwrap();
        for dir in ["talks/a", "talks/b/deeper/still", "speakers/c", "empty"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "index.html",
            "talks/a/index.html",
            "talks/b/deeper/still/x.ics",
        ] {
            std::fs::write(root.join(file), "page").unwrap();
        }
        // Enough names that a folder is listed in more than one batch of `getdents`.
        for i in 0..2000 {
            std::fs::write(
                root.join(format!("speakers/c/file-with-a-long-name-{i}")),
                "",
            )
            .unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&keep, root.join("talks/link")).unwrap();
            std::os::unix::fs::symlink(&keep, root.join("speakers/c/link")).unwrap();
        }
        tree(&root).unwrap();
        assert!(!root.exists());
        assert_eq!(std::fs::read(keep.join("precious")).unwrap(), b"x");
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let err = tree(&tmp.path().join("nothing")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
