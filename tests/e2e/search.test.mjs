// The search in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// on sites built with `talkgen build` and served on a loopback port with gzip, as a static host
// serves them. Checked from outside: the links the results page shows, the combobox's ARIA state
// and keyboard behaviour, the URLs and bytes the browser fetched, and that hostile queries run
// nothing. Expectations come from the content (talks.json), never from a list written here.
//
// Environment: TALKGEN_BIN (default: $CARGO_TARGET_DIR or ../../target, then debug/talkgen),
// CHROMIUM (default /usr/bin/chromium), SEARCH_TALKS (talks of the generated site, default 3000).
import { test, before, after } from "node:test";
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
const TALKS = Number(process.env.SEARCH_TALKS || 3000);
// What one query on the generated site may transfer (gzipped), all files of search included.
const BUDGET = 120 * 1024;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-search-"));
let example, big, browser;

function build(root, out) {
  const r = spawnSync(bin, ["build", "--root", root, "--output", out], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (build it with cargo build)`);
  if (r.status !== 0) throw new Error(`${root} does not build (exit ${r.status}):\n${r.stderr}`);
  return out;
}

// A programme of TALKS talks: common words in every abstract, one rare word per talk
// ("zq<n>word"), 40 tracks, a speaker per ten talks.
const VOCAB = ("system latency memory compiler database streaming kernel network storage " +
  "cluster scheduler observability security testing parser runtime protocol cache").split(" ");
function writeBig(root) {
  const c = path.join(root, "content");
  fs.mkdirSync(path.join(c, "talks"), { recursive: true });
  fs.mkdirSync(path.join(c, "speakers"), { recursive: true });
  const tracks = Array.from({ length: 40 }, (_, i) => `  - slug: track-${i}\n    name: Track ${VOCAB[i % VOCAB.length]} ${i}\n`);
  fs.writeFileSync(path.join(c, "conference.yaml"),
    `name: Search Conf\nstart_date: 2024-05-04\nend_date: 2024-05-05\ntimezone: Europe/Berlin\ntracks:\n${tracks.join("")}`);
  for (let s = 0; s < TALKS / 10; s++) {
    fs.writeFileSync(path.join(c, "speakers", `speaker-${s}.md`),
      `---\nname: Person${s} Surname${s % 97}\n---\nA speaker.\n`);
  }
  for (let i = 0; i < TALKS; i++) {
    const w = (k) => VOCAB[(i * 7 + k * 3) % VOCAB.length];
    fs.writeFileSync(path.join(c, "talks", `talk-${i}.md`),
      `---\ntitle: "${w(0)} ${w(1)} number ${i}"\nspeakers: [speaker-${i % (TALKS / 10)}]\ntrack: track-${i % 40}\n` +
      `description: "About ${w(2)} and ${w(3)}."\n---\n` +
      `We look at ${w(4)}, ${w(5)} and ${w(6)} with zq${i}word in a system of ${w(7)}.\n`);
  }
}

before(async () => {
  example = await serveStatic(build(repo, path.join(work, "example")));
  const bigRoot = path.join(work, "big-src");
  writeBig(bigRoot);
  big = await serveStatic(build(bigRoot, path.join(work, "big")));
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (example) await example.close();
  if (big) await big.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const fold = (s) => String(s).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const words = (s) => fold(s).split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
const strip = (html) => String(html || "").replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/g, " ");

/** The talks of talks.json with a word starting with every word of `query`, as root paths. */
function expectedTalks(dir, query) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, "talks.json"), "utf8"));
  return json.talks.filter((t) => {
    const text = words([t.title, ...t.speakers.map((s) => s.name), ...t.tags, t.track.name,
      t.level ? t.level.name : "", strip(t.description_html), strip(t.abstract_html)].join(" "));
    return words(query).every((q) => text.some((w) => w.startsWith(q)));
  }).map((t) => `/talks/${t.slug}/`).sort();
}

/** The talk pages linked from the results list, as root paths. */
async function resultTalks(page) {
  return page.evaluate(() => [...document.querySelectorAll("#search-results a[href]")]
    .map((a) => new URL(a.href).pathname)
    .filter((p) => /^\/talks\/[^/]+\/$/.test(p)));
}

async function newPage(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], "no script error"));
  return page;
}

test("the search page finds the talks of ?q=, more on request", async (t) => {
  const page = await newPage(t);
  for (const q of ["tracing", "python memory", "Ébén"]) {
    const want = expectedTalks(path.join(work, "example"), q);
    await page.goto(`${example.base}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent));
    // Every expected talk shows (the page shows 20 at a time: the example has fewer).
    assert.deepEqual([...new Set(await resultTalks(page))].sort(), want, q);
    assert.ok(want.length > 0, q);
    t.diagnostic(`${q}: ${want.join(" ")}`);
    assert.equal(await page.getByRole("searchbox").inputValue(), q);
  }
  // A speaker's name lists the speaker's page first, labelled as a speaker.
  await page.goto(`${example.base}/search/?q=eben`);
  const first = page.locator("#search-results li").first();
  await first.waitFor();
  assert.match(await first.innerText(), /Speaker/i);
  assert.equal(new URL(await first.locator("a").getAttribute("href"), example.base).pathname, "/speakers/eben-freeman/");
  // On the big site a common word has more than a page of results: "Show more" adds the next.
  await page.goto(`${big.base}/search/?q=system`);
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
  const n = await page.locator("#search-results li").count();
  await page.getByRole("button", { name: /more/i }).click();
  await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, n);
  assert.equal(await page.locator("#search-results li").count(), 2 * n);
});

test("the header box suggests as one types; arrows, Enter and Escape work", async (t) => {
  const page = await newPage(t);
  await page.goto(`${example.base}/talks/`);
  const box = page.getByRole("combobox", { name: "Search talks" });
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  await box.click();
  await page.keyboard.type("trac", { delay: 30 });
  const list = page.getByRole("listbox");
  // The suggestions of the whole prefix are in when the last option offers all its results.
  await list.getByRole("option").filter({ hasText: "trac" }).last().waitFor();
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  assert.equal(await box.getAttribute("aria-controls"), await list.getAttribute("id"));
  const options = list.getByRole("option");
  const texts = await options.allInnerTexts();
  // Prefix matching: "trac" offers the tracing talks (titles from the content) and the search page.
  const tracing = expectedTalks(path.join(work, "example"), "trac");
  const hrefs = await options.evaluateAll((os) => os.map((o) => new URL(o.dataset.href).pathname));
  for (const p of tracing.slice(0, 3)) assert.ok(hrefs.includes(p), `${p} in ${hrefs}`);
  assert.match(texts.at(-1), /trac/);
  // Down, down: the second option is active (aria-activedescendant and aria-selected).
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const active = await box.getAttribute("aria-activedescendant");
  const second = options.nth(1);
  assert.equal(active, await second.getAttribute("id"));
  assert.equal(await second.getAttribute("aria-selected"), "true");
  assert.equal(await options.nth(0).getAttribute("aria-selected"), "false");
  // Up from the first wraps to the last; Escape closes.
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await box.getAttribute("aria-activedescendant"), await options.last().getAttribute("id"));
  await page.keyboard.press("Escape");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.ok(await list.isHidden());
  // Down reopens; Enter on an option goes to its page.
  await page.keyboard.press("ArrowDown");
  const target = new URL(await options.nth(0).getAttribute("data-href")).pathname;
  await Promise.all([page.waitForURL((u) => u.pathname === target), page.keyboard.press("Enter")]);
  // Enter without a chosen option submits the form to the search page.
  await page.getByRole("combobox", { name: "Search talks" }).fill("memory");
  await page.getByRole("listbox").getByRole("option").filter({ hasText: "memory" }).last().waitFor();
  await Promise.all([page.waitForURL(/\/search\/\?q=memory/), page.keyboard.press("Enter")]);
});

test("a query transfers only its chunks and details, within budget", async (t) => {
  const page = await newPage(t);
  const got = [];
  page.on("requestfinished", async (r) => {
    const s = await r.sizes();
    got.push({ url: new URL(r.url()).pathname, bytes: s.responseBodySize + s.responseHeadersSize });
  });
  await page.goto(`${big.base}/talks/page/3/`);
  await page.waitForLoadState("networkidle");
  const pageFiles = got.length;
  // Reading a page loads no index at all.
  assert.ok(!got.some((g) => g.url.includes("search-index/") || g.url.endsWith("/search.js")), JSON.stringify(got));
  const rare = `zq${Math.floor(TALKS / 2)}word`;
  await page.getByRole("combobox", { name: "Search talks" }).click();
  await page.keyboard.type(rare, { delay: 20 });
  // The suggestions of the whole word are in when the last option offers all its results.
  await page.getByRole("listbox").getByRole("option").filter({ hasText: rare }).last().waitFor();
  const search = got.slice(pageFiles);
  const names = search.map((g) => g.url);
  assert.ok(names.every((u) => u === "/search.js" || /^\/search-index\/(meta|t\d+|d\d+)\.js$/.test(u)), names.join(" "));
  // The manifest once, at most three chunks per distinct prefix typed, a details file or two.
  assert.equal(names.filter((u) => u.endsWith("/meta.js")).length, 1);
  // Which chunks may hold terms starting with a prefix: the one the prefix sorts into and the
  // next ones starting with it (three at most), read from the manifest the build wrote.
  let meta;
  new Function("TALKGEN_SEARCH_DATA", fs.readFileSync(path.join(work, "big", "search-index", "meta.js"), "utf8"))((n, d) => { meta = d; });
  const firsts = meta.chunks;
  const chunksOf = (p) => {
    let at = 0;
    firsts.forEach((f, i) => { if (f <= p) at = i; });
    const out = [at];
    for (let j = at + 1; j < firsts.length && out.length < 3 && firsts[j].startsWith(p); j++) out.push(j);
    return out.map((n) => `/search-index/t${n}.js`);
  };
  const allowed = new Set();
  for (let k = 1; k <= rare.length; k++) chunksOf(rare.slice(0, k)).forEach((c) => allowed.add(c));
  const loaded = names.filter((u) => /\/t\d+\.js$/.test(u));
  assert.ok(firsts.length >= 5, `the index has ${firsts.length} chunks`);
  assert.ok(loaded.every((u) => allowed.has(u)), `${loaded} ⊆ ${[...allowed]}`);
  assert.ok(chunksOf(rare).every((u) => loaded.includes(u)), `the chunks of ${rare}`);
  assert.ok(loaded.length < firsts.length, names.join(" "));
  const total = search.reduce((s, g) => s + g.bytes, 0);
  assert.ok(total < BUDGET, `${total} bytes for one query`);
  t.diagnostic(`"${rare}" on ${TALKS} talks: ${names.join(" ")}: ${total} bytes`);
  const opts = await page.getByRole("listbox").getByRole("option").evaluateAll((os) => os.map((o) => new URL(o.dataset.href).pathname));
  assert.equal(opts[0], `/talks/talk-${Math.floor(TALKS / 2)}/`);
});

test("hostile queries run nothing and stay bounded", async (t) => {
  const page = await newPage(t);
  await page.addInitScript(() => { window.__ran = 0; });
  const evil = `<img src=x onerror="window.__ran=1"><script>window.__ran=2</script>`;
  await page.goto(`${example.base}/search/?q=${encodeURIComponent(evil)}`);
  await page.waitForFunction(() => /\S/.test(document.getElementById("search-status").textContent));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__ran), 0);
  assert.equal(await page.locator("main img, main script:not([src])").count(), 0);
  // The query shows as text when quoted back.
  const status = await page.locator("#search-status").textContent();
  if (/\d/.test(status)) assert.ok(status.includes("<img"), status);
  // In the header box too.
  await page.goto(`${example.base}/talks/`);
  await page.getByRole("combobox", { name: "Search talks" }).fill(evil);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__ran), 0);
  assert.equal(await page.locator("header img:not(.logo)").count(), 0);
  // 10,000 characters, punctuation only, another script: answered at once, the page alive.
  for (const q of ["tracing ".repeat(1250), "!?.,;:()[]{}".repeat(100), "日本語の検索", "Привет мир"]) {
    const started = Date.now();
    await page.goto(`${example.base}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
    await page.waitForLoadState("networkidle");
    assert.ok(Date.now() - started < 5000, `${q.slice(0, 20)}: ${Date.now() - started} ms`);
    assert.equal(await page.evaluate(() => 1 + 1), 2);
  }
});
