//! `content/versions/<n>-<slug>.yaml`: the released versions of the programme, written by
//! `talkgen release` and read back here through the same bounds as every content file, each
//! problem at its file, line and column. The file format is in one place: [`to_yaml`] writes
//! what [`read`] reads.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::limits;
use super::locate::locate;
use super::parse::{allowed_chars, parse_yaml};
use super::walk::{read_text, rel, walk};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;
use crate::model::versions::{Place, SnapTalk, Snapshot};

/// The folder under `content/` holding the versions.
pub const DIR: &str = "versions";

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawSnapshot {
    name: String,
    released: String,
    #[serde(default)]
    talks: Vec<RawSnapTalk>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawSnapTalk {
    id: String,
    slug: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    room: Option<String>,
    #[serde(default)]
    speakers: Vec<String>,
    track: String,
}

/// The number a version file's name starts with (`002-second-draft.yaml` → 2).
pub fn number_of(file_name: &str) -> Option<u32> {
    let (n, rest) = file_name.split_once('-')?;
    let stem = rest
        .strip_suffix(".yaml")
        .or_else(|| rest.strip_suffix(".yml"))?;
    (!stem.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.parse().ok())
        .flatten()
        .filter(|n| *n > 0)
}

/// Reads every version under `content/versions/`, in number order. Problems go to `diags`.
pub(super) fn read(root: &Path, content: &Path, diags: &mut Diagnostics) -> Vec<Snapshot> {
    let (files, walked) = walk(root, content, DIR);
    diags.extend(walked);
    let mut out: Vec<(Snapshot, PathBuf)> = Vec::new();
    for path in files {
        let file = rel(root, &path);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(number) = number_of(name) else {
            diags.push(
                Diagnostic::error(&file, "a version file is named `<number>-<name>.yaml`")
                    .with_help("`talkgen release NAME` writes these files; do not rename them"),
            );
            continue;
        };
        if let Some((_, other)) = out.iter().find(|(s, _)| s.number == number) {
            diags.push(
                Diagnostic::error(
                    &file,
                    format!("version {number} is also {}", other.display()),
                )
                .with_help("each version needs its own number"),
            );
            continue;
        }
        let Some((text, _)) = read_text(root, &path, diags) else {
            continue;
        };
        if !allowed_chars(&file, &text, diags) {
            continue;
        }
        let Some(raw) = parse_version(&text, &file, diags) else {
            continue;
        };
        if let Some(snap) = validate(raw, number, &text, &file, diags) {
            out.push((snap, file));
        }
    }
    let mut snaps: Vec<Snapshot> = out.into_iter().map(|(s, _)| s).collect();
    snaps.sort_by_key(|s| s.number);
    snaps
}

/// The most a version file may hold: a content file's YAML may hold 4 MiB, but a version of
/// a 20,000-talk programme is 5 MB. What a file expands to stays bounded by
/// [`limits::MAX_EXPANDED_BYTES`] as for every file.
const MAX_VERSION_BYTES: usize = limits::MAX_EXPANDED_BYTES;

/// A version file's YAML through the same bounds as a content file's but its size:
/// nesting depth before libyaml runs, then the expansion budget.
fn parse_version(yaml: &str, file: &Path, diags: &mut Diagnostics) -> Option<RawSnapshot> {
    if yaml.len() <= limits::MAX_YAML_BYTES {
        return parse_yaml(yaml, 1, file, diags);
    }
    if yaml.len() > MAX_VERSION_BYTES {
        diags.push(Diagnostic::error(
            file,
            format!(
                "the version is {}; a version file may hold at most {}",
                limits::human_size(yaml.len() as u64),
                limits::human_size(MAX_VERSION_BYTES as u64)
            ),
        ));
        return None;
    }
    if let Some((line, column)) = limits::too_deep(yaml) {
        diags.push(
            Diagnostic::error(file, "the YAML nests too deep here")
                .at(crate::diagnostics::Position::new(line, column)),
        );
        return None;
    }
    match limits::from_str(yaml) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(super::yaml_error::diagnostic(&e, yaml, 1, file));
            None
        }
    }
}

/// The raw snapshot checked: a name, a time stamp, times that parse, each talk once.
fn validate(
    raw: RawSnapshot,
    number: u32,
    yaml: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Snapshot> {
    let before = diags.error_count();
    let mut err = |key: &str, value: &str, msg: String| {
        diags.push(Diagnostic::error(file, msg).at(locate(yaml, 1, key, value)));
    };
    if raw.name.trim().is_empty() {
        err("name", &raw.name, "a version needs a name".into());
    }
    let released = raw.released.parse::<jiff::Timestamp>();
    if released.is_err() {
        err(
            "released",
            &raw.released,
            format!(
                "`{}` is not a time stamp such as 2026-05-01T12:00:00Z",
                raw.released
            ),
        );
    }
    let mut seen = HashSet::new();
    let mut talks = Vec::with_capacity(raw.talks.len());
    for t in raw.talks {
        if !seen.insert(t.id.clone()) {
            err(
                "id",
                &t.id,
                format!("the talk `{}` is in this version twice", t.id),
            );
        }
        let time = |s: &Option<String>| s.as_deref().map(str::parse::<jiff::civil::DateTime>);
        let place = match (time(&t.start), time(&t.end), t.room) {
            (None, None, None) => None,
            (Some(Ok(start)), Some(Ok(end)), Some(room)) if end > start => {
                Some(Place { start, end, room })
            }
            _ => {
                err(
                    "slug",
                    &t.slug,
                    format!(
                        "the talk `{}` needs `start`, `end` (after start) and `room`, or none",
                        t.slug
                    ),
                );
                None
            }
        };
        talks.push(SnapTalk {
            id: t.id,
            slug: t.slug,
            title: t.title,
            place,
            speakers: t.speakers,
            track: t.track,
        });
    }
    let released = released.ok()?;
    (diags.error_count() == before).then_some(Snapshot {
        number,
        name: raw.name,
        released,
        talks,
    })
}

/// With versions the site has a changes page at `changes/`: a topic or free-form page may not
/// take that slug then.
pub(super) fn check_slugs(site: &crate::model::Site, conf_text: &str, diags: &mut Diagnostics) {
    if site.versions.is_empty() {
        return;
    }
    let slug = layout::CHANGES.trim_end_matches('/');
    let msg = || format!("the slug `{slug}` is the changes page's while the site has versions");
    if site.pages.iter().any(|p| p.slug.as_str() == slug) {
        diags.push(
            Diagnostic::error("content/conference.yaml", msg())
                .at(locate(conf_text, 1, "slug", slug)),
        );
    }
    for a in site.articles.iter().filter(|a| a.slug.as_str() == slug) {
        diags.push(Diagnostic::error(&a.source, msg()).with_help("rename the page's file"));
    }
}

/// The file a version is written to, relative to the site root: `content/versions/002-beta.yaml`.
pub fn file_of(number: u32, name: &str) -> PathBuf {
    let slug = crate::model::Slug::from_text(name)
        .map(|s| s.as_str().chars().take(60).collect::<String>())
        .map(|s| s.trim_end_matches('-').to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "version".into());
    Path::new("content")
        .join(DIR)
        .join(format!("{number:03}-{slug}.yaml"))
}

/// A snapshot as its file holds it.
pub fn to_yaml(snap: &Snapshot) -> String {
    let raw = RawSnapshot {
        name: snap.name.clone(),
        released: snap.released.to_string(),
        talks: snap
            .talks
            .iter()
            .map(|t| RawSnapTalk {
                id: t.id.clone(),
                slug: t.slug.clone(),
                title: t.title.clone(),
                start: t.place.as_ref().map(|p| p.start.to_string()),
                end: t.place.as_ref().map(|p| p.end.to_string()),
                room: t.place.as_ref().map(|p| p.room.clone()),
                speakers: t.speakers.clone(),
                track: t.track.clone(),
            })
            .collect(),
    };
    let body = serde_yaml::to_string(&raw).unwrap_or_default();
    format!(
        "# Written by `talkgen release`: the programme as released, which the changes page,\n\
         # the calendars and the schedule exports compare with. Commit it; do not edit it.\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_number() {
        assert_eq!(number_of("002-second-draft.yaml"), Some(2));
        assert_eq!(number_of("10-x.yml"), Some(10));
        assert_eq!(number_of("0-x.yaml"), None);
        assert_eq!(number_of("x-y.yaml"), None);
        assert_eq!(number_of("3-.yaml"), None);
        assert_eq!(
            file_of(2, "Second draft!"),
            Path::new("content/versions/002-second-draft.yaml")
        );
    }

    #[test]
    fn a_written_snapshot_reads_back() {
        let snap = Snapshot {
            number: 1,
            name: "First: \"draft\"".into(),
            released: "2026-05-01T12:00:00Z".parse().unwrap(),
            talks: vec![SnapTalk {
                id: "pretalx:ABC".into(),
                slug: "a".into(),
                title: "A: yes # no".into(),
                place: Some(Place {
                    start: "2026-05-02T10:00".parse().unwrap(),
                    end: "2026-05-02T10:30".parse().unwrap(),
                    room: "Hall 1".into(),
                }),
                speakers: vec!["Ann".into()],
                track: "Web".into(),
            }],
        };
        let yaml = to_yaml(&snap);
        let raw: RawSnapshot = serde_yaml::from_str(&yaml).unwrap();
        let mut diags = Diagnostics::default();
        let back = validate(raw, 1, &yaml, Path::new("v.yaml"), &mut diags).unwrap();
        assert_eq!(back, snap, "{diags}");
    }
}
