//! File-system checks shared by the stages that walk the site's folders (`content/`, `static/`).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The diagnostic for an entry a folder walk could not read: a symlink loop, or an I/O error.
/// `base` is the folder walked, named when the error has no path of its own.
pub fn walk_error(e: &walkdir::Error, root: &Path, base: &Path) -> Diagnostic {
    let path = e.path().unwrap_or(base);
    let rel = path.strip_prefix(root).unwrap_or(path);
    let msg = if e.loop_ancestor().is_some() {
        "symlink loop: this folder links back to one of its parents".to_string()
    } else {
        format!(
            "cannot read: {}",
            e.io_error()
                .map_or_else(|| e.to_string(), |io| io.to_string())
        )
    };
    Diagnostic::error(rel, msg)
}

/// A diagnostic when `entry` is a symlink whose target lies outside the site (`root_canon` is
/// the canonical site root), so no stage ever reads or copies a file from elsewhere.
/// `help` says what to do instead, in the words of the folder being walked.
pub fn outside_symlink(
    entry: &walkdir::DirEntry,
    root: &Path,
    root_canon: &Path,
    help: &str,
) -> Option<Diagnostic> {
    if !entry.path_is_symlink() {
        return None;
    }
    let inside = entry
        .path()
        .canonicalize()
        .is_ok_and(|c| c.starts_with(root_canon));
    (!inside).then(|| {
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        Diagnostic::error(rel, "symlink to a place outside the site: refused").with_help(help)
    })
}
