//! Turning a [`Site`] into HTML pages with Tera.
//!
//! Templates are parsed once per build: the built-in theme (embedded in the binary) first, then
//! the site's `templates/` folder, whose files replace built-in ones of the same name. Each page
//! is named by a [`PageRef`], so a caller can render all pages or only those a change touches.
//! What templates see of the site is made once, in [`views`].

pub mod cards;
pub mod changes;
pub mod jsonld;
pub mod marks;
pub mod paging;
pub mod programme;
pub mod schedule;
pub mod summary;
mod value;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::layout::{PageNo, PageRef, SPEAKERS_PER_PAGE, TALKS_PER_PAGE};
use crate::model::*;
pub use views::Views;

/// The template that renders `page`.
fn template(page: PageRef) -> &'static str {
    match page {
        PageRef::Overview => "index.html",
        PageRef::Topic(_) => "page.html",
        PageRef::Article(_) => "article.html",
        PageRef::Talk(_) => "talk.html",
        PageRef::Talks(_) => "talks.html",
        PageRef::Speakers(_) => "speakers.html",
        PageRef::Speaker(_) => "speaker.html",
        PageRef::Tracks => "tracks.html",
        PageRef::Track(..) => "track.html",
        PageRef::Levels => "levels.html",
        PageRef::Level(..) => "level.html",
        PageRef::NotFound => "404.html",
        PageRef::Schedule | PageRef::ScheduleDay(_) => "schedule.html",
        PageRef::Search => "search.html",
        PageRef::Agenda => "agenda.html",
        PageRef::Tags => "tags.html",
        PageRef::Tag(..) => "tag.html",
        PageRef::Changes => "changes.html",
    }
}

/// Whether `page` lists talks by their cards ([`cards`]): a build renders these first, with
/// each card made once.
pub fn lists_cards(page: PageRef) -> bool {
    matches!(
        page,
        PageRef::Overview
            | PageRef::Talks(_)
            | PageRef::Track(..)
            | PageRef::Level(..)
            | PageRef::Tag(..)
    )
}

/// Parsed templates, ready to render any page of one site.
pub struct Renderer {
    tera: Tera,
    /// Each template's file, to name in an error (`templates/partials/footer.html`, or the
    /// built-in theme's).
    files: HashMap<String, PathBuf>,
}

/// The theme's and the site's templates, parsed.
pub struct Templates {
    tera: Tera,
    files: HashMap<String, PathBuf>,
    /// The site's `templates/` replaces or adds templates: only then can a page fail to
    /// render on a site that loads (the built-in theme is tested).
    pub overridden: bool,
}

impl Renderer {
    /// Parses the built-in theme and the overrides in `templates_dir` (if it exists).
    pub fn new(root: &Path, views: &Views) -> Result<Renderer> {
        Ok(Renderer::with_templates(
            Renderer::parse_templates(root)?,
            views,
        ))
    }

    /// [`Renderer::new`] with templates parsed beforehand (a build parses them first, so a
    /// template error stops it before anything is written).
    pub fn with_templates(templates: Templates, views: &Views) -> Renderer {
        let Templates {
            mut tera, files, ..
        } = templates;
        tera.global_context()
            .insert_value("site", views.site.clone());
        tera.global_context()
            .insert_value("t", views.strings.clone());
        Renderer { tera, files }
    }

    /// Reads the theme and the site's `templates/` and parses them all; `check` stops here (it
    /// needs no template values, which cost as much as the site itself to build).
    pub fn parse_templates(root: &Path) -> Result<Templates> {
        let mut sources: Vec<(String, String, PathBuf)> = crate::theme::TEMPLATES
            .iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    s.to_string(),
                    PathBuf::from(format!("(built-in theme) {n}")),
                )
            })
            .collect();
        let mut diags = Diagnostics::default();
        match crate::fsutil::site_folder(root, "templates") {
            Ok(Some(dir)) => read_site_templates(root, &dir, &mut sources, &mut diags),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
        if diags.has_errors() {
            return Err(Error::Content(diags));
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
        {
            return Err(Error::Content(template_error(&e, &sources)));
        }
        let overridden = sources.len() > crate::theme::TEMPLATES.len()
            || sources.iter().any(|(_, _, p)| p.starts_with("templates"));
        let files = sources.into_iter().map(|(n, _, p)| (n, p)).collect();
        Ok(Templates {
            tera,
            files,
            overridden,
        })
    }

    /// Renders one page into `out`, its internal links made relative to where it is.
    pub fn render(
        &self,
        site: &Site,
        views: &Views,
        page: PageRef,
        out: impl std::io::Write,
    ) -> Result<()> {
        self.render_with(site, views, None, page, out)
    }

    /// [`Renderer::render`] with the talks' cards made beforehand ([`Renderer::cards`]), as a
    /// build renders its lists.
    pub fn render_with(
        &self,
        site: &Site,
        views: &Views,
        cards: Option<&cards::Cards>,
        page: PageRef,
        mut out: impl std::io::Write,
    ) -> Result<()> {
        let dir = page.dir(site);
        let mut ctx = Context::new();
        ctx.insert("page_url", &views.urls.path(&dir));
        self.fill(site, views, cards, page, &mut ctx)?;
        let name = template(page);
        let mut bufs = Buffers::lend();
        let mut capped = Capped {
            html: &mut bufs.html,
            over: false,
        };
        let rendered = self.tera.render_to(name, &ctx, &mut capped);
        if capped.over {
            return Err(too_big(name, &page.output_path(site)));
        }
        rendered.map_err(|e| render_error(&e, name, &page.output_path(site), &self.files))?;
        let root_absolute = page == PageRef::NotFound;
        let Buffers { html, relative } = &mut bufs;
        let html = match views
            .urls
            .relative_links(html, &dir, root_absolute, relative)
        {
            true => relative,
            false => html,
        };
        if html.len() > MAX_PAGE_BYTES {
            return Err(too_big(name, &page.output_path(site)));
        }
        out.write_all(html)
            .map_err(|e| Error::io(Path::new(&page.output_path(site)), e))
    }

    /// The page's own values: what it shows beyond `site`. A list of talks comes with their
    /// cards (`cards`), from `made` when given.
    fn fill(
        &self,
        site: &Site,
        views: &Views,
        made: Option<&cards::Cards>,
        page: PageRef,
        ctx: &mut Context,
    ) -> Result<()> {
        let listed = |ctx: &mut Context, ids: &[TalkId]| -> Result<()> {
            ctx.insert_value("talks", views.talk_list(ids));
            ctx.insert_value("cards", self.card_list(site, views, made, ids)?);
            Ok(())
        };
        // A list's page `n`: its talks and the paginator.
        let paged = |ctx: &mut Context, list: &[TalkId], n: PageNo| -> Result<()> {
            let range = n.range(list.len(), TALKS_PER_PAGE);
            listed(ctx, &list[range])?;
            let pages = paging::paginator(views, page, n, list.len(), TALKS_PER_PAGE, site);
            ctx.insert_value("paginator", pages);
            Ok(())
        };
        match page {
            // A programme that fits on one page of `talks/` is listed on the overview too;
            // a bigger one is not (the overview stays light; `talks/` has them all).
            PageRef::Overview if site.talks.len() <= TALKS_PER_PAGE => {
                listed(ctx, &views.talk_order)?;
            }
            PageRef::Overview => ctx.insert_value("talks", Value::from(Vec::<Value>::new())),
            PageRef::NotFound | PageRef::Search | PageRef::Agenda => {}
            PageRef::Topic(id) => {
                let p = &site.pages[id.index()];
                ctx.insert_value("page", views.pages[id.index()].clone());
                ctx.insert_value("talks", views.talk_list(&p.talks));
            }
            PageRef::Article(id) => {
                ctx.insert_value("article", views.articles[id.index()].clone());
            }
            PageRef::Talk(id) => {
                ctx.insert_value("talk", views.talks[id.index()].clone());
                ctx.insert_value("jsonld_html", jsonld::talk(site, views, id));
            }
            PageRef::Talks(n) => paged(ctx, &views.talk_order, n)?,
            PageRef::Speakers(n) => {
                let range = n.range(views.speaker_order.len(), SPEAKERS_PER_PAGE);
                let list: Vec<Value> = views.speaker_order[range]
                    .iter()
                    .map(|id| views.speakers[id.index()].clone())
                    .collect();
                ctx.insert_value("speakers", Value::from(list));
                let len = views.speaker_order.len();
                ctx.insert_value(
                    "paginator",
                    paging::paginator(views, page, n, len, SPEAKERS_PER_PAGE, site),
                );
            }
            PageRef::Speaker(id) => {
                ctx.insert_value("speaker", views.speakers[id.index()].clone());
                // On the page, not in the speaker's value: 12,000 speakers carried ~5 MB of
                // links only their own page shows.
                let ics = crate::layout::speaker_ics(&site.speaker(id).slug);
                let links = value::calendar_links(site.has_schedule(), &views.urls, &ics);
                ctx.insert_value("calendar", links);
                ctx.insert_value("jsonld_html", jsonld::speaker(site, views, id));
                ctx.insert_value("talks", views.talk_list(&site.speaker(id).talks));
            }
            PageRef::Tracks => ctx.insert_value("tracks", Value::from(views.tracks.clone())),
            PageRef::Track(id, n) => {
                ctx.insert_value("track", views.tracks[id.index()].clone());
                paged(ctx, &site.track(id).talks, n)?;
            }
            PageRef::Levels => {
                ctx.insert_value("levels", Value::from(views::used_levels(&views.levels)))
            }
            PageRef::Level(id, n) => {
                ctx.insert_value("level", views.levels[id.index()].clone());
                paged(ctx, &site.level(id).talks, n)?;
            }
            PageRef::Schedule => {
                ctx.insert_value("schedule", schedule::view(site, views, None));
            }
            PageRef::ScheduleDay(date) => {
                ctx.insert_value("schedule", schedule::view(site, views, Some(date)));
            }
            PageRef::Tags => ctx.insert_value("tags", Value::from(views.tags.clone())),
            PageRef::Changes => ctx.insert_value("changes", changes::view(site, views)),
            PageRef::Tag(id, n) => {
                ctx.insert_value("tag", views.tags[id.index()].clone());
                paged(ctx, &site.tag(id).talks, n)?;
            }
        }
        Ok(())
    }
}

/// The most one page may weigh (128 MiB). A page is rendered whole before it is written, so
/// this bounds what a build holds per page; a template or content that makes more (a loop that
/// repeats too much) is an error naming the template, before anything is written.
pub const MAX_PAGE_BYTES: usize = 128 * 1024 * 1024;

thread_local! {
    /// Each thread's [`Buffers`], kept from page to page: two allocations of a page's size for
    /// each of 33,000 pages were as many large blocks for the allocator to give back and take
    /// again.
    static BUFFERS: std::cell::Cell<(Vec<u8>, Vec<u8>)> = const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

/// A page as rendered and with its links made relative: the thread's [`BUFFERS`], lent for one
/// page and given back (emptied) when it is done, unless a huge page made them huge.
struct Buffers {
    html: Vec<u8>,
    relative: Vec<u8>,
}

impl Buffers {
    /// The largest buffer kept (a page listing every talk is megabytes).
    const KEPT: usize = 1 << 20;

    fn lend() -> Buffers {
        let (html, relative) = BUFFERS.with(std::cell::Cell::take);
        Buffers { html, relative }
    }
}

impl Drop for Buffers {
    fn drop(&mut self) {
        let keep = |b: &mut Vec<u8>| match b.capacity() <= Buffers::KEPT {
            true => {
                b.clear();
                std::mem::take(b)
            }
            false => Vec::new(),
        };
        let kept = (keep(&mut self.html), keep(&mut self.relative));
        BUFFERS.with(|b| b.set(kept));
    }
}

/// A page being rendered, refusing to grow past [`MAX_PAGE_BYTES`].
struct Capped<'a> {
    html: &'a mut Vec<u8>,
    /// Set when a write was refused.
    over: bool,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > MAX_PAGE_BYTES.saturating_sub(self.html.len()) {
            self.over = true;
            return Err(std::io::Error::other("the page is too large"));
        }
        self.html.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads the site's `templates/` into `sources` (a file replaces the built-in template of its
/// name). Symlinks are treated as in `content/`: followed inside the site, refused when they
/// lead out of it, so a linked template is never silently left out.
fn read_site_templates(
    root: &Path,
    dir: &Path,
    sources: &mut Vec<(String, String, PathBuf)>,
    diags: &mut Diagnostics,
) {
    let help = "copy the template into templates/ instead of linking to it";
    crate::load::walk_site(root, dir, true, help, diags, |entry, diags| {
        if !entry.file_type().is_file() {
            return;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()).map(|b| crate::fsutil::decode(&b)) {
            Ok(Ok(text)) => match sources.iter_mut().find(|(n, _, _)| *n == name) {
                Some(slot) => *slot = (name, text, rel),
                None => sources.push((name, text, rel)),
            },
            Ok(Err((line, col))) => diags.push(
                Diagnostic::error(rel, "the template is not valid UTF-8")
                    .at(Position::new(line, col)),
            ),
            Err(e) => diags.push(Diagnostic::error(rel, format!("cannot read: {e}"))),
        }
    });
}

fn too_big(template: &str, page: &str) -> Error {
    let mut d = Diagnostics::default();
    d.push(
        Diagnostic::error(
            PathBuf::from(format!("templates/{template}")),
            format!(
                "the page {page} would be larger than {} MiB, the limit for one page",
                MAX_PAGE_BYTES >> 20
            ),
        )
        .with_help(
            "look for a loop in the template that repeats too much, or content that is \
             shown many times on this page",
        ),
    );
    Error::Content(d)
}

/// A render error as a diagnostic on the template where it happened, at its line and column:
/// Tera names the innermost template (`--> partials/footer.html:2:14`) inside its message,
/// after the page's own template it was included from.
fn render_error(
    e: &tera::Error,
    name: &str,
    output: &str,
    files: &HashMap<String, PathBuf>,
) -> Error {
    let text = error_chain(e);
    let place = text.split("--> ").nth(1).and_then(|rest| {
        let spot = rest.split_whitespace().next()?;
        let mut parts = spot.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_owned(), line, col))
    });
    let summary = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned();
    let (template, pos) = match &place {
        Some((t, line, col)) => (t.as_str(), Some(Position::new(*line, *col))),
        None => (name, None),
    };
    let file = files
        .get(template)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("templates/{template}")));
    let mut d = Diagnostic::error(file, format!("rendering {output} failed: {summary}"));
    if let Some(pos) = pos {
        d = d.at(pos);
    }
    if template != name {
        d = d.with_help(format!("included from the page's template `{name}`"));
    }
    let mut all = Diagnostics::default();
    all.push(d);
    Error::Content(all)
}

fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// A Tera parse error as a diagnostic on the template's file, with the line when Tera gives one.
/// The file is the template Tera names in quotes (not the first template whose name the text
/// happens to contain); an include cycle names the site's templates that form it.
fn template_error(e: &tera::Error, sources: &[(String, String, PathBuf)]) -> Diagnostics {
    let text = error_chain(e);
    let file_of = |name: &str| {
        sources
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, p)| p.clone())
    };
    let mut d = Diagnostics::default();
    if let Some(cycle) = include_cycle(&text) {
        let shown: Vec<String> = cycle
            .iter()
            .map(|n| file_of(n).map_or_else(|| n.to_string(), |p| p.display().to_string()))
            .collect();
        let file = file_of(cycle[0]).unwrap_or_else(|| PathBuf::from("templates"));
        d.push(
            Diagnostic::error(
                file,
                format!("include cycle: {}", shown.join(" includes ")),
            )
            .with_help("a template cannot include itself, directly or through others: remove one of these includes"),
        );
        return d;
    }
    let culprit = (sources.iter())
        .find(|(n, _, _)| text.contains(&format!("'{n}'")) || text.contains(&format!("\"{n}\"")))
        .or_else(|| sources.iter().find(|(n, _, _)| text.contains(n.as_str())));
    let file = culprit
        .map(|(_, _, p)| p.clone())
        .unwrap_or_else(|| PathBuf::from("templates"));
    let mut diag = Diagnostic::error(file, format!("template error: {}", one_line(&text)));
    if let Some(pos) = tera_position(&text) {
        diag = diag.at(pos);
    }
    d.push(diag);
    d
}

/// The templates of an include cycle Tera reports (`Include chain: ["base.html", "a.html",
/// "b.html", "a.html"]`), from the first one that comes back: `["a.html", "b.html", "a.html"]`.
fn include_cycle(text: &str) -> Option<Vec<&str>> {
    let chain = text.split("Include chain: `[").nth(1)?.split("]`").next()?;
    let names: Vec<&str> = chain.split(", ").map(|n| n.trim_matches('"')).collect();
    let last = names.last()?;
    let start = names.iter().position(|n| n == last)?;
    (start + 1 < names.len()).then(|| names[start..].to_vec())
}

/// Tera's report as one line: its source frame (`-->`, `|` lines) is dropped, since the
/// diagnostic shows the line itself; a diagnostic's message never spans lines (a line break
/// in one is shown escaped, so no text can forge a ` --> file:line` line).
fn one_line(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
        .filter(|l| {
            let digits = l.trim_start_matches(|c: char| c.is_ascii_digit());
            !(digits.len() < l.len() && digits.trim_start().starts_with('|'))
        })
        .map(|l| l.trim_start_matches("= "))
        .collect();
    kept.join(" ")
}

/// Pulls `:LINE:COL` out of Tera's report text, when present.
fn tera_position(text: &str) -> Option<Position> {
    for (i, _) in text.match_indices(".html:") {
        let rest = &text[i + 6..];
        let line: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = &rest[line.len()..];
        let col: String = after
            .strip_prefix(':')
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if let Ok(l) = line.parse() {
            return Some(Position::new(l, col.parse().unwrap_or(1)));
        }
    }
    None
}
