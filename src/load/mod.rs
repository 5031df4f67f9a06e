//! Reading a site folder into a validated [`Site`].
//!
//! Files are parsed in parallel into raw structs, then linked: slugs are checked and resolved to
//! ids once, here, so later stages never look anything up by name. Every problem is collected;
//! the caller gets either a whole valid site or the full list of what is wrong.

mod cache;
mod fastyaml;
mod frontmatter;
mod links;
mod overlap;
mod raw;
pub(crate) mod single;
mod tags;
mod yaml_error;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};
use rayon::prelude::*;
use walkdir::WalkDir;

pub use crate::fsutil::{decode, decode_owned, is_ignored_name};
pub use cache::ParseCache;
pub use frontmatter::{split, Split, SplitError};
pub use tags::resort as resort_tags;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::layout::RESERVED_SLUGS;
use crate::markdown::{self, MarkdownOptions};
use crate::model::*;
use raw::*;

/// The default levels when `conference.yaml` names none.
pub const DEFAULT_LEVELS: &[&str] = &["beginner", "intermediate", "advanced"];

/// What changes how a site is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep talks marked `draft: true`.
    pub drafts: bool,
    /// The path prefix of `base_url`, for site-relative Markdown links. `/` when empty.
    pub base_path: String,
    /// Find what is wrong without keeping what a build needs: Markdown is parsed for its links
    /// but no HTML or plain text is written (`talkgen check`; a fifth of its time).
    pub validate_only: bool,
}

/// A loaded site with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub site: Site,
    pub warnings: Diagnostics,
}

/// Slugs of talk and speaker files that failed to parse (already reported).
struct Broken {
    talks: HashSet<String>,
    speakers: HashSet<String>,
}

/// A talk or speaker file after parsing, before its references are resolved.
#[derive(Clone)]
struct Parsed<T> {
    slug: Option<Slug>,
    /// Path relative to the site root, as shown in messages.
    file: PathBuf,
    /// The YAML text, kept to point at a value when a reference in it is wrong.
    yaml: String,
    yaml_first_line: usize,
    raw: T,
    /// The Markdown body (talk abstract, speaker bio), rendered.
    body: crate::model::Markdown,
    /// Links to site paths in the body, checked once every page is known.
    links: Vec<links::Pending>,
    /// The file's modification time.
    modified: Option<jiff::Timestamp>,
}

/// Loads and validates the site under `root`.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Loaded> {
    load_with(root, opts, None)
}

/// [`load`], re-parsing only the talk and speaker files that `cache` does not hold.
pub fn load_cached(root: &Path, opts: &LoadOptions, cache: &mut ParseCache) -> Result<Loaded> {
    load_with(root, opts, Some(cache))
}

fn load_with(
    root: &Path,
    opts: &LoadOptions,
    mut cache: Option<&mut ParseCache>,
) -> Result<Loaded> {
    let mut diags = Diagnostics::default();
    let content = root.join("content");
    let conf_path = content.join("conference.yaml");
    let conf_rel = PathBuf::from("content/conference.yaml");
    let md = MarkdownOptions {
        base_path: if opts.base_path.is_empty() {
            "/".into()
        } else {
            opts.base_path.clone()
        },
        trusted_html: false,
        validate_only: opts.validate_only,
    };

    if !conf_path.exists() && std::fs::symlink_metadata(&conf_path).is_err() {
        return Err(Error::Content(Diagnostics::from_one(
            Diagnostic::error(
                &conf_rel,
                "no content/conference.yaml: this is not a talkgen site",
            )
            .with_help("run `talkgen init` to create a site, or pass `--root DIR`"),
        )));
    }
    let conf_text = read_text(root, &conf_path, &mut diags).map(|(text, _)| text);
    let raw_conf: Option<RawConference> = conf_text
        .as_deref()
        .and_then(|text| parse_yaml(text, 1, &conf_rel, &mut diags));
    let md = MarkdownOptions {
        trusted_html: raw_conf.as_ref().is_some_and(|c| c.trusted_html),
        ..md
    };

    // Listing a folder is a `stat` per file: the two folders are listed at the same time.
    let ((talk_files, talk_walk), (speaker_files, speaker_walk)) = rayon::join(
        || walk(root, &content, "talks"),
        || walk(root, &content, "speakers"),
    );
    diags.extend(talk_walk);
    diags.extend(speaker_walk);
    let statics = check_static(root, &mut diags);

    if let Some(c) = cache.as_deref_mut() {
        c.check_options(&md);
    }
    let (talk_cache, speaker_cache) = match cache {
        Some(c) => (Some(&mut c.talks), Some(&mut c.speakers)),
        None => (None, None),
    };
    let (talks, speakers) = rayon::join(
        || parse_all::<RawTalk>(root, &talk_files, &md, talk_cache),
        || parse_all::<RawSpeaker>(root, &speaker_files, &md, speaker_cache),
    );
    let (talks, talk_diags, broken_talks) = talks;
    let (speakers, speaker_diags, broken_speakers) = speakers;
    let broken = Broken {
        talks: broken_talks,
        speakers: broken_speakers,
    };
    diags.extend(talk_diags);
    diags.extend(speaker_diags);

    let Some(raw_conf) = raw_conf else {
        return Err(Error::Content(diags));
    };
    let conf_text = conf_text.unwrap_or_default();
    let site = link(
        raw_conf, &conf_text, talks, speakers, &broken, statics, opts, &md, &mut diags,
    );
    if let Some(s) = &site {
        overlap::check(s, root, &mut diags);
    }
    diags.sort();
    match site {
        Some(site) if !diags.has_errors() => Ok(Loaded {
            site,
            warnings: diags,
        }),
        _ => Err(Error::Content(diags)),
    }
}

impl Diagnostics {
    fn from_one(d: Diagnostic) -> Diagnostics {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    }
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Lists content files under `content/<dir>`, refusing symlinks that leave
/// the site and reporting symlink loops instead of following them.
fn walk(root: &Path, content: &Path, dir: &str) -> (Vec<PathBuf>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let base = content.join(dir);
    if !base.exists() {
        return (files, diags);
    }
    let mut it = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(crate::fsutil::walk_error(&e, root, &base));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && is_ignored_name(&name) {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if let Some(d) = crate::fsutil::outside_symlink(
            &entry,
            root,
            &root_canon,
            "copy the file into the site instead of linking to it",
        ) {
            diags.push(d);
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            diags.push(
                Diagnostic::error(
                    rel(root, entry.path()),
                    "cannot read: a FIFO, socket or device, not a file",
                )
                .with_help("content folders may hold only files and folders"),
            );
            continue;
        }
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some("md" | "yaml" | "yml") => files.push(entry.into_path()),
            _ => diags.push(Diagnostic::warning(
                rel(root, entry.path()),
                "ignored: not a .md or .yaml file",
            )),
        }
    }
    (files, diags)
}

/// Which kind of content file [`check_file`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Conference,
    Talk,
    Speaker,
}

/// Checks one file's bytes on their own (no references to other files resolved): decoding, front
/// matter, YAML and Markdown. For the fuzz targets and for editors checking a buffer; `file` is
/// the path relative to the site root (its extension decides `.md` or `.yaml`).
pub fn check_file(kind: FileKind, file: &Path, bytes: &[u8]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let text = match decode(bytes) {
        Ok(t) => t,
        Err((line, column)) => {
            diags.push(
                Diagnostic::error(file, "the file is not valid UTF-8")
                    .at(Position::new(line, column)),
            );
            return diags;
        }
    };
    let md = MarkdownOptions::default();
    match kind {
        FileKind::Conference => {
            let _ = parse_yaml::<RawConference>(&text, 1, file, &mut diags);
        }
        FileKind::Talk => {
            let _ = parse_text::<RawTalk>(file, &text, &md, &mut diags);
        }
        FileKind::Speaker => {
            let _ = parse_text::<RawSpeaker>(file, &text, &md, &mut diags);
        }
    }
    diags
}

/// Reads a content file as text, or reports why it cannot be: not a regular file (a folder, a
/// FIFO that would block the build forever, a device), a symlink leaving the site, unreadable,
/// or not UTF-8 (with a word for UTF-16, which Windows editors still produce). Returns the
/// text and the file's modification time.
fn read_text(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(String, Option<jiff::Timestamp>)> {
    let file = rel(root, path);
    // One `lstat` answers both questions for the usual file that is not a symlink; a symlink
    // is checked, then followed.
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            if let Err(d) = check_symlink(root, path) {
                diags.push(d);
                return None;
            }
            std::fs::metadata(path)
        }
        other => other,
    };
    match &meta {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            let what = if m.is_dir() {
                "a folder"
            } else {
                "a FIFO, socket or device"
            };
            diags.push(
                Diagnostic::error(&file, format!("cannot read: this is {what}, not a file"))
                    .with_help("content files must be regular files"),
            );
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read: {e}")));
            return None;
        }
    }
    let modified = (meta.as_ref().ok())
        .and_then(|m| m.modified().ok())
        .and_then(|m| jiff::Timestamp::try_from(m).ok());
    let size = meta.map_or(0, |m| m.len() as usize);
    let bytes = match std::fs::File::open(path).and_then(|mut f| {
        let mut bytes = Vec::with_capacity(size + 1);
        std::io::Read::read_to_end(&mut f, &mut bytes).map(|_| bytes)
    }) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read: {e}")));
            return None;
        }
    };
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    match decode_owned(bytes) {
        Ok(t) => Some((t, modified)),
        Err((line, column)) => {
            let message = if utf16 {
                "the file is UTF-16, not UTF-8"
            } else {
                "the file is not valid UTF-8"
            };
            diags.push(
                Diagnostic::error(&file, message)
                    .at(Position::new(line, column))
                    .with_help("save it as UTF-8 (UTF-16 and Latin-1 are not accepted)"),
            );
            None
        }
    }
}

/// Refuses `path` when it is a symlink whose target is outside the site (or dangling).
fn check_symlink(root: &Path, path: &Path) -> std::result::Result<(), Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(target) if target.starts_with(&root_canon) => Ok(()),
        Ok(target) => Err(Diagnostic::error(
            rel(root, path),
            format!(
                "symlink to `{}`, outside the site: refused",
                target.display()
            ),
        )
        .with_help("copy the file into the site instead of linking to it")),
        Err(e) => Err(Diagnostic::error(
            rel(root, path),
            format!("broken symlink or symlink loop: {e}"),
        )),
    }
}

/// What `static/` holds, listed once: the build copies these files, site links may lead to
/// them, and a topic page may not take a top-level name.
#[derive(Default)]
struct Statics {
    /// Files, as `/`-separated paths relative to `static/`.
    files: std::collections::BTreeSet<String>,
    /// The names directly in `static/`, files or folders.
    top: HashSet<String>,
}

/// Lists `static/` as the build will copy it: symlinks out of the site and loops are errors,
/// found here so `talkgen check` reports them too.
fn check_static(root: &Path, diags: &mut Diagnostics) -> Statics {
    let mut statics = Statics::default();
    let src = root.join("static");
    if !src.is_dir() {
        return statics;
    }
    if let Ok(rd) = std::fs::read_dir(&src) {
        let names = rd.filter_map(|e| e.ok());
        statics.top = names
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    }
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut it = WalkDir::new(&src)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(crate::fsutil::walk_error(&e, root, &src));
                continue;
            }
        };
        if let Some(d) = crate::fsutil::outside_symlink(
            &entry,
            root,
            &root_canon,
            "copy the file into static/ instead of linking to it",
        ) {
            diags.push(d);
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        let ft = entry.file_type();
        if ft.is_file() {
            let rel = entry.path().strip_prefix(&src).unwrap_or(entry.path());
            statics
                .files
                .insert(rel.to_string_lossy().replace('\\', "/"));
        } else if !ft.is_dir() {
            diags.push(Diagnostic::error(
                rel(root, entry.path()),
                "cannot copy: a FIFO, socket or device, not a file",
            ));
        }
    }
    statics
}

/// Parses YAML into `T`, reporting the error at its real line in the file.
fn parse_yaml<T: serde::de::DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    if yaml.trim().is_empty() {
        diags.push(
            Diagnostic::error(file, "the YAML is empty")
                .at(Position::new(first_line, 1))
                .with_help("see docs/content.md for the keys this file needs"),
        );
        return None;
    }
    // The common shape is read without libyaml; anything else, and any file the fast reading
    // does not fit, goes to serde_yaml, which also words the errors.
    if let Some(value) = fastyaml::parse(yaml) {
        if let Ok(v) = T::deserialize(value) {
            return Some(v);
        }
    }
    match serde_yaml::from_str::<T>(yaml) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(yaml_error::diagnostic(&e, yaml, first_line, file));
            None
        }
    }
}

/// What a content file type needs from its raw struct.
trait ContentFile: serde::de::DeserializeOwned + Send {
    /// The Markdown body when the file is `.yaml` (its `abstract` or `bio` key).
    fn body_key(&mut self) -> Option<String>;
    const BODY_KEY: &'static str;
}

impl ContentFile for RawTalk {
    fn body_key(&mut self) -> Option<String> {
        self.abstract_.take()
    }
    const BODY_KEY: &'static str = "abstract";
}

impl ContentFile for RawSpeaker {
    fn body_key(&mut self) -> Option<String> {
        self.bio.take()
    }
    const BODY_KEY: &'static str = "bio";
}

fn parse_all<T: ContentFile + Clone + Sync>(
    root: &Path,
    files: &[PathBuf],
    md: &MarkdownOptions,
    cache: Option<&mut HashMap<PathBuf, cache::Entry<T>>>,
) -> (Vec<Parsed<T>>, Diagnostics, HashSet<String>) {
    let parse = |path: &PathBuf| {
        let mut diags = Diagnostics::default();
        let parsed = parse_file::<T>(root, path, md, &mut diags);
        (parsed, diags)
    };
    let results: Vec<(Option<Parsed<T>>, Diagnostics)> = match cache {
        // `check` reads on many threads: when the files are not in the page cache, reading is
        // waiting on the disk, and two reads in flight (one per core) made a cold check of
        // 20,000 talks take 1.8 s instead of 0.8 s. A build keeps to one thread per core: each
        // extra thread keeps its own allocator heap, +30-40 MB at the build's peak.
        None => {
            let all = || files.par_iter().map(&parse).collect();
            match md.validate_only.then(reading_pool).flatten() {
                Some(pool) => pool.install(all),
                None => all(),
            }
        }
        Some(cache) => {
            let fresh: Vec<(PathBuf, cache::Entry<T>)> = files
                .par_iter()
                .filter(|p| !cache.contains_key(*p))
                .map(|p| (p.clone(), parse(p)))
                .collect();
            cache.extend(fresh);
            // One result per file, in order (the broken-slug list below relies on it).
            files
                .par_iter()
                .map(|p| cache.get(p).cloned().unwrap_or_else(|| parse(p)))
                .collect()
        }
    };
    let mut all = Diagnostics::default();
    let mut parsed = Vec::with_capacity(results.len());
    // Files that failed are already reported; references to their slugs are not reported again.
    let mut broken = HashSet::new();
    for ((p, d), path) in results.into_iter().zip(files) {
        all.extend(d);
        match p {
            Some(p) => parsed.push(p),
            None => {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    broken.insert(stem.to_owned());
                }
            }
        }
    }
    (parsed, all, broken)
}

/// How many content files `check` reads at once. Reads of uncached files wait on the disk, not
/// the CPU, and a virtual or network disk serves many requests in parallel.
const READERS: usize = 16;

/// The threads that read content files (made once, shared by every load); `None` when they
/// cannot be started, and the files are read on the caller's threads.
fn reading_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READERS)
            .thread_name(|i| format!("talkgen-read-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

fn parse_file<T: ContentFile>(
    root: &Path,
    path: &Path,
    md: &MarkdownOptions,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let (text, modified) = read_text(root, path, diags)?;
    let parsed = parse_text(&rel(root, path), &text, md, diags)?;
    Some(Parsed { modified, ..parsed })
}

/// Parses the text of one content file; `file` is its path relative to the site root.
fn parse_text<T: ContentFile>(
    file: &Path,
    text: &str,
    md: &MarkdownOptions,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let path = file;
    let file = file.to_path_buf();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let slug = match Slug::parse(stem) {
        Ok(s) => Some(s),
        Err(e) => {
            let help = Slug::from_text(stem)
                .map(|s| format!("rename the file to `{s}` and update references to it"))
                .unwrap_or_else(|| "use lowercase letters, digits and single hyphens".into());
            diags.push(
                Diagnostic::error(&file, format!("invalid slug `{stem}`: {e}")).with_help(help),
            );
            None
        }
    };
    let is_md = path.extension().is_some_and(|e| e == "md");
    let (yaml, yaml_first_line, body, body_line) = if is_md {
        match split(text) {
            Ok(Split {
                yaml,
                yaml_first_line,
                body,
                body_first_line,
            }) => (yaml, yaml_first_line, Some(body), body_first_line),
            Err(SplitError::Missing) => {
                diags.push(
                    Diagnostic::error(&file, "no front matter: the first line must be `---`")
                        .at(Position::new(1, 1))
                        .with_help("start the file with `---`, the YAML keys, then `---`"),
                );
                return None;
            }
            Err(SplitError::Unterminated) => {
                diags.push(
                    Diagnostic::error(&file, "the front matter opened here is never closed")
                        .at(Position::new(1, 1))
                        .with_help("add a line `---` after the last YAML key"),
                );
                return None;
            }
        }
    } else {
        (text, 1, None, 1)
    };
    let mut raw: T = parse_yaml(yaml, yaml_first_line, &file, diags)?;
    let from_key = raw.body_key();
    let body_src = match (body, from_key) {
        (Some(b), Some(_)) if !b.trim().is_empty() => {
            diags.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "`{}` is given both as a key and as the Markdown body",
                        T::BODY_KEY
                    ),
                )
                .at(Position::new(body_line, 1))
                .with_help(format!(
                    "keep one of the two; the body after `---` is the usual place for the {}",
                    T::BODY_KEY
                )),
            );
            return None;
        }
        (_, Some(k)) => k,
        (Some(b), None) => b.to_owned(),
        (None, None) => String::new(),
    };
    let (body_html, found) = markdown::render_with_links(&body_src, md);
    let links = match body {
        Some(b) if !b.trim().is_empty() => links::in_body(&file, b, body_line, found),
        _ => links::in_yaml(&file, yaml, yaml_first_line, T::BODY_KEY, found),
    };
    Some(Parsed {
        slug,
        file,
        yaml: yaml.to_owned(),
        yaml_first_line,
        raw,
        body: body_html,
        links,
        modified: None,
    })
}

/// The second line written `key: value` (also as a list item `- key: value`), for "defined
/// twice": the first definition is fine, the second is the mistake.
pub fn locate_second(
    yaml: &str,
    first_line: usize,
    key: &str,
    value: &str,
) -> Option<(Position, usize)> {
    let key_colon = format!("{key}:");
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            let rest = trimmed.strip_prefix(&key_colon)?;
            let v = rest.trim().trim_matches(['"', '\'']);
            (v == value).then(|| {
                let byte = line.len() - rest.len() + (rest.len() - rest.trim_start().len());
                let byte = byte + usize::from(rest.trim_start().starts_with(['"', '\'']));
                (
                    Position::new(first_line + i, char_col(line, byte)),
                    value.chars().count(),
                )
            })
        })
        .nth(1)
}

/// [`locate`] with the length of the span to underline: the value when it was found, else 0.
pub fn locate_span(yaml: &str, first_line: usize, key: &str, value: &str) -> (Position, usize) {
    let pos = locate(yaml, first_line, key, value);
    let found = yaml
        .lines()
        .nth(pos.line.wrapping_sub(first_line))
        .and_then(|l| {
            let start = l.char_indices().nth(pos.column - 1)?.0;
            Some(l[start..].starts_with(value))
        })
        .unwrap_or(false);
    (pos, if found { value.chars().count() } else { 0 })
}

/// Finds where `value` is written in a YAML text, after the line holding `key:` if given.
/// Used to point at a bad reference; falls back to the key's line, then to the first line.
/// Columns count characters, as editors show them.
pub fn locate(yaml: &str, first_line: usize, key: &str, value: &str) -> Position {
    // Best: `key: value` on one line (a flow list or a scalar).
    let key_colon = format!("{key}:");
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if let Some(rest) = trimmed.strip_prefix(&key_colon) {
            let offset = line.len() - rest.len();
            if let Some(col) = find_token(rest, value) {
                return Position::new(first_line + i, char_col(line, offset + col));
            }
        }
    }
    let mut key_line = None;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        if key_line.is_none() {
            let starts = trimmed
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
                || trimmed
                    .strip_prefix("- ")
                    .and_then(|r| r.strip_prefix(key))
                    .is_some_and(|r| r.trim_start().starts_with(':'));
            if !starts {
                continue;
            }
            key_line = Some(i);
        }
        if let Some(col) = find_token(line, value) {
            return Position::new(first_line + i, char_col(line, col));
        }
        // Stop at the next key of the same or a lower indentation.
        if Some(i) != key_line
            && !line.starts_with(' ')
            && !line.starts_with('-')
            && !line.trim().is_empty()
        {
            break;
        }
    }
    match key_line {
        Some(i) => Position::new(first_line + i, 1),
        None => Position::new(first_line, 1),
    }
}

/// The 1-based character column of byte offset `byte` in `line`.
fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(byte, |s| s.chars().count()) + 1
}

/// Byte offset of `token` in `line` where it is not part of a longer slug.
fn find_token(line: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let is_slug_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = line[from..].find(token) {
        let start = from + i;
        let end = start + token.len();
        let before_ok = !line[..start].chars().next_back().is_some_and(is_slug_char);
        let after_ok = !line[end..].chars().next().is_some_and(is_slug_char);
        if before_ok && after_ok {
            return Some(start);
        }
        from = start + 1;
        while !line.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The existing slug nearest to a misspelt one, for "did you mean".
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= (wanted.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    nearest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Accepts http(s) URLs and site-relative paths; anything else (javascript:, data:, file:) is
/// refused because it would end up in an `href` or `src`.
pub fn parse_link(s: &str) -> std::result::Result<Link, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if t.contains(char::is_whitespace) {
            return Err(format!("`{t}` contains spaces"));
        }
        return Ok(Link(t.to_owned()));
    }
    if t.starts_with('/') && !t.starts_with("//") && !t.contains("..") {
        return Ok(Link(t.to_owned()));
    }
    Err(format!(
        "`{t}` is not an http(s) URL or a path starting with `/`"
    ))
}

fn parse_date(s: &str) -> Option<Date> {
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}

/// A slot time: local (`2016-08-20T10:00:00`) or with an offset, then converted to the
/// conference's local time when it has a time zone.
fn parse_datetime(s: &str, tz: Option<&jiff::tz::TimeZone>) -> Option<DateTime> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(match tz {
            Some(tz) => ts.to_zoned(tz.clone()).datetime(),
            None => s.parse::<DateTime>().ok()?,
        });
    }
    s.parse::<DateTime>().ok()
}

#[allow(clippy::too_many_arguments)]
fn link(
    raw: RawConference,
    conf_yaml: &str,
    talks: Vec<Parsed<RawTalk>>,
    speakers: Vec<Parsed<RawSpeaker>>,
    broken: &Broken,
    statics: Statics,
    opts: &LoadOptions,
    md: &MarkdownOptions,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let conf_file = PathBuf::from("content/conference.yaml");
    let at_conf = |key: &str, value: &str| locate_span(conf_yaml, 1, key, value);
    // Site links in Markdown, checked once every page is known.
    let mut pending: Vec<links::Pending> = Vec::new();
    let render_md = |text: Option<&str>, key: &str, pending: &mut Vec<links::Pending>| {
        let (html, found) = markdown::render_with_links(text.unwrap_or(""), md);
        pending.extend(links::in_yaml(&conf_file, conf_yaml, 1, key, found));
        html
    };
    let RawConference {
        name,
        tagline,
        description,
        start_date,
        end_date,
        timezone,
        venue,
        rooms,
        base_url,
        levels,
        tracks: raw_tracks,
        pages: raw_pages,
        trusted_html: _,
    } = raw;

    // The event.
    let date = |key: &str, v: Option<String>, diags: &mut Diagnostics| {
        let v = v?;
        let d = parse_date(&v);
        if d.is_none() {
            diags.push(
                Diagnostic::error(&conf_file, format!("invalid date `{v}` for `{key}`"))
                    .at(at_conf(key, &v))
                    .with_help("write dates as YYYY-MM-DD"),
            );
        }
        d
    };
    let start_date = date("start_date", start_date, diags);
    let end_date = date("end_date", end_date, diags);
    if let (Some(s), Some(e)) = (start_date, end_date) {
        if e < s {
            diags.push(
                Diagnostic::error(&conf_file, "`end_date` is before `start_date`")
                    .at(at_conf("end_date", &e.to_string())),
            );
        }
    }
    let tz = timezone
        .as_deref()
        .and_then(|name| match jiff::tz::TimeZone::get(name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                diags.push(
                    Diagnostic::error(&conf_file, format!("unknown time zone `{name}`"))
                        .at(at_conf("timezone", name))
                        .with_help(
                            "use an IANA name such as `Europe/Berlin` or `America/Los_Angeles`",
                        ),
                );
                None
            }
        });
    if let Some(url) = &base_url {
        if let Err(e) = parse_link(url).and_then(|l| {
            if l.is_site_relative() {
                Err("base_url must be an absolute http(s) URL".into())
            } else {
                Ok(l)
            }
        }) {
            diags.push(
                Diagnostic::error(&conf_file, format!("invalid `base_url`: {e}"))
                    .at(at_conf("base_url", url)),
            );
        }
    }
    let conference = Conference {
        name,
        tagline,
        start_date,
        end_date,
        timezone: tz.clone(),
        timezone_name: timezone,
        venue,
        rooms: rooms.into_iter().map(|r| r.trim().to_owned()).collect(),
        base_url,
        description: render_md(description.as_deref(), "description", &mut pending),
    };

    // Tracks and levels.
    let mut tracks: Vec<Track> = Vec::new();
    let mut track_ids: HashMap<String, TrackId> = HashMap::new();
    for t in raw_tracks {
        match Slug::parse(&t.slug) {
            Ok(slug) => {
                if track_ids.contains_key(slug.as_str()) {
                    diags.push(
                        Diagnostic::error(&conf_file, format!("track `{slug}` is defined twice"))
                            .at(locate_second(conf_yaml, 1, "slug", &t.slug)
                                .unwrap_or_else(|| at_conf("slug", &t.slug))),
                    );
                    continue;
                }
                track_ids.insert(t.slug.clone(), TrackId(tracks.len() as u32));
                tracks.push(Track {
                    slug,
                    name: t.name,
                    description: render_md(t.description.as_deref(), "description", &mut pending),
                    talks: Vec::new(),
                });
            }
            Err(e) => diags.push(
                Diagnostic::error(&conf_file, format!("invalid track slug `{}`: {e}", t.slug))
                    .at(at_conf("slug", &t.slug)),
            ),
        }
    }
    if tracks.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(&conf_file, "`tracks` needs at least one track")
                .at(at_conf("tracks", ""))
                .with_help("add `- slug: main` and `name: Main track` under `tracks:`"),
        );
    }
    let level_names: Vec<String> =
        levels.unwrap_or_else(|| DEFAULT_LEVELS.iter().map(|s| s.to_string()).collect());
    let mut levels: Vec<Level> = Vec::new();
    let mut level_ids: HashMap<String, LevelId> = HashMap::new();
    for l in level_names {
        match Slug::parse(&l) {
            Ok(slug) if !level_ids.contains_key(&l) => {
                level_ids.insert(l.clone(), LevelId(levels.len() as u32));
                levels.push(Level {
                    name: display_name(&l),
                    slug,
                    talks: Vec::new(),
                });
            }
            Ok(_) => diags.push(
                Diagnostic::error(&conf_file, format!("level `{l}` is listed twice"))
                    .at(at_conf("levels", &l)),
            ),
            Err(e) => diags.push(
                Diagnostic::error(&conf_file, format!("invalid level `{l}`: {e}"))
                    .at(at_conf("levels", &l)),
            ),
        }
    }

    // Speakers.
    let mut speaker_ids: HashMap<String, SpeakerId> = HashMap::with_capacity(speakers.len());
    let mut speaker_files: HashMap<String, PathBuf> = HashMap::new();
    let mut site_speakers: Vec<Speaker> = Vec::with_capacity(speakers.len());
    for p in speakers {
        let Some(slug) = p.slug else { continue };
        if let Some(first) = speaker_files.get(slug.as_str()) {
            diags.push(
                Diagnostic::error(&p.file, format!("duplicate speaker slug `{slug}`")).with_help(
                    format!(
                        "`{}` has the same slug; rename one of them",
                        first.display()
                    ),
                ),
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
        if name.trim().is_empty() {
            diags.push(Diagnostic::error(&p.file, "`name` is empty").at(locate(
                &p.yaml,
                p.yaml_first_line,
                "name",
                "",
            )));
        }
        let check_link = |key: &str, v: &str, diags: &mut Diagnostics| match parse_link(v) {
            Ok(l) => Some(l),
            Err(e) => {
                diags.push(
                    Diagnostic::error(&p.file, format!("invalid URL in `{key}`: {e}"))
                        .at(locate_span(&p.yaml, p.yaml_first_line, key, v.trim()))
                        .with_help(
                            "only http(s) URLs and site paths such as `/images/me.jpg` are allowed",
                        ),
                );
                None
            }
        };
        let photo = photo.and_then(|v| check_link("photo", &v, diags));
        let links = links
            .0
            .into_iter()
            .filter_map(|(label, url)| check_link(&label, &url, diags).map(|l| (label, l)))
            .collect();
        pending.extend(p.links);
        speaker_ids.insert(
            slug.as_str().to_owned(),
            SpeakerId(site_speakers.len() as u32),
        );
        site_speakers.push(Speaker {
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

    // Talks.
    let mut talk_ids: HashMap<String, TalkId> = HashMap::with_capacity(talks.len());
    let mut talk_files: HashMap<String, PathBuf> = HashMap::new();
    let mut drafts: HashSet<String> = HashSet::new();
    let mut invalid_talks: HashSet<String> = broken.talks.clone();
    let mut site_talks: Vec<Talk> = Vec::with_capacity(talks.len());
    for mut p in talks {
        let Some(slug) = p.slug.take() else { continue };
        if let Some(first) = talk_files.get(slug.as_str()) {
            diags.push(
                Diagnostic::error(&p.file, format!("duplicate talk slug `{slug}`")).with_help(
                    format!(
                        "`{}` has the same slug; rename one of them",
                        first.display()
                    ),
                ),
            );
            continue;
        }
        talk_files.insert(slug.as_str().to_owned(), p.file.clone());
        let cx = TalkContext {
            speaker_ids: &speaker_ids,
            broken_speakers: &broken.speakers,
            track_ids: &track_ids,
            tracks: &tracks,
            level_ids: &level_ids,
            levels: &levels,
            tz: tz.as_ref(),
            drafts: opts.drafts,
            md,
        };
        match link_talk(p, slug, &cx, diags) {
            LinkedTalk::Invalid(slug) => {
                invalid_talks.insert(slug);
            }
            LinkedTalk::Draft(slug) => {
                drafts.insert(slug);
            }
            LinkedTalk::Talk(talk, links) => {
                talk_ids.insert(
                    talk.slug.as_str().to_owned(),
                    TalkId(site_talks.len() as u32),
                );
                pending.extend(links);
                site_talks.push(*talk);
            }
        }
    }

    // Topic pages.
    let mut pages = Vec::new();
    let mut page_slugs = HashSet::new();
    for rp in raw_pages {
        let at = |v: &str| at_conf("slug", v);
        let slug = match Slug::parse(&rp.slug) {
            Ok(s) => s,
            Err(e) => {
                diags.push(
                    Diagnostic::error(&conf_file, format!("invalid page slug `{}`: {e}", rp.slug))
                        .at(at(&rp.slug)),
                );
                continue;
            }
        };
        if RESERVED_SLUGS.contains(&slug.as_str()) || statics.top.contains(slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &conf_file,
                    format!("page slug `{slug}` collides with a path talkgen writes"),
                )
                .at(at(&rp.slug))
                .with_help(format!(
                    "these are taken: {}, and the names in static/",
                    RESERVED_SLUGS.join(", ")
                )),
            );
            continue;
        }
        if !page_slugs.insert(slug.clone()) {
            diags.push(
                Diagnostic::error(&conf_file, format!("page `{slug}` is defined twice"))
                    .at(locate_second(conf_yaml, 1, "slug", &rp.slug)
                        .unwrap_or_else(|| at(&rp.slug))),
            );
            continue;
        }
        let mut list = Vec::new();
        let explicit = rp.talks.is_some();
        match (rp.talks, rp.tracks) {
            (Some(_), Some(_)) => diags.push(
                Diagnostic::error(
                    &conf_file,
                    format!("page `{slug}` has both `talks` and `tracks`"),
                )
                .at(at(&rp.slug))
                .with_help("keep one: `talks` for an explicit order, `tracks` for whole tracks"),
            ),
            (Some(talks), None) => {
                for t in talks {
                    match talk_ids.get(&t) {
                        Some(id) if list.contains(id) => diags.push(
                            Diagnostic::error(
                                &conf_file,
                                format!("talk `{t}` is listed twice on page `{slug}`"),
                            )
                            .at(at_conf("talks", &t)),
                        ),
                        Some(id) => list.push(*id),
                        None if drafts.contains(&t) || invalid_talks.contains(&t) => {}
                        None => diags.push(
                            Diagnostic::error(
                                &conf_file,
                                format!("unknown talk `{t}` on page `{slug}`"),
                            )
                            .at(at_conf("talks", &t))
                            .with_help(
                                did_you_mean(&t, talk_ids.keys().map(String::as_str))
                                    .unwrap_or_else(|| format!("no file content/talks/{t}.md")),
                            ),
                        ),
                    }
                }
            }
            (None, tracks_list) => {
                for tr in tracks_list.unwrap_or_default() {
                    match track_ids.get(&tr) {
                        Some(id) => list.extend(
                            site_talks
                                .iter()
                                .enumerate()
                                .filter(|(_, t)| t.track == *id)
                                .map(|(i, _)| TalkId(i as u32)),
                        ),
                        None => diags.push(
                            Diagnostic::error(
                                &conf_file,
                                format!("unknown track `{tr}` on page `{slug}`"),
                            )
                            .at(at_conf("tracks", &tr))
                            .with_help(
                                did_you_mean(&tr, track_ids.keys().map(String::as_str))
                                    .unwrap_or_else(|| "tracks are defined under `tracks:`".into()),
                            ),
                        ),
                    }
                }
                list.sort();
                list.dedup();
            }
        }
        let intro = render_md(rp.intro.as_deref(), "intro", &mut pending);
        pages.push((slug, rp.title, intro, list, explicit));
    }

    links::SitePaths {
        statics: &statics.files,
        talks: talk_ids
            .keys()
            .chain(&invalid_talks)
            .map(String::as_str)
            .collect(),
        drafts: &drafts,
        speakers: speaker_ids
            .keys()
            .chain(&broken.speakers)
            .map(String::as_str)
            .collect(),
        tracks: track_ids.keys().map(String::as_str).collect(),
        levels: level_ids.keys().map(String::as_str).collect(),
        pages: page_slugs.iter().map(Slug::as_str).collect(),
    }
    .check(&pending, diags);

    // Back-references, built once: speaker → talks, track → talks, level → talks.
    for (i, t) in site_talks.iter().enumerate() {
        let id = TalkId(i as u32);
        for s in &t.speakers {
            site_speakers[s.index()].talks.push(id);
        }
        tracks[t.track.index()].talks.push(id);
        if let Some(l) = t.level {
            levels[l.index()].talks.push(id);
        }
    }
    for t in &site_talks {
        talk_warnings(t, diags);
    }
    for s in &site_speakers {
        if s.talks.is_empty() {
            diags.push(Diagnostic::warning(
                &s.source,
                format!("speaker `{}` has no talks", s.slug),
            ));
        }
    }

    let mut site = Site {
        conference,
        tracks,
        levels,
        speakers: site_speakers,
        talks: site_talks,
        pages: Vec::new(),
        tags: Vec::new(),
        static_files: statics.files,
    };
    // Listing order, computed once.
    let mut tracks = std::mem::take(&mut site.tracks);
    for t in &mut tracks {
        sort_talks(&site, &mut t.talks);
    }
    site.tracks = tracks;
    let mut levels = std::mem::take(&mut site.levels);
    for l in &mut levels {
        sort_talks(&site, &mut l.talks);
    }
    site.levels = levels;
    let mut speakers = std::mem::take(&mut site.speakers);
    for s in &mut speakers {
        sort_talks(&site, &mut s.talks);
    }
    site.speakers = speakers;
    site.pages = pages
        .into_iter()
        .map(|(slug, title, intro, mut talks, explicit)| {
            if !explicit {
                sort_talks(&site, &mut talks);
            }
            Page {
                slug,
                title,
                intro,
                talks,
            }
        })
        .collect();
    tags::attach(&mut site);
    Some(site)
}

/// What one talk's references resolve against: the rest of the site, by slug.
struct TalkContext<'a> {
    pub speaker_ids: &'a HashMap<String, SpeakerId>,
    /// Speaker files that failed to parse (already reported).
    pub broken_speakers: &'a HashSet<String>,
    pub track_ids: &'a HashMap<String, TrackId>,
    pub tracks: &'a [Track],
    pub level_ids: &'a HashMap<String, LevelId>,
    pub levels: &'a [Level],
    pub tz: Option<&'a jiff::tz::TimeZone>,
    /// Keep talks marked `draft: true`.
    pub drafts: bool,
    pub md: &'a MarkdownOptions,
}

/// One talk file after its references were resolved.
enum LinkedTalk {
    /// The talk, and the site links of its Markdown, to check once every page is known.
    Talk(Box<Talk>, Vec<links::Pending>),
    /// Its problems were reported; the slug is not reported again where it is named.
    Invalid(String),
    /// A draft left out of the site.
    Draft(String),
}

/// Resolves and checks one parsed talk file: what `load` does for every talk and `serve` for
/// an edited one (see `load::single`).
fn link_talk(
    p: Parsed<RawTalk>,
    slug: Slug,
    cx: &TalkContext,
    diags: &mut Diagnostics,
) -> LinkedTalk {
    let TalkContext {
        speaker_ids,
        broken_speakers,
        track_ids,
        tracks,
        level_ids,
        levels,
        tz,
        drafts: keep_drafts,
        md,
    } = *cx;
    let mut pending = Vec::new();
    let RawTalk {
        title,
        speakers,
        track,
        level,
        description,
        abstract_: _,
        tags,
        slot,
        date,
        slides,
        video,
        weight,
        draft,
        source: origin,
    } = p.raw;
    let at = |key: &str, value: &str| locate_span(&p.yaml, p.yaml_first_line, key, value);
    let before = diags.error_count();
    if title.trim().is_empty() {
        diags.push(Diagnostic::error(&p.file, "`title` is empty").at(at("title", "")));
    }
    let mut speaker_list = Vec::with_capacity(speakers.len());
    for s in &speakers {
        match speaker_ids.get(s.as_str()) {
            Some(id) if speaker_list.contains(id) => diags.push(
                Diagnostic::error(&p.file, format!("speaker `{s}` is listed twice"))
                    .at(at("speakers", s)),
            ),
            Some(id) => speaker_list.push(*id),
            None if broken_speakers.contains(s) => {}
            None => {
                let mut d = Diagnostic::error(&p.file, format!("unknown speaker `{s}`"))
                    .at(at("speakers", s));
                d = d.with_help(
                    did_you_mean(s, speaker_ids.keys().map(String::as_str))
                        .unwrap_or_else(|| format!("add content/speakers/{s}.md, or fix the slug")),
                );
                diags.push(d);
            }
        }
    }
    let track_id = match track_ids.get(track.as_str()) {
        Some(id) => Some(*id),
        None => {
            let help =
                did_you_mean(&track, track_ids.keys().map(String::as_str)).unwrap_or_else(|| {
                    let all: Vec<&str> = tracks.iter().map(|t| t.slug.as_str()).collect();
                    format!("the tracks are: {}", all.join(", "))
                });
            diags.push(
                Diagnostic::error(&p.file, format!("unknown track `{track}`"))
                    .at(at("track", &track))
                    .with_help(help),
            );
            None
        }
    };
    let level_id = level.as_deref().and_then(|l| match level_ids.get(l) {
        Some(id) => Some(*id),
        None => {
            let all: Vec<&str> = levels.iter().map(|l| l.slug.as_str()).collect();
            diags.push(
                Diagnostic::error(&p.file, format!("unknown level `{l}`"))
                    .at(at("level", l))
                    .with_help(format!("the levels are: {}", all.join(", "))),
            );
            None
        }
    });
    let slot = slot.and_then(|s| {
        let start = parse_datetime(&s.start, tz);
        let end = parse_datetime(&s.end, tz);
        for (key, raw, parsed) in [("start", &s.start, start), ("end", &s.end, end)] {
            if parsed.is_none() {
                diags.push(
                    Diagnostic::error(&p.file, format!("invalid slot {key} `{raw}`"))
                        .at(at(key, raw))
                        .with_help("write times as 2016-08-20T10:00:00 (local) or with an offset"),
                );
            }
        }
        if s.room.trim().is_empty() {
            diags.push(Diagnostic::error(&p.file, "slot `room` is empty").at(at("room", "")));
        }
        let slot = Slot::new(start?, end?, s.room.trim().to_owned());
        if slot.is_none() {
            diags.push(
                Diagnostic::error(&p.file, "the slot ends before it starts")
                    .at(at("end", &s.end))
                    .with_help(format!(
                        "`end` ({}) must be after `start` ({})",
                        s.end, s.start
                    )),
            );
        }
        slot
    });
    let date = date.and_then(|d| {
        let parsed = parse_date(&d);
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(&p.file, format!("invalid date `{d}`"))
                    .at(at("date", &d))
                    .with_help("write dates as YYYY-MM-DD"),
            );
        }
        parsed
    });
    let url = |key: &str, v: Option<String>, diags: &mut Diagnostics| {
        let v = v?;
        match parse_link(&v) {
            Ok(l) => Some(l),
            Err(e) => {
                diags.push(
                    Diagnostic::error(&p.file, format!("invalid URL in `{key}`: {e}"))
                        .at(at(key, v.trim()))
                        .with_help("only http(s) URLs and site paths are allowed"),
                );
                None
            }
        }
    };
    let slides = url("slides", slides, diags);
    let video = url("video", video, diags);
    if diags.error_count() > before || track_id.is_none() {
        // Reported already; pages and links naming it are not reported again.
        return LinkedTalk::Invalid(slug.as_str().to_owned());
    }
    let Some(track) = track_id else {
        return LinkedTalk::Invalid(slug.as_str().to_owned());
    };
    if draft && !keep_drafts {
        return LinkedTalk::Draft(slug.as_str().to_owned());
    }
    let talk = Talk {
        slug,
        title,
        speakers: speaker_list,
        track,
        level: level_id,
        description: {
            let (html, found) =
                markdown::render_with_links(description.as_deref().unwrap_or(""), md);
            pending.extend(links::in_yaml(
                &p.file,
                &p.yaml,
                p.yaml_first_line,
                "description",
                found,
            ));
            pending.extend(p.links);
            html
        },
        abstract_: p.body,
        tags,
        tag_ids: Vec::new(),
        slot,
        date,
        slides,
        video,
        weight,
        draft,
        origin: origin.map(|o| SourceRef {
            system: o.system,
            id: o.id,
        }),
        source: p.file,
        modified: p.modified,
    };
    LinkedTalk::Talk(Box::new(talk), pending)
}

/// What is allowed but probably unfinished in one talk.
fn talk_warnings(t: &Talk, diags: &mut Diagnostics) {
    if t.speakers.is_empty() {
        diags.push(Diagnostic::warning(
            &t.source,
            format!(
                "talk `{}` has no speakers (shown as to be announced)",
                t.slug
            ),
        ));
    }
    if t.description.is_empty() {
        diags.push(Diagnostic::warning(
            &t.source,
            format!("talk `{}` has no description", t.slug),
        ));
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
    fn locate_points_at_the_value() {
        let yaml = "title: A\nspeakers: [wesley-chun, alex]\ntrack: etc\n";
        assert_eq!(locate(yaml, 2, "speakers", "alex"), Position::new(3, 25));
        assert_eq!(locate(yaml, 2, "track", "etc"), Position::new(4, 8));
        let yaml = "speakers:\n  - wesley-chun\n  - alex\ntrack: alex\n";
        assert_eq!(locate(yaml, 1, "speakers", "alex"), Position::new(3, 5));
    }

    #[test]
    fn check_file_reports_one_file_on_its_own() {
        let d = check_file(
            FileKind::Talk,
            Path::new("content/talks/a.md"),
            b"---\ntitle: A\ntrack: web\ntitle: B\n---\n[x](/talks/b/)\n",
        );
        let all: Vec<_> = d.iter().collect();
        assert_eq!(all.len(), 1, "{d}");
        assert_eq!(all[0].position, Some(Position::new(4, 1)));
        let d = check_file(
            FileKind::Conference,
            Path::new("content/conference.yaml"),
            b"name: X\ntracks: []\n",
        );
        assert!(d.is_empty(), "{d}");
        let d = check_file(
            FileKind::Speaker,
            Path::new("content/speakers/s.md"),
            b"\xff",
        );
        assert!(d.has_errors());
    }

    #[test]
    fn second_definition() {
        let yaml = "tracks:\n  - slug: web\n    name: W\n  - slug: \"web\"\n";
        assert_eq!(
            locate_second(yaml, 1, "slug", "web"),
            Some((Position::new(4, 12), 3))
        );
        assert_eq!(locate_second("slug: a\n", 1, "slug", "a"), None);
    }

    #[test]
    fn find_token_respects_slug_boundaries() {
        assert_eq!(find_token("[alex-m, alex]", "alex"), Some(9));
        assert_eq!(find_token("alexander", "alex"), None);
    }

    #[test]
    fn nearest_slug() {
        let c = ["wesley-chun", "alex-martelli"];
        assert_eq!(
            nearest("wesley-chn", c.iter().copied()),
            Some("wesley-chun")
        );
        assert_eq!(nearest("zzz", c.iter().copied()), None);
    }

    #[test]
    fn links() {
        assert!(parse_link("https://example.org/x").is_ok());
        assert!(parse_link("/images/a.jpg").is_ok());
        assert!(parse_link("javascript:alert(1)").is_err());
        assert!(parse_link("JAVASCRIPT:alert(1)").is_err());
        assert!(parse_link("//evil.example/").is_err());
        assert!(parse_link("data:text/html,x").is_err());
        assert!(parse_link("/../etc/passwd").is_err());
    }

    #[test]
    fn datetimes() {
        let tz = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
        assert_eq!(
            parse_datetime("2016-08-20T10:00:00", Some(&tz))
                .unwrap()
                .to_string(),
            "2016-08-20T10:00:00"
        );
        assert_eq!(
            parse_datetime("2016-08-20T17:00:00Z", Some(&tz))
                .unwrap()
                .to_string(),
            "2016-08-20T10:00:00"
        );
        assert!(parse_datetime("2016-13-20T10:00:00", None).is_none());
        assert!(parse_date("2016-02-30").is_none());
        assert!(parse_date("2016-02-29").is_some());
    }

    #[test]
    fn level_names() {
        assert_eq!(display_name("intermediate"), "Intermediate");
        assert_eq!(display_name("all-levels"), "All Levels");
    }
}
