//! The state file: what the previous import wrote of each entry, read back for the merge.

use std::path::Path;

use serde_yaml::Mapping;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};

/// Where the importer remembers what it last wrote, per system and entry.
pub const STATE_FILE: &str = "content/.talkgen-import.yaml";

/// The state file as a map of system → entries; empty when there is none yet.
pub(super) fn read_state(root: &Path) -> Result<Mapping> {
    let path = root.join(STATE_FILE);
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(serde_yaml::from_str::<Option<Mapping>>(&t)
            .map_err(|e| {
                Error::Content(one(Diagnostic::error(
                    STATE_FILE,
                    format!("invalid YAML: {e}"),
                )
                .with_help(
                    "delete it: the next import then treats every file as untouched",
                )))
            })?
            .unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Mapping::new()),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Entry state of `kind` (`talks`, `speakers`) for `id`, from the previous import.
pub(super) fn last_entry<'a>(state: &'a Mapping, kind: &str, id: &str) -> Option<&'a Mapping> {
    state.get(kind)?.as_mapping()?.get(id)?.as_mapping()
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}
