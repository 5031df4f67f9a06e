//! Links written in Markdown to paths of the site (`[x](/talks/other/)`) must lead somewhere:
//! a talk, speaker, track, level or topic page that exists, or a file in `static/`. A typo in
//! such a link is an error like an unknown speaker, with the same "did you mean".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::locate::{Locator, Suggester};
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

/// How far after a link's start its destination is looked for, written as is: a link's text
/// is rarely longer, and a bound keeps 100,000 links in one paragraph linear.
const DEST_WINDOW: usize = 4096;

/// Where site links found in a Markdown body are, in its file: `body_first_line` is the file
/// line of the body's first line. Lines and columns are counted in one walk over the body, in
/// the order of the links, so the work is the body's length plus the links', not their product.
pub(super) fn in_body(
    file: &Path,
    body: &str,
    body_first_line: usize,
    links: Vec<SiteLink>,
) -> Vec<Pending> {
    // Point at the destination itself when it is written as is, else at the link.
    let mut found: Vec<(usize, usize, SiteLink)> = links
        .into_iter()
        .map(|l| {
            let start = floor_boundary(body, l.offset.min(body.len()));
            let window = &body[start..floor_boundary(body, start.saturating_add(DEST_WINDOW))];
            match window.find(l.dest.as_str()) {
                Some(i) if !window[..i].contains("\n\n") => (start + i, l.dest.chars().count(), l),
                _ => (start, 0, l),
            }
        })
        .collect();
    // Sorted by place (stable: links at one place keep their order), then walked once.
    found.sort_by_key(|(at, _, _)| *at);
    let (mut pos, mut line, mut col) = (0, 0, 0);
    found
        .into_iter()
        .map(|(at, len, l)| {
            let seg = &body[pos..at];
            match seg.rfind('\n') {
                Some(i) => {
                    line += seg.bytes().filter(|&b| b == b'\n').count();
                    col = seg[i + 1..].chars().count();
                }
                None => col += seg.chars().count(),
            }
            pos = at;
            Pending {
                file: file.to_path_buf(),
                place: (Position::new(body_first_line + line, col + 1), len),
                dest: l.dest,
            }
        })
        .collect()
}

/// The largest char boundary of `s` at or before `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Site links of Markdown written as the YAML value of `key`: located in the YAML text.
pub(super) fn in_yaml(
    file: &Path,
    yaml: &str,
    first_line: usize,
    key: &str,
    links: Vec<SiteLink>,
) -> Vec<Pending> {
    in_yaml_at(file, &Locator::new(yaml, first_line), key, links)
}

/// [`in_yaml`] through a text's [`Locator`], shared with the file's other messages.
pub(super) fn in_yaml_at(
    file: &Path,
    loc: &Locator,
    key: &str,
    links: Vec<SiteLink>,
) -> Vec<Pending> {
    links
        .into_iter()
        .map(|l| Pending {
            file: file.to_path_buf(),
            place: loc.span(key, &l.dest),
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
    fn resolve(&self, dest: &str, suggest: &Suggester) -> Result<(), (String, String)> {
        if let Some(why) = crate::markdown::site_path_hazard(dest) {
            return Err((
                format!(
                    "link to `{}`: the path holds {why}, so browsers would leave the site",
                    dest.escape_debug()
                ),
                "write site paths with `/` only, e.g. `/talks/my-talk/`; link to another site \
                 with its full https:// URL"
                    .into(),
            ));
        }
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
            let help = (suggest.nearest(slug, set.iter().copied()))
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
        self.check_with(pending, &Suggester::default(), diags);
    }

    /// [`SitePaths::check`] within the load's budget for "did you mean".
    pub fn check_with(&self, pending: &[Pending], suggest: &Suggester, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, Result<(), (String, String)>> = HashMap::new();
        for p in pending {
            let verdict = seen
                .entry(p.dest.as_str())
                .or_insert_with(|| self.resolve(&p.dest, suggest));
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
        let s = Suggester::default();
        assert!(paths.resolve("/talks/alpha/", &s).is_ok());
        assert!(paths.resolve("/talks/alpha/index.html#x", &s).is_ok());
        assert!(paths.resolve("/", &s).is_ok());
        assert!(paths.resolve("/highlights/", &s).is_ok());
        assert!(paths.resolve("/style.css", &s).is_ok());
        assert!(paths.resolve("/talks/alpha/talk.ics", &s).is_ok());
        assert!(paths.resolve("/schedule/", &s).is_ok());
        let (msg, help) = paths.resolve("/talks/alpah/", &s).unwrap_err();
        assert!(msg.contains("unknown talk `alpah`"), "{msg}");
        assert_eq!(help, "did you mean `alpha`?");
        assert!(paths
            .resolve("/talks/secret/", &s)
            .unwrap_err()
            .0
            .contains("draft"));
        assert!(paths.resolve("/nowhere/", &s).is_err());
        assert!(paths.resolve("/talks/../etc/", &s).is_err());
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "\\/evil",
        ] {
            let (msg, _) = paths.resolve(hostile, &s).unwrap_err();
            assert!(msg.contains("browsers would leave the site"), "{msg}");
        }
    }
}
