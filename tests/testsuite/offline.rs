//! Offline support as written by `build` and `serve`: the worker's version comes from the files
//! (two builds of the same site are identical, a change makes a new one), its precache list
//! names files that exist and holds every talk, speaker and schedule page of the example, and
//! `offline: false` and `serve` write a worker that removes itself and no registration.

use std::fs;
use std::path::Path;

use crate::support::common::*;
use crate::support::outputs::*;
use crate::support::serve::*;

fn precache(out: &Path) -> serde_json::Value {
    serde_json::from_str(&read(out.join("sw-precache.json"))).unwrap()
}

/// The version the worker was written with.
fn worker_version(out: &Path) -> String {
    let sw = read(out.join("sw.js"));
    let line = sw.lines().find(|l| l.starts_with("const VERSION")).unwrap();
    line.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn the_worker_lists_the_programme_and_its_version_follows_the_content() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &root.path().join("content"));
    let (_t1, out1, _) = build_ok(root.path(), &[]);
    let (_t2, out2, _) = build_ok(root.path(), &[]);
    // Byte-identical builds: the version is a hash of the files, not of the time.
    assert_eq!(read(out1.join("sw.js")), read(out2.join("sw.js")));
    assert_eq!(tree(&out1), tree(&out2));
    let list = precache(&out1);
    assert_eq!(list["version"].as_str().unwrap(), worker_version(&out1));
    let files: Vec<&str> = list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for f in &files {
        let path = if *f == "./" {
            out1.join("index.html")
        } else if f.ends_with('/') {
            out1.join(f).join("index.html")
        } else {
            out1.join(f)
        };
        assert!(path.is_file(), "{f} is listed but not written");
    }
    for needed in ["./", "schedule/", "style.css", "offline.html", "offline.js"] {
        assert!(files.contains(&needed), "{needed} not in {files:?}");
    }
    // The example is small: every talk and speaker page is saved at install.
    for t in talks_json(&out1)["talks"].as_array().unwrap() {
        let page = format!("talks/{}/", t["slug"].as_str().unwrap());
        assert!(files.contains(&page.as_str()), "{page}");
        for s in t["speakers"].as_array().unwrap() {
            let page = format!("speakers/{}/", s["slug"].as_str().unwrap());
            assert!(files.contains(&page.as_str()), "{page}");
        }
    }
    assert!(!files
        .iter()
        .any(|f| f.ends_with(".ics") || f.ends_with("sw.js")));
    // Every page loads the registration script and names the manifest.
    let talk = read(out1.join("talks/explore-git-internals/index.html"));
    assert!(talk.contains(r#"<script src="../../offline.js" defer></script>"#));
    assert!(talk.contains(r#"<link rel="manifest" href="../../manifest.webmanifest">"#));

    // A changed talk is a new version.
    let file = root.path().join("content/talks/explore-git-internals.md");
    let src = read(&file);
    fs::write(&file, src.replacen("Git", "Git and more", 1)).unwrap();
    let (_t3, out3, _) = build_ok(root.path(), &[]);
    assert_ne!(worker_version(&out3), worker_version(&out1));
}

#[test]
fn offline_false_writes_a_worker_that_removes_itself_and_no_registration() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &root.path().join("content"));
    let conf = root.path().join("content/conference.yaml");
    fs::write(&conf, read(&conf) + "\noffline: false\n").unwrap();
    let (_t, out, _) = build_ok(root.path(), &[]);
    let sw = read(out.join("sw.js"));
    assert!(sw.contains("registration.unregister()"), "{sw}");
    assert!(!sw.contains("addEventListener(\"fetch\""));
    for gone in ["sw-precache.json", "offline.js", "offline.html"] {
        assert!(!out.join(gone).exists(), "{gone}");
    }
    let home = read(out.join("index.html"));
    assert!(!home.contains("offline.js"));
    assert!(home.contains("manifest.webmanifest"), "the manifest stays");
}

#[test]
fn offline_of_the_wrong_type_is_an_error_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &root.path().join("content"));
    let conf = root.path().join("content/conference.yaml");
    let text = read(&conf);
    let line = text.trim_end().lines().count() + 1;
    fs::write(&conf, text.trim_end().to_owned() + "\noffline: sometimes\n").unwrap();
    let (_t, _out, run) = build(root.path(), &[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("expected a boolean"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("content/conference.yaml:{line}:10")),
        "{}",
        run.stderr
    );
}

#[test]
fn serve_writes_no_worker_that_could_cache_the_preview() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let sw = server.get("/sw.js");
    assert_eq!(sw.status, 200);
    assert!(sw.body.contains("registration.unregister()"), "{}", sw.body);
    let home = server.get("/");
    assert!(!home.body.contains("offline.js"), "{}", home.body);
    assert_eq!(server.get("/sw-precache.json").status, 404);
}

/// The worker's list and version come from what the build wrote, `static/` included: a static
/// file replacing a generated one is listed once, a file in a hidden folder (`.well-known/`) is
/// left out, and a static file that changes makes a new version even when it is not saved at
/// install.
#[test]
fn the_worker_counts_what_static_adds_and_replaces_but_not_hidden_files() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &root.path().join("content"));
    let stat = root.path().join("static");
    fs::create_dir_all(stat.join(".well-known")).unwrap();
    fs::create_dir_all(stat.join("notes")).unwrap();
    fs::write(stat.join(".well-known/security.txt"), "Contact: a@b.c\n").unwrap();
    fs::write(stat.join("notes/plan.pdf"), "v1").unwrap();
    fs::write(stat.join("style.css"), "body{color:red}").unwrap();
    let (_t1, out1, _) = build_ok(root.path(), &[]);
    let list = precache(&out1);
    let files: Vec<&str> = (list["files"].as_array().unwrap().iter())
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        files.iter().filter(|f| **f == "style.css").count(),
        1,
        "{files:?}"
    );
    assert_eq!(read(out1.join("style.css")), "body{color:red}");
    assert!(!files.iter().any(|f| f.contains("well-known")), "{files:?}");
    assert!(out1.join(".well-known/security.txt").is_file());

    fs::write(
        stat.join(".well-known/security.txt"),
        "Contact: someone@else.org\n",
    )
    .unwrap();
    let (_t2, out2, _) = build_ok(root.path(), &[]);
    assert_eq!(
        worker_version(&out2),
        worker_version(&out1),
        "hidden files do not count"
    );

    fs::write(stat.join("notes/plan.pdf"), "version two").unwrap();
    let (_t3, out3, _) = build_ok(root.path(), &[]);
    assert_ne!(
        worker_version(&out3),
        worker_version(&out1),
        "a static file changed"
    );
}
