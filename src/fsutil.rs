//! File-system checks shared by the stages that walk the site's folders (`content/`, `static/`).

use std::path::Path;

use crate::diagnostics::Diagnostic;

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
