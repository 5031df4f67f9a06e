//! `talkgen build` and `talkgen check`: load the site, render every page, write every export,
//! copy `static/`, and swap the result into place; or only load and check.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};
use crate::exports;
use crate::layout::{PageRef, Urls};
use crate::load;
use crate::model::Site;
use crate::progress::{Progress, ProgressHook};
use crate::render::{Renderer, Views};
use crate::staging::{self, Staging};
use crate::theme;

/// What `talkgen build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// Where to write; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `conference.yaml`.
    pub base_url: Option<String>,
    /// Include talks marked `draft: true`.
    pub drafts: bool,
    /// Replace an output folder talkgen did not create.
    pub force: bool,
    /// Told about the build's progress (pages written), e.g. to draw a progress bar.
    pub progress: Option<ProgressHook>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Links name each page's `index.html`, so the site can be clicked through from disk.
    pub file_links: bool,
    /// A preview of `talkgen serve`: no service worker whatever `offline:` says, so no cache
    /// stands between an edit and the reload (docs/offline.md).
    pub preview: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            force: false,
            progress: None,
            strict: false,
            file_links: false,
            preview: false,
        }
    }

    /// The output folder, resolved against the site root when relative.
    pub fn output_dir(&self) -> PathBuf {
        match &self.output {
            Some(p) => p.clone(),
            None => self.root.join("public"),
        }
    }
}

/// What a finished build did, for the summary line.
#[derive(Debug)]
pub struct BuildSummary {
    pub talks: usize,
    pub speakers: usize,
    pub tracks: usize,
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {} talks, {} speakers, {} tracks: {} pages ({} files) in {} in {:.2?}",
            self.talks,
            self.speakers,
            self.tracks,
            self.pages,
            self.files,
            self.output.display(),
            self.elapsed
        )
    }
}

/// Loads the site, as `talkgen check` and `talkgen build` both do first.
pub fn load_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> Result<(load::Loaded, Urls)> {
    load_for(root, base_url, drafts, false)
}

/// [`load_site`], or with `validate_only` the checks of it without the texts a build needs.
fn load_for(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    validate_only: bool,
) -> Result<(load::Loaded, Urls)> {
    // Checked here too for callers other than the command line (which refuses it first).
    if let Some(url) = base_url {
        load::check_base_url(url)
            .map_err(|e| Error::Refused(format!("invalid --base-url: {e}")))?;
    }
    // The base URL decides the path prefix of links inside Markdown, so read it before loading.
    let conf_base = if base_url.is_none() {
        peek_base_url(root)
    } else {
        None
    };
    let urls = Urls::new(base_url.or(conf_base.as_deref()));
    let opts = load::LoadOptions {
        drafts,
        base_path: urls.base_path.clone(),
        validate_only,
    };
    let loaded = load::load(root, &opts)?;
    Ok((loaded, urls))
}

/// `base_url` from conference.yaml without validating the rest (that is `load`'s job).
fn peek_base_url(root: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Peek {
        base_url: Option<String>,
    }
    let path = root.join("content/conference.yaml");
    // Only a regular file: reading a FIFO would block; `load` reports what is wrong with it.
    if !std::fs::metadata(&path).ok()?.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    serde_yaml::from_str::<Peek>(&text).ok()?.base_url
}

/// What `talkgen check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// Overrides `base_url` from `conference.yaml` (it decides which site paths links may use).
    pub base_url: Option<String>,
    /// Check talks marked `draft: true` as published.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
}

impl CheckOptions {
    pub fn new(root: impl Into<PathBuf>) -> CheckOptions {
        CheckOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            strict: false,
        }
    }
}

/// Validates the whole site without writing anything: the same loading and template parsing as
/// `build`. Returns every problem found (errors and warnings, sorted); `Err` only when the check
/// itself could not run (an I/O error that is not about one content file).
pub fn check(opts: &CheckOptions) -> Result<Diagnostics> {
    let mut diags = match load_for(&opts.root, opts.base_url.as_deref(), opts.drafts, true) {
        Ok((loaded, urls)) => {
            let mut diags = loaded.warnings.clone();
            match Renderer::parse_templates(&opts.root) {
                Ok(templates) if templates.overridden => {
                    diags.extend(render_samples(&loaded.site, urls, templates));
                }
                Ok(_) => {}
                Err(Error::Content(more)) => diags.extend(more),
                Err(e) => return Err(e),
            }
            diags
        }
        Err(Error::Content(diags)) => diags,
        Err(e) => return Err(e),
    };
    if opts.strict {
        diags.deny_warnings();
    }
    diags.sort();
    Ok(diags)
}

/// Renders one page of each template into nothing, so `check` finds what only rendering finds
/// (`{{ site.nmae }}`) in the site's own templates; the built-in theme is tested, so a site
/// without `templates/` skips this (at 20,000 talks the values cost as much as the load).
fn render_samples(site: &Site, urls: Urls, templates: crate::render::Templates) -> Diagnostics {
    let views = Views::new(site, urls);
    let renderer = Renderer::with_templates(templates, &views);
    let mut seen = std::collections::HashSet::new();
    // A mistake in a partial fails every page including it: reported once, where it is.
    let mut places = std::collections::HashSet::new();
    let mut diags = Diagnostics::default();
    for page in PageRef::all(site) {
        if !seen.insert(std::mem::discriminant(&page)) {
            continue;
        }
        if let Err(Error::Content(d)) = renderer.render(site, &views, page, std::io::sink()) {
            for diag in d.iter() {
                let line = diag.position.map(|p| (p.line, p.column));
                if places.insert((diag.file.clone(), line)) {
                    diags.push(diag.clone());
                }
            }
        }
    }
    diags
}

/// Builds the site: load, render every page, copy `static/`, swap the result into place.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let output = opts.output_dir();
    staging::check_output(&opts.root, &output, opts.force)?;
    let (mut loaded, mut urls) = load_site(&opts.root, opts.base_url.as_deref(), opts.drafts)?;
    if opts.file_links {
        urls.style = crate::layout::LinkStyle::RelativeFiles;
    }
    if opts.preview {
        loaded.site.conference.offline = false;
    }
    if opts.strict && !loaded.warnings.is_empty() {
        let mut denied = loaded.warnings;
        denied.deny_warnings();
        return Err(Error::Content(denied));
    }
    let templates = Renderer::parse_templates(&opts.root)?;
    let staging = Staging::new(&output)?;
    // The schedule exports are the one reader of the texts as written: write them first and let
    // the texts go before the template values are made, so the two are never held together.
    exports::schedule::write(&loaded.site, &urls, &staging)?;
    loaded.site.forget_sources();
    let site = &loaded.site;
    let views = Views::new(site, urls);
    let renderer = Renderer::with_templates(templates, &views);

    let pages = PageRef::all(site);
    let report = |p: Progress| {
        if let Some(hook) = &opts.progress {
            hook.call(p);
        }
    };
    report(Progress::Loaded {
        talks: site.talks.len(),
        speakers: site.speakers.len(),
        pages: pages.len(),
    });
    let written = AtomicUsize::new(0);
    let paths: Vec<String> = pages.iter().map(|p| p.output_path(site)).collect();
    // The pages that list the most go first. One that lists every talk keeps a core busy for a
    // quarter of a second at 20,000 talks; the search and schedule pages, last in site order,
    // were rendered alone after everything else was done.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_cached_key(|&i| std::cmp::Reverse(listed(site, pages[i])));
    // The section folders (`talks/`, `speakers/`...) first, then every page's own folder on
    // every core, before anything is written: a page, and an export that shares its folder
    // (`speaker.ics`), then opens its file at the first try, whichever of them comes first.
    let dirs: Vec<&str> = paths
        .iter()
        .filter_map(|p| Some(p.rsplit_once('/')?.0))
        .collect();
    let sections: std::collections::BTreeSet<&str> = (dirs.iter())
        .filter_map(|dir| Some(dir.rsplit_once('/')?.0))
        .collect();
    staging.create_dirs(sections)?;
    dirs.par_iter()
        .try_for_each(|dir| staging.create_dir(dir))?;
    for (name, body) in theme::FILES {
        staging.write(name, body.as_bytes())?;
    }
    // Each page goes to its file as it is rendered: the pages listing every talk are megabytes,
    // and two of them held whole at once were the build's peak.
    let write_page = |i: usize, cards: Option<&crate::render::cards::Cards>| -> Result<()> {
        let (page, path) = (&pages[i], &paths[i]);
        let mut w = staging.create(path)?;
        renderer
            .render_with(site, &views, cards, *page, &mut w)
            .map_err(|e| w.locate(e))?;
        staging.finish(w)?;
        let done = written.fetch_add(1, Ordering::Relaxed) + 1;
        report(Progress::PageWritten {
            done,
            total: pages.len(),
        });
        Ok(())
    };
    // The lists of talks first, on every core, with each talk's card rendered once for all of
    // them; the cards (~30 MB at 20,000 talks) are let go before the exports begin.
    let (lists, others): (Vec<usize>, Vec<usize>) = order
        .into_iter()
        .partition(|&i| crate::render::lists_cards(pages[i]));
    let cards = renderer.cards(site, &views)?;
    lists
        .par_iter()
        .try_for_each(|&i| write_page(i, Some(&cards)))?;
    drop(cards);
    // The other pages and the whole-site files (feed, calendars, JSON, search index) are made
    // at the same time: a big export is one long job, and alone after the pages it left a core
    // idle. The search index first, alone on its side: its postings are gone before the
    // calendars' events are made, so the two are never held together.
    let (rendered, tail) = rayon::join(
        || others.par_iter().try_for_each(|&i| write_page(i, None)),
        || {
            exports::search::write(site, &views.urls, &staging)?;
            exports::write_all(&exports::Context::new(site, &views), &staging)
        },
    );
    rendered?;
    tail?;
    report(Progress::Finishing);
    drop(renderer);
    drop(views);
    // Last, so a file of the same name in `static/` replaces a generated one.
    copy_static(&opts.root, site, &staging)?;
    // After everything else: the worker lists and hashes the files as written.
    exports::offline::write_worker(site, &staging)?;
    let files = staging.written();
    staging.commit()?;

    Ok(BuildSummary {
        talks: site.talks.len(),
        speakers: site.speakers.len(),
        tracks: site.tracks.len(),
        pages: pages.len(),
        files,
        output,
        elapsed: started.elapsed(),
        warnings: loaded.warnings,
    })
}

/// How many talks, speakers or tracks a page lists: roughly what it costs to render.
fn listed(site: &Site, page: PageRef) -> usize {
    use crate::layout::{SPEAKERS_PER_PAGE, TALKS_PER_PAGE};
    let paged = |len: usize, n: crate::layout::PageNo, per: usize| n.range(len, per).len();
    match page {
        PageRef::Overview => site.tracks.len() + site.pages.len(),
        PageRef::Search
        | PageRef::Agenda
        | PageRef::NotFound
        | PageRef::Talk(_)
        | PageRef::Article(_) => 1,
        PageRef::Schedule if crate::layout::schedule_split(site) => site.talks.len() / 100,
        PageRef::Schedule => site.talks.iter().filter(|t| t.slot.is_some()).count(),
        PageRef::ScheduleDay(_) => crate::layout::SCHEDULE_ONE_PAGE_MAX,
        PageRef::Topic(id) => site.pages[id.index()].talks.len(),
        PageRef::Speaker(id) => site.speaker(id).talks.len(),
        PageRef::Talks(n) => paged(site.talks.len(), n, TALKS_PER_PAGE),
        PageRef::Track(id, n) => paged(site.track(id).talks.len(), n, TALKS_PER_PAGE),
        PageRef::Level(id, n) => paged(site.level(id).talks.len(), n, TALKS_PER_PAGE),
        PageRef::Tag(id, n) => paged(site.tag(id).talks.len(), n, TALKS_PER_PAGE),
        PageRef::Speakers(n) => paged(site.speakers.len(), n, SPEAKERS_PER_PAGE),
        PageRef::Tracks => site.tracks.len(),
        PageRef::Levels => site.levels.len(),
        PageRef::Tags => site.tags.len(),
        PageRef::Changes => site.versions.iter().map(|v| v.talks.len()).sum::<usize>() / 10,
    }
}

/// Copies the files of `static/` that `load` listed into the staging folder verbatim (last, so
/// they replace the build's own files of the same name). A generated folder in the way is the
/// site's problem, named by the static file; a refusal of the disk is an I/O error.
fn copy_static(root: &Path, site: &Site, staging: &Staging) -> Result<()> {
    let src = root.join("static");
    let mut diags = Diagnostics::default();
    for rel in &site.static_files {
        match staging.copy(&src.join(rel), rel) {
            Ok(()) => {}
            Err(staging::CopyError::Collision(why)) => {
                let file = Path::new("static").join(rel);
                diags.push(Diagnostic::error(file, format!("cannot copy: {why}")));
            }
            Err(staging::CopyError::Io(e)) => return Err(e),
        }
    }
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    Ok(())
}
