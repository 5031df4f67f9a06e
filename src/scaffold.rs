//! `talkgen init` and `talkgen new`: writing a starter site and new content files.
//!
//! Nothing here ever replaces a file: every file is written to a temporary name beside its
//! place and moved there with a no-clobber rename, so an existing file (or one that appears
//! meanwhile) is kept and a failed write leaves nothing half-written.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Error, Result};
use crate::load::nearest;
use crate::model::Slug;

/// The starter site, embedded in the binary: (path in the site, contents).
pub const STARTER: &[(&str, &str)] = &[
    (
        "content/conference.yaml",
        include_str!("scaffold/conference.yaml"),
    ),
    (
        "content/talks/welcome-to-example-conf.md",
        include_str!("scaffold/talks/welcome-to-example-conf.md"),
    ),
    (
        "content/talks/build-your-first-widget.md",
        include_str!("scaffold/talks/build-your-first-widget.md"),
    ),
    (
        "content/speakers/ada-example.md",
        include_str!("scaffold/speakers/ada-example.md"),
    ),
    (
        "content/speakers/sam-sample.md",
        include_str!("scaffold/speakers/sam-sample.md"),
    ),
    (".gitignore", include_str!("scaffold/gitignore")),
];

/// Folders the starter site has even when empty.
pub const STARTER_DIRS: &[&str] = &["static"];

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// The site folder.
    pub dir: PathBuf,
    /// Files written, relative to `dir`.
    pub written: Vec<PathBuf>,
    /// Files that already existed and were left as they were (only with `force`).
    pub kept: Vec<PathBuf>,
}

/// Writes the starter site into `dir` (created if missing).
///
/// Refuses a folder that holds anything but hidden files (`.git`, `.gitignore`) unless `force`;
/// even then no existing file is replaced. A folder that is already a site is always refused.
pub fn init(dir: &Path, force: bool) -> Result<InitReport> {
    // Adding example talks to a real site would break it, so `--force` does not cover this.
    if dir.join("content/conference.yaml").exists() {
        return Err(Error::Refused(format!(
            "`{}` is already a talkgen site (it has content/conference.yaml); not adding the \
             starter files\n  = help: add content with `talkgen new talk \"Title\"` and \
             `talkgen new speaker \"Name\"`",
            dir.display()
        )));
    }
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut visible = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(dir, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.starts_with('.') {
                    visible.push(name);
                }
            }
            if !visible.is_empty() && !force {
                visible.sort();
                let shown: Vec<_> = visible.iter().take(3).map(|n| format!("`{n}`")).collect();
                return Err(Error::Refused(format!(
                    "`{}` is not empty (it holds {}{}); refusing to create a site there\n  \
                     = help: choose a new folder, e.g. `talkgen init my-conference`, or pass \
                     --force to add the starter files that are missing (no file is replaced)",
                    dir.display(),
                    shown.join(", "),
                    if visible.len() > 3 { ", ..." } else { "" }
                )));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(Error::Refused(format!(
                "`{}` exists and is not a folder",
                dir.display()
            )));
        }
        Err(e) => return Err(Error::io(dir, e)),
    }

    let mut report = InitReport {
        dir: dir.to_path_buf(),
        ..InitReport::default()
    };
    for (rel, text) in STARTER {
        if write_new(&dir.join(rel), text)? {
            report.written.push(PathBuf::from(rel));
        } else {
            report.kept.push(PathBuf::from(rel));
        }
    }
    for rel in STARTER_DIRS {
        let path = dir.join(rel);
        fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(report)
}

/// Writes `text` at `path` unless a file is there already. Returns false when it was kept.
fn write_new(path: &Path, text: &str) -> Result<bool> {
    if fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".talkgen-new-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.flush())
        .map_err(|e| Error::io(tmp.path(), e))?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io(path, e.error)),
    }
}

/// A file `talkgen new` wrote.
#[derive(Debug)]
pub struct Created {
    /// The path written (the site root joined with `content/...`).
    pub path: PathBuf,
    /// The slug of the talk or speaker, or the template's name.
    pub name: String,
    /// Choices made for the user that they may want to change, e.g. the track picked.
    pub notes: Vec<String>,
}

/// What `talkgen new talk` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewTalk {
    pub root: PathBuf,
    pub title: String,
    /// Speaker slugs in billing order.
    pub speakers: Vec<String>,
    /// A track slug; the first track of `conference.yaml` when absent.
    pub track: Option<String>,
    /// The slug to use instead of one made from the title.
    pub slug: Option<String>,
}

/// Writes `content/talks/<slug>.md` for a new talk, after checking its speakers and track.
pub fn new_talk(req: &NewTalk) -> Result<Created> {
    let root = &req.root;
    let tracks = conference_tracks(root)?;
    let title = one_line(&req.title, "talk's title")?;
    let slug = choose_slug(title, req.slug.as_deref(), "title")?;

    let known = content_slugs(root, "speakers");
    for (i, s) in req.speakers.iter().enumerate() {
        if req.speakers[..i].contains(s) {
            return Err(Error::Refused(format!("speaker `{s}` is given twice")));
        }
        if !known.iter().any(|k| k == s) {
            return Err(unknown(
                "speaker",
                s,
                &known,
                "talkgen new speaker \"Name\"",
            ));
        }
    }
    let mut notes = Vec::new();
    let track = match &req.track {
        Some(t) if tracks.iter().any(|k| k == t) => t.clone(),
        Some(t) => {
            return Err(unknown(
                "track",
                t,
                &tracks,
                "add it to content/conference.yaml",
            ))
        }
        None => {
            let first = tracks.first().cloned().ok_or_else(|| {
                Error::Refused(
                    "content/conference.yaml lists no tracks; add one before adding talks".into(),
                )
            })?;
            if tracks.len() > 1 {
                notes.push(format!(
                    "track `{first}` (the first in conference.yaml); choose another with --track"
                ));
            }
            first
        }
    };
    if req.speakers.is_empty() {
        notes.push("no speakers yet (shown as to be announced); add them with --speaker".into());
    }

    let path = new_path(root, "talks", &slug)?;
    let speakers = req
        .speakers
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "---\n\
         title: {title}\n\
         speakers: [{speakers}]\n\
         track: {track}\n\
         # level: beginner\n\
         description: |\n  \
           One or two sentences that sum up the talk.\n\
         # tags: [example]\n\
         # slot:\n\
         #   start: 2027-05-14T10:00:00\n\
         #   end: 2027-05-14T10:45:00\n\
         #   room: Main hall\n\
         # slides: https://example.org/slides.pdf\n\
         # video: https://example.org/video\n\
         ---\n\
         The abstract, in Markdown.\n",
        title = yaml_string(title),
    );
    if !write_new(&path, &text)? {
        return Err(exists(&path));
    }
    Ok(Created {
        path,
        name: slug.to_string(),
        notes,
    })
}

/// Writes `content/speakers/<slug>.md` for a new speaker.
pub fn new_speaker(root: &Path, name: &str, slug: Option<&str>) -> Result<Created> {
    conference_tracks(root)?;
    let name = one_line(name, "speaker's name")?;
    let slug = choose_slug(name, slug, "name")?;
    let path = new_path(root, "speakers", &slug).map_err(|e| match e {
        // The speaker is there already: most often what was wanted is a talk by them.
        Error::Refused(_) => speaker_exists(&slug, &root.join("content/speakers")),
        other => other,
    })?;
    let text = format!(
        "---\n\
         name: {name}\n\
         # affiliation: Example Ltd\n\
         # photo: /images/{slug}.jpg\n\
         # links:\n\
         #   website: https://example.org\n\
         ---\n\
         A short bio, in Markdown.\n",
        name = yaml_string(name),
    );
    if !write_new(&path, &text)? {
        return Err(speaker_exists(&slug, &path));
    }
    let note =
        format!("refer to this speaker in a talk with `speakers: [{slug}]` or `--speaker {slug}`");
    Ok(Created {
        path,
        name: slug.to_string(),
        notes: vec![note],
    })
}

/// Copies a built-in template (or `style.css`) into the site, to be edited: the copy in
/// `templates/` (or `static/style.css`) then replaces the built-in one.
pub fn new_template(root: &Path, name: &str) -> Result<Created> {
    conference_tracks(root)?;
    let builtin = crate::theme::TEMPLATES
        .iter()
        .chain(crate::theme::FILES)
        .find(|(n, _)| *n == name);
    let Some((_, text)) = builtin else {
        let names: Vec<&str> = crate::theme::TEMPLATES
            .iter()
            .chain(crate::theme::FILES)
            .map(|(n, _)| *n)
            .collect();
        let help = match nearest(name, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the templates are: {}", names.join(", ")),
        };
        return Err(Error::Refused(format!(
            "there is no built-in template `{name}`\n  = help: {help}"
        )));
    };
    let path = if crate::theme::FILES.iter().any(|(n, _)| *n == name) {
        root.join("static").join(name)
    } else {
        root.join("templates").join(name)
    };
    if !write_new(&path, text)? {
        return Err(Error::Refused(format!(
            "`{}` already exists; not replacing it",
            path.display()
        )));
    }
    Ok(Created {
        path,
        name: name.to_string(),
        notes: vec!["edit it: the next build uses it instead of the built-in one".into()],
    })
}

/// `text` trimmed, refused when empty or more than one line (a title is shown on one line).
fn one_line<'a>(text: &'a str, what: &str) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Refused(format!("the {what} is empty")));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::Refused(format!(
            "the {what} must be one line of text, without control characters"
        )));
    }
    Ok(text)
}

/// The slug given with `--slug`, or one made from the title or name (accents transliterated).
fn choose_slug(text: &str, given: Option<&str>, what: &str) -> Result<Slug> {
    match given {
        Some(s) => Slug::parse(s).map_err(|e| {
            Error::Refused(format!(
                "`{s}` is not a valid slug: {e}\n  = help: use lowercase letters, digits and \
                 single hyphens, e.g. `{}`",
                Slug::from_text(&deunicode::deunicode(s))
                    .map_or_else(|| "my-talk".to_string(), |s| s.to_string())
            ))
        }),
        None => Slug::from_text(&deunicode::deunicode(text)).ok_or_else(|| {
            Error::Refused(format!(
                "cannot make a slug from the {what} `{text}`\n  = help: pass one with --slug, \
                 e.g. --slug my-talk"
            ))
        }),
    }
}

/// The path for a new file, refused when a file with that slug exists anywhere in the folder
/// (a second file with the same slug, even in a subfolder or as `.yaml`, is a load error).
fn new_path(root: &Path, dir: &str, slug: &Slug) -> Result<PathBuf> {
    let base = root.join("content").join(dir);
    for entry in WalkDir::new(&base).into_iter().filter_map(|e| e.ok()) {
        let p = entry.path();
        let is_content = p
            .extension()
            .is_some_and(|e| e == "md" || e == "yaml" || e == "yml");
        if is_content && p.file_stem().is_some_and(|s| s == slug.as_str()) {
            return Err(exists(p));
        }
    }
    Ok(base.join(format!("{slug}.md")))
}

/// `new speaker` for a speaker there is: a talk by them is the likely wish.
fn speaker_exists(slug: &Slug, path: &Path) -> Error {
    Error::Refused(format!(
        "speaker `{slug}` already exists (in {}); not replacing it\n  = help: to add a talk by \
         them, run `talkgen new talk \"TITLE\" --speaker {slug}`; for another person of the same \
         name, pass --slug",
        path.display()
    ))
}

fn exists(path: &Path) -> Error {
    Error::Refused(format!(
        "`{}` already exists; not replacing it\n  = help: choose another title, or pass --slug",
        path.display()
    ))
}

fn unknown(kind: &str, wanted: &str, known: &[String], how: &str) -> Error {
    let from_text = Slug::from_text(&deunicode::deunicode(wanted))
        .map(|s| s.to_string())
        .filter(|s| known.contains(s));
    let hint = from_text
        .as_deref()
        .or_else(|| nearest(wanted, known.iter().map(String::as_str)));
    let help = match hint {
        Some(h) => format!("did you mean `{h}`?"),
        None if known.is_empty() => format!("there are no {kind}s yet; add one with {how}"),
        None => format!(
            "the {kind}s are: {}",
            known
                .iter()
                .take(10)
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Error::Refused(format!("unknown {kind} `{wanted}`\n  = help: {help}"))
}

/// The slugs of the files under `content/<dir>/` (talks or speakers), sorted.
fn content_slugs(root: &Path, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = WalkDir::new(root.join("content").join(dir))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "yaml" || x == "yml")
        })
        .filter_map(|e| {
            e.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    out.sort();
    out
}

/// The track slugs of `content/conference.yaml`; an error when the folder is not a site.
fn conference_tracks(root: &Path) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Conf {
        #[serde(default)]
        tracks: Vec<Track>,
    }
    #[derive(serde::Deserialize)]
    struct Track {
        slug: String,
    }
    let path = root.join("content/conference.yaml");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::Refused(format!(
                "`{}` is not a talkgen site: it has no content/conference.yaml\n  = help: run \
                 `talkgen init` to create one, or pass --root DIR",
                root.display()
            )))
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    let conf: Conf = serde_yaml::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Error::Refused(format!(
            "cannot read the tracks from {}: {e}\n  = help: `talkgen build` lists every problem",
            path.display()
        ))
    })?;
    Ok(conf.tracks.into_iter().map(|t| t.slug).collect())
}

/// The names `talkgen new` accepts, for shell completion (src/cli/completion.rs). Read as
/// cheaply as `new talk` checks them (file names, the tracks of conference.yaml), never the
/// whole site; an unreadable site or file gives an empty list, never an error.
pub mod names {
    use std::path::Path;

    /// The speaker slugs `new talk --speaker` accepts: the files under content/speakers/.
    pub fn speakers(root: &Path) -> Vec<String> {
        super::content_slugs(root, "speakers")
    }

    /// The track slugs `new talk --track` accepts, in conference.yaml's order.
    pub fn tracks(root: &Path) -> Vec<String> {
        super::conference_tracks(root).unwrap_or_default()
    }

    /// The built-in templates `new template` copies that the site does not have a copy of yet
    /// (`new template` refuses to replace one).
    pub fn templates(root: &Path) -> Vec<&'static str> {
        let theme = crate::theme::TEMPLATES
            .iter()
            .map(|(n, _)| (*n, "templates"));
        let files = crate::theme::FILES.iter().map(|(n, _)| (*n, "static"));
        theme
            .chain(files)
            .filter(|(name, dir)| std::fs::symlink_metadata(root.join(dir).join(name)).is_err())
            .map(|(name, _)| name)
            .collect()
    }
}

/// `s` as a YAML scalar that reads back as exactly `s` (quoted when it needs to be).
fn yaml_string(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_round_trip() {
        for s in [
            "plain",
            "Python 103: Memory",
            "yes",
            "- dash",
            "a # b",
            "'q' \"d\"",
        ] {
            let y = yaml_string(s);
            let back: String = serde_yaml::from_str(&y).unwrap();
            assert_eq!(back, s, "{y}");
        }
    }

    #[test]
    fn slugs_transliterate_accents() {
        assert_eq!(
            choose_slug("Café Society", None, "title").unwrap().as_str(),
            "cafe-society"
        );
        assert!(choose_slug("!!!", None, "title").is_err());
        assert!(choose_slug("x", Some("Bad Slug"), "title").is_err());
    }
}
