//! The topic pages of `conference.yaml`: each lists talks by slug (in that order) or whole tracks.

use std::collections::HashSet;

use super::Linker;
use crate::diagnostics::Diagnostic;
use crate::layout::RESERVED_SLUGS;
use crate::load::raw::RawPage;
use crate::load::walk::Statics;
use crate::model::{Slug, TalkId};

impl Linker<'_> {
    /// Adds every page whose slug is valid, free (not a path talkgen writes, nor a name in
    /// `static/`) and not taken by an earlier page. Talks are known by now.
    pub(super) fn add_pages(&mut self, raw_pages: Vec<RawPage>, statics: &Statics) {
        // Each track's talks, found once for every page that lists tracks.
        let mut by_track: Vec<Vec<TalkId>> = vec![Vec::new(); self.tracks.len()];
        for (i, t) in self.talks.iter().enumerate() {
            if let Some(list) = by_track.get_mut(t.track.index()) {
                list.push(TalkId(i as u32));
            }
        }
        for rp in raw_pages {
            let slug = match Slug::parse(&rp.slug) {
                Ok(s) => s,
                Err(e) => {
                    self.diags.push(
                        Diagnostic::error(
                            &self.conf_file,
                            format!("invalid page slug `{}`: {e}", rp.slug),
                        )
                        .at(self.at_conf("slug", &rp.slug)),
                    );
                    continue;
                }
            };
            if RESERVED_SLUGS.contains(&slug.as_str()) || statics.top.contains(slug.as_str()) {
                self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("page slug `{slug}` collides with a path talkgen writes"),
                    )
                    .at(self.at_conf("slug", &rp.slug))
                    .with_help(format!(
                        "these are taken: {}, and the names in static/",
                        RESERVED_SLUGS.join(", ")
                    )),
                );
                continue;
            }
            if !self.page_slugs.insert(slug.clone()) {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("page `{slug}` is defined twice"))
                        .at(self
                            .conf
                            .second("slug", &rp.slug)
                            .unwrap_or_else(|| self.at_conf("slug", &rp.slug))),
                );
                continue;
            }
            let explicit = rp.talks.is_some();
            let list = match (rp.talks, rp.tracks) {
                (Some(_), Some(_)) => {
                    self.diags.push(
                        Diagnostic::error(
                            &self.conf_file,
                            format!("page `{slug}` has both `talks` and `tracks`"),
                        )
                        .at(self.at_conf("slug", &rp.slug))
                        .with_help(
                            "keep one: `talks` for an explicit order, `tracks` for whole tracks",
                        ),
                    );
                    Vec::new()
                }
                (Some(talks), None) => self.page_talks(&slug, talks),
                (None, tracks) => self.page_tracks(&slug, tracks.unwrap_or_default(), &by_track),
            };
            let intro = self.render_md(rp.intro.as_deref(), "intro");
            self.pages.push((slug, rp.title, intro, list, explicit));
        }
    }

    /// The talks a page lists by slug, in the written order. Drafts left out and talks already
    /// reported are skipped without a word.
    fn page_talks(&mut self, slug: &Slug, talks: Vec<String>) -> Vec<TalkId> {
        let mut list = Vec::new();
        // Membership in a set, not the list: a page may list 20,000 talks.
        let mut listed = HashSet::new();
        for t in talks {
            match self.talk_ids.get(&t) {
                Some(id) if !listed.insert(*id) => self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("talk `{t}` is listed twice on page `{slug}`"),
                    )
                    .at(self.conf.second("talks", &t).unwrap_or_else(|| {
                        let first = self.at_conf("talks", &t);
                        self.conf.next_on_line(first.0, &t).unwrap_or(first)
                    }))
                    .with_help("a page lists each talk once: remove the second one"),
                ),
                Some(id) => list.push(*id),
                None if self.drafts.contains(&t) || self.invalid_talks.contains(&t) => {}
                None => self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("unknown talk `{t}` on page `{slug}`"),
                    )
                    .at(self.at_conf("talks", &t))
                    .with_help(
                        self.suggest
                            .did_you_mean(&t, self.talk_ids.keys().map(String::as_str))
                            .unwrap_or_else(|| format!("no file content/talks/{t}.md")),
                    ),
                ),
            }
        }
        list
    }

    /// The talks of whole tracks, in id order without repeats (sorted with the site later).
    /// A track listed twice is taken once, so the work is the talks listed, not tracks × talks.
    fn page_tracks(
        &mut self,
        slug: &Slug,
        tracks: Vec<String>,
        by_track: &[Vec<TalkId>],
    ) -> Vec<TalkId> {
        let mut list = Vec::new();
        let mut taken = HashSet::new();
        for tr in tracks {
            match self.track_ids.get(&tr) {
                Some(id) if !taken.insert(*id) => {}
                Some(id) => list.extend(by_track.get(id.index()).into_iter().flatten()),
                None => self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("unknown track `{tr}` on page `{slug}`"),
                    )
                    .at(self.at_conf("tracks", &tr))
                    .with_help(
                        self.suggest
                            .did_you_mean(&tr, self.track_ids.keys().map(String::as_str))
                            .unwrap_or_else(|| "tracks are defined under `tracks:`".into()),
                    ),
                ),
            }
        }
        list.sort();
        list.dedup();
        list
    }
}
