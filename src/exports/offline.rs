//! Offline support (docs/offline.md): the web app manifest, the script that registers the
//! service worker, the page shown offline for a page never saved, and the worker itself with
//! the list of files it saves at install.
//!
//! The worker and its list are made last ([`write_worker`]), from the files the build actually
//! wrote: whatever another writer adds later is covered without a change here. The worker holds
//! a version hashed from those files (never the time), so two builds of the same content are
//! byte-identical and a changed site installs a new cache.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use sha1::{Digest, Sha1};

use super::context::Context;
use super::hex;
use crate::diagnostics::{Error, Result};
use crate::layout;
use crate::model::{Link, Site};
use crate::staging::Staging;

/// The script every page loads (`defer`) when the site works offline.
pub const REGISTER_JS: &str = include_str!("offline/register.js");
/// The worker written where a site keeps nothing offline: it removes an earlier one.
pub const UNREGISTER_WORKER: &str = include_str!("offline/unregister.js");
const WORKER: &str = include_str!("offline/worker.js");

/// At most this many bytes (as written, before compression) are saved at install; the files
/// beyond are saved when visited. A 500-talk programme fits whole; at 20,000 talks the shell,
/// the schedule and the first talk and speaker pages do (docs/offline.md has the figures).
pub const PRECACHE_BUDGET: u64 = 16 * 1024 * 1024;
/// A file larger than this is never saved at install (Workbox's default limit).
pub const PRECACHE_FILE_MAX: u64 = 2 * 1024 * 1024;

/// Writes `manifest.webmanifest`: the site as an installable app, with relative URLs so it
/// works at any base path.
pub fn write_manifest(cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
    let c = &cx.site.conference;
    let theme = crate::colors::theme(c.branding.accent);
    let mut icons = Vec::new();
    let mut icon = |src: String| {
        let kind = icon_type(&src);
        let sizes = if kind == "image/svg+xml" { "any" } else { "" };
        let mut v = serde_json::json!({ "src": src, "type": kind });
        if !sizes.is_empty() {
            v["sizes"] = sizes.into();
        }
        if !icons.contains(&v) {
            icons.push(v);
        }
    };
    match &c.branding.favicon {
        Some(l) => icon(manifest_url(l)),
        None => icon(layout::FAVICON.to_owned()),
    }
    if let Some(l) = &c.branding.logo {
        icon(manifest_url(l));
    }
    let short: String = c.name.chars().take(12).collect();
    let manifest = serde_json::json!({
        "name": c.name,
        "short_name": if c.name.chars().count() <= 12 { c.name.clone() } else { short.trim_end().to_owned() },
        "description": c.tagline.clone().unwrap_or_else(|| c.name.clone()),
        "lang": c.locale.tag(),
        "start_url": "./",
        "scope": "./",
        "id": "./",
        "display": "standalone",
        "theme_color": theme.light.accent_bg.to_hex(),
        "background_color": crate::colors::LIGHT_BG.to_hex(),
        "icons": icons,
    });
    serde_json::to_writer_pretty(&mut *w, &manifest)?;
    w.write_all(b"\n")
}

/// A link of `conference.yaml` as the manifest, at the site root, reaches it.
fn manifest_url(l: &Link) -> String {
    let s = l.as_str();
    match s.strip_prefix('/') {
        Some(rest) if l.is_site_relative() => rest.to_owned(),
        _ => s.to_owned(),
    }
}

/// The media type of an icon, by its file name.
pub fn icon_type(src: &str) -> &'static str {
    let ext = src.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "avif" => "image/avif",
        _ => "image/png",
    }
}

/// Writes `offline.html`, shown for a page that was never saved while offline. Its links are
/// whole paths: it is shown at any URL of the site.
pub fn write_offline_page(cx: &Context, w: &mut impl Write) -> std::io::Result<()> {
    let (site, urls) = (cx.site, &cx.views.urls);
    let t = |key: &str| string(cx, key);
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title} · {name}</title>\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n<style>{theme}</style>\n</head>\n<body>\n\
         <main id=\"main\" class=\"wrap\">\n<div class=\"not-found\">\n<h1>{title}</h1>\n\
         <p>{text}</p>\n<p class=\"actions\"><a class=\"btn btn-primary\" href=\"{home}\">{home_label}</a> \
         <a class=\"btn\" href=\"{schedule}\">{schedule_label}</a></p>\n</div>\n</main>\n</body>\n</html>\n",
        lang = esc(site.conference.locale.tag()),
        title = esc(&t("offline_title")),
        name = esc(&site.conference.name),
        css = esc(&urls.path(layout::STYLE_CSS)),
        theme = crate::colors::theme_css(site.conference.branding.accent),
        text = esc(&t("offline_text")),
        home = esc(&urls.path("")),
        home_label = esc(&t("nav_home")),
        schedule = esc(&urls.path(if site.has_schedule() {
            layout::SCHEDULE
        } else {
            layout::TALKS
        })),
        schedule_label = esc(&t(if site.has_schedule() {
            "schedule"
        } else {
            "all_talks"
        })),
    );
    w.write_all(html.as_bytes())
}

/// A UI string of the site's language.
pub(super) fn string(cx: &Context, key: &str) -> String {
    cx.views
        .strings
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One file the build wrote: its site path and size.
struct Written {
    path: String,
    size: u64,
}

/// Writes `sw.js` and `sw-precache.json` from the files in `out` (call it after every other
/// file is written, `static/` included). A site whose `static/` has its own `sw.js` keeps it
/// and gets neither. Returns the number of files written.
pub fn write_worker(site: &Site, out: &Staging) -> Result<usize> {
    if !site.conference.offline || site.has_static(layout::SERVICE_WORKER) {
        return Ok(0);
    }
    let files = written_files(out);
    let list = precache_list(&files);
    let version = version(out.path(), &files, &list)?;
    let json = serde_json::json!({ "version": version, "files": list });
    out.write(layout::PRECACHE_LIST, format!("{json}\n").as_bytes())?;
    let worker = WORKER
        .replacen("__VERSION__", &version, 1)
        .replacen("__LIST__", layout::PRECACHE_LIST, 1)
        .replacen("__OFFLINE__", layout::OFFLINE_PAGE, 1);
    out.write(layout::SERVICE_WORKER, worker.as_bytes())?;
    Ok(2)
}

/// The files the build wrote but hidden ones (in a folder or file whose name starts with a
/// dot, as `.well-known/`) and the worker's own two, by site path in the order of a sorted walk.
fn written_files(out: &Staging) -> Vec<Written> {
    (out.take_files().into_iter())
        .filter(|(path, _)| !path.split('/').any(|part| part.starts_with('.')))
        .filter(|(path, _)| path != layout::SERVICE_WORKER && path != layout::PRECACHE_LIST)
        .map(|(path, size)| Written { path, size })
        .collect()
}

/// How much a file is worth saving at install, lowest first; `None`: only when visited.
fn rank(path: &str, size: u64) -> Option<u8> {
    if size > PRECACHE_FILE_MAX {
        return None;
    }
    let top = !path.contains('/');
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    let page = path.ends_with(layout::INDEX);
    Some(match () {
        _ if path == layout::OFFLINE_PAGE || path == layout::MANIFEST => 0,
        _ if top && matches!(ext, "css" | "js" | "svg" | "png" | "ico" | "webp") => 0,
        _ if path == layout::INDEX => 1,
        _ if page && path.starts_with(layout::SCHEDULE) => 1,
        _ if page && path.starts_with(layout::TALKS) && path.matches('/').count() == 2 => 2,
        _ if page && path.starts_with(layout::SPEAKERS) && path.matches('/').count() == 2 => 3,
        _ if page => 4,
        _ => return None,
    })
}

/// The site paths saved at install: by [`rank`], then path, while they fit the budget. Pages
/// are named by their folder (`talks/x/`), as links name them.
fn precache_list(files: &[Written]) -> Vec<String> {
    let mut ranked: Vec<(u8, &Written)> = files
        .iter()
        .filter_map(|f| Some((rank(&f.path, f.size)?, f)))
        .collect();
    ranked.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
    let mut total = 0;
    let mut list = Vec::new();
    for (_, f) in ranked {
        if total + f.size > PRECACHE_BUDGET {
            continue;
        }
        total += f.size;
        list.push(match f.path.strip_suffix(layout::INDEX) {
            Some("") => "./".to_owned(),
            Some(dir) => dir.to_owned(),
            None => f.path.clone(),
        });
    }
    list
}

/// The build's version: a hash of the contents of the files saved at install and of the path
/// and size of every file (hashing all contents cost ~0.5 s at 20,000 talks; a page not saved
/// at install is fetched from the network first anyway).
fn version(root: &Path, files: &[Written], list: &[String]) -> Result<String> {
    let saved: std::collections::HashSet<&str> = list.iter().map(String::as_str).collect();
    let hashes: Vec<Option<String>> = files
        .par_iter()
        .map(|f| {
            let name = f
                .path
                .strip_suffix(layout::INDEX)
                .map(|d| if d.is_empty() { "./" } else { d });
            if !saved.contains(name.unwrap_or(&f.path)) {
                return Ok(None);
            }
            let bytes =
                std::fs::read(root.join(&f.path)).map_err(|e| Error::io(&root.join(&f.path), e))?;
            Ok(Some(hex(&Sha1::digest(&bytes))))
        })
        .collect::<Result<_>>()?;
    let mut all = Sha1::new();
    all.update(env!("CARGO_PKG_VERSION").as_bytes());
    all.update(WORKER.as_bytes());
    for (f, h) in files.iter().zip(hashes) {
        all.update(f.path.as_bytes());
        all.update(f.size.to_le_bytes());
        all.update(h.unwrap_or_default().as_bytes());
        all.update(b"\n");
    }
    Ok(hex(&all.finalize())[..16].to_owned())
}
