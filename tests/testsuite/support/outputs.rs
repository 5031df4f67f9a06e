//! Helpers of the outputs tests: build a site, read its calendar, feed, JSON and JSON-LD with
//! real parsers.

use std::path::{Path, PathBuf};

use super::common::*;

/// Builds the site at `root` into a temp folder with extra arguments; returns (tmp, out, run).
pub fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = talkgen(&args, tmp.path());
    (tmp, out, run)
}

/// Builds and insists it worked.
pub fn build_ok(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let (tmp, out, run) = build(root, extra);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    (tmp, out, run)
}

/// Parses an .ics file with the icalendar crate's parser, after checking the RFC 5545 line
/// rules the parser forgives: CRLF line ends and lines of at most 75 octets.
pub fn parse_ics(path: &Path) -> icalendar::Calendar {
    let raw = read(path);
    assert!(
        raw.ends_with("\r\n"),
        "{}: no CRLF at the end",
        path.display()
    );
    for line in raw.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
    }
    let unfolded = icalendar::parser::unfold(&raw);
    icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("{}: not iCalendar: {e}", path.display()))
        .into()
}

/// The events of a calendar.
pub fn events(cal: &icalendar::Calendar) -> Vec<&icalendar::Event> {
    cal.components.iter().filter_map(|c| c.as_event()).collect()
}

/// Validates `talks.json` against the schema in docs/ and returns it.
pub fn talks_json(out: &Path) -> serde_json::Value {
    let schema: serde_json::Value =
        serde_json::from_str(&read(repo_root().join("docs/talks.schema.json"))).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&read(out.join("talks.json"))).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "talks.json breaks its schema: {errors:#?}"
    );
    doc
}

/// The JSON-LD blocks of a page, parsed.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let end = rest.find("</script>").expect("script closed");
        out.push(
            serde_json::from_str(&rest[..end])
                .unwrap_or_else(|e| panic!("JSON-LD is not JSON: {e}: {}", &rest[..end])),
        );
        rest = &rest[end..];
    }
    out
}

/// The Atom feed, parsed with atom_syndication.
pub fn feed(out: &Path) -> atom_syndication::Feed {
    let bytes = std::fs::read(out.join("feed.xml")).unwrap();
    atom_syndication::Feed::read_from(&bytes[..]).expect("feed.xml is an Atom feed")
}

/// Runs the site's own search script under node on its own index files (read from disk as the
/// browser loads them); returns the result URLs, best first, and the files the query loaded.
pub fn search_with_files(out: &Path, query: &str) -> (Vec<String>, Vec<String>) {
    let script = r#"
const fs = require("fs"), vm = require("vm"), path = require("path");
const [dir, query] = process.argv.slice(1);
const loaded = [];
const load = async (name) => {
  loaded.push(name);
  let data;
  const text = fs.readFileSync(path.join(dir, "search-index", name + ".js"), "utf8");
  vm.runInNewContext(text, { TALKGEN_SEARCH_DATA: (n, d) => { if (n === name) data = d; } });
  if (data === undefined) throw new Error(name + " held no data");
  return data;
};
const { Engine } = require(path.join(dir, "search.js"));
const engine = new Engine(load);
engine.search(query).then(async (ids) => {
  for (const d of await engine.details(ids)) console.log(d.url);
  console.log("--files " + loaded.join(" "));
}).catch((e) => { console.error(e); process.exit(1); });
"#;
    let o = std::process::Command::new("node")
        .args(["-e", script, out.to_str().unwrap(), query])
        .output()
        .expect("node runs (it is on every machine of this project's kind)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let mut urls = Vec::new();
    let mut files = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("--files") {
            Some(rest) => files = rest.split_whitespace().map(str::to_owned).collect(),
            None => urls.push(line.to_owned()),
        }
    }
    (urls, files)
}

/// The result URLs of `query` on the built site `out`, best first ([`search_with_files`]).
pub fn search(out: &Path, query: &str) -> Vec<String> {
    search_with_files(out, query).0
}
