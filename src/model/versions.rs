//! Released versions of the programme and what changed between them.
//!
//! `talkgen release` freezes the programme as a [`Snapshot`]: per talk only what changes are
//! computed from (stable id, slug, title, slot, speakers, track). `load` reads the snapshots
//! back from `content/versions/`; [`History::new`] compares each with the one before, a pure
//! function of the snapshots and the site, which the changes page, its feed, the calendars and
//! the schedule exports all read.

use std::collections::HashMap;

use jiff::civil::DateTime;
use jiff::Timestamp;

use super::{Site, Talk, TalkId};

/// One released version of the programme, as `content/versions/<n>-<slug>.yaml` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The number in the file name: versions are compared in this order.
    pub number: u32,
    /// "Second draft": what schedule apps show as the schedule's `version`.
    pub name: String,
    pub released: Timestamp,
    /// In the order written (the release writes them by stable id).
    pub talks: Vec<SnapTalk>,
}

/// A talk as a version froze it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapTalk {
    /// The stable id ([`stable_id`]): how a talk is found again in the next version.
    pub id: String,
    pub slug: String,
    pub title: String,
    pub place: Option<Place>,
    /// Speaker names, in billing order.
    pub speakers: Vec<String>,
    /// The track's name.
    pub track: String,
}

/// When and where a talk happens, in the conference's local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub start: DateTime,
    pub end: DateTime,
    pub room: String,
}

/// What identifies a talk across versions, whatever its slug: the CFP system's id when it was
/// imported (`source: {system, id}`, which `talkgen import` writes), else the slug.
pub fn stable_id(talk: &Talk) -> String {
    match &talk.origin {
        Some(o) => format!("{}:{}", o.system, o.id),
        None => talk.slug.as_str().to_owned(),
    }
}

/// The programme of `site` as a snapshot would hold it, sorted by stable id.
pub fn current(site: &Site) -> Vec<SnapTalk> {
    let mut talks: Vec<SnapTalk> = site.talks.iter().map(|t| snap_talk(site, t)).collect();
    talks.sort_by(|a, b| a.id.cmp(&b.id));
    talks
}

fn snap_talk(site: &Site, t: &Talk) -> SnapTalk {
    SnapTalk {
        id: stable_id(t),
        slug: t.slug.as_str().to_owned(),
        title: t.title.clone(),
        place: t.slot.as_ref().map(|s| Place {
            start: s.start(),
            end: s.end(),
            room: s.room().to_owned(),
        }),
        speakers: t
            .speakers
            .iter()
            .map(|s| site.speaker(*s).name.clone())
            .collect(),
        track: site.track(t.track).name.clone(),
    }
}

/// What changed for one talk from one version to the next. A new or cancelled talk has only
/// that flag set; a talk that stayed has one or more of the others.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    pub id: String,
    /// The talk's slug in the newer version (the older one's when cancelled).
    pub slug: String,
    /// Its title in the newer version (the older one's when cancelled).
    pub title: String,
    pub new: bool,
    pub cancelled: bool,
    /// Old and new place; `None` in one of them: not scheduled then.
    pub moved: Option<(Option<Place>, Option<Place>)>,
    /// Old and new title.
    pub renamed: Option<(String, String)>,
    /// Old and new speaker names.
    pub speakers: Option<(Vec<String>, Vec<String>)>,
    /// Old and new track name.
    pub track: Option<(String, String)>,
}

/// The changes from `old` to `new` in programme order (by the newer time, talks without one
/// last, then title), cancellations after them in the order they were scheduled.
pub fn diff(old: &[SnapTalk], new: &[SnapTalk]) -> Vec<Change> {
    let mut changes = changes(old, new);
    let starts = |list: &[SnapTalk]| -> HashMap<String, DateTime> {
        (list.iter())
            .filter_map(|t| Some((t.id.clone(), t.place.as_ref()?.start)))
            .collect()
    };
    let (was, is) = (starts(old), starts(new));
    changes.sort_by_cached_key(|c| {
        let at = if c.cancelled { &was } else { &is }.get(&c.id).copied();
        (c.cancelled, at.is_none(), at, c.title.clone(), c.id.clone())
    });
    changes
}

/// [`diff`] in the order of `new`, cancellations after.
fn changes(old: &[SnapTalk], new: &[SnapTalk]) -> Vec<Change> {
    let before: HashMap<&str, &SnapTalk> = old.iter().map(|t| (t.id.as_str(), t)).collect();
    let after: HashMap<&str, &SnapTalk> = new.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut changes = Vec::new();
    for t in new {
        let base = Change {
            id: t.id.clone(),
            slug: t.slug.clone(),
            title: t.title.clone(),
            ..Change::default()
        };
        let Some(o) = before.get(t.id.as_str()) else {
            changes.push(Change { new: true, ..base });
            continue;
        };
        let change = Change {
            moved: pair(&o.place, &t.place),
            renamed: pair(&o.title, &t.title),
            speakers: pair(&o.speakers, &t.speakers),
            track: pair(&o.track, &t.track),
            ..base.clone()
        };
        if change != base {
            changes.push(change);
        }
    }
    for o in old.iter().filter(|o| !after.contains_key(o.id.as_str())) {
        changes.push(Change {
            id: o.id.clone(),
            slug: o.slug.clone(),
            title: o.title.clone(),
            cancelled: true,
            ..Change::default()
        });
    }
    changes
}

/// `(old, new)` when they differ.
fn pair<T: PartialEq + Clone>(old: &T, new: &T) -> Option<(T, T)> {
    (old != new).then(|| (old.clone(), new.clone()))
}

/// One version and what changed in it since the one before (nothing for the first).
#[derive(Debug, Clone)]
pub struct Version {
    pub name: String,
    pub released: Timestamp,
    /// How many talks the version holds.
    pub talks: usize,
    pub changes: Vec<Change>,
}

/// What the versions say of one talk, for calendars and schedule apps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkHistory {
    /// How many versions after the one that first held it changed it (iCalendar `SEQUENCE`).
    pub sequence: u32,
    /// When the last version that changed it (or first held it) was released.
    pub modified: Timestamp,
    /// The slug of the first version that held it: its guid and calendar UID are made of this
    /// one, so they survive a rename.
    pub first_slug: String,
}

/// Every version with its changes, and per talk what calendars need.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// In release order.
    pub versions: Vec<Version>,
    /// By stable id, every talk any version held.
    talks: HashMap<String, TalkHistory>,
    /// The talks the latest version dropped from the calendar (cancelled or unscheduled) and
    /// the site does not schedule: with their last place, so calendars can cancel the event.
    pub cancelled: Vec<(SnapTalk, Place, TalkHistory)>,
    /// Per talk of the site, what changed in the latest version (`None`: nothing).
    latest: Vec<Option<Change>>,
}

impl History {
    /// Compares every snapshot of `site` with the one before it.
    pub fn new(site: &Site) -> History {
        let snaps = &site.versions;
        let mut history = History::default();
        let empty = Vec::new();
        for (i, snap) in snaps.iter().enumerate() {
            let prev = if i == 0 { &empty } else { &snaps[i - 1].talks };
            let changes = if i == 0 {
                Vec::new()
            } else {
                diff(prev, &snap.talks)
            };
            for t in &snap.talks {
                history
                    .talks
                    .entry(t.id.clone())
                    .or_insert_with(|| TalkHistory {
                        sequence: 0,
                        modified: snap.released,
                        first_slug: t.slug.clone(),
                    });
            }
            for c in &changes {
                // A talk seen for the first time starts at 0; anything else is a revision.
                if let Some(h) = history.talks.get_mut(&c.id) {
                    if !(c.new && h.modified == snap.released) {
                        h.sequence += 1;
                        h.modified = snap.released;
                    }
                }
            }
            history.versions.push(Version {
                name: snap.name.clone(),
                released: snap.released,
                talks: snap.talks.len(),
                changes,
            });
        }
        history.finish(site);
        history
    }

    /// The per-talk marks of the latest version and the calendar cancellations.
    fn finish(&mut self, site: &Site) {
        let n = site.versions.len();
        self.latest = vec![None; site.talks.len()];
        if n < 2 {
            return;
        }
        let by_id: HashMap<String, TalkId> = site
            .talk_ids()
            .map(|id| (stable_id(site.talk(id)), id))
            .collect();
        if let Some(last) = self.versions.last() {
            for c in &last.changes {
                if let Some(id) = by_id.get(&c.id) {
                    self.latest[id.index()] = Some(c.clone());
                }
            }
        }
        let (prev, last) = (&site.versions[n - 2], &site.versions[n - 1]);
        let still: HashMap<&str, bool> = last
            .talks
            .iter()
            .map(|t| (t.id.as_str(), t.place.is_some()))
            .collect();
        for t in &prev.talks {
            let Some(place) = &t.place else { continue };
            let scheduled_now = by_id
                .get(&t.id)
                .is_some_and(|id| site.talk(*id).slot.is_some());
            if still.get(t.id.as_str()) != Some(&true) && !scheduled_now {
                if let Some(h) = self.talks.get(&t.id) {
                    self.cancelled.push((t.clone(), place.clone(), h.clone()));
                }
            }
        }
    }

    /// True when the site has released versions.
    pub fn is_versioned(&self) -> bool {
        !self.versions.is_empty()
    }

    /// The latest version.
    pub fn latest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The version before the latest: what the latest version's marks compare with.
    pub fn previous(&self) -> Option<&Version> {
        self.versions
            .len()
            .checked_sub(2)
            .map(|i| &self.versions[i])
    }

    /// What the versions say of a talk of the site; `None` when no version holds it.
    pub fn of(&self, talk: &Talk) -> Option<&TalkHistory> {
        self.talks.get(&stable_id(talk))
    }

    /// What changed for a talk of the site in the latest version.
    pub fn latest_change(&self, id: TalkId) -> Option<&Change> {
        self.latest.get(id.index()).and_then(Option::as_ref)
    }

    /// The slug a talk's guid and calendar UID are made of: its first released slug.
    pub fn guid_slug<'a>(&'a self, talk: &'a Talk) -> &'a str {
        self.of(talk)
            .map(|h| h.first_slug.as_str())
            .unwrap_or(talk.slug.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(id: &str, title: &str, room: &str, speakers: &[&str]) -> SnapTalk {
        SnapTalk {
            id: id.into(),
            slug: id.into(),
            title: title.into(),
            place: Some(Place {
                start: "2026-05-01T10:00".parse().unwrap(),
                end: "2026-05-01T10:30".parse().unwrap(),
                room: room.into(),
            }),
            speakers: speakers.iter().map(|s| s.to_string()).collect(),
            track: "Web".into(),
        }
    }

    #[test]
    fn diff_finds_each_kind_once() {
        let old = vec![
            talk("a", "A", "R1", &["Ann"]),
            talk("b", "B", "R1", &["Bo"]),
            talk("c", "C", "R2", &["Cy"]),
            talk("d", "D", "R2", &["Di"]),
        ];
        let mut new = old.clone();
        new[0].place.as_mut().unwrap().room = "R3".into();
        new[1].title = "B2".into();
        new[1].slug = "b-renamed".into();
        new[2].speakers = vec!["Cy".into(), "Ed".into()];
        new.remove(3);
        new.push(talk("e", "E", "R1", &[]));
        let changes = diff(&old, &new);
        let kinds: Vec<(&str, bool, bool, bool, bool, bool)> = changes
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.new,
                    c.cancelled,
                    c.moved.is_some(),
                    c.renamed.is_some(),
                    c.speakers.is_some(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("a", false, false, true, false, false),
                ("b", false, false, false, true, false),
                ("c", false, false, false, false, true),
                ("e", true, false, false, false, false),
                ("d", false, true, false, false, false),
            ]
        );
        assert_eq!(changes[1].slug, "b-renamed");
        assert!(diff(&old, &old).is_empty());
    }
}
