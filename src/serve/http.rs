//! The HTTP side of `serve`: axum routes, tower-http's `ServeDir` for the files, and the checks
//! a local preview server needs against other sites in the same browser.
//!
//! - Every request's `Host` must be a loopback name or the bound address (DNS rebinding: a page
//!   on `evil.example` that re-points its name at 127.0.0.1 still sends `Host: evil.example`).
//! - The live-reload WebSocket checks `Origin` the same way (WebSockets are not covered by the
//!   same-origin policy). No CORS header is ever sent, so other sites cannot read responses.
//! - Path resolution is `ServeDir`'s (it refuses `..`, encoded or not, and absolute paths);
//!   before it, paths starting with `//`, containing a backslash or NUL, or naming a dot-file
//!   are refused, and a path whose real location (symlinks resolved) is outside the served
//!   folder gets a 404.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http_body::{Frame, SizeHint};
use tokio::sync::watch;
use tower_http::services::{ServeDir, ServeFile};

use super::reload::{self, Hub, Notice};

/// What the handlers share.
pub struct App {
    /// The served folder, symlinks resolved.
    pub output: PathBuf,
    pub hub: Arc<Hub>,
    /// The address the server listens on (its IP may be unspecified, `0.0.0.0`).
    pub bound: SocketAddr,
    /// Turns true on shutdown, so open WebSockets close and graceful shutdown can finish.
    pub shutdown: watch::Receiver<bool>,
}

/// The routes: talkgen's own endpoints under `/__talkgen/`, files for everything else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__talkgen/livereload.js", get(script))
        .route("/__talkgen/ws", get(websocket))
        .route("/__talkgen/status", get(status))
        .fallback(files)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// Host names this server answers to: loopback names, the bound address, and, when bound to
/// every interface, any IP address literal (a literal cannot be re-pointed by DNS).
pub fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let ip_text = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(&host);
    match ip_text.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound || bound.is_unspecified(),
        Err(_) => false,
    }
}

/// Splits `host[:port]` (with `[v6]` brackets kept) into the host and the port.
pub fn split_host_port(authority: &str) -> (&str, Option<u16>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let port = authority[end + 1..]
                    .strip_prefix(':')
                    .and_then(|p| p.parse().ok());
                (&authority[..=end], port)
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p.parse().ok()),
        _ => (authority, None),
    }
}

/// True when `origin` (`http://host:port`) is this server as a browser would name it.
pub fn origin_allowed(origin: &str, bound: SocketAddr) -> bool {
    let Some(authority) = origin.strip_prefix("http://") else {
        return false;
    };
    let (host, port) = split_host_port(authority);
    host_allowed(host, bound.ip()) && port.unwrap_or(80) == bound.port()
}

async fn check_host(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| split_host_port(h).0.to_owned());
    match host {
        Some(h) if host_allowed(&h, app.bound.ip()) => next.run(req).await,
        _ => plain(
            StatusCode::FORBIDDEN,
            "talkgen serve: refused: the Host header does not name this server \
             (use http://127.0.0.1 or http://localhost)\n",
        ),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        reload::SCRIPT,
    )
        .into_response()
}

async fn status(State(app): State<Arc<App>>) -> Response {
    let body = serde_json::to_string(&app.hub.status()).unwrap_or_else(|_| "{}".into());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn websocket(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    // Browsers always send Origin on a WebSocket handshake; a client without one is not a page
    // of another site, so it may listen.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin.to_str().is_ok_and(|o| origin_allowed(o, app.bound));
        if !ok {
            return plain(
                StatusCode::FORBIDDEN,
                "talkgen serve: refused: cross-origin live-reload connection\n",
            );
        }
    }
    ws.on_upgrade(move |socket| live(socket, app))
}

async fn live(mut socket: WebSocket, app: Arc<App>) {
    let mut rx = app.hub.subscribe();
    let mut shutdown = app.shutdown.clone();
    if send(&mut socket, &app.hub.hello()).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            notice = rx.recv() => match notice {
                Ok(n) => {
                    if send(&mut socket, &n).await.is_err() {
                        return;
                    }
                }
                // Missed notices: the current state says all that matters.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    if send(&mut socket, &app.hub.hello()).await.is_err() {
                        return;
                    }
                }
                Err(_) => break,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => break,
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}

async fn send(socket: &mut WebSocket, notice: &Notice) -> Result<(), axum::Error> {
    let text = serde_json::to_string(notice).unwrap_or_default();
    socket.send(Message::text(text)).await
}

/// Paths refused before any file-system access.
pub fn suspicious_path(raw: &str) -> bool {
    if raw.starts_with("//") || raw.contains('\\') {
        return true;
    }
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.starts_with("//")
        || decoded
            .split('/')
            .any(|seg| seg == ".." || (seg.starts_with('.') && seg != "."))
}

/// True when the file a path names is, symlinks resolved, inside `root` (or does not exist).
fn stays_inside(root: &Path, raw: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let candidate = root.join(decoded.trim_start_matches('/'));
    match candidate.canonicalize() {
        Ok(real) => real.starts_with(root),
        Err(_) => true,
    }
}

async fn files(State(app): State<Arc<App>>, req: Request) -> Response {
    let head = req.method() == Method::HEAD;
    let res = serve_file(&app, req).await;
    if head {
        // Same headers as GET, no body.
        let (parts, _) = res.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    res
}

async fn serve_file(app: &App, req: Request) -> Response {
    let raw = req.uri().path().to_owned();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    if suspicious_path(&raw) || !stays_inside(&app.output, &raw) {
        return not_found(app).await;
    }
    let (mut parts, body) = req.into_parts();
    // Always send the current file: a rebuild may rewrite it within a second.
    for h in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
    ] {
        parts.headers.remove(h);
    }
    let req = Request::from_parts(parts, body);
    let mut dir = ServeDir::new(&app.output);
    let res = match dir.try_call(req).await {
        Ok(res) => res,
        // Missing, or unreadable (a folder without index.html, a file being replaced).
        Err(_) => return not_found(app).await,
    };
    if res.status() == StatusCode::NOT_FOUND {
        return not_found(app).await;
    }
    let res = res.map(Body::new);
    finish(app, res)
}

/// The site's own `404.html` with status 404, or a minimal page when there is none yet (the
/// first build failed): it still carries the live-reload script, so the error overlay shows.
/// Streamed from disk like every other page.
async fn not_found(app: &App) -> Response {
    let page = ServeFile::new(app.output.join(crate::layout::NOT_FOUND))
        .try_call(Request::new(Body::empty()))
        .await;
    let mut res = match page {
        Ok(res) if res.status() == StatusCode::OK => res.map(Body::new),
        _ => Response::new(Body::from(
            &b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
              <body><h1>Not found</h1><p>talkgen serve has no page here (yet).</p></body></html>"[..],
        )),
    };
    *res.status_mut() = StatusCode::NOT_FOUND;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    finish(app, res)
}

/// Adds the live-reload script to full HTML responses and forbids caching. The page is
/// streamed as it is read ([`Injected`]): a page of any size costs a request no more than
/// [`TAIL`] bytes and a few read buffers.
fn finish(app: &App, res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let is_html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let whole = parts.status == StatusCode::OK || parts.status == StatusCode::NOT_FOUND;
    if !is_html || !whole {
        return Response::from_parts(parts, body);
    }
    let tag = Bytes::from(reload::script_tag(app.hub.status().generation));
    // The script is added exactly once, so the length stays known.
    let length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .and_then(|n| n.checked_add(tag.len() as u64));
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(n) = length {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(n));
    }
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    Response::from_parts(parts, Body::new(Injected::new(body, tag)))
}

/// How much of a page's end is searched for `</body>` (at least this much, at most twice): the
/// script goes before the last one found there, or at the very end when there is none
/// (browsers run it there too).
pub const TAIL: usize = 64 * 1024;

/// A page's body with the live-reload tag inserted on the way out, without holding the page:
/// everything but the last [`TAIL`] bytes is passed on as it comes; at the end the tail is
/// searched (case-insensitively) for the last `</body>` and sent as tail-head, tag, tail-rest.
pub struct Injected {
    inner: Body,
    /// The last bytes read and not yet sent: at least the last [`TAIL`] of what was read, at
    /// most twice that plus one read.
    held: Vec<u8>,
    /// The tag, until the end of the page is reached.
    tag: Option<Bytes>,
    /// What is left to send once the page has been read.
    pending: std::collections::VecDeque<Bytes>,
    ended: bool,
}

impl Injected {
    pub fn new(inner: Body, tag: Bytes) -> Injected {
        Injected {
            inner,
            held: Vec::new(),
            tag: Some(tag),
            pending: Default::default(),
            ended: false,
        }
    }

    /// Keeps `data` in the tail; returns what no longer needs to be held.
    fn push(&mut self, data: &[u8]) -> Option<Bytes> {
        self.held.extend_from_slice(data);
        // Pass on in pieces of at least TAIL, so small reads are not copied twice.
        let cut = self.held.len().checked_sub(TAIL)?;
        if cut < TAIL {
            return None;
        }
        let tail = self.held[cut..].to_vec();
        let mut front = std::mem::replace(&mut self.held, tail);
        front.truncate(cut);
        Some(Bytes::from(front))
    }

    /// The page has been read: queue the tail with the tag inserted.
    fn end(&mut self) {
        self.ended = true;
        let held = Bytes::from(std::mem::take(&mut self.held));
        let at = insertion_point(&held);
        self.pending.push_back(held.slice(..at));
        if let Some(tag) = self.tag.take() {
            self.pending.push_back(tag);
        }
        self.pending.push_back(held.slice(at..));
    }
}

/// Where the tag goes in a page's tail: before its last `</body>` (any case), else at the end.
pub fn insertion_point(tail: &[u8]) -> usize {
    tail.windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(tail.len())
}

impl HttpBody for Injected {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        loop {
            if self.ended {
                while let Some(b) = self.pending.pop_front() {
                    if !b.is_empty() {
                        return Poll::Ready(Some(Ok(Frame::data(b))));
                    }
                }
                return Poll::Ready(None);
            }
            match std::task::ready!(Pin::new(&mut self.inner).poll_frame(cx)) {
                Some(Ok(frame)) => {
                    // Files have no trailers; anything but data is dropped.
                    if let Ok(data) = frame.into_data() {
                        if let Some(out) = self.push(&data) {
                            return Poll::Ready(Some(Ok(Frame::data(out))));
                        }
                    }
                }
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => self.end(),
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.ended && self.pending.iter().all(|b| b.is_empty())
    }

    fn size_hint(&self) -> SizeHint {
        let inner = self.inner.size_hint();
        let extra = self.tag.as_ref().map_or(0, |t| t.len() as u64)
            + self.held.len() as u64
            + self.pending.iter().map(|b| b.len() as u64).sum::<u64>();
        let mut hint = SizeHint::new();
        hint.set_lower(inner.lower().saturating_add(extra));
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper.saturating_add(extra));
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        for ok in [
            "localhost",
            "LOCALHOST.",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
        ] {
            assert!(host_allowed(ok, lo), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "10.0.0.1",
            "",
            "[::2]",
        ] {
            assert!(!host_allowed(bad, lo), "{bad}");
        }
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        assert!(host_allowed("192.168.1.20", lan));
        assert!(!host_allowed("evil.example", lan));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("10.1.2.3", any));
        assert!(!host_allowed("evil.example", any));
    }

    #[test]
    fn host_and_port() {
        assert_eq!(split_host_port("localhost:1111"), ("localhost", Some(1111)));
        assert_eq!(split_host_port("[::1]:80"), ("[::1]", Some(80)));
        assert_eq!(split_host_port("[::1]"), ("[::1]", None));
        assert_eq!(split_host_port("example.org"), ("example.org", None));
    }

    #[test]
    fn origins() {
        let bound: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        assert!(origin_allowed("http://127.0.0.1:1111", bound));
        assert!(origin_allowed("http://localhost:1111", bound));
        assert!(!origin_allowed("http://localhost:2222", bound));
        assert!(!origin_allowed("http://evil.example:1111", bound));
        assert!(!origin_allowed("https://evil.example", bound));
        assert!(!origin_allowed("null", bound));
    }

    #[test]
    fn suspicious() {
        for p in [
            "//example.com/",
            "/..%5cCargo.toml",
            "/%2e%2e/Cargo.toml",
            "/../Cargo.toml",
            "/.talkgen-output",
            "/a/%00",
        ] {
            assert!(suspicious_path(p), "{p}");
        }
        for p in ["/", "/talks/a/", "/style.css", "/%252e%252e/Cargo.toml"] {
            assert!(!suspicious_path(p), "{p}");
        }
    }

    /// Streams `chunks` through [`Injected`] and collects what comes out.
    fn injected(chunks: Vec<Vec<u8>>, tag: &str) -> Vec<u8> {
        let stream = tokio_stream(chunks);
        let body = Injected::new(stream, Bytes::from(tag.to_owned()));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(axum::body::to_bytes(Body::new(body), usize::MAX))
            .unwrap()
            .to_vec()
    }

    /// A body that yields `chunks` one frame each.
    fn tokio_stream(chunks: Vec<Vec<u8>>) -> Body {
        struct Chunks(std::collections::VecDeque<Vec<u8>>);
        impl HttpBody for Chunks {
            type Data = Bytes;
            type Error = axum::Error;
            fn poll_frame(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
                Poll::Ready(self.0.pop_front().map(|c| Ok(Frame::data(Bytes::from(c)))))
            }
        }
        Body::new(Chunks(chunks.into()))
    }

    #[test]
    fn injection_goes_before_the_last_body_end() {
        let out = injected(vec![b"<html><BODY>x</BODY></html>".to_vec()], "<s>");
        assert_eq!(out, b"<html><BODY>x<s></BODY></html>");
        let out = injected(vec![b"no body".to_vec()], "<s>");
        assert_eq!(out, b"no body<s>");
        let out = injected(vec![], "<s>");
        assert_eq!(out, b"<s>");
    }

    #[test]
    fn injection_streams_big_pages_in_any_chunking() {
        // A page of 1 MB in chunks of odd sizes, `</body>` split across two of them.
        let mut page = vec![b'a'; 1 << 20];
        page.extend_from_slice(b"</bo");
        let mut page2 = b"dy>\n</html>\n".to_vec();
        page2.extend(vec![b'z'; 100]);
        let whole: Vec<u8> = [page.clone(), page2.clone()].concat();
        let mut expected = whole.clone();
        expected.splice(1 << 20..1 << 20, b"<s>".iter().copied());
        for size in [1, 7, 4096, 65_536, 100_000, 1 << 21] {
            let chunks: Vec<Vec<u8>> = whole.chunks(size).map(<[u8]>::to_vec).collect();
            assert_eq!(injected(chunks, "<s>"), expected, "chunks of {size}");
        }
        // A `</body>` far (here 3 TAIL) from the end is not looked for: the tag goes last.
        let mut far = b"<body></body>".to_vec();
        far.extend(vec![b'x'; 3 * TAIL]);
        let out = injected(vec![far.clone()], "<s>");
        assert_eq!(&out[..far.len()], &far[..]);
        assert_eq!(&out[far.len()..], b"<s>");
    }

    #[test]
    fn the_insertion_point_is_the_last_body_end_in_any_case() {
        assert_eq!(insertion_point(b"</body></BoDy>"), 7);
        assert_eq!(insertion_point(b"</bod"), 5);
        assert_eq!(insertion_point(b""), 0);
    }
}
