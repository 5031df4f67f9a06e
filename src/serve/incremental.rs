//! Rebuilding the served site after a change: in full, or only the pages a change shows up on.
//!
//! A full rebuild is `talkgen::build` into the served folder, so `serve` shows exactly what
//! `build` writes. After an edit of talk files only, the site is loaded again and its template
//! values ([`Views`]) are compared with the previous ones: when nothing but some talks changed,
//! only the pages showing those talks ([`PageRef::showing_talk`], before and after the change)
//! are rendered again and written in place, each file atomically, with the schedule exports
//! (`schedule.json`, `schedule.xml`), which list every talk.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostics, Result};
use crate::exports;
use crate::layout::{PageRef, Urls};
use crate::load::{single, LoadOptions, Loaded, ParseCache};
use crate::model::Site;
use crate::render::schedule::Programme;
use crate::render::views::{talk_value, TalkContext};
use crate::render::{summary, Renderer, Views};
use crate::staging::Staging;

/// What must be redone after the site's model changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Only these pages show something that changed (may be empty: nothing visible changed).
    Pages(Vec<PageRef>),
    /// Something that many pages show changed (the conference, a speaker, a track, the set of
    /// talks): render everything.
    Full,
}

/// Compares two loads of the same site and says which pages must be rendered again.
///
/// Incremental only when the talks are the same ones in the same order (so ids match) and the
/// site-wide values, speakers, tracks, levels and topic pages are equal as templates see them.
/// Then the pages are those showing a changed talk, in the old site (it may have left a page)
/// and in the new one (it may have joined one).
pub fn plan(old_site: &Site, old: &Views, new_site: &Site, new: &Views) -> Plan {
    let same_shape = old_site.talks.len() == new_site.talks.len()
        && old_site
            .talks
            .iter()
            .zip(&new_site.talks)
            .all(|(a, b)| a.slug == b.slug);
    if !same_shape
        || old.site != new.site
        || old.speakers != new.speakers
        || old.tracks != new.tracks
        || old.levels != new.levels
        || old.pages != new.pages
        || old.articles != new.articles
        || old.strings != new.strings
    {
        return Plan::Full;
    }
    let mut pages = BTreeSet::new();
    for id in new_site.talk_ids() {
        if old.talks[id.index()] != new.talks[id.index()] {
            pages.extend(PageRef::showing_talk(old_site, id));
            pages.extend(PageRef::showing_talk(new_site, id));
        }
    }
    let mut pages: Vec<PageRef> = pages.into_iter().collect();
    PageRef::fill_between(&mut pages);
    pages.sort();
    pages.dedup();
    Plan::Pages(pages)
}

/// The loaded site the served folder currently shows, kept to compare the next load against.
struct Snapshot {
    loaded: Loaded,
    views: Views,
    renderer: Renderer,
}

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    Full {
        pages: usize,
        elapsed: Duration,
        warnings: Diagnostics,
    },
    Incremental {
        pages: usize,
        elapsed: Duration,
        /// Of `elapsed`, the time spent loading the site again (the rest is comparing and
        /// rendering).
        load: Duration,
        warnings: Diagnostics,
    },
    /// Only edited talk files were checked, alone, against the site kept from before.
    Edited {
        pages: usize,
        elapsed: Duration,
        /// Of `elapsed`, the time spent checking the edited files.
        load: Duration,
        /// When the pages were written (the whole-site exports follow).
        pages_done: Duration,
        warnings: Diagnostics,
    },
}

/// Builds one site into one folder, again and again.
pub struct Rebuilder {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: String,
    pub drafts: bool,
    current: Option<Snapshot>,
    /// Parsed talk and speaker files, so a reload re-parses only what changed.
    cache: ParseCache,
}

impl Rebuilder {
    pub fn new(root: &Path, output: &Path, base_url: &str, drafts: bool) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            base_url: base_url.to_owned(),
            drafts,
            current: None,
            cache: ParseCache::new(),
        }
    }

    /// Forgets the cached parse of `path` (relative to the root) and everything under it.
    pub fn forget(&mut self, path: &Path) {
        self.cache.forget(&self.root.join(path));
    }

    /// Forgets every cached parse (after the watcher lost events).
    pub fn forget_all(&mut self) {
        self.cache.clear();
    }

    /// `load_site` with the base URL given, through the parse cache.
    fn load(&mut self) -> Result<(Loaded, Views)> {
        let urls = Urls::new(Some(&self.base_url));
        let opts = LoadOptions {
            drafts: self.drafts,
            base_path: urls.base_path.clone(),
            ..LoadOptions::default()
        };
        let mut loaded = crate::load::load_cached(&self.root, &opts, &mut self.cache)?;
        // A preview keeps nothing offline, as `build` with `preview` (docs/offline.md).
        loaded.site.conference.offline = false;
        let views = Views::new(&loaded.site, urls);
        Ok((loaded, views))
    }

    /// Rebuilds everything: the served folder is replaced only when the build succeeded.
    pub fn full(&mut self) -> Result<Outcome> {
        let started = Instant::now();
        // Loaded before `build` reads the files: if they change in between, the next batch
        // compares against this older load and so re-renders everything that changed since.
        let (loaded, views) = self.load()?;
        let opts = BuildOptions {
            output: Some(self.output.clone()),
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            preview: true,
            ..BuildOptions::new(&self.root)
        };
        let summary = build::build(&opts)?;
        let renderer = Renderer::new(&self.root, &views)?;
        self.current = Some(Snapshot {
            loaded,
            views,
            renderer,
        });
        Ok(Outcome::Full {
            pages: summary.pages,
            elapsed: started.elapsed(),
            warnings: summary.warnings,
        })
    }

    /// Rebuilds after changes under `content/` only: the changed pages when that is enough.
    pub fn content_changed(&mut self) -> Result<Outcome> {
        let started = Instant::now();
        if self.current.is_none() {
            return self.full();
        }
        let (loaded, views) = self.load()?;
        let load = started.elapsed();
        let Some(old) = &self.current else {
            return self.full();
        };
        let pages = match plan(&old.loaded.site, &old.views, &loaded.site, &views) {
            Plan::Full => return self.full(),
            Plan::Pages(pages) => pages,
        };
        let site = &loaded.site;
        let out = Staging::in_place(&self.output);
        pages
            .par_iter()
            .try_for_each(|page| render_page(&old.renderer, site, &views, *page, &out))?;
        let files = pages.len() + write_exports(site, &views, &out)?;
        let warnings = loaded.warnings.clone();
        let Some(previous) = self.current.take() else {
            return self.full();
        };
        let Snapshot {
            loaded: old_loaded,
            views: old_views,
            renderer,
        } = previous;
        // Freeing a large site takes a while: do it off the path to the reload.
        std::thread::spawn(move || drop((old_loaded, old_views)));
        self.current = Some(Snapshot {
            loaded,
            views,
            renderer,
        });
        Ok(Outcome::Incremental {
            pages: files,
            elapsed: started.elapsed(),
            load,
            warnings,
        })
    }
    /// Rebuilds after edits of existing talk files only, without loading the whole site again:
    /// each file is checked alone against the current site ([`crate::load::single`]), the site
    /// and its template values are patched in place, and only the pages showing those talks are
    /// rendered, each talk's own page first. The exports, which list every talk, are written
    /// after the pages.
    ///
    /// `Ok(None)` when the edit needs the whole load (another file, a changed reference, order
    /// or tag, an error): then nothing was changed and the caller takes the usual path, which
    /// also reports the errors.
    pub fn talks_edited(&mut self, files: &[PathBuf]) -> Result<Option<Outcome>> {
        let started = Instant::now();
        let Some(current) = &mut self.current else {
            return Ok(None);
        };
        let opts = LoadOptions {
            drafts: self.drafts,
            base_path: current.views.urls.base_path.clone(),
            ..LoadOptions::default()
        };
        let mut edits = Vec::with_capacity(files.len());
        for file in files {
            let site = &current.loaded.site;
            let Some(edit) = single::reload_talk(&self.root, &opts, &mut self.cache, site, file)
            else {
                return Ok(None);
            };
            // A new title moves the talk in sorted lists; a topic page may list talks in the
            // order written or sorted, which the site does not record: leave that to `plan`.
            let retitled = edit.talk.title != site.talk(edit.id).title;
            if retitled && site.pages.iter().any(|p| p.talks.contains(&edit.id)) {
                return Ok(None);
            }
            edits.push(edit);
        }
        let load = started.elapsed();

        let Snapshot {
            loaded,
            views,
            renderer,
        } = current;
        let site = &mut loaded.site;
        let mut edited_files = Vec::with_capacity(edits.len());
        let mut edited_warnings = Vec::new();
        let mut ids = Vec::with_capacity(edits.len());
        // The pages of lists showing the talks before the edit: a new title may move a talk
        // to another page of a list.
        let mut before: Vec<PageRef> = Vec::new();
        for single::Reloaded { id, talk, warnings } in edits {
            ids.push(id);
            let i = id.index();
            let retitled = talk.title != site.talks[i].title;
            if retitled {
                before.extend(PageRef::showing_talk(site, id));
            }
            edited_files.push(talk.source.clone());
            edited_warnings.extend(warnings.iter().cloned());
            site.talks[i] = talk;
            if retitled {
                site.resort_lists_holding(id);
                views.talk_order = site.talks_in_order();
                views.programme = Programme::new(site, &views.talk_order);
            }
            let cx = TalkContext {
                conference: &site.conference,
                split: views.programme.split,
                urls: &views.urls,
                tag_links: &views.tag_links,
                speakers: &views.speakers,
                tracks: &views.tracks,
                levels: &views.levels,
            };
            let part = views.programme.part_name(id);
            let summary = summary::summary(&site.talks[i]);
            let value = talk_value(&site.talks[i], &summary, part, &cx);
            views.talks[i] = crate::render::marks::mark(&views.history, id, value, &views.urls);
        }
        // The warnings a whole load would give: the edited files' own ones are new.
        let mut warnings: Diagnostics = loaded
            .warnings
            .iter()
            .filter(|d| !edited_files.contains(&d.file))
            .cloned()
            .chain(edited_warnings)
            .collect();
        warnings.sort();
        loaded.warnings = warnings;

        let site = &loaded.site;
        // Each talk's own page first, so it is served as soon as possible.
        let mut first = Vec::new();
        let mut rest = BTreeSet::new();
        for id in &ids {
            first.push(PageRef::Talk(*id));
        }
        let mut showing = before;
        for id in &ids {
            showing.extend(PageRef::showing_talk(site, *id));
        }
        PageRef::fill_between(&mut showing);
        rest.extend(showing.into_iter().filter(|p| !first.contains(p)));
        let out = Staging::in_place(&self.output);
        for page in &first {
            render_page(renderer, site, views, *page, &out)?;
        }
        let rest: Vec<PageRef> = rest.into_iter().collect();
        rest.par_iter()
            .try_for_each(|page| render_page(renderer, site, views, *page, &out))?;
        let pages_done = started.elapsed();
        let files = first.len() + rest.len() + write_exports(site, views, &out)?;
        Ok(Some(Outcome::Edited {
            pages: files,
            elapsed: started.elapsed(),
            load,
            pages_done,
            warnings: loaded.warnings.clone(),
        }))
    }
}

/// Renders one page into its file, replacing it atomically.
fn render_page(
    renderer: &Renderer,
    site: &Site,
    views: &Views,
    page: PageRef,
    out: &Staging,
) -> Result<()> {
    let mut w = out.create(&page.output_path(site))?;
    renderer
        .render(site, views, page, &mut w)
        .map_err(|e| w.locate(e))?;
    out.finish(w)
}

/// Writes the whole-site exports again (they list every talk), with the same writers as a
/// build: the schedule exports, talks.json, the calendars, the feed and the search index.
/// Returns how many of the first kind were written (the others are written on every edit and
/// not counted: the count is of what the edit touched).
fn write_exports(site: &Site, views: &Views, out: &Staging) -> Result<usize> {
    let schedules = exports::schedule::write(site, &views.urls, out)?;
    exports::search::write(site, &views.urls, out)?;
    exports::write_all(&exports::Context::new(site, views), out)?;
    Ok(schedules)
}
