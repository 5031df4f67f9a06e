//! Hostile input (issue "Unbreakable under hostile and huge input"): see the module of this area.
//!
//! Serving, signals and leftovers (docs/diagnostics.md, "Serving, signals and leftovers"), with
//! real processes, real signals and real HTTP: a build stopped by SIGINT or SIGTERM leaves no
//! temporary folder and the previous output as it was; the folder of a build killed with
//! SIGKILL is removed by the next build, and nothing that is not talkgen's (or is held by a
//! running build) is ever touched; `serve` streams huge pages with the live-reload script and
//! without holding them; a full disk is an I/O error naming the output path; a static file in
//! the way of the build names the static file; a page over the limit names its template.
//! Memory is asserted (VmHWM), never time.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::support::common::*;
use crate::support::serve::{wait_for, Server};

/// Keeps a build busy for a few seconds after its temporary folder exists (an empty loop of
/// six million turns in a debug build), without writing more than a line.
const SLOW: &str = "{% for i in range(end=60000) %}{% for j in range(end=100) %}{% endfor %}\
                    {% endfor %}<!doctype html><html><body>slow</body></html>\n";

/// A template writing `lines` times 150 bytes (Tera's `range` stops at 100,000 elements).
fn big_template(outer: usize, inner: usize) -> String {
    let line = format!(
        "<p>{}</p>",
        "0123456789abcdefghijklmnopqrstuvwxyz".repeat(4)
    );
    format!(
        "{{% set line = \"{line}\" %}}<!doctype html><html><body>\
         {{% for j in range(end={outer}) %}}{{% for i in range(end={inner}) %}}{{{{ line }}}}\n\
         {{% endfor %}}{{% endfor %}}</body></html>\n"
    )
}

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The names beside the output that look like talkgen's temporary folders.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("talkgen-tmp"))
        .collect();
    names.sort();
    names
}

/// The temporary folder of a running build, once it is set up (its marker written).
fn running_temp_folder(dir: &Path) -> Option<PathBuf> {
    fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".public.talkgen-tmp-")
                && !name.ends_with(".old")
                && p.join(".talkgen-output").is_file()
        })
}

fn spawn_build(root: &Path, extra: &[&str]) -> Child {
    Command::new(BIN)
        .arg("build")
        .args(extra)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start talkgen build")
}

fn kill(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// A minimal site with a first build in `public/`, and the slow template added afterwards.
fn built_slow_site() -> tempfile::TempDir {
    let site = site("minimal");
    assert_eq!(talkgen(&["build"], site.path()).code, 0);
    write(site.path(), "templates/search.html", SLOW);
    site
}

#[test]
fn leftovers_sigint_and_sigterm_mid_build_leave_no_temp_folder() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let site = built_slow_site();
        let before = tree(&site.path().join("public"));
        let child = spawn_build(site.path(), &[]);
        wait_for("the build's temporary folder", || {
            running_temp_folder(site.path()).is_some()
        });
        kill(&child, signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains(&format!("stopped by SIG{signal}")),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(leftovers(site.path()), Vec::<String>::new(), "SIG{signal}");
        assert!(
            tree(&site.path().join("public")) == before,
            "SIG{signal}: public/ changed"
        );
    }
}

#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next_and_nothing_else() {
    let site = built_slow_site();
    let root = site.path();
    // A build killed with SIGKILL cannot clean up: its folder stays.
    let child = spawn_build(root, &[]);
    wait_for("the build's temporary folder", || {
        running_temp_folder(root).is_some()
    });
    let killed = running_temp_folder(root).unwrap();
    kill(&child, "KILL");
    child.wait_with_output().unwrap();
    assert!(killed.is_dir());
    // A folder of a talkgen without locks (marker, old), and things that are not talkgen's.
    let legacy = root.join(".public.talkgen-tmp-Legacy");
    write(&legacy, ".talkgen-output", "");
    write(&legacy, "index.html", "old");
    let old = SystemTime::now() - Duration::from_secs(7200);
    fs::File::open(&legacy).unwrap().set_modified(old).unwrap();
    let foreign = [
        ".public.backup/index.html",
        "public.talkgen-tmp-abc123/index.html",
        ".public.talkgen-tmp-abc-def/index.html",
        ".public.talkgen-tmp-Unmark/index.html",
        ".drafts.talkgen-tmp-abc123/.talkgen-output",
    ];
    for f in foreign {
        write(root, f, "keep");
    }
    // A folder a running build holds (locked, as every build locks its own).
    let held = root.join(".public.talkgen-tmp-Held01");
    write(&held, ".talkgen-output", "");
    let lock = fs::File::open(&held).unwrap();
    lock.try_lock().unwrap();

    fs::remove_file(root.join("templates/search.html")).unwrap();
    let run = talkgen(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!killed.exists(), "the killed build's folder is still there");
    assert!(!legacy.exists(), "the unlocked old folder is still there");
    for f in foreign {
        assert_eq!(read(root.join(f)), "keep", "{f} was touched");
    }
    assert!(
        held.join(".talkgen-output").is_file(),
        "a held folder was removed"
    );
    drop(lock);
    assert_eq!(talkgen(&["build"], root).code, 0);
    assert!(!held.exists());
}

#[test]
fn leftovers_two_concurrent_builds_of_one_output_keep_each_others_work() {
    let slow = built_slow_site();
    let fast = site("minimal");
    let output = slow.path().join("public");
    let child = spawn_build(slow.path(), &[]);
    wait_for("the slow build's temporary folder", || {
        running_temp_folder(slow.path()).is_some()
    });
    let working = running_temp_folder(slow.path()).unwrap();
    // A whole build of the same output, with its sweep, while the slow one is rendering.
    let out = output.to_str().unwrap();
    let run = talkgen(&["build", "--output", out], fast.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        working.join(".talkgen-output").is_file(),
        "the sweep removed a live build"
    );
    let Output { status, stderr, .. } = child.wait_with_output().unwrap();
    assert!(status.success(), "{}", String::from_utf8_lossy(&stderr));
    assert!(read(output.join("search/index.html")).contains("slow"));
    assert_eq!(leftovers(slow.path()), Vec::<String>::new());
}

/// The pid of the `talkgen serve` running on `root` (the helper keeps its child to itself).
fn serve_pid(root: &Path) -> u32 {
    let root = root.to_str().unwrap();
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
                args.contains(&&b"serve"[..]) && args.contains(&root.as_bytes())
            })
        })
        .expect("the serve process")
}

/// A line of /proc/PID/status in kB (VmHWM: the peak resident set; VmRSS: now).
fn status_kb(pid: u32, key: &str) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// GET `path` and read the reply to its end without keeping it: the status, the length of the
/// body and its last 300 bytes (30 bodies of 34 MB held at once would be the test's own peak).
fn get_tail(port: u16, path: &str) -> (u16, usize, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let (mut kept, mut chunk) = (Vec::new(), vec![0u8; 1 << 16]);
    let (mut status, mut body) = (0u16, None::<usize>);
    loop {
        let n = s.read(&mut chunk).unwrap();
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&chunk[..n]);
        if body.is_none() {
            if let Some(end) = kept.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&kept[..end]).into_owned();
                status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
                kept.drain(..end + 4);
                body = Some(0);
            }
        }
        if let Some(len) = body.as_mut() {
            if kept.len() > 300 {
                *len += kept.len() - 300;
                kept.drain(..kept.len() - 300);
            }
        }
    }
    let len = body.unwrap_or(0) + kept.len();
    (status, len, String::from_utf8_lossy(&kept).into_owned())
}

/// What serving 30 concurrent requests of a 34 MB page may add to the server's peak memory.
/// Measured: about 1 MB (debug build); before pages were streamed, 1.8 GB.
const CONCURRENT_BOUND_KB: u64 = 64 * 1024;

#[test]
fn sizes_serve_streams_huge_pages_with_the_script_in_bounded_memory() {
    let site = site("minimal");
    // search/: 75 MB; tags/: 34 MB.
    write(
        site.path(),
        "templates/search.html",
        big_template(5, 100_000),
    );
    write(site.path(), "templates/tags.html", big_template(4, 56_500));
    let server = Server::start(site.path(), &[]);
    let served = server.served_dir();
    let size = |rel: &str| fs::metadata(served.join(rel)).unwrap().len() as usize;
    let big = size("search/index.html");
    assert!(big > 70_000_000, "{big}");

    let reply = server.get("/search/");
    assert_eq!(reply.status, 200, "{}", reply.head);
    let script = "livereload.js";
    let tail = &reply.body[reply.body.len() - 300..];
    assert!(tail.contains(script), "{tail}");
    assert!(
        tail.trim_end().ends_with("</script></body></html>"),
        "{tail}"
    );
    let length: usize = reply.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, reply.body.len());
    assert!(
        length > big && length < big + 200,
        "{length} for a page of {big}"
    );
    let head = server.raw(&format!(
        "HEAD /search/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(head.header("content-length"), Some(length.to_string()));
    drop(reply);

    let pid = serve_pid(site.path());
    // The peak so far is the build's; start it again from now where the kernel lets us.
    let _ = fs::write(format!("/proc/{pid}/clear_refs"), "5");
    let before = status_kb(pid, "VmHWM");
    let page = size("tags/index.html");
    let replies: Vec<(u16, usize, bool)> = thread::scope(|s| {
        let handles: Vec<_> = (0..30)
            .map(|_| {
                s.spawn(|| {
                    let (status, len, tail) = get_tail(server.port, "/tags/");
                    (status, len, tail.contains(script))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let after = status_kb(pid, "VmHWM");
    for (status, len, injected) in replies {
        assert_eq!(status, 200);
        assert!(len > page && injected, "{len} bytes for a page of {page}");
    }
    eprintln!("serve VmHWM: {before} kB before 30 requests of {page} bytes, {after} kB after");
    assert!(
        after <= before + CONCURRENT_BOUND_KB,
        "serving grew the peak from {before} kB to {after} kB"
    );
}

#[test]
fn sizes_a_page_over_the_limit_is_an_error_naming_its_template() {
    let site = site("minimal");
    assert_eq!(talkgen(&["build"], site.path()).code, 0);
    let before = tree(&site.path().join("public"));
    // 150 MB > 128 MiB.
    write(
        site.path(),
        "templates/search.html",
        big_template(10, 100_000),
    );
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/search.html"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("search/index.html"), "{}", run.stderr);
    assert!(run.stderr.contains("128 MiB"), "{}", run.stderr);
    assert!(tree(&site.path().join("public")) == before);
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

/// A small tmpfs at `dir`, unmounted on drop; `None` where mounting is not allowed.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// `talkgen build --output OUT` with the file size limited to `blocks` of 512 bytes and
/// SIGXFSZ ignored, so a write past it fails with EFBIG as a full disk fails with ENOSPC.
fn build_with_file_limit(root: &Path, out: &Path, blocks: u32) -> Run {
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\"");
    let output = Command::new("sh")
        .args(["-c", &script, BIN, "build", "--output"])
        .arg(out)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn errors_a_full_disk_is_an_io_error_naming_the_output_path() {
    // (how, what fills it, the file named)
    let cases: [(&str, &str, &str); 4] = [
        ("tmpfs 16k", "pages", ""),
        ("tmpfs 400k", "static/big.bin", "big.bin"),
        ("file size limit", "static/big.bin", "big.bin"),
        (
            "file size limit",
            "templates/search.html",
            "search/index.html",
        ),
    ];
    let mut ran = 0;
    for (how, filler, named) in cases {
        let site = site("minimal");
        let root = site.path();
        match filler {
            "static/big.bin" => write(root, filler, vec![7u8; 1 << 20]),
            "templates/search.html" => write(root, filler, big_template(1, 7_000)),
            _ => {}
        }
        let disk = root.join("disk");
        let out = disk.join("public");
        let run = match how.strip_prefix("tmpfs ") {
            Some(size) => {
                let Some(_fs) = Tmpfs::mount(&disk, size) else {
                    eprintln!("note: cannot mount a tmpfs here; `{how}` skipped");
                    continue;
                };
                let run = talkgen(&["build", "--output", out.to_str().unwrap()], root);
                assert_eq!(leftovers(&disk), Vec::<String>::new(), "{how}");
                run
            }
            None => {
                fs::create_dir_all(&disk).unwrap();
                build_with_file_limit(root, &out, 400)
            }
        };
        ran += 1;
        let err = &run.stderr;
        assert_eq!(run.code, 2, "{how}, {filler}: {err}");
        let shown = out.join(named).display().to_string();
        assert!(
            err.contains(&shown),
            "{how}, {filler}: expected {shown} in {err}"
        );
        for wrong in ["talkgen-tmp", "template", "static/"] {
            assert!(!err.contains(wrong), "{how}, {filler}: `{wrong}` in {err}");
        }
        assert!(!out.exists(), "{how}: a half-written output");
    }
    assert!(ran >= 2);
}

#[test]
fn errors_a_static_file_in_the_way_of_the_build_names_the_static_file() {
    let cases = [
        ("static/talks", "the build writes a folder `talks/`"),
        (
            "static/feed.xml/a.txt",
            "the build writes a file `feed.xml`",
        ),
        (
            "static/speakers/ada-lovelace",
            "folder `speakers/ada-lovelace/`",
        ),
    ];
    for (file, why) in cases {
        let site = site("minimal");
        assert_eq!(talkgen(&["build"], site.path()).code, 0);
        let before = tree(&site.path().join("public"));
        write(site.path(), file, "x");
        let run = talkgen(&["build"], site.path());
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {file}")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(why), "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("talkgen-tmp"), "{}", run.stderr);
        assert!(tree(&site.path().join("public")) == before, "{file}");
        assert_eq!(leftovers(site.path()), Vec::<String>::new());
    }
}
