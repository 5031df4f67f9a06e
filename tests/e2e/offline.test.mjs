// Offline use (docs/offline.md), in a real headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core) against the example conference built with `talkgen build` and served over
// loopback HTTP under a sub-path (/conf/), as a static host serves it. "Offline" is real: the
// server is stopped and the browser context set offline, so only the service worker's cache can
// answer. Then the site is rebuilt with a change (the new content must win and the old cache go),
// and rebuilt with `offline: false` (the installed worker must remove itself).
//
// Environment: TALKGEN_BIN (default: $CARGO_TARGET_DIR or ../../target, then debug/talkgen),
// CHROMIUM (default /usr/bin/chromium).
import { test, before, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./browser.mjs";
import { serveStatic } from "../html/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const bin = process.env.TALKGEN_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "debug", "talkgen");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-offline-"));
const root = path.join(work, "root");
const www = path.join(work, "www");
const out = path.join(www, "conf");
let server;
let port;
let browser;

function build(extra = []) {
  const r = spawnSync(bin, ["build", "--root", root, "--output", out,
    "--base-url", `http://127.0.0.1:${port}/conf/`, ...extra], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (build it with cargo build)`);
  if (r.status !== 0) throw new Error(`the example does not build (exit ${r.status}):\n${r.stderr}`);
}

const talks = () => JSON.parse(fs.readFileSync(path.join(out, "talks.json"), "utf8")).talks;
const site = () => `http://127.0.0.1:${port}/conf/`;
/** A URL of talks.json (absolute, or a path) as the browser asks for it. */
const at = (u) => new URL(u, site()).href;

async function startServer() {
  if (server) return;
  server = await serveStatic(www, { port });
  port = Number(new URL(server.base).port);
}

before(async () => {
  fs.mkdirSync(root);
  fs.cpSync(path.join(repo, "content"), path.join(root, "content"), { recursive: true });
  if (fs.existsSync(path.join(repo, "static"))) {
    fs.cpSync(path.join(repo, "static"), path.join(root, "static"), { recursive: true });
  }
  fs.mkdirSync(www);
  port = 0;
  await startServer();
  build();
  browser = await launchChromium();
});

// Each test starts with the server up, whatever the one before left.
beforeEach(startServer);

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The names of this site's caches, as the page sees them. */
const cacheNames = (page) => page.evaluate(async () =>
  (await caches.keys()).filter((k) => k.startsWith("talkgen:")));

/** Waits until the worker controls the page and its cache holds the whole precache list. */
async function waitForPrecache(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  const expected = JSON.parse(fs.readFileSync(path.join(out, "sw-precache.json"), "utf8"));
  await page.waitForFunction(async ({ version, n }) => {
    const name = (await caches.keys()).find((k) => k.endsWith(":" + version));
    return name ? (await (await caches.open(name)).keys()).length >= n : false;
  }, { version: expected.version, n: expected.files.length }, { timeout: 30000, polling: 200 });
  return expected;
}

const source = (t) => path.join(root, "content", "talks", t.slug + ".md");
const h1 = (page) => page.locator("h1").first().innerText();

test("after one visit, unvisited talk and speaker pages and the schedule open offline; a rebuild replaces the cache", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site());
  const first = await waitForPrecache(page);
  assert.ok(first.files.includes("schedule/"), "the schedule is saved at install");
  // Real offline: no server, and the browser's network switched off.
  await server.close();
  server = null;
  await context.setOffline(true);
  const all = talks();
  const talk = all.find((t) => t.slot && t.speakers.length && fs.existsSync(source(t)));
  await page.goto(at(talk.url));
  assert.equal(await h1(page), talk.title);
  const speaker = talk.speakers[0];
  await page.goto(at(speaker.url));
  assert.equal(await h1(page), speaker.name);
  await page.goto(site() + "schedule/");
  assert.equal(await h1(page), "Schedule");
  // A talk page reached through an index.html link is the same saved page.
  await page.goto(at(talk.url) + "index.html");
  assert.equal(await h1(page), talk.title);
  // A page that was never saved (not in the list, not visited) gets the offline page.
  await page.goto(site() + "talks.json-not-a-page/");
  assert.equal(await h1(page), "You are offline");

  // The organisers change a title and rebuild; the attendee comes back online and reloads.
  const file = source(talk);
  assert.ok(file, `the source of ${talk.title}`);
  const newTitle = "A title changed after the first visit";
  const src = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, src.replace(/^title:.*$/m, `title: ${JSON.stringify(newTitle)}`));
  build();
  const second = JSON.parse(fs.readFileSync(path.join(out, "sw-precache.json"), "utf8"));
  assert.notEqual(second.version, first.version, "a changed site has a new version");
  await startServer();
  await context.setOffline(false);
  await page.goto(at(talk.url));
  await page.reload();
  assert.equal(await h1(page), newTitle);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForFunction(async ({ oldV, newV }) => {
    const keys = await caches.keys();
    return keys.some((k) => k.endsWith(":" + newV)) && !keys.some((k) => k.endsWith(":" + oldV));
  }, { oldV: first.version, newV: second.version }, { timeout: 30000, polling: 200 });
  // And the new copy is what is shown offline now.
  await waitForPrecache(page);
  await context.setOffline(true);
  await page.goto(at(talk.url));
  assert.equal(await h1(page), newTitle);
  await context.setOffline(false);

  // `offline: false`: a worker installed before removes itself and its cache.
  const conf = path.join(root, "content", "conference.yaml");
  fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").trimEnd() + "\noffline: false\n");
  build();
  assert.ok(!fs.existsSync(path.join(out, "sw-precache.json")), "no precache list");
  assert.ok(!fs.existsSync(path.join(out, "offline.js")), "no registration script");
  // The visit itself finds the new worker, which reloads the page once it has removed itself:
  // the load event of this navigation may never come (seen on a loaded CI machine), so wait
  // only for the response, and ask for the update where the page still can.
  await page.goto(site(), { waitUntil: "commit" });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update())
    .catch(() => {}); // the worker's reload may have replaced the page meanwhile
  await page.waitForLoadState("load");
  await page.waitForFunction(async () =>
    (await navigator.serviceWorker.getRegistrations()).length === 0 &&
    !(await caches.keys()).some((k) => k.startsWith("talkgen:")), null, { timeout: 30000, polling: 200 });
  await context.close();

  // A new visitor of the opted-out site gets no worker at all.
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await p2.goto(site());
  await p2.waitForLoadState("load");
  await p2.waitForTimeout(1000);
  assert.equal(await p2.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.equal(await p2.locator('script[src$="offline.js"]').count(), 0);
  await fresh.close();
  fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").replace("\noffline: false\n", "\n"));
  build();
});

test("the web app manifest is valid JSON with the required members and its icons exist with their type", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site());
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const url = new URL(href, page.url());
  const r = await page.request.get(url.href);
  assert.equal(r.status(), 200);
  const manifest = JSON.parse(await r.text());
  for (const key of ["name", "short_name", "start_url", "scope", "display", "theme_color", "background_color", "icons"]) {
    assert.ok(manifest[key], `manifest has ${key}`);
  }
  assert.ok(manifest.short_name.length <= 12);
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  assert.equal(new URL(manifest.start_url, url).href, site());
  assert.equal(new URL(manifest.scope, url).href, site());
  assert.ok(manifest.icons.length >= 1);
  for (const icon of manifest.icons) {
    const ir = await page.request.get(new URL(icon.src, url).href);
    assert.equal(ir.status(), 200, icon.src);
    assert.equal(ir.headers()["content-type"].split(";")[0], icon.type, icon.src);
  }
  await context.close();
});

test("a site opened from disk registers no worker and still reads", async () => {
  const disk = path.join(work, "disk");
  const r = spawnSync(bin, ["build", "--root", root, "--output", disk, "--file-links"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("file://" + path.join(disk, "index.html"));
  await page.waitForLoadState("load");
  assert.ok((await h1(page)).length > 0);
  assert.deepEqual(errors, []);
  await context.close();
});
