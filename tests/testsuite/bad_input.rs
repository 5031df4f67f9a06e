//! The bad-input suite: small sites broken in one way each, built with the real binary.
//!
//! Every case starts from the good `minimal` fixture, builds it once (so there is a `public/`
//! to lose), breaks it, builds again and checks: the exit code, the file and line named in the
//! message, no panic, and `public/` byte-for-byte as it was. The binary runs under a generous
//! process timeout and an address-space limit (`ulimit -v`), so a hang or a runaway allocation
//! fails the case instead of the machine; neither is a timed assertion.
//!
//! Unreadable files: the tests run as root, for whom `chmod 000` does not stop reading, so an
//! unreadable file is made as a FIFO where a file is expected (reading it would block forever)
//! and as a folder where `conference.yaml` should be.

use crate::support::common::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Far beyond what any case needs in a debug build on a busy machine; only a hang reaches it.
const TIMEOUT: Duration = Duration::from_secs(600);
/// Address-space limit of the binary, in KiB (8 GiB): a 50 MB input needs a few hundred MB.
const VMEM_KIB: u64 = 8 * 1024 * 1024;

/// Runs talkgen with `args` in `cwd`, under the timeout and memory limit.
fn run(args: &[&str], cwd: &Path) -> Run {
    run_env(args, cwd, &[])
}

fn run_env(args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {VMEM_KIB} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().map(|(k, v)| (*k, *v)));
    run_bounded(cmd, TIMEOUT)
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// A good site, already built once, with a snapshot of its `public/`.
struct Case {
    site: tempfile::TempDir,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

impl Case {
    fn new() -> Case {
        let site = site("minimal");
        let first = run(&["build"], site.path());
        assert_eq!(first.code, 0, "the good site builds: {}", first.stderr);
        let before = tree(&site.path().join("public"));
        assert!(!before.is_empty());
        Case { site, before }
    }

    fn root(&self) -> &Path {
        self.site.path()
    }

    /// Runs `build` (plus `args`) and checks the code, that nothing panicked, and that `public/`
    /// is exactly as it was unless the build succeeded.
    fn build(&self, args: &[&str], code: i32) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = run(&all, self.root());
        assert_eq!(
            r.code, code,
            "exit code; stdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
            "{}",
            r.stderr
        );
        if code != 0 {
            assert!(
                tree(&self.root().join("public")) == self.before,
                "public/ changed after a failed build"
            );
            let leftovers: Vec<_> = fs::read_dir(self.root())
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("talkgen-tmp"))
                .collect();
            assert!(leftovers.is_empty(), "temp folders left: {leftovers:?}");
        }
        r
    }

    /// A build that must fail with content errors naming `place` (`file:line:col` or `file:line:`);
    /// `talkgen check` must name the same place, exit 1 and write nothing.
    fn fails_at(&self, place: &str) -> String {
        let r = self.build(&[], 1);
        assert!(
            r.stderr.contains(place),
            "expected `{place}` in:\n{}",
            r.stderr
        );
        let site_before = tree(self.root());
        let check = run(&["check"], self.root());
        assert_eq!(check.code, 1, "check: {}", check.stderr);
        assert!(
            check.stderr.contains(place),
            "check: expected `{place}` in:\n{}",
            check.stderr
        );
        assert!(tree(self.root()) == site_before, "check wrote something");
        r.stderr
    }

    fn page(&self, rel: &str) -> String {
        read(self.root().join("public").join(rel))
    }
}

fn talk(extra_yaml: &str, body: &str) -> String {
    format!("---\ntitle: A talk\nspeakers: [ada-lovelace]\ntrack: web\n{extra_yaml}---\n{body}")
}

// ---- front matter and YAML syntax ----

#[test]
fn unterminated_front_matter() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: A\ntrack: web\n\nBody\n",
    );
    let err = c.fails_at("content/talks/alpha-talk.md:1:1");
    assert!(err.contains("never closed"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn dashes_inside_a_value_and_a_body_rule_are_not_fences() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: \"Dashes --- inside\"\nspeakers: [ada-lovelace]\ntrack: web\n\
         description: |\n  Before\n  ---\n  after\n---\nBody one\n\n---\n\nBody two\n",
    );
    c.build(&[], 0);
    let page = c.page("talks/alpha-talk/index.html");
    assert!(page.contains("<h1>Dashes --- inside</h1>"), "{page}");
    assert!(page.contains("<hr />"), "the body rule is a rule: {page}");
    assert!(text_of(&page).contains("Body two"), "{page}");
}

#[test]
fn tabs_in_yaml_indentation() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk("slot:\n\tstart: 2024-05-04T10:00:00\n", ""),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:6:1");
    assert!(err.contains("spaces, not tabs"), "{err}");
    assert!(!err.contains("unknown talk"), "no follow-up errors: {err}");
}

#[test]
fn yaml_alias_bomb_is_rejected_not_expanded() {
    let c = Case::new();
    let mut conf = read(c.root().join("content/conference.yaml"));
    let lines = conf.lines().count();
    conf.push_str(
        "lol0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        conf.push_str(&format!(
            "lol{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    write(c.root(), "content/conference.yaml", conf);
    // 8^10 strings if expanded; the first unknown key is reported instead.
    let err = c.fails_at(&format!("content/conference.yaml:{}:1", lines + 1));
    assert!(err.contains("unknown key `lol0`"), "{err}");
    // The same bomb where a list of strings is wanted.
    let c = Case::new();
    let mut bomb = String::from("tags: [&a [x, x, x, x, x, x, x, x]");
    for i in 0..9 {
        bomb.push_str(&format!(", &b{i} [*a, *a, *a, *a, *a, *a, *a, *a]"));
    }
    bomb.push_str("]\n");
    write(c.root(), "content/talks/alpha-talk.md", talk(&bomb, ""));
    let err = c.fails_at("content/talks/alpha-talk.md:5:");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn flow_nesting_ten_thousand_deep_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(&format!("tags: {deep}\n"), ""),
    );
    c.fails_at("content/talks/alpha-talk.md:5:");
    // In conference.yaml, where the base URL is peeked at first (ignoring other keys).
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml"))
        .replace("venue: Town Hall", &format!("venue: {deep}"));
    write(c.root(), "content/conference.yaml", conf);
    c.fails_at("content/conference.yaml:5:");
    let c = Case::new();
    let deep_map = format!("{}{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(&format!("slot: {deep_map}\n"), ""),
    );
    c.fails_at("content/talks/alpha-talk.md:");
}

#[test]
fn duplicate_keys_point_at_the_second_one() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk("title: Again\n", ""),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:5:1");
    assert!(err.contains("duplicate field `title`"), "{err}");
    // Nested, in a slot.
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(
            "slot:\n  start: 2024-05-04T10:00:00\n  end: 2024-05-04T10:30:00\n  start: 2024-05-04T11:00:00\n  room: X\n",
            "",
        ),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:8:3");
    assert!(err.contains("duplicate field `start`"), "{err}");
    // A link label given twice.
    let c = Case::new();
    write(
        c.root(),
        "content/speakers/ada-lovelace.md",
        "---\nname: Ada\nlinks:\n  website: https://a.example/\n  website: https://b.example/\n---\n",
    );
    let err = c.fails_at("content/speakers/ada-lovelace.md:5:3");
    assert!(err.contains("duplicate link `website`"), "{err}");
    // In a list item of conference.yaml.
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml"))
        .replace("    name: Web\n", "    name: Web\n    name: Web again\n");
    write(c.root(), "content/conference.yaml", conf);
    c.fails_at("content/conference.yaml:9:5");
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: A\nspeeker: [ada-lovelace]\ntrack: web\n---\n",
    );
    let err = c.fails_at("content/talks/alpha-talk.md:3:1");
    assert!(err.contains("unknown key `speeker`"), "{err}");
    assert!(err.contains("did you mean `speakers`?"), "{err}");
}

#[test]
fn a_title_that_is_a_list_is_an_error_a_number_is_text() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: [a, b]\ntrack: web\n---\n",
    );
    let err = c.fails_at("content/talks/alpha-talk.md:2:8");
    assert!(err.contains("invalid type: sequence"), "{err}");
    // A number is kept as written: it is the title "2016", not an error.
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: 2016.10\nspeakers: [ada-lovelace]\ntrack: web\n---\n",
    );
    c.build(&[], 0);
    assert!(c
        .page("talks/alpha-talk/index.html")
        .contains("<h1>2016.10</h1>"));
}

#[test]
fn yaml_1_1_booleans_and_numbers_stay_strings() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: NO\nspeakers: [ada-lovelace]\ntrack: web\ntags: [yes, off, 1.10, 010]\n\
         slot:\n  start: 2024-05-04T10:00:00\n  end: 2024-05-04T10:30:00\n  room: off\n---\n",
    );
    c.build(&[], 0);
    let page = c.page("talks/alpha-talk/index.html");
    assert!(page.contains("<h1>NO</h1>"), "{page}");
    let tags = text_of(&page);
    assert!(tags.contains("Tags: yes, off, 1.10, 010"), "{tags}");
    assert!(text_of(&page).contains("· off"), "room: {page}");
}

// ---- encodings and empty files ----

#[test]
fn non_utf8_file_names_line_and_column() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        b"---\ntitle: Caf\xe9\ntrack: web\n---\n",
    );
    let err = c.fails_at("content/talks/alpha-talk.md:2:11");
    assert!(err.contains("not valid UTF-8"), "{err}");
}

#[test]
fn utf16_file_is_named_as_such() {
    let c = Case::new();
    let mut bytes = vec![0xFF, 0xFE];
    for u in talk("", "Body").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    write(c.root(), "content/talks/alpha-talk.md", bytes);
    let err = c.fails_at("content/talks/alpha-talk.md:1:1");
    assert!(err.contains("UTF-16"), "{err}");
}

#[test]
fn bom_and_crlf_files_build() {
    let c = Case::new();
    let text = talk("description: Windows line ends.\n", "Body **here**.\n").replace('\n', "\r\n");
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    let conf = read(c.root().join("content/conference.yaml")).replace('\n', "\r\n");
    write(
        c.root(),
        "content/conference.yaml",
        [b"\xEF\xBB\xBF".as_slice(), conf.as_bytes()].concat(),
    );
    c.build(&[], 0);
    let page = c.page("talks/alpha-talk/index.html");
    assert!(page.contains("<h1>A talk</h1>"), "{page}");
    assert!(page.contains("<strong>here</strong>"), "{page}");
    assert!(!page.contains('\r'), "CR leaked into the page");
}

#[test]
fn empty_files() {
    let c = Case::new();
    write(c.root(), "content/talks/alpha-talk.md", "");
    let err = c.fails_at("content/talks/alpha-talk.md:1:1");
    assert!(err.contains("no front matter"), "{err}");
    let c = Case::new();
    write(c.root(), "content/conference.yaml", "");
    let err = c.fails_at("content/conference.yaml:1:1");
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn a_second_yaml_document_in_a_yaml_file() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/2016/zebra-talk.yaml",
        "title: Zebra\ntrack: data\n---\ntitle: Again\n",
    );
    let err = c.fails_at("content/talks/2016/zebra-talk.yaml:3:1");
    assert!(err.contains("second YAML document"), "{err}");
}

// ---- huge and pathological input: bounded time and memory ----

#[test]
fn fifty_megabyte_abstract_builds() {
    let c = Case::new();
    let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. ".repeat(16) + "\n\n";
    let body = para.repeat(50 * 1024 * 1024 / para.len() + 1);
    assert!(body.len() >= 50 * 1024 * 1024);
    write(c.root(), "content/talks/alpha-talk.md", talk("", &body));
    c.build(&[], 0);
    let size = fs::metadata(c.root().join("public/talks/alpha-talk/index.html"))
        .unwrap()
        .len();
    assert!(size > 50 * 1024 * 1024, "the abstract is on the page");
}

#[test]
fn pathological_markdown_finishes() {
    for body in ["[a](<b".repeat(50_000), "a***".repeat(80_000)] {
        let c = Case::new();
        write(c.root(), "content/talks/alpha-talk.md", talk("", &body));
        c.build(&[], 0);
        assert!(c
            .root()
            .join("public/talks/alpha-talk/index.html")
            .is_file());
    }
}

// ---- references ----

#[test]
fn unknown_speaker_track_and_level() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        "---\ntitle: A\nspeakers: [ada-lovelac]\ntrack: webb\nlevel: expert\n---\n",
    );
    let err = c.fails_at("content/talks/alpha-talk.md:3:12");
    assert!(err.contains("did you mean `ada-lovelace`?"), "{err}");
    assert!(err.contains("content/talks/alpha-talk.md:4:8"), "{err}");
    assert!(err.contains("did you mean `web`?"), "{err}");
    assert!(err.contains("content/talks/alpha-talk.md:5:8"), "{err}");
    assert!(err.contains("beginner, intermediate, advanced"), "{err}");
    // The caret is under the misspelt slug.
    assert!(
        err.contains("speakers: [ada-lovelac]\n  |            ^^^^^^^^^^^"),
        "{err}"
    );
}

#[test]
fn duplicate_speaker_slugs_in_two_subfolders_name_both_files() {
    let c = Case::new();
    write(
        c.root(),
        "content/speakers/2016/ada-lovelace.md",
        "---\nname: Ada again\n---\n",
    );
    write(
        c.root(),
        "content/speakers/2017/ada-lovelace.md",
        "---\nname: Ada thrice\n---\n",
    );
    let err = c.fails_at("duplicate speaker slug `ada-lovelace`");
    for f in [
        "content/speakers/ada-lovelace.md",
        "content/speakers/2016/ada-lovelace.md",
        "content/speakers/2017/ada-lovelace.md",
    ] {
        assert!(err.contains(f), "{f}: {err}");
    }
}

#[test]
fn bad_slugs_uppercase_spaces_dots_and_slashes() {
    for name in ["Upper-Case.md", "two words.md", "a..b.md"] {
        let c = Case::new();
        write(
            c.root(),
            &format!("content/talks/{name}"),
            "---\ntitle: A\ntrack: web\n---\n",
        );
        let err = c.fails_at(&format!("content/talks/{name}"));
        assert!(err.contains("invalid slug"), "{name}: {err}");
    }
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml"))
        .replace("slug: highlights", "slug: high/lights");
    write(c.root(), "content/conference.yaml", conf);
    let err = c.fails_at("content/conference.yaml:13:11");
    assert!(err.contains("invalid page slug `high/lights`"), "{err}");
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml")).replace("slug: web", "slug: ../web");
    write(c.root(), "content/conference.yaml", conf);
    let err = c.fails_at("content/conference.yaml:7:11");
    assert!(err.contains("invalid track slug"), "{err}");
}

#[test]
fn a_track_defined_twice_points_at_the_second() {
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml")).replace(
        "  - slug: data\n",
        "  - slug: web\n    name: Web again\n  - slug: data\n",
    );
    write(c.root(), "content/conference.yaml", conf);
    let err = c.fails_at("content/conference.yaml:9:11");
    assert!(err.contains("track `web` is defined twice"), "{err}");
}

#[test]
fn topic_page_slug_colliding_with_talks() {
    let c = Case::new();
    let conf =
        read(c.root().join("content/conference.yaml")).replace("slug: highlights", "slug: talks");
    write(c.root(), "content/conference.yaml", conf);
    let err = c.fails_at("content/conference.yaml:13:11");
    assert!(err.contains("collides"), "{err}");
}

#[test]
fn a_talk_listed_twice_on_one_page() {
    let c = Case::new();
    let conf = read(c.root().join("content/conference.yaml")).replace(
        "talks: [zebra-talk, alpha-talk]",
        "talks: [zebra-talk, alpha-talk, zebra-talk]",
    );
    write(c.root(), "content/conference.yaml", conf);
    let err = c.fails_at("content/conference.yaml:16:");
    assert!(err.contains("listed twice"), "{err}");
}

#[test]
fn a_speaker_without_name() {
    let c = Case::new();
    write(
        c.root(),
        "content/speakers/grace-hopper.md",
        "---\naffiliation: Navy\n---\nBio.\n",
    );
    let err = c.fails_at("content/speakers/grace-hopper.md:2:1");
    assert!(err.contains("missing field `name`"), "{err}");
}

#[test]
fn an_invalid_date_and_a_slot_ending_before_it_starts() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk("date: 2024-02-30\n", ""),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:5:7");
    assert!(err.contains("invalid date `2024-02-30`"), "{err}");
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(
            "slot:\n  start: 2024-05-04T10:00:00\n  end: 2024-05-04T09:30:00\n  room: Main\n",
            "",
        ),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:7:8");
    assert!(err.contains("ends before it starts"), "{err}");
}

#[test]
fn javascript_and_other_schemes_in_urls_are_errors() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(
            "slides: javascript:alert(1)\nvideo: JaVaScRiPt:alert(2)\n",
            "",
        ),
    );
    c.fails_at("content/talks/alpha-talk.md:5:9");
    c.fails_at("content/talks/alpha-talk.md:6:8");
    let c = Case::new();
    write(
        c.root(),
        "content/speakers/ada-lovelace.md",
        "---\nname: Ada\nphoto: data:image/svg+xml,<svg onload=alert(1)>\nlinks:\n  site: file:///etc/passwd\n---\n",
    );
    let err = c.fails_at("content/speakers/ada-lovelace.md:3:8");
    assert!(
        err.contains("content/speakers/ada-lovelace.md:5:9"),
        "{err}"
    );
}

#[test]
fn a_markdown_link_to_a_missing_site_path() {
    let c = Case::new();
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        talk(
            "",
            "Intro.\n\nSee [zebra](/talks/zebra-tlak/) and [ada](/speakers/ada-lovelace/).\n",
        ),
    );
    let err = c.fails_at("content/talks/alpha-talk.md:8:13");
    assert!(err.contains("unknown talk `zebra-tlak`"), "{err}");
    assert!(err.contains("did you mean `zebra-talk`?"), "{err}");
    assert!(
        !err.contains("ada-lovelace/`"),
        "a good link is not reported: {err}"
    );
}

// ---- untrusted text ----

#[test]
fn xss_payloads_in_title_name_bio_and_abstract_are_inert() {
    let c = Case::new();
    let payload = "<script>alert('x1')</script><img src=x onerror=alert('x2')>";
    write(
        c.root(),
        "content/talks/alpha-talk.md",
        format!(
            "---\ntitle: \"{payload} </title></script>\\u2028\"\nspeakers: [ada-lovelace]\ntrack: web\n\
             description: \"<svg><animate onbegin=alert('x3') attributeName=x></svg>\"\n---\n\
             {payload}\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert('x4')>\n\n\
             [a](JaVaScRiPt:alert('x5')) [b](&#x6a;avascript:alert('x6')) \
             <a href=\"javascript:alert('x7')\">c</a> <iframe src=\"https://evil.example/\"></iframe>\n"
        ),
    );
    write(
        c.root(),
        "content/speakers/ada-lovelace.md",
        format!(
            "---\nname: \"Ada {payload}\"\naffiliation: \"\\\" onmouseover=alert('x8') \\\"\"\n---\n{payload}\n"
        ),
    );
    let r = c.build(&[], 0);
    assert!(
        r.stderr.is_empty() || !r.stderr.contains("error"),
        "{}",
        r.stderr
    );
    let mut checked = 0;
    for (path, bytes) in tree(&c.root().join("public")) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        // The one `<style>` allowed: the theme's palette in `<head>`, custom properties made
        // from `accent` (a colour load has parsed, so no content reaches it).
        let html = match html.split_once("<style>") {
            Some((before, after)) if !before.contains("<body") => {
                let (css, rest) = after.split_once("</style>").expect("style closed");
                assert!(
                    css.starts_with(":root{--accent:") && !css.contains('<'),
                    "{}: {css}",
                    path.display()
                );
                format!("{before}{rest}")
            }
            _ => html,
        };
        for tag in tags_of(&html) {
            assert_inert(&tag, &path);
        }
        checked += 1;
    }
    assert!(checked > 5);
    let page = c.page("talks/alpha-talk/index.html");
    assert!(
        page.contains("<title>&lt;script&gt;alert(&#x27;x1&#x27;)&lt;&#x2F;script&gt;")
            || page.contains("<title>&lt;script&gt;alert("),
        "the title is shown as text: {page}"
    );
    assert!(page.contains("&lt;&#x2F;title&gt;") || page.contains("&lt;/title&gt;"));
}

/// Every tag of an HTML page (from `<` to `>`, lowercased); text such as `&lt;script&gt;` is not
/// a tag.
fn tags_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        out.push(rest[i..end].to_lowercase());
        rest = &rest[end..];
    }
    out
}

/// The attributes of a lowercased tag as (name, value), values unquoted; text inside a quoted
/// value is never taken for an attribute.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut chars = inner.chars().peekable();
    // Skip the tag name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    let mut out = Vec::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
    out
}

/// Panics when a tag could run script: a script that is not JSON-LD, an element that embeds
/// active content, an event handler attribute, or a `javascript:`/`data:` URL.
fn assert_inert(tag: &str, page: &Path) {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let where_ = page.display();
    if name == "script" {
        // JSON-LD data, or the theme's own scripts loaded from the site (the search page's; the
        // planner's and the header box's, deferred, on every page).
        // A script of the site's own (`../search.js`, `./search-box.js`, `./offline.js`, 404.html's `/offline.js`):
        // a path, never another host, nothing inline.
        let src = tag
            .strip_prefix("<script src=\"")
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("");
        let rest = &tag["<script src=\"".len().min(tag.len())..];
        let own_src = !src.is_empty()
            && !src.contains(':')
            && !src.starts_with("//")
            && src.ends_with(".js")
            && matches!(&rest[src.len()..], "\">" | "\" defer>");
        assert!(
            tag.contains("type=\"application/ld+json\"") || own_src,
            "{where_}: executable {tag}"
        );
    }
    assert!(
        !["svg", "math", "iframe", "object", "embed", "style", "base", "meta"]
            .contains(&name.as_str())
            || (name == "meta" && !tag.contains("http-equiv")),
        "{where_}: active element {tag}"
    );
    for (attr, value) in attributes(tag) {
        assert!(!attr.starts_with("on"), "{where_}: event handler in {tag}");
        if [
            "href",
            "src",
            "action",
            "formaction",
            "poster",
            "data",
            "srcdoc",
        ]
        .contains(&attr.as_str())
        {
            let v = value.trim_start();
            assert!(
                !v.starts_with("javascript:")
                    && !v.starts_with("data:")
                    && !v.starts_with("vbscript:"),
                "{where_}: script URL in {tag}"
            );
        }
    }
}

// ---- the file system ----

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed() {
    let c = Case::new();
    std::os::unix::fs::symlink("..", c.root().join("content/talks/2016/loop")).unwrap();
    let err = c.fails_at("content/talks/2016/loop");
    assert!(err.contains("symlink loop"), "{err}");
    let c = Case::new();
    std::os::unix::fs::symlink("self.md", c.root().join("content/talks/self.md")).unwrap();
    c.fails_at("content/talks/self.md");
    let c = Case::new();
    std::os::unix::fs::symlink("..", c.root().join("static/images/up")).unwrap();
    let err = c.fails_at("static/images/up");
    assert!(err.contains("symlink loop"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), talk("", "secret")).unwrap();
    let c = Case::new();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        c.root().join("content/talks/secret.md"),
    )
    .unwrap();
    let err = c.fails_at("content/talks/secret.md");
    assert!(err.contains("outside the site"), "{err}");
    let c = Case::new();
    std::os::unix::fs::symlink(outside.path(), c.root().join("static/leak")).unwrap();
    let err = c.fails_at("static/leak");
    assert!(err.contains("outside the site"), "{err}");
    let c = Case::new();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        c.root().join("content/conference.yaml.tmp"),
    )
    .unwrap();
    fs::rename(
        c.root().join("content/conference.yaml.tmp"),
        c.root().join("content/conference.yaml"),
    )
    .unwrap();
    let err = c.fails_at("content/conference.yaml");
    assert!(err.contains("outside the site"), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_a_fifo_and_a_folder_are_named() {
    let c = Case::new();
    let fifo = c.root().join("content/talks/waiting.md");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let err = c.fails_at("content/talks/waiting.md");
    assert!(err.contains("FIFO"), "{err}");
    let c = Case::new();
    fs::remove_file(c.root().join("content/conference.yaml")).unwrap();
    fs::create_dir(c.root().join("content/conference.yaml")).unwrap();
    let err = c.fails_at("content/conference.yaml");
    assert!(err.contains("a folder"), "{err}");
}

// ---- the output folder ----

#[test]
fn an_output_path_that_is_a_file() {
    let c = Case::new();
    write(c.root(), "notes.txt", "keep me");
    let r = c.build(&["--output", "notes.txt"], 2);
    assert!(r.stderr.contains("not a folder"), "{}", r.stderr);
    assert_eq!(read(c.root().join("notes.txt")), "keep me");
    let r = c.build(&["--output", "notes.txt", "--force"], 2);
    assert!(r.stderr.contains("notes.txt"), "{}", r.stderr);
}

#[test]
fn output_dot_dotdot_and_the_site_root_are_refused_even_with_force() {
    let c = Case::new();
    let before = tree(c.root());
    for args in [
        vec!["--output", "."],
        vec!["--output", ".", "--force"],
        vec!["--output", ".."],
        vec!["--output", "..", "--force"],
    ] {
        let r = c.build(&args, 2);
        assert!(
            r.stderr.contains("refusing") || r.stderr.contains("contains"),
            "{}",
            r.stderr
        );
    }
    let root = c.root().to_string_lossy().into_owned();
    c.build(&["--output", &root, "--force"], 2);
    assert!(tree(c.root()) == before, "the site changed");
}

#[test]
fn the_home_folder_is_refused_even_with_force() {
    let c = Case::new();
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join(".profile"), "precious").unwrap();
    let out = home.path().to_string_lossy().into_owned();
    let r = run_env(
        &["build", "--output", &out, "--force"],
        c.root(),
        &[("HOME", home.path())],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("home folder"), "{}", r.stderr);
    assert_eq!(read(home.path().join(".profile")), "precious");
    assert_eq!(fs::read_dir(home.path()).unwrap().count(), 1);
    assert!(tree(&c.root().join("public")) == c.before);
}

#[test]
fn a_folder_talkgen_did_not_create_needs_force() {
    let c = Case::new();
    write(c.root(), "mine/thesis.txt", "years of work");
    let r = c.build(&["--output", "mine"], 2);
    assert!(r.stderr.contains("not created by talkgen"), "{}", r.stderr);
    assert_eq!(read(c.root().join("mine/thesis.txt")), "years of work");
}

// ---- warnings ----

#[test]
fn warnings_print_and_fail_only_with_strict() {
    let c = Case::new();
    write(
        c.root(),
        "content/speakers/nobody-yet.md",
        "---\nname: Nobody Yet\n---\n",
    );
    let r = c.build(&[], 0);
    assert!(
        r.stderr
            .contains("warning: speaker `nobody-yet` has no talks"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("content/speakers/nobody-yet.md"),
        "{}",
        r.stderr
    );
    // The successful build replaced public/; --strict must leave this one in place.
    let c2 = Case {
        before: tree(&c.root().join("public")),
        site: c.site,
    };
    let r = c2.build(&["--strict"], 1);
    assert!(r.stderr.contains("denied by --strict"), "{}", r.stderr);
}
