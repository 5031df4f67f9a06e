//! Turning a [`Site`] into HTML pages with Tera.
//!
//! Templates are parsed once per build: the built-in theme (embedded in the binary) first, then
//! the site's `templates/` folder, whose files replace built-in ones of the same name. Each page
//! is named by a [`PageRef`], so a caller can render all pages or only those a change touches.

pub mod views;

use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::model::*;
pub use views::{Urls, Views};

/// The built-in theme: `(template name, source)`.
pub const THEME: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/templates/base.html")),
    ("index.html", include_str!("../theme/templates/index.html")),
    ("page.html", include_str!("../theme/templates/page.html")),
    ("talk.html", include_str!("../theme/templates/talk.html")),
    (
        "speakers.html",
        include_str!("../theme/templates/speakers.html"),
    ),
    (
        "speaker.html",
        include_str!("../theme/templates/speaker.html"),
    ),
    (
        "tracks.html",
        include_str!("../theme/templates/tracks.html"),
    ),
    ("track.html", include_str!("../theme/templates/track.html")),
    (
        "levels.html",
        include_str!("../theme/templates/levels.html"),
    ),
    ("level.html", include_str!("../theme/templates/level.html")),
    ("404.html", include_str!("../theme/templates/404.html")),
    (
        "schedule.html",
        include_str!("../theme/templates/schedule.html"),
    ),
    (
        "search.html",
        include_str!("../theme/templates/search.html"),
    ),
    ("tags.html", include_str!("../theme/templates/tags.html")),
    ("tag.html", include_str!("../theme/templates/tag.html")),
    (
        "partials/filters.html",
        include_str!("../theme/templates/partials/filters.html"),
    ),
    (
        "partials/header.html",
        include_str!("../theme/templates/partials/header.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../theme/templates/partials/footer.html"),
    ),
    (
        "partials/talk_full.html",
        include_str!("../theme/templates/partials/talk_full.html"),
    ),
    (
        "partials/talk_item.html",
        include_str!("../theme/templates/partials/talk_item.html"),
    ),
];

/// Files of the built-in theme written to the output root (a file in `static/` replaces them).
pub const THEME_FILES: &[(&str, &str)] = &[("style.css", include_str!("../theme/style.css"))];

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    Overview,
    Topic(PageId),
    Talk(TalkId),
    Speakers,
    Speaker(SpeakerId),
    Tracks,
    Track(TrackId),
    Levels,
    Level(LevelId),
    NotFound,
    /// `schedule/`, when any talk has a slot.
    Schedule,
    /// `search/`: the results page of the search box.
    Search,
    /// `tags/`, and one page per tag, named by where the tag is first written: a talk and the
    /// position in its tags (see `outputs::tags::Tag::first`).
    Tags,
    Tag {
        talk: TalkId,
        index: u16,
    },
}

impl PageRef {
    /// How many talks, speakers or tracks the page lists: roughly what it costs to render.
    pub fn listed(&self, site: &Site, views: &Views) -> usize {
        match *self {
            PageRef::Overview | PageRef::Search => site.talks.len(),
            PageRef::Schedule => site.talks.iter().filter(|t| t.slot.is_some()).count(),
            PageRef::Topic(id) => site.pages[id.index()].talks.len(),
            PageRef::Speaker(id) => site.speaker(id).talks.len(),
            PageRef::Track(id) => site.track(id).talks.len(),
            PageRef::Level(id) => site.level(id).talks.len(),
            PageRef::Tag { talk, index } => views
                .tag_index(site, talk, index)
                .and_then(|i| views.tag_talks.get(i))
                .map_or(0, Vec::len),
            PageRef::Speakers => site.speakers.len(),
            PageRef::Tracks => site.tracks.len(),
            PageRef::Levels => site.levels.len(),
            PageRef::Tags => views.tags.len(),
            PageRef::Talk(_) | PageRef::NotFound => 1,
        }
    }

    /// Every page of `site`.
    pub fn all(site: &Site) -> Vec<PageRef> {
        let mut v = vec![
            PageRef::Overview,
            PageRef::Speakers,
            PageRef::Tracks,
            PageRef::Levels,
            PageRef::NotFound,
        ];
        v.extend(site.page_ids().map(PageRef::Topic));
        v.extend(site.talk_ids().map(PageRef::Talk));
        v.extend(site.speaker_ids().map(PageRef::Speaker));
        v.extend(site.track_ids().map(PageRef::Track));
        v.extend(site.level_ids().map(PageRef::Level));
        v.extend(crate::outputs::extra_pages(site));
        v
    }

    /// The pages that show something of `talk`: what to re-render when only it changed.
    pub fn showing_talk(site: &Site, talk: TalkId) -> Vec<PageRef> {
        let t = site.talk(talk);
        let mut v = vec![
            PageRef::Overview,
            PageRef::Talk(talk),
            PageRef::Track(t.track),
        ];
        v.extend(t.speakers.iter().map(|s| PageRef::Speaker(*s)));
        v.extend(t.level.map(PageRef::Level));
        v.extend(
            site.page_ids()
                .filter(|p| site.pages[p.index()].talks.contains(&talk))
                .map(PageRef::Topic),
        );
        v.extend(crate::outputs::extra_pages_showing_talk(site, talk));
        v
    }

    /// Where the page goes, relative to the output root.
    pub fn output_path(&self, site: &Site) -> String {
        let dir = match self {
            PageRef::Overview => String::new(),
            PageRef::NotFound => return "404.html".into(),
            PageRef::Topic(id) => views::page_rel(&site.pages[id.index()].slug),
            PageRef::Talk(id) => views::talk_rel(&site.talk(*id).slug),
            PageRef::Speakers => "speakers/".into(),
            PageRef::Speaker(id) => views::speaker_rel(&site.speaker(*id).slug),
            PageRef::Tracks => "tracks/".into(),
            PageRef::Track(id) => views::track_rel(&site.track(*id).slug),
            PageRef::Levels => "levels/".into(),
            PageRef::Level(id) => views::level_rel(&site.level(*id).slug),
            PageRef::Schedule => "schedule/".into(),
            PageRef::Search => "search/".into(),
            PageRef::Tags => "tags/".into(),
            PageRef::Tag { talk, index } => crate::outputs::tags::slug_at(site, *talk, *index)
                .map(|s| crate::outputs::tags::tag_rel(&s))
                .unwrap_or_else(|| "tags/".into()),
        };
        format!("{dir}index.html")
    }

    fn template(&self) -> &'static str {
        match self {
            PageRef::Overview => "index.html",
            PageRef::Topic(_) => "page.html",
            PageRef::Talk(_) => "talk.html",
            PageRef::Speakers => "speakers.html",
            PageRef::Speaker(_) => "speaker.html",
            PageRef::Tracks => "tracks.html",
            PageRef::Track(_) => "track.html",
            PageRef::Levels => "levels.html",
            PageRef::Level(_) => "level.html",
            PageRef::NotFound => "404.html",
            PageRef::Schedule => "schedule.html",
            PageRef::Search => "search.html",
            PageRef::Tags => "tags.html",
            PageRef::Tag { .. } => "tag.html",
        }
    }
}

/// Parsed templates, ready to render any page of one site.
pub struct Renderer {
    tera: Tera,
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
    pub fn with_templates(mut tera: Tera, views: &Views) -> Renderer {
        tera.global_context()
            .insert_value("site", views.site.clone());
        Renderer { tera }
    }

    /// Reads the theme and the site's `templates/` and parses them all; `check` stops here (it
    /// needs no template values, which cost as much as the site itself to build).
    pub fn parse_templates(root: &Path) -> Result<Tera> {
        let mut sources: Vec<(String, String, PathBuf)> = THEME
            .iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    s.to_string(),
                    PathBuf::from(format!("(built-in theme) {n}")),
                )
            })
            .collect();
        let dir = root.join("templates");
        let mut diags = Diagnostics::default();
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            e.path().unwrap_or(&dir).strip_prefix(root).unwrap_or(&dir),
                            format!("cannot read: {e}"),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let name = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                if crate::load::is_ignored_name(entry.file_name().to_string_lossy().as_ref()) {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                match std::fs::read(entry.path()).map(|b| crate::load::decode(&b)) {
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
            }
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
        Ok(tera)
    }

    /// Renders one page into `out`.
    pub fn render(
        &self,
        site: &Site,
        views: &Views,
        page: PageRef,
        out: impl std::io::Write,
    ) -> Result<()> {
        let mut ctx = Context::new();
        ctx.insert(
            "page_url",
            &views
                .urls
                .path(page.output_path(site).trim_end_matches("index.html")),
        );
        match page {
            PageRef::Overview => {
                ctx.insert_value("talks", views.talk_list(&site.talks_in_order()));
            }
            PageRef::Topic(id) => {
                let p = &site.pages[id.index()];
                ctx.insert_value("page", views.pages[id.index()].clone());
                ctx.insert_value("talks", views.talk_list(&p.talks));
            }
            PageRef::Talk(id) => {
                ctx.insert_value("talk", views.talks[id.index()].clone());
                ctx.insert_value("jsonld_html", crate::outputs::jsonld::talk(site, views, id));
            }
            PageRef::Speakers => {
                let mut ids: Vec<SpeakerId> = site.speaker_ids().collect();
                ids.sort_by_cached_key(|id| {
                    let s = site.speaker(*id);
                    (sort_name(&s.name), s.slug.clone())
                });
                let list: Vec<Value> = ids
                    .iter()
                    .map(|id| views.speakers[id.index()].clone())
                    .collect();
                ctx.insert_value("speakers", Value::from(list));
            }
            PageRef::Speaker(id) => {
                ctx.insert_value("speaker", views.speakers[id.index()].clone());
                ctx.insert_value(
                    "jsonld_html",
                    crate::outputs::jsonld::speaker(site, views, id),
                );
                ctx.insert_value("talks", views.talk_list(&site.speaker(id).talks));
            }
            PageRef::Tracks => ctx.insert_value("tracks", Value::from(views.tracks.clone())),
            PageRef::Track(id) => {
                ctx.insert_value("track", views.tracks[id.index()].clone());
                ctx.insert_value("talks", views.talk_list(&site.track(id).talks));
            }
            PageRef::Levels => ctx.insert_value("levels", Value::from(views.levels.clone())),
            PageRef::Level(id) => {
                ctx.insert_value("level", views.levels[id.index()].clone());
                ctx.insert_value("talks", views.talk_list(&site.level(id).talks));
            }
            PageRef::NotFound => {}
            PageRef::Schedule => {
                ctx.insert_value("schedule", crate::outputs::schedule::view(site, views));
            }
            PageRef::Search => {
                ctx.insert_value("talks", views.talk_list(&site.talks_in_order()));
            }
            PageRef::Tags => ctx.insert_value("tags", Value::from(views.tags.clone())),
            PageRef::Tag { talk, index } => {
                let i = views.tag_index(site, talk, index);
                let tag = i.and_then(|i| views.tags.get(i)).cloned();
                ctx.insert_value("tag", tag.unwrap_or_else(Value::none));
                let talks = i.and_then(|i| views.tag_talks.get(i));
                ctx.insert_value("talks", views.talk_list(talks.map_or(&[], Vec::as_slice)));
            }
        }
        let name = page.template();
        self.tera.render_to(name, &ctx, out).map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(
                PathBuf::from(format!("templates/{name}")),
                format!(
                    "rendering {} failed: {}",
                    page.output_path(site),
                    error_chain(&e)
                ),
            ));
            Error::Content(d)
        })
    }
}

/// Family-name-ish sort key so "Wesley Chun" sorts under C... is a guess that fails for many
/// cultures; talkgen sorts by the name as written, case-insensitively, which organisers can
/// predict.
fn sort_name(name: &str) -> String {
    name.to_lowercase()
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
fn template_error(e: &tera::Error, sources: &[(String, String, PathBuf)]) -> Diagnostics {
    let text = error_chain(e);
    let mut d = Diagnostics::default();
    let culprit = sources.iter().find(|(n, _, _)| text.contains(n.as_str()));
    let file = culprit
        .map(|(_, _, p)| p.clone())
        .unwrap_or_else(|| PathBuf::from("templates"));
    let mut diag = Diagnostic::error(file, format!("template error: {text}"));
    if let Some(pos) = tera_position(&text) {
        diag = diag.at(pos);
    }
    d.push(diag);
    d
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
