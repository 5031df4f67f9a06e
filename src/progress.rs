//! What the library tells its front-end while it works: build steps through a [`ProgressHook`],
//! and `serve`'s running commentary through a [`Report`]. The library never prints; the
//! `talkgen` binary draws both on the terminal (bars, colours, `--quiet`).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Error};

/// One step of a build, as it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The content is loaded and valid; `pages` pages are about to be rendered.
    Loaded {
        talks: usize,
        speakers: usize,
        pages: usize,
    },
    /// One more page is written (pages are written in parallel, so in no fixed order).
    PageWritten { done: usize, total: usize },
    /// Every page is written; `static/` is being copied and the output swapped into place.
    Finishing,
}

/// From this many pages on, a front-end that is not drawing a bar reports the stages of a
/// build even without `--verbose`: a small site builds too fast for them to mean anything.
pub const PLAIN_PROGRESS_MIN_PAGES: usize = 500;

/// A callback told about [`Progress`]; called from the build's worker threads.
#[derive(Clone)]
pub struct ProgressHook(Arc<dyn Fn(Progress) + Send + Sync>);

impl ProgressHook {
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> ProgressHook {
        ProgressHook(Arc::new(f))
    }

    pub fn call(&self, p: Progress) {
        (self.0)(p)
    }
}

impl fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressHook(..)")
    }
}

/// Where a long-running command (`serve`) reports what it did, for the person running it.
pub trait Report: Send + Sync {
    /// A line saying what was done ("Rebuilt 3 files in 80ms").
    fn status(&self, line: &str);
    /// A plain line.
    fn line(&self, line: &str);
    /// Warnings about the site at `root` (their source lines are read from there).
    fn warnings(&self, warnings: &Diagnostics, root: &Path);
    /// An error about the site at `root`.
    fn error(&self, e: &Error, root: &Path);
}

impl fmt::Debug for dyn Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dyn Report")
    }
}
