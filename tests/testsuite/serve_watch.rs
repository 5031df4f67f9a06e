//! `talkgen serve` while files change: rebuilds, reload messages, errors and recovery.

use crate::support::common::*;
use crate::support::serve::*;
use std::fs;
use std::time::Duration;

const ALPHA: &str = "content/talks/alpha-talk.md";

fn set_title(site: &std::path::Path, title: &str) {
    let path = site.join(ALPHA);
    let text = read(&path);
    let first = text.lines().nth(1).unwrap().to_owned();
    assert!(first.starts_with("title:"));
    fs::write(&path, text.replacen(&first, &format!("title: {title}"), 1)).unwrap();
}

fn title_of(server: &Server, path: &str) -> String {
    let r = server.get(path);
    assert_eq!(r.status, 200, "{path}");
    let start = r.body.find("<h1>").unwrap() + 4;
    let end = r.body[start..].find("</h1>").unwrap() + start;
    r.body[start..end].to_owned()
}

#[test]
fn an_edit_reloads_pages_only_after_the_rebuild() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    let before = server.builds();
    set_title(site.path(), "A brand new title");
    let msg = live.expect();
    assert_eq!(msg["type"], "reload", "{msg}");
    // The reload is sent once the new pages are served.
    assert_eq!(title_of(&server, "/talks/alpha-talk/"), "A brand new title");
    assert!(text_of(&server.get("/").body).contains("A brand new title"));
    assert!(text_of(&server.get("/speakers/ada-lovelace/").body).contains("A brand new title"));
    assert_eq!(server.builds(), before + 1);
    assert!(
        server.stdout_text().contains("content/talks/alpha-talk.md"),
        "the log names the change: {}",
        server.stdout_text()
    );
}

#[test]
fn a_burst_of_writes_and_editor_files_is_one_rebuild_and_never_loops() {
    let site = site("minimal");
    let server = Server::start(site.path(), &["--debounce", "400"]);
    let mut live = Live::connect(&server);
    let before = server.builds();
    let talks = site.path().join("content/talks");
    for i in 0..100 {
        set_title(site.path(), &format!("Burst {i}"));
    }
    // What editors leave around while saving.
    fs::write(talks.join(".alpha-talk.md.swp"), "vim swap").unwrap();
    fs::write(talks.join("alpha-talk.md~"), "backup").unwrap();
    fs::write(talks.join("4913"), "").unwrap();
    fs::remove_file(talks.join("4913")).unwrap();
    fs::write(talks.join("alpha-talk.md.bck"), "backup").unwrap();
    // An atomic save: a temporary file renamed over the real one.
    let text = read(site.path().join(ALPHA)).replacen("Burst 99", "Saved atomically", 1);
    fs::write(talks.join(".alpha-talk.md.tmp"), text).unwrap();
    fs::rename(talks.join(".alpha-talk.md.tmp"), site.path().join(ALPHA)).unwrap();

    let msg = live.expect();
    assert_eq!(msg["type"], "reload", "{msg}");
    assert_eq!(title_of(&server, "/talks/alpha-talk/"), "Saved atomically");
    assert_eq!(server.builds(), before + 1, "{}", server.stdout_text());
    // Nothing more comes: no second rebuild, and the served folder does not trigger one.
    assert!(live.next(Duration::from_millis(2000)).is_none());
    assert_eq!(server.builds(), before + 1, "{}", server.stdout_text());
}

#[test]
fn a_deleted_or_renamed_talk_disappears_from_every_page() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    let talks = site.path().join("content/talks");
    fs::write(
        talks.join("gamma.md"),
        "---\ntitle: Gamma Ray Bursts\nspeakers: [grace-hopper]\ntrack: data\nlevel: advanced\n---\nBright.\n",
    )
    .unwrap();
    assert_eq!(live.expect()["type"], "reload");
    let pages = [
        "/",
        "/speakers/grace-hopper/",
        "/tracks/data/",
        "/levels/advanced/",
        "/data-page/",
    ];
    for p in pages {
        assert!(
            text_of(&server.get(p).body).contains("Gamma Ray Bursts"),
            "{p}"
        );
    }
    assert_eq!(server.get("/talks/gamma/").status, 200);

    fs::rename(talks.join("gamma.md"), talks.join("delta.md")).unwrap();
    assert_eq!(live.expect()["type"], "reload");
    assert_eq!(server.get("/talks/gamma/").status, 404);
    assert_eq!(server.get("/talks/delta/").status, 200);
    for p in pages {
        let body = server.get(p).body;
        assert!(
            !body.contains("/talks/gamma/"),
            "{p} still links the old name"
        );
        assert!(body.contains("/talks/delta/"), "{p}");
    }

    fs::remove_file(talks.join("delta.md")).unwrap();
    assert_eq!(live.expect()["type"], "reload");
    assert_eq!(server.get("/talks/delta/").status, 404);
    for p in pages {
        assert!(
            !text_of(&server.get(p).body).contains("Gamma Ray Bursts"),
            "{p}"
        );
    }
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_shows_where() {
    let site = site("minimal");
    let mut server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    set_title(site.path(), "Good title");
    assert_eq!(live.expect()["type"], "reload");

    set_title(site.path(), "[unclosed");
    let msg = live.expect();
    assert_eq!(msg["type"], "errors", "{msg}");
    let problem = msg["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == ALPHA)
        .unwrap_or_else(|| panic!("no problem in {ALPHA}: {msg}"))
        .clone();
    assert_eq!(problem["line"], 2, "{problem}");
    assert!(problem["column"].as_u64().unwrap() >= 1);
    // Errors first, then warnings (the overlay counts each).
    let severities: Vec<&str> = (msg["errors"].as_array().unwrap().iter())
        .map(|p| p["severity"].as_str().unwrap())
        .collect();
    let first_warning = severities.iter().position(|s| *s == "warning");
    assert!(
        first_warning.is_none_or(|w| severities[w..].iter().all(|s| *s == "warning")),
        "{severities:?}"
    );
    // Still serving the last good build; the status says what is wrong; so does the terminal.
    assert_eq!(title_of(&server, "/talks/alpha-talk/"), "Good title");
    assert!(!server.status()["errors"].as_array().unwrap().is_empty());
    wait_for("the error in the terminal", || {
        server
            .stderr_text()
            .contains("content/talks/alpha-talk.md:2:")
    });
    assert!(server.is_running());
    // A page opened now learns about the problem at once.
    let mut late = Live::connect_raw(&server);
    let hello = late.expect();
    assert_eq!(hello["type"], "hello");
    assert!(!hello["errors"].as_array().unwrap().is_empty());

    set_title(site.path(), "Fixed title");
    assert_eq!(live.expect()["type"], "reload");
    assert_eq!(title_of(&server, "/talks/alpha-talk/"), "Fixed title");
    assert!(server.status()["errors"].as_array().unwrap().is_empty());
}

#[test]
fn a_template_error_is_shown_and_a_fix_clears_it() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    let templates = site.path().join("templates");
    fs::create_dir(&templates).unwrap();
    fs::write(
        templates.join("talk.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ talk.title }</h1>\n{% endblock %}\n",
    )
    .unwrap();
    let msg = live.expect();
    assert_eq!(msg["type"], "errors", "{msg}");
    assert!(
        msg["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("template"),
        "{msg}"
    );
    assert_eq!(server.get("/talks/alpha-talk/").status, 200);

    fs::write(
        templates.join("talk.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>Custom: {{ talk.title }}</h1>\n{% endblock %}\n",
    )
    .unwrap();
    assert_eq!(live.expect()["type"], "reload");
    assert!(title_of(&server, "/talks/alpha-talk/").starts_with("Custom: "));
    assert_eq!(server.status()["last_kind"], "full");
}

#[test]
fn a_static_file_change_is_served() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    fs::write(site.path().join("static/extra.txt"), "hello static").unwrap();
    assert_eq!(live.expect()["type"], "reload");
    let r = server.get("/extra.txt");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, "hello static");
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = site("minimal");
    set_title(site.path(), "[unclosed");
    let server = Server::start(site.path(), &[]);
    let status = server.status();
    assert!(!status["errors"].as_array().unwrap().is_empty(), "{status}");
    let first = server.get("/");
    assert_eq!(first.status, 404);
    assert!(
        first.body.contains("/__talkgen/livereload.js"),
        "the overlay can show"
    );
    let mut live = Live::connect_raw(&server);
    let hello = live.expect();
    let errors = hello["errors"].as_array().unwrap();
    assert!(errors.iter().any(|p| p["file"] == ALPHA), "{hello}");

    set_title(site.path(), "Working now");
    assert_eq!(live.expect()["type"], "reload");
    assert_eq!(title_of(&server, "/talks/alpha-talk/"), "Working now");
    assert_eq!(server.get("/").status, 200);
}
