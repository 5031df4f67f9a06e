//! Links written in Markdown to paths of the site (`[x](/talks/other/)`) must lead somewhere:
//! a talk, speaker, track, level or topic page that exists, or a file in `static/`. A typo in
//! such a link is an error like an unknown speaker, with the same "did you mean".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::locate::{locate_span, nearest};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::layout::{self, Target};
use crate::markdown::SiteLink;

/// A site link found in Markdown, waiting until every page is known.
#[derive(Clone)]
pub(super) struct Pending {
    pub file: PathBuf,
    pub place: (Position, usize),
    pub dest: String,
}

/// Where site links found in a Markdown body are, in its file: `body_first_line` is the file
/// line of the body's first line.
pub(super) fn in_body(
    file: &Path,
    body: &str,
    body_first_line: usize,
    links: Vec<SiteLink>,
) -> Vec<Pending> {
    links
        .into_iter()
        .map(|l| {
            // Point at the destination itself when it is written as is, else at the link.
            let start = l.offset.min(body.len());
            let (at, len) = match body
                .get(start..)
                .and_then(|rest| rest.find(l.dest.as_str()))
            {
                Some(i) if !body[start..start + i].contains("\n\n") => {
                    (start + i, l.dest.chars().count())
                }
                _ => (start, 0),
            };
            let before = &body[..at];
            let line = before.matches('\n').count();
            let col = before
                .rfind('\n')
                .map_or(before, |i| &before[i + 1..])
                .chars()
                .count();
            Pending {
                file: file.to_path_buf(),
                place: (Position::new(body_first_line + line, col + 1), len),
                dest: l.dest,
            }
        })
        .collect()
}

/// Site links of Markdown written as the YAML value of `key`: located in the YAML text.
pub(super) fn in_yaml(
    file: &Path,
    yaml: &str,
    first_line: usize,
    key: &str,
    links: Vec<SiteLink>,
) -> Vec<Pending> {
    links
        .into_iter()
        .map(|l| Pending {
            file: file.to_path_buf(),
            place: locate_span(yaml, first_line, key, &l.dest),
            dest: l.dest,
        })
        .collect()
}

/// What exists in the site, by slug.
pub(super) struct SitePaths<'a> {
    /// The files of `static/` (see [`crate::model::Site::static_files`]).
    pub statics: &'a BTreeSet<String>,
    pub talks: HashSet<&'a str>,
    pub drafts: &'a HashSet<String>,
    pub speakers: HashSet<&'a str>,
    pub tracks: HashSet<&'a str>,
    pub levels: HashSet<&'a str>,
    pub pages: HashSet<&'a str>,
}

impl SitePaths<'_> {
    /// `Ok` when `dest` leads to a page or file of the site; else the message and a help line.
    fn resolve(&self, dest: &str) -> Result<(), (String, String)> {
        let path = dest.split(['#', '?']).next().unwrap_or("");
        let Some(target) = layout::parse(path) else {
            return Err((
                format!("link to `{dest}`: `.` and `..` are not allowed in site paths"),
                "write the path from the site root, e.g. `/talks/my-talk/`".into(),
            ));
        };
        let collection = |kind: &str, set: &HashSet<&str>, slug: &str| {
            if set.contains(slug) {
                return Ok(());
            }
            if kind == "talk" && self.drafts.contains(slug) {
                return Err((
                    format!("link to the draft talk `{slug}`"),
                    "drafts are not published; remove the link or publish the talk".to_string(),
                ));
            }
            let help = nearest(slug, set.iter().copied())
                .map(|n| format!("did you mean `{n}`?"))
                .unwrap_or_else(|| format!("no {kind} has the slug `{slug}`"));
            Err((format!("link to an unknown {kind} `{slug}`"), help))
        };
        // A file of `static/` at the path, or a folder of it with an `index.html`.
        let in_static = || {
            let rel = layout::segments(path).unwrap_or_default().join("/");
            let index = if rel.is_empty() {
                layout::INDEX.to_owned()
            } else {
                format!("{rel}/{}", layout::INDEX)
            };
            self.statics.contains(&rel) || self.statics.contains(&index)
        };
        match target {
            Target::Fixed => Ok(()),
            Target::Talk(slug) => collection("talk", &self.talks, slug),
            Target::Speaker(slug) => collection("speaker", &self.speakers, slug),
            Target::Track(slug) => collection("track", &self.tracks, slug),
            Target::Level(slug) => collection("level", &self.levels, slug),
            Target::TopOrStatic(page) if self.pages.contains(page) => Ok(()),
            Target::TopOrStatic(_) | Target::Static => {
                if in_static() {
                    return Ok(());
                }
                Err((
                    format!("link to `{dest}`: no page or file of the site has this path"),
                    "site paths are /talks/SLUG/, /speakers/SLUG/, /tracks/SLUG/, /levels/SLUG/, \
                     a topic page /SLUG/, or a file under static/"
                        .into(),
                ))
            }
        }
    }

    /// Reports every pending link that leads nowhere.
    pub fn check(&self, pending: &[Pending], diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, Result<(), (String, String)>> = HashMap::new();
        for p in pending {
            let verdict = seen
                .entry(p.dest.as_str())
                .or_insert_with(|| self.resolve(&p.dest));
            if let Err((message, help)) = verdict {
                diags.push(
                    Diagnostic::error(&p.file, message.clone())
                        .at(p.place)
                        .with_help(help.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_positions_count_lines_and_characters() {
        let body = "first line\nsee [é](/talks/x/)\n";
        let links = vec![SiteLink {
            dest: "/talks/x/".into(),
            offset: body.find('[').unwrap(),
        }];
        let p = in_body(Path::new("a.md"), body, 7, links);
        assert_eq!(p[0].place, (Position::new(8, 9), 9));
    }

    #[test]
    fn resolves_collections_pages_and_static() {
        let drafts = HashSet::from(["secret".to_string()]);
        let statics = BTreeSet::new();
        let paths = SitePaths {
            statics: &statics,
            talks: HashSet::from(["alpha"]),
            drafts: &drafts,
            speakers: HashSet::from(["ada"]),
            tracks: HashSet::new(),
            levels: HashSet::new(),
            pages: HashSet::from(["highlights"]),
        };
        assert!(paths.resolve("/talks/alpha/").is_ok());
        assert!(paths.resolve("/talks/alpha/index.html#x").is_ok());
        assert!(paths.resolve("/").is_ok());
        assert!(paths.resolve("/highlights/").is_ok());
        assert!(paths.resolve("/style.css").is_ok());
        assert!(paths.resolve("/talks/alpha/talk.ics").is_ok());
        assert!(paths.resolve("/schedule/").is_ok());
        let (msg, help) = paths.resolve("/talks/alpah/").unwrap_err();
        assert!(msg.contains("unknown talk `alpah`"), "{msg}");
        assert_eq!(help, "did you mean `alpha`?");
        assert!(paths
            .resolve("/talks/secret/")
            .unwrap_err()
            .0
            .contains("draft"));
        assert!(paths.resolve("/nowhere/").is_err());
        assert!(paths.resolve("/talks/../etc/").is_err());
    }
}
