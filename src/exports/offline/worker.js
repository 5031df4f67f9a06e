// talkgen's service worker (docs/offline.md): saves the programme at install so every talk,
// speaker and schedule page in the list opens without a network, keeps pages visited since,
// and replaces everything when the site is rebuilt. Nothing is sent anywhere.
"use strict";
// A hash of the build's files: a rebuilt site has a new worker, which installs a new cache.
const VERSION = "__VERSION__";
const LIST = "__LIST__";
const OFFLINE = "__OFFLINE__";
// One cache per site and version: two sites on one host keep their own.
const PREFIX = "talkgen:" + self.registration.scope + ":";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

async function precache() {
  const response = await fetch(new URL(LIST + "?v=" + VERSION, self.registration.scope), {
    cache: "no-cache",
  });
  const list = await response.json();
  // A list of another build (a deploy half done): fail, the browser tries again later.
  if (list.version !== VERSION) throw new Error("precache list of another build");
  const cache = await caches.open(CACHE);
  const urls = list.files.map((f) => new URL(f, self.registration.scope).href);
  // A few requests at a time; one missing file must not cost the whole programme.
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++];
      try {
        const r = await fetch(url, { cache: "no-cache" });
        if (r.ok) await cache.put(url, r);
      } catch (e) {
        /* saved on visit instead */
      }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker(), worker(), worker()]);
  if (!(await cache.match(new URL(OFFLINE, self.registration.scope).href))) {
    throw new Error("offline page not saved");
  }
  await self.skipWaiting();
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      await Promise.all(
        keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
      );
      await self.clients.claim();
    })(),
  );
});

/** The cache key of a page: its folder URL (`talks/x/`), also for `talks/x/index.html`. */
function key(url) {
  const u = new URL(url);
  u.hash = "";
  u.search = "";
  if (u.pathname.endsWith("/index.html")) u.pathname = u.pathname.slice(0, -"index.html".length);
  return u.href;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(self.registration.scope)) return;
  if (new URL(req.url).pathname.endsWith("/" + "sw.js")) return;
  if (req.mode === "navigate") event.respondWith(page(req));
  else event.respondWith(asset(req, event));
});

// Pages: the network first, so a fresh programme wins whenever there is one; the saved copy
// when offline; the offline page for a page never saved.
async function page(req) {
  const cache = await caches.open(CACHE);
  try {
    const r = await fetch(req);
    if (r.ok && r.type === "basic") await cache.put(key(req.url), r.clone());
    return r;
  } catch (e) {
    return (
      (await cache.match(key(req.url))) ||
      (await cache.match(new URL(OFFLINE, self.registration.scope).href)) ||
      Response.error()
    );
  }
}

// Styles, scripts, icons and the other files: the saved copy at once, refreshed in the
// background (a rebuilt site replaces the whole cache anyway).
async function asset(req, event) {
  const cache = await caches.open(CACHE);
  const k = key(req.url);
  const saved = await cache.match(k);
  const fresh = fetch(req)
    .then(async (r) => {
      if (r.ok && r.type === "basic") await cache.put(k, r.clone());
      return r;
    })
    .catch(() => undefined);
  if (saved) {
    event.waitUntil(fresh);
    return saved;
  }
  return (await fresh) || Response.error();
}
