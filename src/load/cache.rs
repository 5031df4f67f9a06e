//! Parsed content files kept between loads, for `talkgen serve`: a reload after an edit re-reads
//! and re-parses only the files the watcher reported, and links the site from the rest as before.
//!
//! Linking (references, pages, order) always runs on the whole site, so a cached load gives the
//! same `Site` and the same diagnostics as a fresh one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::parse::Entry;
use super::raw::{RawSpeaker, RawTalk};
use crate::markdown::MarkdownOptions;

/// Parses of talk and speaker files by path. The caller must [`ParseCache::forget`] every path
/// that changed (the watcher's list) or [`ParseCache::clear`] when it cannot know.
#[derive(Default)]
pub struct ParseCache {
    pub(super) talks: HashMap<PathBuf, Entry<RawTalk>>,
    pub(super) speakers: HashMap<PathBuf, Entry<RawSpeaker>>,
    /// The Markdown options the entries were rendered with; other options invalidate them.
    pub(super) markdown: Option<(String, bool)>,
}

impl ParseCache {
    pub fn new() -> ParseCache {
        ParseCache::default()
    }

    /// Drops the entries of `path` and of everything under it (a removed or renamed folder).
    pub fn forget(&mut self, path: &Path) {
        // The usual case, one edited file, without a scan of every entry.
        if self.talks.remove(path).is_some() || self.speakers.remove(path).is_some() {
            return;
        }
        self.talks.retain(|k, _| !k.starts_with(path));
        self.speakers.retain(|k, _| !k.starts_with(path));
    }

    pub fn clear(&mut self) {
        self.talks.clear();
        self.speakers.clear();
    }

    /// Number of files held.
    pub fn len(&self) -> usize {
        self.talks.len() + self.speakers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Clears the cache when `md` differs from the options its entries were made with.
    pub(super) fn check_options(&mut self, md: &MarkdownOptions) {
        let key = (md.base_path.clone(), md.trusted_html);
        if self.markdown.as_ref() != Some(&key) {
            self.clear();
            self.markdown = Some(key);
        }
    }
}
