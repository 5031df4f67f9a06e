//! The tracks and levels of `conference.yaml`: slugs checked, each given its id.

use super::Linker;
use crate::diagnostics::Diagnostic;
use crate::load::raw::RawTrack;
use crate::model::{Level, LevelId, Slug, Track, TrackId};

/// The default levels when `conference.yaml` names none.
pub const DEFAULT_LEVELS: &[&str] = &["beginner", "intermediate", "advanced"];

impl Linker<'_> {
    /// The tracks; at least one is needed (reported only when nothing else is wrong, as a site
    /// whose tracks all failed already says why).
    pub(super) fn add_tracks(&mut self, raw_tracks: Vec<RawTrack>) {
        for t in raw_tracks {
            match Slug::parse(&t.slug) {
                Ok(slug) => {
                    if self.track_ids.contains_key(slug.as_str()) {
                        self.diags.push(
                            Diagnostic::error(
                                &self.conf_file,
                                format!("track `{slug}` is defined twice"),
                            )
                            .at(self
                                .conf
                                .second("slug", &t.slug)
                                .unwrap_or_else(|| self.at_conf("slug", &t.slug))),
                        );
                        continue;
                    }
                    self.track_ids
                        .insert(t.slug.clone(), TrackId(self.tracks.len() as u32));
                    let description = self.render_md(t.description.as_deref(), "description");
                    let color = t.color.as_deref().and_then(|c| self.color("color", c));
                    self.tracks.push(Track {
                        slug,
                        name: t.name,
                        description,
                        color,
                        talks: Vec::new(),
                    });
                }
                Err(e) => self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("invalid track slug `{}`: {e}", t.slug),
                    )
                    .at(self.at_conf("slug", &t.slug)),
                ),
            }
        }
        if self.tracks.is_empty() && !self.diags.has_errors() {
            self.diags.push(
                Diagnostic::error(&self.conf_file, "`tracks` needs at least one track")
                    .at(self.at_conf("tracks", ""))
                    .with_help("add `- slug: main` and `name: Main track` under `tracks:`"),
            );
        }
    }

    /// The levels, [`DEFAULT_LEVELS`] when `conference.yaml` names none.
    pub(super) fn add_levels(&mut self, level_names: Option<Vec<String>>) {
        let level_names: Vec<String> =
            level_names.unwrap_or_else(|| DEFAULT_LEVELS.iter().map(|s| s.to_string()).collect());
        for l in level_names {
            match Slug::parse(&l) {
                Ok(slug) if !self.level_ids.contains_key(&l) => {
                    self.level_ids
                        .insert(l.clone(), LevelId(self.levels.len() as u32));
                    self.levels.push(Level {
                        name: display_name(&l),
                        slug,
                        talks: Vec::new(),
                    });
                }
                Ok(_) => self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("level `{l}` is listed twice"))
                        .at(self.at_conf("levels", &l)),
                ),
                Err(e) => self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("invalid level `{l}`: {e}"))
                        .at(self.at_conf("levels", &l)),
                ),
            }
        }
    }
}

/// `intermediate` → `Intermediate`, for levels that have no name of their own.
fn display_name(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names() {
        assert_eq!(display_name("intermediate"), "Intermediate");
        assert_eq!(display_name("all-levels"), "All Levels");
    }
}
