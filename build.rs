//! Finds the commit talkgen is built from, for `talkgen --version` (`talkgen 0.1.0 (3f2a9c1b7e4d)`).
//!
//! In order: the `.cargo_vcs_info.json` that `cargo package` writes into a published crate (so a
//! `cargo install talkgen` names its commit too), then `git` when the package folder is the top of
//! a git work tree (a package unpacked inside some other repository must not take that one's
//! commit). With neither, or without git, the version has no commit. The result goes into
//! `$OUT_DIR/commit.txt`, which only the binary includes, so a new commit relinks the binary and
//! leaves the library alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    // Without any rerun-if-changed line cargo would rerun this on every change in the package.
    println!("cargo:rerun-if-changed=build.rs");
    let vcs_info = dir.join(".cargo_vcs_info.json");
    let commit = if vcs_info.is_file() {
        println!("cargo:rerun-if-changed={}", vcs_info.display());
        std::fs::read_to_string(&vcs_info)
            .ok()
            .and_then(|json| sha1_of(&json))
    } else {
        from_git(&dir)
    };
    let version = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let text = match commit {
        Some(c) => format!("{version} ({})", &c[..c.len().min(12)]),
        None => version,
    };
    std::fs::write(out.join("version.txt"), text).expect("OUT_DIR is writable");
}

/// The `"sha1": "…"` value of `.cargo_vcs_info.json` (`{"git": {"sha1": "…"}, …}`).
fn sha1_of(json: &str) -> Option<String> {
    let rest = &json[json.find("\"sha1\"")? + 6..];
    let rest = &rest[rest.find('"')? + 1..];
    let sha = &rest[..rest.find('"')?];
    (sha.len() >= 7 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_string())
}

/// The commit checked out in `dir`, when `dir` is the top of a git work tree; asks cargo to look
/// again when `HEAD` or the branch it names moves.
fn from_git(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Paths git gives relative to `dir`; a missing path would make cargo rerun on every build.
    let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(branch);
    }
    for name in watch {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = dir.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(&["rev-parse", "HEAD"])
}
