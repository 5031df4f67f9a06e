//! One content file's text into its raw struct: front matter split from the body, the YAML
//! deserialized, the Markdown body rendered. Files are parsed in parallel; nothing is resolved
//! against other files here.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::frontmatter::{split, Split, SplitError};
use super::raw::{RawArticle, RawSpeaker, RawTalk};
use super::walk::{read_text, rel};
use super::{fastyaml, limits, links, yaml_error};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::markdown::{self, MarkdownOptions};
use crate::model::Slug;

/// One file's parse: the result (none when it failed) and its problems, as the cache keeps it.
pub(super) type Entry<T> = (Option<Parsed<T>>, Diagnostics);

/// Slugs of talk and speaker files that failed to parse (already reported).
pub(super) struct Broken {
    pub talks: HashSet<String>,
    pub speakers: HashSet<String>,
}

/// A talk or speaker file after parsing, before its references are resolved.
#[derive(Clone)]
pub(super) struct Parsed<T> {
    pub slug: Option<Slug>,
    /// Path relative to the site root, as shown in messages.
    pub file: PathBuf,
    /// The YAML text, kept to point at a value when a reference in it is wrong.
    pub yaml: String,
    pub yaml_first_line: usize,
    pub raw: T,
    /// The Markdown body (talk abstract, speaker bio), rendered.
    pub body: crate::model::Markdown,
    /// Links to site paths in the body, checked once every page is known.
    pub links: Vec<links::Pending>,
    /// The file's modification time.
    pub modified: Option<jiff::Timestamp>,
}

/// Parses YAML into `T`, reporting the error at its real line in the file.
pub(super) fn parse_yaml<T: serde::de::DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    if yaml.trim().is_empty() {
        diags.push(
            Diagnostic::error(file, "the YAML is empty")
                .at(Position::new(first_line, 1))
                .with_help("see https://github.com/talkgen/talkgen/blob/main/docs/content.md for the keys this file needs"),
        );
        return None;
    }
    if yaml.len() > limits::MAX_YAML_BYTES {
        diags.push(
            Diagnostic::error(
                file,
                format!(
                    "the YAML is {}; a file's YAML may hold at most 4 MiB",
                    limits::human_size(yaml.len() as u64)
                ),
            )
            .at(Position::new(first_line, 1))
            .with_help(
                "keep long text in the Markdown body of a `.md` file, after the front matter",
            ),
        );
        return None;
    }
    // The common shape is read without libyaml; anything else, and any file the fast reading
    // does not fit, goes to serde_yaml, which also words the errors. The fast reading takes no
    // aliases, no nesting beyond two levels and no escapes but `\\ \" \/ \n \t`, so what it
    // answers is within the bounds below by construction.
    if let Some(value) = fastyaml::parse(yaml) {
        if let Ok(v) = T::deserialize(value) {
            return Some(v);
        }
    }
    // libyaml's parse is quadratic in the nesting depth: the depth is bounded before it runs.
    if let Some((line, column)) = limits::too_deep(yaml) {
        diags.push(
            Diagnostic::error(
                file,
                format!(
                    "the YAML nests more than {} levels deep here",
                    limits::MAX_DEPTH
                ),
            )
            .at(Position::new(line + first_line - 1, column))
            .with_help("content files need only a few levels of lists and maps"),
        );
        return None;
    }
    match limits::from_str::<T>(yaml) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(yaml_error::diagnostic(&e, yaml, first_line, file));
            yaml_error::more_problems::<T>(&e, yaml, first_line, file, diags);
            None
        }
    }
}

/// What a content file type needs from its raw struct.
pub(super) trait ContentFile: serde::de::DeserializeOwned + Send {
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

impl ContentFile for RawArticle {
    fn body_key(&mut self) -> Option<String> {
        None
    }
    const BODY_KEY: &'static str = "body";
}

impl ContentFile for RawSpeaker {
    fn body_key(&mut self) -> Option<String> {
        self.bio.take()
    }
    const BODY_KEY: &'static str = "bio";
}

/// Parses `files` in parallel, one result per file in order. With a `cache`, only the files it
/// does not hold are read. Returns the parses, their problems and the slugs of the files that
/// failed (their problems are reported; references to them are not reported again).
pub(super) fn parse_all<T: ContentFile + Clone + Sync>(
    root: &Path,
    files: &[PathBuf],
    md: &MarkdownOptions,
    cache: Option<&mut HashMap<PathBuf, Entry<T>>>,
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
            let fresh: Vec<(PathBuf, Entry<T>)> = files
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

/// Reads and parses one file; `path` is under `root`, and messages name it relative to `root`.
pub(super) fn parse_file<T: ContentFile>(
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
pub(super) fn parse_text<T: ContentFile>(
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
    if !allowed_chars(&file, text, diags) {
        return None;
    }
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

/// Refuses a text holding a character no output may hold (NUL, `\x01`, a form feed, ESC, ...:
/// [`limits::is_forbidden`]), at its line and column; values that YAML escapes turn into such a
/// character are refused by [`limits::from_str`]. So no page, feed or export ever sees one.
pub(super) fn allowed_chars(file: &Path, text: &str, diags: &mut Diagnostics) -> bool {
    let Some((line, column, c)) = limits::find_forbidden(text) else {
        return true;
    };
    diags.push(
        Diagnostic::error(
            file,
            format!(
                "the control character {} cannot be published: HTML and XML outputs cannot hold it",
                limits::char_name(c)
            ),
        )
        .at((Position::new(line, column), 1))
        .with_help("delete it (most editors do not show it); a space or a line break may be what was meant"),
    );
    false
}
