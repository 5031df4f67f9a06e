//! The last step of linking: back-references (speaker, track and level → talks), the warnings
//! that need them, and every listing's order, computed once so the renderers only read them.

use super::talks::talk_warnings;
use super::Linker;
use crate::diagnostics::Diagnostic;
use crate::load::tags;
use crate::load::walk::Statics;
use crate::model::*;

impl Linker<'_> {
    /// The whole site, from everything linked.
    pub(super) fn into_site(mut self, conference: Conference, statics: Statics) -> Site {
        self.back_references();
        for t in &self.talks {
            talk_warnings(t, self.diags);
        }
        // When a talk file failed, which speakers it has is not known: "has no talks" would be
        // a false follow-on of the real error, so it is not said then.
        let talks_known = !self.talk_file_failed;
        for s in &self.speakers {
            if talks_known && s.talks.is_empty() {
                self.diags.push(Diagnostic::warning(
                    &s.source,
                    format!("speaker `{}` has no talks", s.slug),
                ));
            }
        }
        let mut site = Site {
            conference,
            tracks: self.tracks,
            levels: self.levels,
            speakers: self.speakers,
            talks: self.talks,
            pages: Vec::new(),
            articles: self.articles,
            tags: Vec::new(),
            static_files: statics.files,
            versions: Vec::new(),
        };
        sort_listings(&mut site, self.pages);
        // `check` needs no tags: a tag cannot be wrong, and at 20,000 talks making them is
        // 4 % of a check.
        if !self.md.validate_only {
            tags::attach(&mut site);
        }
        site
    }

    /// Built once: speaker → talks, track → talks, level → talks, in talk id order.
    fn back_references(&mut self) {
        for (i, t) in self.talks.iter().enumerate() {
            let id = TalkId(i as u32);
            for s in &t.speakers {
                self.speakers[s.index()].talks.push(id);
            }
            self.tracks[t.track.index()].talks.push(id);
            if let Some(l) = t.level {
                self.levels[l.index()].talks.push(id);
            }
        }
    }
}

/// Listing order, computed once: the talks of each track, level, speaker and page (a page's
/// explicit list keeps its written order).
fn sort_listings(site: &mut Site, pages: Vec<super::LinkedPage>) {
    let mut tracks = std::mem::take(&mut site.tracks);
    for t in &mut tracks {
        sort_talks(site, &mut t.talks);
    }
    site.tracks = tracks;
    let mut levels = std::mem::take(&mut site.levels);
    for l in &mut levels {
        sort_talks(site, &mut l.talks);
    }
    site.levels = levels;
    let mut speakers = std::mem::take(&mut site.speakers);
    for s in &mut speakers {
        sort_talks(site, &mut s.talks);
    }
    site.speakers = speakers;
    site.pages = pages
        .into_iter()
        .map(|(slug, title, intro, mut talks, explicit)| {
            if !explicit {
                sort_talks(site, &mut talks);
            }
            Page {
                slug,
                title,
                intro,
                talks,
            }
        })
        .collect();
}
