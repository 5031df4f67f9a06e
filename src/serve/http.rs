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
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;
use tower_http::services::ServeDir;

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
    finish(app, res).await
}

/// The site's own `404.html` with status 404, or a minimal page when there is none yet (the
/// first build failed): it still carries the live-reload script, so the error overlay shows.
async fn not_found(app: &App) -> Response {
    let body = tokio::fs::read(app.output.join(crate::layout::NOT_FOUND))
        .await
        .unwrap_or_else(|_| {
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
              <body><h1>Not found</h1><p>talkgen serve has no page here (yet).</p></body></html>"
                .to_vec()
        });
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::NOT_FOUND;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    finish(app, res).await
}

/// Adds the live-reload script to full HTML responses and forbids caching.
async fn finish(app: &App, res: Response) -> Response {
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
    let bytes = match axum::body::to_bytes(body, 64 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n"),
    };
    let injected = inject(&bytes, &reload::script_tag(app.hub.status().generation));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    Response::from_parts(parts, Body::from(injected))
}

/// Inserts `tag` before the last `</body>` (any case), or at the end when there is none.
pub fn inject(html: &[u8], tag: &str) -> Bytes {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
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

    #[test]
    fn injection_goes_before_the_last_body_end() {
        let out = inject(b"<html><BODY>x</BODY></html>", "<s>");
        assert_eq!(&out[..], b"<html><BODY>x<s></BODY></html>");
        let out = inject(b"no body", "<s>");
        assert_eq!(&out[..], b"no body<s>");
    }
}
