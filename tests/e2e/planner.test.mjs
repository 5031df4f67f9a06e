// The attendee planner (src/theme/planner.js) in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core): the fixture tests/fixtures/planner (Europe/Berlin,
// 4–5 May 2024) is built with `talkgen build` and served on a loopback port. Everything is
// measured from outside: buttons by role and accessible name, visibility and bounding boxes,
// text, the downloaded calendar parsed by Python's `icalendar`.
//
// Environment: TALKGEN_BIN (default: $CARGO_TARGET_DIR or ../../target, then debug/talkgen),
// CHROMIUM (default /usr/bin/chromium), PYTHON (default python3, with `icalendar` installed).
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
const python = process.env.PYTHON || "python3";
const fixture = path.join(repo, "tests", "fixtures", "planner");

const KEYNOTE = "Morning keynote, with commas; and semicolons"; // Sat 09:00–10:00 Room A, web, beginner
const QUEUES = "Queues at nine"; //        Sat 09:30–10:15 Room B, data, advanced, tags queues+rust
const LATE = "Late morning web"; //        Sat 11:00–11:45 Room A, web, advanced
const AFTERNOON = "Afternoon data"; //     Sat 14:00–14:45 Room B, data, beginner
const OPENER = "Sunday opener"; //         Sun 09:00–09:45 Room A
const KEY = "talkgen:/:favs"; // favourites of the site served at the root of its host

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-planner-"));
const site = path.join(work, "site");
let server;
let browser;
let base;

before(async () => {
  const r = spawnSync(bin, ["build", "--root", fixture, "--output", site], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (build it with cargo build)`);
  assert.equal(r.status, 0, `the planner fixture does not build:\n${r.stdout}${r.stderr}`);
  server = await serveStatic(site);
  base = server.base;
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

// A fresh browser context (its own storage) whose pages fail the test on a page error or dialog.
async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  ctx.dialogs = [];
  ctx.errors = [];
  ctx.on("page", (p) => watch(ctx, p));
  return ctx;
}
function watch(ctx, page) {
  page.on("dialog", (d) => { ctx.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on("pageerror", (e) => ctx.errors.push(e.message));
}
async function open(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(base + url);
  return page;
}
const starOf = (page, title) => page.getByRole("button", { name: `Add “${title}” to my agenda` })
  .or(page.getByRole("button", { name: `Remove “${title}” from my agenda` }));

// Reads an iCalendar file with Python's icalendar: its events as {uid, summary, start, end}.
function parseIcs(file) {
  const code = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
out = []
for ev in cal.walk("VEVENT"):
    out.append({"uid": str(ev["UID"]), "summary": str(ev["SUMMARY"]),
                "start": ev.decoded("DTSTART").isoformat(), "end": ev.decoded("DTEND").isoformat()})
print(json.dumps(out))`;
  const r = spawnSync(python, ["-c", code, file], { encoding: "utf8" });
  assert.equal(r.status, 0, `icalendar could not parse ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test("a star survives a reload, syncs to another tab, and the agenda and its .ics hold that talk", async () => {
  const ctx = await context();
  const page = await open(ctx, "/talks/");
  const star = starOf(page, KEYNOTE);
  await star.waitFor();
  assert.equal(await star.getAttribute("aria-pressed"), "false");
  const other = await open(ctx, "/schedule/");
  await starOf(other, KEYNOTE).waitFor();
  await star.click();
  assert.equal(await star.getAttribute("aria-pressed"), "true");
  assert.equal(await star.getAttribute("aria-label"), `Remove “${KEYNOTE}” from my agenda`);
  // The other tab learns of it from the storage event, without a reload.
  await other.waitForFunction((t) => [...document.querySelectorAll("button[aria-pressed=true]")]
    .some((b) => b.getAttribute("aria-label").includes(t)), KEYNOTE);
  await page.reload();
  assert.equal(await starOf(page, KEYNOTE).getAttribute("aria-pressed"), "true");
  assert.equal(await starOf(page, QUEUES).getAttribute("aria-pressed"), "false");

  // The agenda, reached from the navigation, lists that talk and nothing else.
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "My agenda" }).click();
  await page.waitForURL(/\/agenda\/$/);
  await page.getByRole("link", { name: KEYNOTE }).waitFor();
  // Every link of the page's main part that leads to a talk page: the agenda's talks.
  const titles = await page.locator("main a[href]").evaluateAll((links) => links
    .filter((a) => /\/talks\/[^/]+\/$/.test(new URL(a.href).pathname)).map((a) => a.textContent));
  assert.deepEqual(titles, [KEYNOTE]);
  assert.match(await page.locator("main").innerText(), /Saturday 4 May 2024/);

  // The calendar made in the browser: parsed by icalendar, the same UID and times as schedule.ics.
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "Download as calendar (.ics)" }).click()]);
  const file = path.join(work, "agenda.ics");
  await download.saveAs(file);
  const raw = fs.readFileSync(file);
  const text = raw.toString("utf8");
  assert.ok(text.split("\r\n").every((l) => Buffer.byteLength(l) <= 75), "every line is folded at 75 octets");
  assert.ok(!/[^\r]\n/.test(text), "lines end with CRLF");
  const events = parseIcs(file);
  const schedule = parseIcs(path.join(site, "schedule.ics"));
  const expected = schedule.find((e) => e.summary === KEYNOTE);
  assert.ok(expected, "schedule.ics holds the keynote");
  assert.deepEqual(events, [expected]);
  assert.equal(expected.start, "2024-05-04T07:00:00+00:00");
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test("a share link opens the same agenda read-only in another browser, which can adopt it", async () => {
  const mine = await context();
  const page = await open(mine, "/schedule/");
  await starOf(page, KEYNOTE).click();
  await starOf(page, LATE).click();
  await page.goto(base + "/agenda/");
  await page.getByRole("link", { name: LATE }).waitFor();
  const link = await page.getByLabel("Share link").inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/agenda\/#share=/);

  const theirs = await context();
  const p2 = await open(theirs, "/talks/");
  await starOf(p2, AFTERNOON).click();
  await p2.goto(link);
  await p2.getByText("An agenda shared with you (2 talks)").waitFor();
  await p2.getByRole("link", { name: KEYNOTE }).waitFor();
  await p2.getByRole("link", { name: LATE }).waitFor();
  assert.equal(await p2.getByRole("link", { name: AFTERNOON }).count(), 0, "the shared agenda, not mine");
  // The two talks do not overlap: no clash is reported.
  assert.doesNotMatch(await p2.locator("main").innerText(), /Clashes with/);
  await p2.getByRole("button", { name: "Add these talks to my agenda" }).click();
  await p2.getByRole("link", { name: AFTERNOON }).waitFor();
  assert.equal(await p2.getByRole("link", { name: KEYNOTE }).count(), 1);
  assert.equal(new URL(p2.url()).hash, "", "the shared ids leave the address once adopted");
  const stored = JSON.parse(await p2.evaluate((k) => localStorage.getItem(k), KEY));
  assert.deepEqual(Object.keys(stored).sort(), ["afternoon-data", "late-morning-web", "morning-keynote"]);

  // Replace: only the shared talks remain.
  await p2.goto(link);
  await p2.getByRole("button", { name: "Adopt this agenda (replace mine)" }).click();
  await p2.getByRole("link", { name: KEYNOTE }).waitFor();
  assert.equal(await p2.getByRole("link", { name: AFTERNOON }).count(), 0);
  await p2.goto(base + "/talks/");
  assert.equal(await starOf(p2, LATE).getAttribute("aria-pressed"), "true");
  assert.equal(await starOf(p2, AFTERNOON).getAttribute("aria-pressed"), "false");
  assert.deepEqual([...mine.errors, ...theirs.errors], []);
  await mine.close();
  await theirs.close();
});

test("the agenda marks overlapping starred talks as clashes, in words", async () => {
  const ctx = await context();
  const page = await open(ctx, "/schedule/");
  await starOf(page, KEYNOTE).click();
  await starOf(page, QUEUES).click();
  await page.goto(base + "/agenda/");
  await page.getByText(`Clashes with ${QUEUES}`).waitFor();
  await page.getByText(`Clashes with ${KEYNOTE}`).waitFor();
  // Unstarred from the agenda itself: the talk and the clash go.
  await page.getByRole("button", { name: `Remove “${QUEUES}” from my agenda` }).click();
  await page.getByRole("link", { name: QUEUES }).waitFor({ state: "detached" });
  assert.doesNotMatch(await page.locator("main").innerText(), /Clashes with/);
  assert.equal(await page.getByRole("link", { name: KEYNOTE }).count(), 1);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test("the zone switch shows a 09:00 Europe/Berlin talk at 16:00 in Asia/Tokyo, and back", async () => {
  const ctx = await context({ timezoneId: "Asia/Tokyo" });
  const page = await open(ctx, "/talks/morning-keynote/");
  const when = page.locator(".talk-head time").nth(1);
  assert.equal(await when.textContent(), "09:00");
  await page.getByText("Times in Europe/Berlin").waitFor();
  const toggle = page.getByRole("button", { name: "Show times in my time zone" });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await when.textContent(), "16:00");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.getByText("Times in Asia/Tokyo (your time zone)").waitFor();
  // Remembered on every page: the schedule shows Tokyo times too, the days stay the conference's.
  await page.goto(base + "/schedule/#day-2024-05-05");
  const block = page.getByRole("link", { name: OPENER });
  await block.waitFor();
  const grid = await page.locator("#day-2024-05-05").locator("..").innerText();
  assert.match(grid, /16:00–16:45/);
  await page.goto(base + "/talks/morning-keynote/");
  await page.getByRole("button", { name: "Show times in my time zone" }).click();
  assert.equal(await page.locator(".talk-head time").nth(1).textContent(), "09:00");
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

// The hour label of the time column reading `label`: the leftmost element with that whole text.
async function hourBox(page, label) {
  return page.evaluate((label) => {
    const day = [...document.querySelectorAll("section")].find((s) => !s.hidden && s.querySelector("time"));
    const all = [...day.querySelectorAll("*")].filter((e) => e.children.length === 0 && e.textContent.trim() === label);
    const boxes = all.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).sort((a, b) => a.x - b.x);
    return boxes[0] && { x: boxes[0].x, y: boxes[0].y };
  }, label);
}

test("during the conference the schedule shows a Now line at the current time and the overview what is on", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.clock.install({ time: new Date("2024-05-04T09:45:00+02:00") });
  await page.goto(base + "/schedule/");
  const line = page.getByRole("note").filter({ hasText: "Now" });
  await line.waitFor();
  assert.ok(await line.isVisible());
  const box = await line.boundingBox();
  const nine = await hourBox(page, "09:00");
  const ten = await hourBox(page, "10:00");
  assert.ok(nine && ten, "the 09:00 and 10:00 hour labels are on the page");
  assert.ok(box.y > nine.y && box.y < ten.y, `the line (y=${box.y}) lies between 09:00 (${nine.y}) and 10:00 (${ten.y})`);
  assert.ok(box.y > nine.y + (ten.y - nine.y) * 0.6, "and three quarters of the way down");
  const viewport = page.viewportSize();
  assert.ok(box.y >= 0 && box.y < viewport.height, "the page scrolled to it");

  await page.goto(base + "/");
  const nowNext = page.getByRole("region", { name: "On now and next" });
  await nowNext.waitFor();
  const text = await nowNext.innerText();
  assert.match(text, new RegExp(`Now[\\s\\S]*${KEYNOTE}[\\s\\S]*${QUEUES}[\\s\\S]*Next[\\s\\S]*${LATE}`));
  assert.doesNotMatch(text, new RegExp(AFTERNOON));
  await ctx.close();
});

test("before the conference there is no Now line and no now-and-next block", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.clock.install({ time: new Date("2024-04-20T10:00:00+02:00") });
  await page.goto(base + "/schedule/");
  await starOf(page, KEYNOTE).waitFor();
  assert.equal(await page.getByText("Now", { exact: true }).count(), 0);
  await page.goto(base + "/");
  await page.waitForLoadState("networkidle");
  assert.equal(await page.getByRole("region", { name: "On now and next" }).count(), 0);
  assert.equal(await page.getByText("On now and next").isVisible(), false);
  await ctx.close();
});

test("hide past talks hides what has ended, and is remembered", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.clock.install({ time: new Date("2024-05-04T12:00:00+02:00") });
  await page.goto(base + "/talks/");
  const url = page.url();
  await page.getByLabel("Hide past talks").check();
  assert.equal(await page.getByRole("link", { name: KEYNOTE }).isVisible(), false);
  assert.equal(await page.getByRole("link", { name: LATE }).isVisible(), false);
  assert.ok(await page.getByRole("link", { name: AFTERNOON }).isVisible());
  assert.ok(await page.getByRole("link", { name: OPENER }).isVisible());
  assert.equal(page.url(), url);
  await page.goto(base + "/schedule/");
  assert.ok(await page.getByLabel("Hide past talks").isChecked());
  assert.equal(await page.getByRole("link", { name: QUEUES }).isVisible(), false);
  assert.ok(await page.getByRole("link", { name: AFTERNOON }).isVisible());
  await page.getByLabel("Hide past talks").uncheck();
  assert.ok(await page.getByRole("link", { name: QUEUES }).isVisible());
  await ctx.close();
});

test("filters hide and show talks without a reload", async () => {
  const ctx = await context();
  const page = await open(ctx, "/talks/");
  await page.evaluate(() => { window.__stay = 1; });
  const visible = async (t) => {
    const l = page.getByRole("link", { name: t, exact: true });
    return (await l.isVisible()) && ((await l.boundingBox())?.height ?? 0) > 0;
  };
  await page.getByRole("combobox", { name: /^Track:/ }).selectOption("Data");
  assert.equal(await visible(KEYNOTE), false);
  assert.ok(await visible(QUEUES));
  await page.getByRole("combobox", { name: /^Level:/ }).selectOption("Beginner");
  assert.equal(await visible(QUEUES), false);
  assert.ok(await visible(AFTERNOON));
  await page.getByRole("combobox", { name: /^Level:/ }).selectOption("");
  await page.getByRole("combobox", { name: /^Tag:/ }).selectOption("queues");
  assert.ok(await visible(QUEUES));
  assert.equal(await visible(AFTERNOON), false);
  await page.getByRole("combobox", { name: /^Tag:/ }).selectOption("");
  await page.getByRole("combobox", { name: /^Track:/ }).selectOption("");
  await starOf(page, LATE).click();
  await page.getByLabel("Only my agenda").check();
  assert.ok(await visible(LATE));
  assert.equal(await visible(KEYNOTE), false);
  await page.getByLabel("Only my agenda").uncheck();
  assert.ok(await visible(KEYNOTE));
  assert.equal(await page.evaluate(() => window.__stay), 1, "no navigation happened");

  await page.goto(base + "/schedule/");
  await page.evaluate(() => { window.__stay = 2; });
  await page.getByRole("combobox", { name: /^Room:/ }).selectOption("Room B");
  assert.equal(await visible(KEYNOTE), false);
  assert.ok(await visible(QUEUES));
  assert.equal(await page.evaluate(() => window.__stay), 2);
  await ctx.close();
});

const EVIL = [
  '<img src=x onerror="window.__pwned=1">',
  "javascript:window.__pwned=1",
  '"><script>window.__pwned=1</script>',
];

test("share links and stored values carrying markup, script URLs or 100 KB run nothing", async () => {
  const ctx = await context();
  await ctx.addInitScript(() => { window.__pwned = 0; });
  const page = await ctx.newPage();
  const check = async (what) => {
    assert.equal(await page.evaluate(() => window.__pwned), 0, `${what}: no script ran`);
    assert.equal(await page.locator('img[src="x"], main script').count(), 0, `${what}: no such element`);
    assert.deepEqual(ctx.dialogs, [], `${what}: no dialog`);
  };
  for (const evil of EVIL) {
    const hash = "#share=" + encodeURIComponent(`2024-05-04-0:${evil},morning-keynote;${evil}:late-morning-web`);
    await page.goto(base + "/agenda/" + hash);
    await page.getByRole("link", { name: KEYNOTE }).waitFor();
    await page.getByText("An agenda shared with you (1 talks)").waitFor();
    assert.equal(await page.getByRole("link", { name: LATE }).count(), 0, "an id under an unknown part is ignored");
    await check(evil);
  }
  // 100 KB of ids: refused whole, the page shows the visitor's own (empty) agenda.
  const big = "#share=2024-05-04-0:" + "morning-keynote,".repeat(6400);
  assert.ok(big.length > 100000);
  await page.goto(base + "/agenda/" + big);
  await page.getByText("Your agenda is empty").waitFor();
  await check("100 KB share link");
  // Unknown ids of a known part are ignored.
  await page.goto(base + "/agenda/#share=2024-05-04-0:no-such-talk,morning-keynote");
  await page.getByText("An agenda shared with you (1 talks)").waitFor();

  // Stored values: markup as keys and values, a non-object, and 100 KB.
  const stored = [
    JSON.stringify(Object.fromEntries(EVIL.map((e) => [e, e]).concat([["morning-keynote", "2024-05-04-0"], ["late-morning-web", EVIL[0]]]))),
    JSON.stringify([EVIL[0]]),
    "not json " + EVIL[0],
    JSON.stringify({ "morning-keynote": "2024-05-04-0", pad: "x".repeat(100000) }),
  ];
  for (const [i, value] of stored.entries()) {
    await page.goto(base + "/agenda/");
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, value]);
    await page.reload();
    if (i === 0) {
      await page.getByRole("link", { name: KEYNOTE }).waitFor();
      assert.equal(await page.getByRole("link", { name: LATE }).count(), 0);
    } else {
      await page.getByText("Your agenda is empty").waitFor();
    }
    await check(`stored value ${i}`);
    // The page still works: a star still toggles.
    await page.goto(base + "/talks/");
    await starOf(page, OPENER).click();
    assert.equal(await starOf(page, OPENER).getAttribute("aria-pressed"), "true");
    await check(`stored value ${i}, talks page`);
  }
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test("without JavaScript every page reads: no stars, the agenda explains itself, times name their zone", async () => {
  const ctx = await context({ javaScriptEnabled: false });
  const page = await open(ctx, "/agenda/");
  await page.getByText("My agenda needs JavaScript. It is kept in this browser only").waitFor();
  assert.ok(await page.getByText("My agenda needs JavaScript").isVisible());
  for (const url of ["/schedule/", "/talks/", "/talks/morning-keynote/", "/speakers/ada-lovelace/", "/"]) {
    await page.goto(base + url);
    assert.equal(await page.getByRole("button", { name: /to my agenda|from my agenda/ }).count(), 0, `${url}: no star`);
    assert.equal(await page.getByRole("button", { name: "Show times in my time zone" }).count(), 0);
    assert.ok(await page.getByText("Times in Europe/Berlin").isVisible(), `${url}: the zone is named`);
  }
  await page.goto(base + "/talks/morning-keynote/");
  assert.match(await page.locator("main header").textContent(), /09:00–10:00 Europe\/Berlin/);
  await ctx.close();
});
