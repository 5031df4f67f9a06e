//! Finding the content files: listing `content/talks` and `content/speakers`, reading one file
//! as text (refusing what is not a regular file inside the site), and listing `static/`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::limits::{human_size, MAX_FILE_BYTES};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fsutil::{decode_owned, is_ignored_name};

/// `path` as messages show it: relative to the site root.
pub(super) fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Lists content files under `content/<dir>`, refusing symlinks that leave
/// the site and reporting symlink loops instead of following them.
pub(super) fn walk(root: &Path, content: &Path, dir: &str) -> (Vec<PathBuf>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let rel_dir = rel(root, &content.join(dir));
    let base = match crate::fsutil::site_folder(root, &rel_dir.to_string_lossy()) {
        Ok(Some(base)) => base,
        Ok(None) => return (files, diags),
        Err(d) => {
            diags.push(d);
            return (files, diags);
        }
    };
    walk_site(
        root,
        &base,
        true,
        CONTENT_HELP,
        &mut diags,
        |entry, diags| {
            if entry.file_type().is_dir() {
                return;
            }
            if !entry.file_type().is_file() {
                diags.push(
                    Diagnostic::error(
                        rel(root, entry.path()),
                        "cannot read: a FIFO, socket or device, not a file",
                    )
                    .with_help("content folders may hold only files and folders"),
                );
                return;
            }
            match entry.path().extension().and_then(|e| e.to_str()) {
                Some("md" | "yaml" | "yml") => files.push(entry.into_path()),
                _ => diags.push(Diagnostic::warning(
                    rel(root, entry.path()),
                    "ignored: not a .md or .yaml file",
                )),
            }
        },
    );
    (files, diags)
}

const CONTENT_HELP: &str = "copy the file into the site instead of linking to it";
const STATIC_HELP: &str = "copy the file into static/ instead of linking to it";

/// Walks `base` (following symlinks inside the site, in name order), reporting unreadable
/// entries and symlinks that leave the site (`help` says what to do instead) and not entering
/// them; with `skip_ignored`, editor and system leftovers are passed over too. Every other
/// entry goes to `visit`.
pub(crate) fn walk_site(
    root: &Path,
    base: &Path,
    skip_ignored: bool,
    help: &str,
    diags: &mut Diagnostics,
    mut visit: impl FnMut(walkdir::DirEntry, &mut Diagnostics),
) {
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut it = WalkDir::new(base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(crate::fsutil::walk_error(&e, root, base));
                continue;
            }
        };
        let ignored = skip_ignored
            && entry.depth() > 0
            && is_ignored_name(&entry.file_name().to_string_lossy());
        let outside = if ignored {
            None
        } else {
            crate::fsutil::outside_symlink(&entry, root, &root_canon, help)
        };
        if ignored || outside.is_some() {
            diags.extend(outside);
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        visit(entry, diags);
    }
}

/// Reads a content file as text, or reports why it cannot be: not a regular file (a folder, a
/// FIFO that would block the build forever, a device), a symlink leaving the site, unreadable,
/// or not UTF-8 (with a word for UTF-16, which Windows editors still produce). Returns the
/// text and the file's modification time.
pub(super) fn read_text(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(String, Option<jiff::Timestamp>)> {
    let file = rel(root, path);
    // One `lstat` answers both questions for the usual file that is not a symlink; a symlink
    // is checked, then followed.
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            if let Err(d) = check_symlink(root, path) {
                diags.push(d);
                return None;
            }
            std::fs::metadata(path)
        }
        other => other,
    };
    match &meta {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            let what = if m.is_dir() {
                "a folder"
            } else {
                "a FIFO, socket or device"
            };
            diags.push(
                Diagnostic::error(&file, format!("cannot read: this is {what}, not a file"))
                    .with_help("content files must be regular files"),
            );
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read: {e}")));
            return None;
        }
    }
    let modified = (meta.as_ref().ok())
        .and_then(|m| m.modified().ok())
        .and_then(|m| jiff::Timestamp::try_from(m).ok());
    // The size is checked before anything is read (a sparse 6 GB file costs no disk space but
    // would cost 6 GB of memory), and the read stops one byte past the limit in case the file
    // grows meanwhile or its metadata does not tell its size.
    let size = meta.map_or(0, |m| m.len());
    if size > MAX_FILE_BYTES {
        diags.push(too_big(&file, size));
        return None;
    }
    let bytes = match std::fs::File::open(path).and_then(|f| {
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        let mut limited = std::io::Read::take(f, MAX_FILE_BYTES.saturating_add(1));
        std::io::Read::read_to_end(&mut limited, &mut bytes).map(|_| bytes)
    }) {
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
            diags.push(too_big(&file, b.len() as u64));
            return None;
        }
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read: {e}")));
            return None;
        }
    };
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    match decode_owned(bytes) {
        Ok(t) => Some((t, modified)),
        Err((line, column)) => {
            let message = if utf16 {
                "the file is UTF-16, not UTF-8"
            } else {
                "the file is not valid UTF-8"
            };
            diags.push(
                Diagnostic::error(&file, message)
                    .at(Position::new(line, column))
                    .with_help("save it as UTF-8 (UTF-16 and Latin-1 are not accepted)"),
            );
            None
        }
    }
}

/// The error for a content file over [`MAX_FILE_BYTES`] (`size` is what was seen of it).
pub(super) fn too_big(file: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        file,
        format!(
            "the file is {}; a content file may hold at most 64 MiB",
            human_size(size)
        ),
    )
    .with_help("split the text, or put large files under static/ and link to them")
}

/// Refuses `path` when it is a symlink whose target is outside the site (or dangling).
fn check_symlink(root: &Path, path: &Path) -> std::result::Result<(), Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(target) if target.starts_with(&root_canon) => Ok(()),
        Ok(target) => Err(Diagnostic::error(
            rel(root, path),
            format!(
                "symlink to `{}`, outside the site: refused",
                target.display()
            ),
        )
        .with_help("copy the file into the site instead of linking to it")),
        Err(e) => Err(Diagnostic::error(
            rel(root, path),
            format!("broken symlink or symlink loop: {e}"),
        )),
    }
}

/// What `static/` holds, listed once: the build copies these files, site links may lead to
/// them, and a topic page may not take a top-level name.
#[derive(Default)]
pub(super) struct Statics {
    /// Files, as `/`-separated paths relative to `static/`.
    pub files: std::collections::BTreeSet<String>,
    /// The names directly in `static/`, files or folders.
    pub top: HashSet<String>,
}

/// Lists `static/` as the build will copy it: symlinks out of the site and loops are errors,
/// found here so `talkgen check` reports them too.
pub(super) fn check_static(root: &Path, diags: &mut Diagnostics) -> Statics {
    let mut statics = Statics::default();
    let src = match crate::fsutil::site_folder(root, "static") {
        Ok(Some(src)) => src,
        Ok(None) => return statics,
        Err(d) => {
            diags.push(d);
            return statics;
        }
    };
    if let Ok(rd) = std::fs::read_dir(&src) {
        let names = rd.filter_map(|e| e.ok());
        statics.top = names
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    }
    walk_site(root, &src, false, STATIC_HELP, diags, |entry, diags| {
        let ft = entry.file_type();
        if ft.is_file() {
            let rel = entry.path().strip_prefix(&src).unwrap_or(entry.path());
            statics
                .files
                .insert(rel.to_string_lossy().replace('\\', "/"));
        } else if !ft.is_dir() {
            diags.push(Diagnostic::error(
                rel(root, entry.path()),
                "cannot copy: a FIFO, socket or device, not a file",
            ));
        }
    });
    statics
}
