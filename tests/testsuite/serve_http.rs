//! `talkgen serve` over HTTP: what it serves, what it refuses, and how it starts and stops.

use crate::support::common::*;
use crate::support::serve::*;
use std::fs;

#[test]
fn serves_pages_with_types_index_files_and_the_sites_404() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    assert!(
        server
            .stdout_text()
            .contains(&format!("at http://127.0.0.1:{}/", server.port)),
        "{}",
        server.stdout_text()
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(home.body.contains("MiniConf"));

    let talk = server.get("/talks/alpha-talk/");
    assert_eq!(talk.status, 200);
    assert!(talk.body.contains("Alpha &lt;Talk&gt;"));
    // The live-reload script is in served pages, once, before </body>.
    assert_eq!(talk.body.matches("/__talkgen/livereload.js").count(), 1);
    assert!(talk.body.find("livereload.js").unwrap() < talk.body.rfind("</body>").unwrap());

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(!css.body.contains("livereload"));
    let svg = server.get("/images/ada.svg");
    assert_eq!(svg.status, 200);
    assert!(svg
        .header("content-type")
        .unwrap()
        .starts_with("image/svg+xml"));

    // A folder without its slash is redirected on the same host.
    let redirect = server.get("/talks/alpha-talk");
    assert!(
        matches!(redirect.status, 301 | 307 | 308),
        "{}",
        redirect.head
    );
    assert_eq!(redirect.header("location").unwrap(), "/talks/alpha-talk/");

    // Missing pages get the site's own 404.html, with status 404.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    let built_404 = read(server.served_dir().join("404.html"));
    assert!(missing
        .body
        .starts_with(built_404.split("</body>").next().unwrap()));
    assert!(missing.body.contains("livereload.js"));

    let js = server.get("/__talkgen/livereload.js");
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let site = site("minimal");
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    for (path, bytes) in tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__talkgen"),
            "{} has the live-reload script",
            path.display()
        );
    }
    // Serving does not touch the user's public/ either.
    let before = tree(&out);
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.get("/").status, 200);
    drop(server);
    assert_eq!(tree(&out), before);
}

#[test]
fn traversal_and_redirect_tricks_never_leave_the_served_folder() {
    let site = site("minimal");
    fs::write(site.path().join("Cargo.toml"), "SECRET-OUTSIDE").unwrap();
    let mut server = Server::start(site.path(), &[]);
    let served = server.served_dir();
    // Symlinks planted in the served folder, pointing out of it.
    std::os::unix::fs::symlink(site.path().join("Cargo.toml"), served.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.path(), served.join("leakdir")).unwrap();

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/Cargo.toml",
        "/%252e%252e/Cargo.toml",
        "/..%5cCargo.toml",
        "/..%2fCargo.toml",
        "/talks/../../Cargo.toml",
        "//example.com/",
        "//example.com",
        "/%2f%2fexample.com/",
        "/\\example.com/",
        "/leak.txt",
        "/leakdir/Cargo.toml",
        "/leakdir/content/conference.yaml",
        "/.talkgen-output",
    ] {
        let r = server.get(path);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{path}: status {}\n{}",
            r.status,
            r.head
        );
        assert!(
            r.header("location").is_none(),
            "{path} redirected: {}",
            r.head
        );
        assert!(!r.body.contains("SECRET-OUTSIDE"), "{path} leaked the file");
        assert!(
            !r.body.contains("MiniConf\ntagline"),
            "{path} leaked content"
        );
    }
    // Absolute-form request targets are not a way out either.
    let r = server.raw(&format!(
        "GET http://127.0.0.1:{}/../Cargo.toml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port, server.port
    ));
    assert!(!r.body.contains("SECRET-OUTSIDE"));
    assert!(server.is_running());
    assert_eq!(server.get("/").status, 200, "the server keeps serving");
}

#[test]
fn foreign_hosts_and_origins_are_refused_and_no_cors_is_sent() {
    let site = site("minimal");
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost.evil.example",
    ] {
        let r = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 403, "Host {host}: {}", r.head);
        assert!(!r.body.contains("MiniConf"));
    }
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        let r = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 200, "Host {host}");
        assert!(
            r.header("access-control-allow-origin").is_none(),
            "{}",
            r.head
        );
    }
    let status = server.raw(&format!(
        "GET /__talkgen/status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
    ));
    assert!(status.header("access-control-allow-origin").is_none());

    let upgrade = |origin: &str| {
        server.raw(&format!(
            "GET /__talkgen/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ))
    };
    assert_eq!(upgrade("http://evil.example").status, 403);
    assert_eq!(upgrade(&format!("http://evil.example:{port}")).status, 403);
    assert_eq!(upgrade("null").status, 403);
    // The page's own origin is accepted (checked with a real client in serve_watch.rs).
    let (ws, resp) = tungstenite::client::client(
        tungstenite::handshake::client::Request::builder()
            .uri(format!("ws://127.0.0.1:{port}/__talkgen/ws"))
            .header("Host", format!("127.0.0.1:{port}"))
            .header("Origin", format!("http://localhost:{port}"))
            .header("Connection", "Upgrade")
            .header("Upgrade", "websocket")
            .header("Sec-WebSocket-Version", "13")
            .header(
                "Sec-WebSocket-Key",
                tungstenite::handshake::client::generate_key(),
            )
            .body(())
            .unwrap(),
        std::net::TcpStream::connect(("127.0.0.1", port)).unwrap(),
    )
    .expect("same-origin upgrade");
    assert_eq!(resp.status(), 101);
    drop(ws);
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_preview_folder() {
    let site = site("minimal");
    let mut server = Server::start(site.path(), &[]);
    assert_eq!(server.get("/").status, 200);
    // An open live-reload connection must not hold the shutdown up.
    let _ws = tungstenite::client::client(
        format!("ws://127.0.0.1:{}/__talkgen/ws", server.port),
        std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap(),
    )
    .expect("connect");
    assert!(server.served_dir().join("index.html").is_file());
    let status = server.interrupt();
    assert!(status.success(), "{status:?}\n{}", server.stderr_text());
    let left: Vec<_> = fs::read_dir(server.tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(!site.path().join("public").exists(), "serve wrote public/");
}

#[test]
fn a_busy_port_is_explained() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let site = site("minimal");
    let out = std::process::Command::new(BIN)
        .args(["serve", "--port", &port])
        .current_dir(site.path())
        .env("TMPDIR", site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn the_default_port_moves_on_when_busy() {
    // Hold 1111 if it is free; if something else holds it, serve must move on all the same.
    let _holder = std::net::TcpListener::bind("127.0.0.1:1111");
    let site = site("minimal");
    let server = Server::launch(site.path(), &[], false)
        .unwrap_or_else(|(o, e)| panic!("serve did not start\n{o}\n{e}"));
    assert_ne!(server.port, 1111);
    assert!(
        server
            .stderr_text()
            .contains("port 1111 is busy; using port"),
        "{}",
        server.stderr_text()
    );
}

#[test]
fn listening_beyond_loopback_warns_loudly() {
    let site = site("minimal");
    let server = Server::start(site.path(), &["--bind", "0.0.0.0"]);
    assert!(
        server
            .stderr_text()
            .contains("warning: listening on 0.0.0.0"),
        "{}",
        server.stderr_text()
    );
    // It still refuses names that are not this machine's.
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(r.status, 403);
}

#[test]
fn drafts_are_served_only_with_the_flag() {
    let site = site("minimal");
    let plain = Server::start(site.path(), &[]);
    assert_eq!(plain.get("/talks/draft-talk/").status, 404);
    drop(plain);
    let with = Server::start(site.path(), &["--drafts"]);
    assert_eq!(with.get("/talks/draft-talk/").status, 200);
}

#[test]
fn a_folder_that_is_not_a_site_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--port", "0"])
        .current_dir(empty.path())
        .env("TMPDIR", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no talkgen site here"), "{err}");
    assert_eq!(
        fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing left behind"
    );
}
