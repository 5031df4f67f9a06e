//! The site's content files as the importer finds them on disk, and the text it writes back.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};

pub(super) const CONFERENCE_FILE: &str = "content/conference.yaml";

/// One content file as found on disk.
pub(super) struct Existing {
    pub(super) rel: PathBuf,
    /// `.md` with front matter (else pure `.yaml`, body under `abstract`/`bio`).
    pub(super) md: bool,
    pub(super) front: Mapping,
    pub(super) body: String,
    pub(super) slug: String,
}

impl Existing {
    pub(super) fn source(&self) -> Option<(String, String)> {
        let s = self.front.get("source")?.as_mapping()?;
        let system = s.get("system")?.as_str()?.to_owned();
        let id = match s.get("id")? {
            Value::String(x) => x.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some((system, id))
    }
}

/// The files that came from `system`, by the export's id (the first file when two claim one):
/// one lookup per imported entry, not a scan of every file of the site for each.
pub(super) fn by_source<'a>(
    found: &'a [Existing],
    system: &str,
) -> std::collections::HashMap<String, &'a Existing> {
    let mut by_id = std::collections::HashMap::new();
    for e in found {
        if let Some((sy, id)) = e.source() {
            if sy == system {
                by_id.entry(id).or_insert(e);
            }
        }
    }
    by_id
}

/// Reads the content files of one folder (`talks` or `speakers`).
pub(super) fn scan(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<Existing> {
    let mut out = Vec::new();
    // An import writes into this folder too: never into one linked out of the site.
    let base = match crate::fsutil::site_folder(root, "content")
        .and_then(|_| crate::fsutil::site_folder(root, &format!("content/{dir}")))
    {
        Ok(Some(base)) => base,
        Ok(None) => return out,
        Err(d) => {
            diags.push(d);
            return out;
        }
    };
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let md = name.ends_with(".md");
        if !entry.file_type().is_file()
            || crate::fsutil::is_ignored_name(&name)
            || !(md || name.ends_with(".yaml"))
        {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = match std::fs::read(path).map(|b| crate::fsutil::decode(&b)) {
            Ok(Ok(t)) => t,
            _ => {
                diags.push(Diagnostic::error(
                    &rel,
                    "cannot read this file as UTF-8 text",
                ));
                continue;
            }
        };
        let (yaml, body) = if md {
            match crate::load::split(&text) {
                Ok(sp) => (sp.yaml.to_owned(), sp.body.to_owned()),
                Err(_) => {
                    diags.push(
                        Diagnostic::error(&rel, "no front matter between `---` lines")
                            .with_help("fix the file (or move it away) before importing"),
                    );
                    continue;
                }
            }
        } else {
            (text.clone(), String::new())
        };
        let front: Mapping = match serde_yaml::from_str::<Option<Mapping>>(&yaml) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                diags.push(
                    Diagnostic::error(&rel, format!("invalid YAML: {e}"))
                        .with_help("fix the file before importing"),
                );
                continue;
            }
        };
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Existing {
            rel,
            md,
            front,
            body,
            slug,
        });
    }
    out
}

/// `content/conference.yaml` as it is, and whether it exists; invalid YAML is reported in
/// `diags` (and read as empty).
pub(super) fn read_conference(root: &Path, diags: &mut Diagnostics) -> Result<(Mapping, bool)> {
    let conf_path = root.join(CONFERENCE_FILE);
    let conf_exists = conf_path.is_file();
    let conf: Mapping = if conf_exists {
        let text = std::fs::read_to_string(&conf_path).map_err(|e| Error::io(&conf_path, e))?;
        match serde_yaml::from_str::<Option<Mapping>>(&text) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    CONFERENCE_FILE,
                    format!("invalid YAML: {e}"),
                ));
                Mapping::new()
            }
        }
    } else {
        Mapping::new()
    };
    Ok((conf, conf_exists))
}

/// The text of a content file.
pub(super) fn render_file(md: bool, front: &Mapping, body: &str) -> Result<String> {
    let yaml = serde_yaml::to_string(front)
        .map_err(|e| Error::Refused(format!("cannot write YAML (a bug in talkgen import): {e}")))?;
    if !md {
        return Ok(yaml);
    }
    let mut out = format!("---\n{yaml}---\n");
    let body = body.trim();
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    Ok(out)
}
