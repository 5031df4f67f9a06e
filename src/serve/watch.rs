//! Watching the site's sources: which file-system events matter, and turning a burst of them
//! into one batch.
//!
//! [`classify`] is a pure function of the event, so what triggers a rebuild is testable without
//! a file system. [`next_batch`] waits for a quiet period after the last relevant event: a `git
//! checkout`, a "save all" or an editor's write-to-temp-then-rename dance gives one batch, hence
//! one rebuild. notify's own debouncers work per path and may hand a burst over in several
//! ticks, which would mean several rebuilds; one quiet period for the whole site avoids that.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

/// The folders of a site that `serve` watches.
pub const AREAS: &[(&str, Area)] = &[
    ("content", Area::Content),
    ("templates", Area::Templates),
    ("static", Area::Static),
];

/// Which part of the site a change touched; it decides how much must be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Content,
    Templates,
    Static,
}

/// One relevant change: its area and its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub area: Area,
    pub path: PathBuf,
}

/// True for files editors, version control and systems leave around that are not sources:
/// the names `load` skips, plus Emacs autosaves (`#a.md#`), Vim's `.swo` and JetBrains' safe-write
/// temporaries.
pub fn is_editor_noise(name: &str) -> bool {
    crate::fsutil::is_ignored_name(name)
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swo")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The changes in one watcher event that can alter the site.
///
/// Kept: creations, writes, renames and removals of paths under `content/`, `templates/` or
/// `static/`, and of those folders themselves. Dropped: reads and opens (talkgen's own loading
/// must not trigger a rebuild), editor temporaries, and anything under `output` — so the served
/// folder can never cause a rebuild loop, even when it lies inside the site.
pub fn classify(root: &Path, output: &Path, event: &notify::Event) -> Vec<Change> {
    match event.kind {
        EventKind::Access(_) | EventKind::Other => return Vec::new(),
        // Metadata-only changes (touch, chmod by a backup tool) do not change the site.
        EventKind::Modify(ModifyKind::Metadata(_)) => return Vec::new(),
        _ => {}
    }
    let mut out = Vec::new();
    for path in &event.paths {
        if path.starts_with(output) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let mut parts = rel.components();
        let Some(Component::Normal(first)) = parts.next() else {
            continue;
        };
        let Some(area) = AREAS
            .iter()
            .find(|(name, _)| first == *name)
            .map(|(_, a)| *a)
        else {
            continue;
        };
        let noisy = rel.components().any(|c| match c {
            Component::Normal(n) => is_editor_noise(&n.to_string_lossy()),
            _ => true,
        });
        if noisy {
            continue;
        }
        out.push(Change {
            area,
            path: rel.to_path_buf(),
        });
    }
    out
}

/// What the rebuild thread receives.
#[derive(Debug)]
pub enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// The changes of one burst, sorted and without duplicates.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    pub changes: BTreeSet<Change>,
    /// Watcher errors seen on the way (e.g. too many watches); printed, never fatal.
    pub errors: Vec<String>,
    /// The watcher lost events (its queue overflowed): the whole site must be read again.
    pub rescan: bool,
}

impl Batch {
    /// Adds the relevant changes of `ev`; true when there were any. A rescan request (lost
    /// events) counts as a change of all of `content/`.
    fn add(
        &mut self,
        ev: &notify::Event,
        relevant: impl Fn(&notify::Event) -> Vec<Change>,
    ) -> bool {
        if ev.need_rescan() {
            self.rescan = true;
            self.changes.insert(Change {
                area: Area::Content,
                path: PathBuf::from("content"),
            });
            return true;
        }
        let changes = relevant(ev);
        let any = !changes.is_empty();
        self.changes.extend(changes);
        any
    }

    pub fn touches(&self, area: Area) -> bool {
        self.changes.iter().any(|c| c.area == area)
    }

    /// A short description for the log line: the first path and how many more.
    pub fn describe(&self) -> String {
        let mut it = self.changes.iter();
        match it.next() {
            None => "nothing".into(),
            Some(first) => {
                let more = self.changes.len() - 1;
                let first = first.path.display();
                if more == 0 {
                    format!("{first}")
                } else {
                    format!("{first} and {more} more")
                }
            }
        }
    }
}

/// The longest a batch waits for a burst to end, so a file written continuously (a log someone
/// put in `content/`) cannot hold rebuilds back forever.
pub const MAX_WAIT: Duration = Duration::from_secs(3);

/// Waits for the next relevant change, then keeps collecting until nothing relevant arrived for
/// `quiet`. Returns `None` on [`Msg::Stop`] or when the channel closes.
pub fn next_batch(
    rx: &Receiver<Msg>,
    quiet: Duration,
    relevant: impl Fn(&notify::Event) -> Vec<Change>,
) -> Option<Batch> {
    let mut batch = Batch::default();
    // Block until something relevant happens.
    while batch.changes.is_empty() {
        match rx.recv().ok()? {
            Msg::Stop => return None,
            Msg::Fs(Ok(ev)) => {
                batch.add(&ev, &relevant);
            }
            Msg::Fs(Err(e)) => batch.errors.push(e.to_string()),
        }
    }
    let started = Instant::now();
    let mut deadline = started + quiet;
    loop {
        let now = Instant::now();
        if now >= deadline {
            return Some(batch);
        }
        match rx.recv_timeout(deadline - now) {
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Ok(Msg::Fs(Ok(ev))) => {
                if batch.add(&ev, &relevant) {
                    deadline = (Instant::now() + quiet).min(started + MAX_WAIT);
                }
            }
            Ok(Msg::Fs(Err(e))) => batch.errors.push(e.to_string()),
            Err(RecvTimeoutError::Timeout) => return Some(batch),
        }
    }
}

/// Watches the site's source folders (recursively) and its root (not recursively, to see
/// `templates/` or `static/` appear). The output folder is never watched.
pub struct SiteWatcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
}

impl SiteWatcher {
    pub fn new(root: &Path, tx: std::sync::mpsc::Sender<Msg>) -> notify::Result<SiteWatcher> {
        let watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(Msg::Fs(res));
        })?;
        let mut w = SiteWatcher {
            watcher,
            root: root.to_path_buf(),
        };
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        w.rewatch(None)?;
        Ok(w)
    }

    /// (Re)adds the recursive watches of the areas that exist; after a batch that created or
    /// replaced an area folder, its old watch is gone with the old folder.
    pub fn rewatch(&mut self, batch: Option<&Batch>) -> notify::Result<()> {
        for (name, _) in AREAS {
            let dir = self.root.join(name);
            let replaced =
                batch.is_none_or(|b| b.changes.iter().any(|c| c.path == Path::new(name)));
            if replaced && dir.is_dir() {
                self.watcher.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};
    use std::sync::mpsc;

    fn ev(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    fn modify(p: &str) -> notify::Event {
        ev(
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            &[p],
        )
    }

    const ROOT: &str = "/site";
    const OUT: &str = "/tmp/talkgen-serve-x/site";

    fn areas(e: &notify::Event) -> Vec<(Area, String)> {
        classify(Path::new(ROOT), Path::new(OUT), e)
            .into_iter()
            .map(|c| (c.area, c.path.display().to_string()))
            .collect()
    }

    #[test]
    fn sources_are_relevant() {
        assert_eq!(
            areas(&modify("/site/content/talks/a.md")),
            vec![(Area::Content, "content/talks/a.md".into())]
        );
        assert_eq!(
            areas(&ev(
                EventKind::Create(CreateKind::File),
                &["/site/templates/talk.html"]
            )),
            vec![(Area::Templates, "templates/talk.html".into())]
        );
        assert_eq!(
            areas(&ev(
                EventKind::Remove(RemoveKind::File),
                &["/site/static/x.css"]
            )),
            vec![(Area::Static, "static/x.css".into())]
        );
        // The area folder itself appearing (mkdir templates) counts.
        assert_eq!(
            areas(&ev(
                EventKind::Create(CreateKind::Folder),
                &["/site/templates"]
            )),
            vec![(Area::Templates, "templates".into())]
        );
    }

    #[test]
    fn atomic_rename_over_keeps_the_real_name() {
        let e = ev(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &[
                "/site/content/talks/.a.md.tmp1234",
                "/site/content/talks/a.md",
            ],
        );
        assert_eq!(
            areas(&e),
            vec![(Area::Content, "content/talks/a.md".into())]
        );
    }

    #[test]
    fn editor_files_reads_and_other_folders_are_ignored() {
        for p in [
            "/site/content/talks/.a.md.swp",
            "/site/content/talks/a.md.swp",
            "/site/content/talks/a.md~",
            "/site/content/talks/4913",
            "/site/content/talks/a.md.bck",
            "/site/content/talks/#a.md#",
            "/site/content/talks/a.md___jb_tmp___",
            "/site/content/.git/index",
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/README.md",
            "/elsewhere/content/talks/a.md",
        ] {
            assert!(areas(&modify(p)).is_empty(), "{p} should be ignored");
        }
        let read = ev(
            EventKind::Access(AccessKind::Any),
            &["/site/content/talks/a.md"],
        );
        assert!(areas(&read).is_empty());
        let chmod = ev(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
            &["/site/content/talks/a.md"],
        );
        assert!(areas(&chmod).is_empty());
    }

    #[test]
    fn the_output_folder_never_counts_even_inside_the_site() {
        let e = modify("/site/content/out/index.html");
        let got = classify(Path::new(ROOT), Path::new("/site/content/out"), &e);
        assert!(got.is_empty());
    }

    #[test]
    fn a_burst_is_one_batch() {
        let (tx, rx) = mpsc::channel();
        for i in 0..100 {
            tx.send(Msg::Fs(Ok(modify(&format!("/site/content/talks/t{i}.md")))))
                .unwrap();
            tx.send(Msg::Fs(Ok(modify(&format!(
                "/site/content/talks/t{i}.md.swp"
            )))))
            .unwrap();
        }
        let relevant = |e: &notify::Event| classify(Path::new(ROOT), Path::new(OUT), e);
        let batch = next_batch(&rx, Duration::from_millis(50), relevant).unwrap();
        assert_eq!(batch.changes.len(), 100);
        assert_eq!(batch.describe(), "content/talks/t0.md and 99 more");
        tx.send(Msg::Stop).unwrap();
        assert!(next_batch(&rx, Duration::from_millis(50), relevant).is_none());
    }

    #[test]
    fn noise_alone_makes_no_batch() {
        let (tx, rx) = mpsc::channel();
        tx.send(Msg::Fs(Ok(modify("/site/content/talks/a.md~"))))
            .unwrap();
        tx.send(Msg::Fs(Ok(modify("/site/public/index.html"))))
            .unwrap();
        drop(tx);
        let relevant = |e: &notify::Event| classify(Path::new(ROOT), Path::new(OUT), e);
        assert!(next_batch(&rx, Duration::from_millis(10), relevant).is_none());
    }
}
