//! Helpers shared by the integration tests: run the real binary on copies of fixture sites.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_talkgen");

/// The repository root (holds the example conference).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a directory tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A fresh copy of a fixture site in a temp folder.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn talkgen(args: &[&str], cwd: &Path) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run talkgen");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The visible text of an HTML page: tags dropped, entities decoded, whitespace folded.
pub fn text_of(html: &str) -> String {
    const INLINE: [&str; 9] = ["a", "em", "strong", "code", "span", "time", "b", "i", "del"];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = rest[i + 1..end].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    fold(&decoded)
}

pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All `href` and `src` values in an HTML page.
pub fn links_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Checks that every internal link of every page under `out` resolves to a written file.
/// Pages link relative to their own folder; only `404.html` (served at any depth) links from
/// the root, with the base path `base_path` (`/` or `/pybay/2016/`), as does `offline.html`.
pub fn assert_internal_links_resolve(out: &Path, base_path: &str) {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = read(entry.path());
        let page_dir = entry.path().parent().unwrap().to_path_buf();
        // 404.html and offline.html (shown offline for any page) are served at any depth.
        let name = entry.path().file_name().unwrap();
        let not_found = name == "404.html" || name == "offline.html";
        for link in links_of(&html) {
            if link.starts_with("http")
                || link.starts_with('#')
                || link.starts_with("mailto:")
                || link.starts_with("webcal:")
            {
                continue;
            }
            let link = link.split(['#', '?']).next().unwrap();
            let target = if not_found {
                assert!(
                    link.starts_with(base_path),
                    "{}: link {link} does not start with the base path {base_path}",
                    entry.path().display()
                );
                out.join(&link[base_path.len()..])
            } else {
                assert!(
                    !link.starts_with('/'),
                    "{}: link {link} is not relative",
                    entry.path().display()
                );
                resolve(&page_dir, link)
            };
            let target = if link.is_empty() || link.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(
                target.starts_with(out) && target.is_file(),
                "{}: link {link} points to a missing file {}",
                entry.path().display(),
                target.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no internal links were checked");
}

/// A relative link from a page in `dir`, as a path (`..` and `.` resolved).
pub fn resolve(dir: &Path, link: &str) -> std::path::PathBuf {
    let mut path = dir.to_path_buf();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path
}

/// Runs `cmd` (its program, arguments, folder and environment set by the caller) with empty
/// stdin and both outputs read as they come, so a flood of messages never blocks it; kills it
/// and panics after `timeout`: only a hang gets there.
pub fn run_bounded(mut cmd: Command, timeout: Duration) -> Run {
    let mut child = cmd
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn talkgen");
    let read = |mut from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = from.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = read(Box::new(child.stdout.take().unwrap()));
    let err = read(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}
