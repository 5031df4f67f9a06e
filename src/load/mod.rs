//! Reading a site folder into a validated [`Site`].
//!
//! Files are parsed in parallel into raw structs, then linked: slugs are checked and resolved to
//! ids once, here, so later stages never look anything up by name. Every problem is collected;
//! the caller gets either a whole valid site or the full list of what is wrong.
//!
//! This file runs the stages in order, one module each: `walk` lists and reads the files, `parse`
//! turns each into its raw struct, `link` resolves the references into the [`Site`], `overlap`
//! checks the rooms' schedules. `locate` finds where a value is written, for the messages.

mod cache;
mod fastyaml;
mod frontmatter;
mod limits;
mod link;
mod links;
mod locate;
mod overlap;
mod parse;
mod programme;
mod raw;
pub(crate) mod single;
mod tags;
pub mod versions;
mod walk;
pub(crate) use walk::walk_site;
mod yaml_error;
mod yaml_slips;

use std::path::{Path, PathBuf};

pub use crate::fsutil::{decode, decode_owned, is_ignored_name};
pub use cache::ParseCache;
pub use frontmatter::{split, Split, SplitError};
pub use link::values::{check_base_url, parse_link};
pub use link::DEFAULT_LEVELS;
pub use locate::{locate, locate_second, locate_span, nearest};

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::markdown::MarkdownOptions;
use crate::model::*;
use parse::{parse_all, parse_text, parse_yaml, Broken};
use raw::*;
use walk::{check_static, read_text, walk};

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

/// Loads and validates the site under `root`.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Loaded> {
    load_with(root, opts, None)
}

/// [`load`], re-parsing only the talk and speaker files that `cache` does not hold.
pub fn load_cached(root: &Path, opts: &LoadOptions, cache: &mut ParseCache) -> Result<Loaded> {
    load_with(root, opts, Some(cache))
}

/// The whole load: walk, parse (from `cache` where it holds the file), link, check.
fn load_with(root: &Path, opts: &LoadOptions, cache: Option<&mut ParseCache>) -> Result<Loaded> {
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

    // `content/` itself first: linked out of the site, nothing in it may be read.
    if let Err(d) = crate::fsutil::site_folder(root, "content") {
        return Err(Error::Content(Diagnostics::from_one(d)));
    }
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
        .filter(|text| parse::allowed_chars(&conf_rel, text, &mut diags))
        .and_then(|text| parse_yaml(text, 1, &conf_rel, &mut diags));
    let md = MarkdownOptions {
        trusted_html: raw_conf.as_ref().is_some_and(|c| c.trusted_html),
        ..md
    };

    let Content {
        talks,
        speakers,
        broken,
        statics,
    } = read_content(root, &content, &md, cache, &mut diags);
    // Free-form pages are few: read afresh each time, never cached.
    let (article_files, article_walk) = walk(root, &content, "pages");
    diags.extend(article_walk);
    let (articles, article_diags, _) = parse_all::<RawArticle>(root, &article_files, &md, None);
    diags.extend(article_diags);

    let Some(raw_conf) = raw_conf else {
        return Err(Error::Content(diags));
    };
    let conf_text = conf_text.unwrap_or_default();
    let mut site = link::link(
        raw_conf,
        &conf_text,
        talks,
        speakers,
        articles,
        &broken,
        statics,
        opts.drafts,
        &md,
        &mut diags,
    );
    overlap::check(&site, root, &mut diags);
    programme::check(&site, root, &mut diags);
    site.versions = versions::read(root, &content, &mut diags);
    versions::check_slugs(&site, &conf_text, &mut diags);
    diags.sort();
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    Ok(Loaded {
        site,
        warnings: diags,
    })
}

/// The talk and speaker files parsed, and what `static/` holds.
struct Content {
    talks: Vec<parse::Parsed<RawTalk>>,
    speakers: Vec<parse::Parsed<RawSpeaker>>,
    broken: Broken,
    statics: walk::Statics,
}

/// Lists and parses `content/talks` and `content/speakers` (the two at once), and lists
/// `static/`; with a `cache`, only the files it does not hold are parsed.
fn read_content(
    root: &Path,
    content: &Path,
    md: &MarkdownOptions,
    mut cache: Option<&mut ParseCache>,
    diags: &mut Diagnostics,
) -> Content {
    // Listing a folder is a `stat` per file: the two folders are listed at the same time.
    let ((talk_files, talk_walk), (speaker_files, speaker_walk)) = rayon::join(
        || walk(root, content, "talks"),
        || walk(root, content, "speakers"),
    );
    diags.extend(talk_walk);
    diags.extend(speaker_walk);
    let statics = check_static(root, diags);

    if let Some(c) = cache.as_deref_mut() {
        c.check_options(md);
    }
    let (talk_cache, speaker_cache) = match cache {
        Some(c) => (Some(&mut c.talks), Some(&mut c.speakers)),
        None => (None, None),
    };
    let (talks, speakers) = rayon::join(
        || parse_all::<RawTalk>(root, &talk_files, md, talk_cache),
        || parse_all::<RawSpeaker>(root, &speaker_files, md, speaker_cache),
    );
    let (talks, talk_diags, broken_talks) = talks;
    let (speakers, speaker_diags, broken_speakers) = speakers;
    let broken = Broken {
        talks: broken_talks,
        speakers: broken_speakers,
    };
    diags.extend(talk_diags);
    diags.extend(speaker_diags);
    Content {
        talks,
        speakers,
        broken,
        statics,
    }
}

impl Diagnostics {
    /// A list of one problem, for the error that stops the load before anything is read.
    fn from_one(d: Diagnostic) -> Diagnostics {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    }
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
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        diags.push(walk::too_big(file, bytes.len() as u64));
        return diags;
    }
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
            if parse::allowed_chars(file, &text, &mut diags) {
                let _ = parse_yaml::<RawConference>(&text, 1, file, &mut diags);
            }
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

/// `yaml` read as a content file's YAML is, through the same bounds (size, nesting depth,
/// expanded size, characters), into a plain value: for the `yaml_bounds` fuzz target.
#[doc(hidden)]
pub fn bounded_yaml(yaml: &str) -> std::result::Result<serde_yaml::Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    let file = Path::new("content/fuzz.yaml");
    // As a file is read: line ends normalised (a lone CR is a line end), a BOM dropped.
    let Ok(yaml) = decode(yaml.as_bytes()) else {
        return Err(diags);
    };
    let value = parse::allowed_chars(file, &yaml, &mut diags)
        .then(|| parse_yaml::<serde_yaml::Value>(&yaml, 1, file, &mut diags))
        .flatten();
    value.ok_or(diags)
}

/// What [`bounded_yaml`] promises of a value it returns.
#[doc(hidden)]
pub mod yaml_limits {
    pub use super::limits::{is_forbidden, MAX_EXPANDED_BYTES};
    pub use serde_yaml::Value;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_yaml_counts_lines_as_files_do() {
        // Found by the yaml_bounds fuzz target: lone CRs are line ends, as in a file.
        let d = bounded_yaml("a: [[x\r\r\r\r").unwrap_err();
        let lines: Vec<_> = d.iter().filter_map(|d| d.position).collect();
        assert!(lines.iter().all(|p| p.line <= 5), "{d}");
        assert!(bounded_yaml("a: [x]\r\nb: c\r\n").is_ok());
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
}
