//! Reading the site's folders, shared by the stages that walk them (`content/`, `templates/`,
//! `static/`): which names are not content, how file bytes become text, what a walk reports.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A folder the site reads (`content`, `content/talks`, `templates`, `static`, …; `rel` from
/// the root): `Ok(None)` when it does not exist, its path when it is a folder inside the site,
/// else the error. A folder that is a symlink, or sits in one, is checked where it resolves, so
/// a `content/` linked to elsewhere is refused like a linked file (a walk checks only what is
/// beneath the folder it starts from); a file where the folder belongs is an error rather than
/// an empty site.
pub fn site_folder(root: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let path = root.join(rel);
    let link = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Diagnostic::error(rel, format!("cannot read: {e}"))),
        Ok(m) => m.file_type().is_symlink(),
    };
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let target = path
        .canonicalize()
        .map_err(|e| Diagnostic::error(rel, format!("broken symlink or symlink loop: {e}")))?;
    if !target.starts_with(&root_canon) {
        let how = if link {
            "a symlink to"
        } else {
            "inside a symlinked folder, at"
        };
        return Err(Diagnostic::error(
            rel,
            format!(
                "the folder `{rel}` is {how} `{}`, outside the site: refused",
                target.display()
            ),
        )
        .with_help("copy the folder into the site instead of linking to it"));
    }
    if !target.is_dir() {
        return Err(Diagnostic::error(
            rel,
            format!("`{rel}` is a file, not a folder: the site reads a folder here"),
        )
        .with_help("rename the file and create the folder in its place"));
    }
    Ok(Some(path))
}

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
        let to = std::fs::read_link(entry.path()).unwrap_or_default();
        Diagnostic::error(
            rel,
            format!(
                "symlink to `{}`, a place outside the site: refused",
                to.display()
            ),
        )
        .with_help(help)
    })
}

/// True for files editors and systems leave around that are not content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".bck")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Normalises file bytes: UTF-8 only, a leading BOM dropped, CRLF and lone CR turned into LF.
/// Returns the 1-based line and column of the first invalid byte on failure.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // A lone CR is a line end too, for YAML and CommonMark alike (and most editors), so it
        // becomes LF as well: line numbers then agree between the parsers and the messages.
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n").replace('\r', "\n")),
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            // Columns count characters; `good` is valid UTF-8 up to the bad byte.
            let col = std::str::from_utf8(&good[line_start..])
                .map_or(good.len() - line_start, |s| s.chars().count());
            Err((line, col + 1))
        }
    }
}

/// [`decode`] of bytes read for the purpose: the usual file (UTF-8, no BOM, LF line ends)
/// becomes its `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') {
        return decode(&bytes);
    }
    String::from_utf8(bytes).map_err(|e| match decode(e.as_bytes()) {
        Err(at) => at,
        // Not reached: the bytes are not UTF-8, so `decode` fails on them too.
        Ok(_) => (1, 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_owned_agrees_with_decode() {
        for bytes in [
            &b"plain\ntext"[..],
            b"\xEF\xBB\xBFa\r\nb",
            b"a\r\r\nb\rc",
            b"ab\ncd\xFFe",
            b"\xFF\xFEa\0",
            b"",
        ] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decode_handles_bom_crlf_and_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
        // Found by the frontmatter fuzz target: CR CR LF left a CRLF behind.
        assert_eq!(decode(b"a\r\r\nb\rc").unwrap(), "a\n\nb\nc");
        assert_eq!(decode(b"ab\ncd\xFFe"), Err((2, 3)));
        assert_eq!(decode(b"\xFF\xFEa\0"), Err((1, 1)));
        assert_eq!(
            decode(
                "é\nçé"
                    .as_bytes()
                    .iter()
                    .copied()
                    .chain([0xFF])
                    .collect::<Vec<u8>>()
                    .as_slice()
            ),
            Err((2, 3))
        );
    }
}
