//! Running `talkgen serve` from tests: start it on a free port with a private temp folder, talk
//! to it over raw TCP (so no client normalises paths), wait for conditions, stop it with SIGINT.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::common::BIN;

/// Generous: CI machines are shared and slow; tests wait for conditions, never assert durations.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Server {
    child: Option<Child>,
    pub port: u16,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
    /// The server's TMPDIR: its preview folder is created here.
    pub tmp: tempfile::TempDir,
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

fn pump(stream: impl Read + Send + 'static, sink: Arc<Mutex<Vec<String>>>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
}

/// Waits until `cond` holds, panicking with `what` after [`PATIENCE`].
pub fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(50));
    }
}

impl Server {
    /// Starts `talkgen serve --root ROOT --port 0 ARGS...` and waits for its address.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Self::try_start(root, args).unwrap_or_else(|(out, err)| {
            panic!("serve did not start\nstdout:\n{out}\nstderr:\n{err}")
        })
    }

    /// Like [`Server::start`], but returns the output when the server exits instead.
    pub fn try_start(root: &Path, args: &[&str]) -> Result<Server, (String, String)> {
        Self::launch(root, args, true)
    }

    /// Starts serve; `any_port: false` leaves the port to serve's default choice.
    pub fn launch(root: &Path, args: &[&str], any_port: bool) -> Result<Server, (String, String)> {
        let tmp = tempfile::tempdir().unwrap();
        let mut all = vec!["serve", "--root"];
        let root_s = root.to_str().unwrap().to_owned();
        all.push(&root_s);
        if any_port && !args.contains(&"--port") {
            all.extend(["--port", "0"]);
        }
        all.extend(args);
        let mut child = Command::new(BIN)
            .args(&all)
            .env("TMPDIR", tmp.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start talkgen serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        pump(child.stdout.take().unwrap(), stdout.clone());
        pump(child.stderr.take().unwrap(), stderr.clone());
        let start = Instant::now();
        let port = loop {
            let found = stdout.lock().unwrap().iter().find_map(|l| {
                let rest = l.split("at http://").nth(1)?;
                let authority = rest.split('/').next()?;
                authority.rsplit(':').next()?.parse::<u16>().ok()
            });
            if let Some(p) = found {
                break p;
            }
            if let Ok(Some(_)) = child.try_wait() {
                thread::sleep(Duration::from_millis(200));
                return Err((
                    stdout.lock().unwrap().join("\n"),
                    stderr.lock().unwrap().join("\n"),
                ));
            }
            assert!(
                start.elapsed() < PATIENCE,
                "serve did not print its address"
            );
            thread::sleep(Duration::from_millis(20));
        };
        Ok(Server {
            child: Some(child),
            port,
            stdout,
            stderr,
            tmp,
        })
    }

    pub fn stdout_text(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Sends `request` as written and reads one reply: the head, then the body by
    /// `Content-Length`, or to the end of the stream when there is none.
    pub fn raw(&self, request: &str) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let n = s.read(&mut chunk).expect("read reply");
            if n == 0 {
                break buf.len();
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut reply = Reply {
            status: head
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            head,
            body: String::new(),
        };
        let mut body = buf.get(head_end + 4..).unwrap_or_default().to_vec();
        let upgraded = reply.status == 101;
        match reply
            .header("content-length")
            .and_then(|l| l.parse::<usize>().ok())
        {
            Some(len) => {
                while body.len() < len {
                    let n = s.read(&mut chunk).expect("read body");
                    if n == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..n]);
                }
            }
            None if upgraded => {}
            None => {
                s.read_to_end(&mut body).expect("read body");
            }
        }
        reply.body = String::from_utf8_lossy(&body).into_owned();
        reply
    }

    /// GET `path` (sent verbatim) with a loopback Host.
    pub fn get(&self, path: &str) -> Reply {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// The JSON of `/__talkgen/status`.
    pub fn status(&self) -> serde_json::Value {
        let r = self.get("/__talkgen/status");
        assert_eq!(r.status, 200, "{}", r.head);
        serde_json::from_str(&r.body).unwrap()
    }

    pub fn builds(&self) -> u64 {
        self.status()["builds"].as_u64().unwrap()
    }

    /// The folder the server serves from (inside its TMPDIR).
    pub fn served_dir(&self) -> PathBuf {
        let session = std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("talkgen-serve-")
            })
            .expect("a talkgen-serve- folder in TMPDIR");
        session.join("site")
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().unwrap().try_wait(), Ok(None))
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit.
    pub fn interrupt(&mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("serve did not stop after SIGINT");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A live-reload connection as a page opens it.
pub struct Live {
    ws: tungstenite::WebSocket<TcpStream>,
}

impl Live {
    /// Connects and reads the hello message.
    pub fn connect(server: &Server) -> Live {
        let mut live = Live::connect_raw(server);
        let hello = live.next(PATIENCE).expect("a hello message");
        assert_eq!(hello["type"], "hello", "{hello}");
        live
    }

    /// Connects; the hello message is the first one to read.
    pub fn connect_raw(server: &Server) -> Live {
        let port = server.port;
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let request = tungstenite::handshake::client::Request::builder()
            .uri(format!("ws://127.0.0.1:{port}/__talkgen/ws"))
            .header("Host", format!("127.0.0.1:{port}"))
            .header("Origin", format!("http://127.0.0.1:{port}"))
            .header("Connection", "Upgrade")
            .header("Upgrade", "websocket")
            .header("Sec-WebSocket-Version", "13")
            .header(
                "Sec-WebSocket-Key",
                tungstenite::handshake::client::generate_key(),
            )
            .body(())
            .unwrap();
        let (ws, _) = tungstenite::client::client(request, stream).expect("live-reload upgrade");
        Live { ws }
    }

    /// The next message, or `None` when none came within `wait`.
    pub fn next(&mut self, wait: Duration) -> Option<serde_json::Value> {
        self.ws.get_mut().set_read_timeout(Some(wait)).unwrap();
        loop {
            match self.ws.read() {
                Ok(tungstenite::Message::Text(t)) => {
                    return Some(serde_json::from_str(t.as_str()).unwrap())
                }
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None
                }
                Err(e) => panic!("live-reload connection failed: {e}"),
            }
        }
    }

    /// The next message, which must come (within [`PATIENCE`]).
    pub fn expect(&mut self) -> serde_json::Value {
        self.next(PATIENCE).expect("a live-reload message")
    }
}
