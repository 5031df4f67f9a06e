//! The speaker files: one speaker per slug, its photo and links checked as URLs.

use std::collections::HashMap;
use std::path::PathBuf;

use super::values::parse_link;
use super::Linker;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::locate::Locator;
use crate::load::parse::Parsed;
use crate::load::raw::RawSpeaker;
use crate::model::{SourceRef, Speaker, SpeakerId};

impl Linker<'_> {
    /// Adds every speaker whose slug is valid and not taken by an earlier file.
    pub(super) fn add_speakers(&mut self, speakers: Vec<Parsed<RawSpeaker>>) {
        // The first file of each slug, named when a second one has it.
        let mut speaker_files: HashMap<String, PathBuf> = HashMap::new();
        for p in speakers {
            let Some(slug) = p.slug else { continue };
            if let Some(first) = speaker_files.get(slug.as_str()) {
                self.diags.push(
                    Diagnostic::error(&p.file, format!("duplicate speaker slug `{slug}`"))
                        .with_help(format!(
                            "`{}` has the same slug; rename one of them",
                            first.display()
                        )),
                );
                continue;
            }
            speaker_files.insert(slug.as_str().to_owned(), p.file.clone());
            let RawSpeaker {
                name,
                affiliation,
                photo,
                links,
                bio: _,
                source: origin,
            } = p.raw;
            let loc = Locator::new(&p.yaml, p.yaml_first_line);
            if name.trim().is_empty() {
                self.diags
                    .push(Diagnostic::error(&p.file, "`name` is empty").at(loc.at("name", "")));
            }
            let check_link = |key: &str, v: &str, diags: &mut Diagnostics| match parse_link(v) {
                Ok(l) => Some(l),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(&p.file, format!("invalid URL in `{key}`: {e}"))
                            .at(loc.span(key, v.trim()))
                            .with_help(
                                "only http(s) URLs and site paths such as `/images/me.jpg` are allowed",
                            ),
                    );
                    None
                }
            };
            let photo = photo.and_then(|v| check_link("photo", &v, self.diags));
            let links = links
                .0
                .into_iter()
                .filter_map(|(label, url)| check_link(&label, &url, self.diags).map(|l| (label, l)))
                .collect();
            self.pending.extend(p.links);
            self.speaker_ids.insert(
                slug.as_str().to_owned(),
                SpeakerId(self.speakers.len() as u32),
            );
            self.speakers.push(Speaker {
                slug,
                name,
                affiliation,
                photo,
                links,
                bio: p.body,
                talks: Vec::new(),
                origin: origin.map(|o| SourceRef {
                    system: o.system,
                    id: o.id,
                }),
                source: p.file,
            });
        }
    }
}
