//! The live-reload channel: the server's build state, the messages open pages get over a
//! WebSocket, and the small script injected into served pages.
//!
//! The script is added by the HTTP layer to pages as they are served; `talkgen build` output
//! never contains it. It reloads the page after a successful rebuild, and shows the problems of
//! a failed one in an overlay built with `textContent`, so nothing in an error message (a file
//! named `<img onerror=alert(1)>.md`) is ever parsed as HTML.

use std::sync::Mutex;

use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::{Error, Severity};

/// One problem, as the overlay and the status endpoint show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub severity: &'static str,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// The problems of a failed build, one per diagnostic (or one for an I/O error), errors first
/// so the overlay opens on what broke the build.
pub fn problems(err: &Error) -> Vec<Problem> {
    match err {
        Error::Content(diags) => (diags.iter().filter(|d| d.is_error()))
            .chain(diags.iter().filter(|d| !d.is_error()))
            .map(|d| Problem {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file: d.file.display().to_string(),
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                message: d.message.clone(),
                help: d.help.clone(),
            })
            .collect(),
        Error::Io { path, source } => vec![Problem {
            severity: "error",
            file: path.display().to_string(),
            line: None,
            column: None,
            message: source.to_string(),
            help: None,
        }],
        Error::Refused(why) => vec![Problem {
            severity: "error",
            file: String::new(),
            line: None,
            column: None,
            message: why.clone(),
            help: None,
        }],
    }
}

/// What the server knows about its builds; served as JSON at `/__talkgen/status`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Builds attempted, the first one included (failed ones too).
    pub builds: u64,
    /// Successful builds: the version of the served pages. Pages carry the one they were served
    /// at, so a page that missed a reload while it was loading catches up.
    pub generation: u64,
    /// How the last successful build was made: `"full"`, `"incremental"` (the site loaded
    /// again, the changed pages rendered) or `"edited"` (only the edited talk files checked,
    /// against the site kept from before, and the pages showing them rendered).
    pub last_kind: &'static str,
    /// Pages rendered by the last successful build.
    pub last_pages: usize,
    /// Problems of the last build when it failed; empty when the served site is current.
    pub errors: Vec<Problem>,
}

/// A message to open pages.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Notice {
    /// Sent once on connecting: the state now.
    Hello {
        generation: u64,
        errors: Vec<Problem>,
    },
    /// A rebuild finished and the new pages are being served.
    Reload { generation: u64 },
    /// A rebuild failed; the last good pages are still served.
    Errors { errors: Vec<Problem> },
}

/// The build state shared by the rebuild thread and the HTTP handlers.
pub struct Hub {
    status: Mutex<Status>,
    tx: broadcast::Sender<Notice>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let (tx, _) = broadcast::channel(16);
        Hub {
            status: Mutex::new(Status::default()),
            tx,
        }
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.tx.subscribe()
    }

    /// Records a successful build and tells open pages to reload. Called only once the new
    /// pages are in place.
    pub fn built(&self, kind: &'static str, pages: usize) {
        let generation = match self.status.lock() {
            Ok(mut s) => {
                s.builds += 1;
                s.generation += 1;
                s.last_kind = kind;
                s.last_pages = pages;
                s.errors.clear();
                s.generation
            }
            Err(_) => return,
        };
        let _ = self.tx.send(Notice::Reload { generation });
    }

    /// Records a failed build and shows its problems on open pages.
    pub fn failed(&self, errors: Vec<Problem>) {
        if let Ok(mut s) = self.status.lock() {
            s.builds += 1;
            s.errors = errors.clone();
        }
        let _ = self.tx.send(Notice::Errors { errors });
    }

    pub fn hello(&self) -> Notice {
        let s = self.status();
        Notice::Hello {
            generation: s.generation,
            errors: s.errors,
        }
    }
}

/// URL prefix of talkgen's own endpoints while serving; no site path can start with `__`.
pub const PREFIX: &str = "/__talkgen/";

/// The tag added before `</body>` of served HTML pages.
pub fn script_tag(generation: u64) -> String {
    format!(
        "<script src=\"{PREFIX}livereload.js\" data-generation=\"{generation}\" defer></script>"
    )
}

/// The live-reload client. Reconnects when the server restarts; never uses innerHTML.
pub const SCRIPT: &str = r#"// talkgen serve live reload (only in served pages, never in `talkgen build` output)
(function () {
  "use strict";
  var me = document.currentScript;
  var served = Number(me && me.dataset.generation || 0);
  var OVERLAY = "talkgen-error-overlay";

  function clearOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (style) e.setAttribute("style", style);
    return e;
  }

  function showOverlay(errors) {
    clearOverlay();
    var box = el("div", undefined,
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.97);" +
      "color:#f4f4f4;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2em;");
    box.id = OVERLAY;
    box.setAttribute("role", "alertdialog");
    var bad = errors.filter(function (p) { return p.severity === "error"; }).length;
    var meh = errors.length - bad;
    function count(n, what) { return n + " " + what + (n === 1 ? "" : "s"); }
    box.appendChild(el("h2", "talkgen: the last save broke the site (" + count(bad, "error") +
      ", " + count(meh, "warning") + ")", "color:#ff6b6b;margin:0 0 .5em;font-size:18px;"));
    box.appendChild(el("p", "Still serving the last good build. Fix the file and save: this " +
      "page reloads by itself.", "margin:0 0 1.5em;color:#bbb;"));
    errors.forEach(function (p) {
      var item = el("div", undefined, "margin:0 0 1.2em;");
      item.className = "talkgen-problem";
      var where = p.file || "(site)";
      if (p.line) where += ":" + p.line + (p.column ? ":" + p.column : "");
      item.appendChild(el("div", where, "color:#8cc8ff;"));
      item.appendChild(el("div", p.severity + ": " + p.message, "white-space:pre-wrap;"));
      if (p.help) item.appendChild(el("div", "help: " + p.help, "color:#bbb;white-space:pre-wrap;"));
      box.appendChild(item);
    });
    var close = el("button", "Hide", "position:absolute;top:1em;right:1em;");
    close.addEventListener("click", clearOverlay);
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }

  var delay = 500;
  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var ws = new WebSocket(proto + "//" + location.host + "/__talkgen/ws");
    ws.onopen = function () { delay = 500; };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "reload") {
        location.reload();
      } else if (msg.type === "errors") {
        showOverlay(msg.errors);
      } else if (msg.type === "hello") {
        if (msg.errors.length) showOverlay(msg.errors);
        else if (msg.generation > served) location.reload();
      }
    };
    ws.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }
  connect();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_tagged_json() {
        let n = Notice::Errors {
            errors: vec![Problem {
                severity: "error",
                file: "content/talks/<img onerror=alert(1)>.md".into(),
                line: Some(2),
                column: Some(8),
                message: "bad".into(),
                help: None,
            }],
        };
        let v: serde_json::Value = serde_json::to_value(&n).unwrap();
        assert_eq!(v["type"], "errors");
        assert_eq!(v["errors"][0]["line"], 2);
        assert_eq!(
            v["errors"][0]["file"],
            "content/talks/<img onerror=alert(1)>.md"
        );
    }

    #[test]
    fn hub_counts_builds_and_clears_errors() {
        let hub = Hub::new();
        let mut rx = hub.subscribe();
        hub.built("full", 10);
        hub.failed(vec![]);
        hub.built("incremental", 3);
        let s = hub.status();
        assert_eq!((s.builds, s.generation, s.last_pages), (3, 2, 3));
        assert!(matches!(
            rx.try_recv(),
            Ok(Notice::Reload { generation: 1 })
        ));
        assert!(matches!(rx.try_recv(), Ok(Notice::Errors { .. })));
        assert!(matches!(
            rx.try_recv(),
            Ok(Notice::Reload { generation: 2 })
        ));
    }

    #[test]
    fn the_script_never_parses_html() {
        assert!(!SCRIPT.contains("innerHTML"));
        assert!(!SCRIPT.contains("insertAdjacentHTML"));
        assert!(!SCRIPT.contains("document.write"));
    }
}
