//! Loading one edited talk file against an already loaded site, for `talkgen serve`: the same
//! parse, reference checks, link checks and warnings as a whole [`load`](super::load), run for
//! that file alone, so a save of one abstract does not walk `content/` and link every talk.
//!
//! Only an edit that leaves the site's shape as it was is taken: the talk keeps its slug, file,
//! speakers, track, level, slot, date, weight, draft flag and tags, so every list, back-reference
//! and page of the site stays what it was. Anything else, and any error, is left to the whole
//! load (which then reports the errors with everything else it finds).

use std::collections::HashSet;
use std::path::Path;

use super::link::talks::{link_talk, talk_warnings, LinkedTalk, TalkContext};
use super::links::SitePaths;
use super::locate::Suggester;
use super::parse::parse_file;
use super::raw::RawTalk;
use super::{LoadOptions, ParseCache};
use crate::diagnostics::Diagnostics;
use crate::markdown::MarkdownOptions;
use crate::model::{Site, Talk, TalkId};

/// An edited talk, checked, ready to replace `site.talks[id]`.
pub struct Reloaded {
    pub id: TalkId,
    pub talk: Talk,
    /// The file's warnings, as a whole load reports them (it has no errors).
    pub warnings: Diagnostics,
}

/// Loads the talk file `rel` (relative to `root`) of `site` again, alone.
///
/// `None` when the whole load is needed: the file is not one of the site's talks, it has an
/// error, or the edit changed what other pages or lists depend on. The cache gets the new parse
/// either way, so the whole load that may follow does not parse the file again.
pub fn reload_talk(
    root: &Path,
    opts: &LoadOptions,
    cache: &mut ParseCache,
    site: &Site,
    rel: &Path,
) -> Option<Reloaded> {
    let id = site.talk_ids().find(|id| site.talk(*id).source == rel)?;
    // The Markdown options of the last whole load (they come from conference.yaml, which is
    // unchanged when this is called).
    let (base_path, trusted_html) = cache.markdown.clone()?;
    let md = MarkdownOptions {
        base_path,
        trusted_html,
        ..MarkdownOptions::default()
    };
    let path = root.join(rel);
    let mut diags = Diagnostics::default();
    let parsed = parse_file::<RawTalk>(root, &path, &md, &mut diags);
    cache.talks.insert(path, (parsed.clone(), diags.clone()));
    let mut parsed = parsed?;
    let slug = parsed.slug.take()?;
    if diags.has_errors() {
        return None;
    }

    let speaker_ids = site
        .speaker_ids()
        .map(|s| (site.speaker(s).slug.as_str().to_owned(), s))
        .collect();
    let track_ids = site
        .track_ids()
        .map(|t| (site.track(t).slug.as_str().to_owned(), t))
        .collect();
    let level_ids = site
        .level_ids()
        .map(|l| (site.levels[l.index()].slug.as_str().to_owned(), l))
        .collect();
    let no_broken = HashSet::new();
    let cx = TalkContext {
        speaker_ids: &speaker_ids,
        // The last load had no errors, so no speaker file is broken.
        broken_speakers: &no_broken,
        track_ids: &track_ids,
        tracks: &site.tracks,
        level_ids: &level_ids,
        levels: &site.levels,
        tz: site.conference.timezone.as_ref(),
        drafts: opts.drafts,
        md: &md,
        suggest: &Suggester::default(),
    };
    let LinkedTalk::Talk(talk, pending) = link_talk(parsed, slug, &cx, &mut diags) else {
        return None;
    };
    let old = site.talk(id);
    let same_shape = talk.slug == old.slug
        && talk.speakers == old.speakers
        && talk.track == old.track
        && talk.level == old.level
        && talk.slot == old.slot
        && talk.date == old.date
        && talk.weight == old.weight
        && talk.draft == old.draft
        && talk.tags == old.tags;
    if !same_shape {
        return None;
    }
    let mut talk = talk;
    talk.tag_ids = old.tag_ids.clone();

    // The site links of its Markdown, against every path of the site. Drafts left out are
    // known from the cache, which holds every talk file of the last load.
    let drafts: HashSet<String> = if opts.drafts {
        HashSet::new()
    } else {
        cache
            .talks
            .values()
            .filter_map(|(p, _)| p.as_ref())
            .filter(|p| p.raw.draft)
            .filter_map(|p| p.slug.as_ref().map(|s| s.as_str().to_owned()))
            .collect()
    };
    SitePaths {
        statics: &site.static_files,
        talks: site.talks.iter().map(|t| t.slug.as_str()).collect(),
        drafts: &drafts,
        speakers: site.speakers.iter().map(|s| s.slug.as_str()).collect(),
        tracks: site.tracks.iter().map(|t| t.slug.as_str()).collect(),
        levels: site.levels.iter().map(|l| l.slug.as_str()).collect(),
        pages: site.pages.iter().map(|p| p.slug.as_str()).collect(),
    }
    .check(&pending, &mut diags);
    talk_warnings(&talk, &mut diags);
    if diags.has_errors() {
        return None;
    }
    Some(Reloaded {
        id,
        talk: *talk,
        warnings: diags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, load_cached};

    /// A copy of the `minimal` test site, loaded once through `cache`.
    fn minimal() -> (tempfile::TempDir, ParseCache, LoadOptions, Site) {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let opts = LoadOptions {
            drafts: false,
            base_path: "/".into(),
            ..LoadOptions::default()
        };
        let mut cache = ParseCache::new();
        let site = load_cached(dir.path(), &opts, &mut cache).unwrap().site;
        (dir, cache, opts, site)
    }

    fn rewrite(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    const ALPHA: &str = "content/talks/alpha-talk.md";

    #[test]
    fn an_edited_talk_equals_what_a_whole_load_makes() {
        let (dir, mut cache, opts, site) = minimal();
        rewrite(dir.path(), ALPHA, "description: A *short* summary.\n", "");
        rewrite(dir.path(), ALPHA, "The **abstract**", "The *new* abstract");
        cache.forget(&dir.path().join(ALPHA));
        let r = reload_talk(dir.path(), &opts, &mut cache, &site, Path::new(ALPHA)).unwrap();
        let whole = load(dir.path(), &opts).unwrap();
        assert_eq!(
            format!("{:?}", r.talk),
            format!("{:?}", whole.site.talk(r.id))
        );
        let whole_warnings: Diagnostics = whole
            .warnings
            .iter()
            .filter(|d| d.file == Path::new(ALPHA))
            .cloned()
            .collect();
        assert!(!whole_warnings.is_empty(), "no description: a warning");
        assert_eq!(r.warnings, whole_warnings);
    }

    #[test]
    fn errors_and_changed_references_are_left_to_the_whole_load() {
        for (from, to) in [
            // Errors the per-file checks find: a reference, a slot (a draft link: below).
            ("speakers: [ada-lovelace]", "speakers: [nobody]"),
            ("end: 2024-05-04T10:30:00", "end: 2024-05-04T09:30:00"),
            // Valid edits that change what other pages show or their order.
            ("speakers: [ada-lovelace]", "speakers: [grace-hopper]"),
            ("level: beginner", "level: advanced"),
            ("tags: [web]", "tags: [web, new]"),
            ("track: web", "track: web\nweight: 3"),
        ] {
            let (dir, mut cache, opts, site) = minimal();
            rewrite(dir.path(), ALPHA, from, to);
            cache.forget(&dir.path().join(ALPHA));
            let r = reload_talk(dir.path(), &opts, &mut cache, &site, Path::new(ALPHA));
            assert!(r.is_none(), "{to}");
        }
        let (dir, mut cache, opts, site) = minimal();
        rewrite(
            dir.path(),
            ALPHA,
            "[Ada](/speakers/ada-lovelace/)",
            "[x](/talks/draft-talk/)",
        );
        cache.forget(&dir.path().join(ALPHA));
        assert!(reload_talk(dir.path(), &opts, &mut cache, &site, Path::new(ALPHA)).is_none());
        let err = load(dir.path(), &opts).unwrap_err().to_string();
        assert!(err.contains("draft talk `draft-talk`"), "{err}");
    }
}
