// The schedule's time grid, measured from outside in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core). The fixture tests/fixtures/grid is built with
// `talkgen build` and served on a loopback port as a static host serves it; every assertion is
// about boxes the browser laid out, computed colours, or text, never about class names.
//
// How a talk's block is found, outside in: the visible link whose accessible name is the talk's
// title (`getByRole('link', { name })`), then the largest element around it that holds no link
// to another talk page: the link's outermost ancestor-or-self whose links to talk pages
// (/talks/<slug>/) all lead to this talk. On a grid that is the grid item, in a list the list
// item. A break's block is found the same way from the element whose whole text is its title
// ("Lunch"): its outermost ancestor holding no talk link. A room header is the visible element
// whose whole text is the room's name (outermost such), outside every block. What the markup
// must offer for this is listed in MARKUP below.
//
// Environment: TALKGEN_BIN (default: $CARGO_TARGET_DIR or ../../target, then debug/talkgen),
// CHROMIUM (default /usr/bin/chromium), GRID_FIXTURE (another fixture folder to build instead),
// GRID_DISK_BUILD_ARGS (extra `talkgen build` options for the site opened from disk, if the
// theme needs one for clicking through from disk; space-separated), E2E_SHOTS (a folder:
// screenshots of what was measured).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "./browser.mjs";
import { serveStatic } from "../html/static-server.mjs";

// MARKUP: what these tests rely on, kept minimal so any good markup satisfies it.
//  - each talk on the schedule is a link whose accessible name contains the talk's title, and
//    whose href leads to the talk page (…/talks/<slug>/ or …/talks/<slug>/index.html);
//  - the block around a talk link holds no link to another talk page;
//  - a room's column header is an element whose whole text is the room's name ("Room A");
//  - an hour label of the time column is an element whose whole text is the hour ("09:00");
//  - a break is an element whose whole text is the break's title ("Lunch"), in a block
//    holding no talk link;
//  - days have the anchors of CONTRACT-19 (`#day-2024-05-05`) on schedule/;
//  - on a phone, each talk's block shows its room's name in its text (innerText);
//  - the grid of a day with more rooms than fit is inside an element that scrolls sideways.
const DAY1 = "2024-05-04";
const DAY2 = "2024-05-05";
const ROOMS1 = ["Room A", "Room B", "Room C"];
const ROOMS2 = "ABCDEFGHIJKL".split("").map((l) => `Room ${l}`);
const LONG = "The long talk"; //                  Room A 09:00–10:30, track web
const AFTER_LONG = "Coffee-fuelled follow-up"; // Room A 10:45–11:30
const AFTER_LUNCH = "Digesting the afternoon"; // Room A 13:00–13:45
const FILM = "Midnight film screening"; //        Room A 00:30–01:30 the next calendar day
const B0900 = "Thirty minutes of queues"; //      Room B 09:00–09:30, track data
const B0930 = "Thirty minutes of indexes"; //     Room B 09:30–10:00
const B1000 = "Thirty minutes of caches"; //      Room B 10:00–10:30
const B1300 = "Afternoon lightning round"; //     Room B 13:00–13:30
const C0915 = "Quarter past start"; //            Room C 09:15–10:00, track web
const C1030 = "Late morning deep dive"; //        Room C 10:30–11:15, track data
const DAY1_IN_ORDER = [ // start, then room order
  [LONG, "Room A"], [B0900, "Room B"], [C0915, "Room C"], [B0930, "Room B"], [B1000, "Room B"],
  [C1030, "Room C"], [AFTER_LONG, "Room A"], [AFTER_LUNCH, "Room A"], [B1300, "Room B"],
  [FILM, "Room A"],
];
const DAY2_TALKS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel",
  "India", "Juliett", "Kilo", "Lima"].map((n) => `Parallel session ${n}`);
const PX = 2; // tolerance of a measured edge

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const bin = process.env.TALKGEN_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "debug", "talkgen");
const fixture = path.resolve(process.env.GRID_FIXTURE || path.join(repo, "tests", "fixtures", "grid"));
const diskArgs = (process.env.GRID_DISK_BUILD_ARGS || "").split(/\s+/).filter(Boolean);
const shots = process.env.E2E_SHOTS;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-grid-"));
let server;
let browser;
let diskSite;
let fileLinksSite;

function build(out, extra = []) {
  const root = path.join(work, "root");
  if (!fs.existsSync(root)) fs.cpSync(fixture, root, { recursive: true });
  const r = spawnSync(bin, ["build", "--root", root, "--output", out, ...extra], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (build it with cargo build)`);
  if (r.status !== 0) {
    throw new Error(`the grid fixture does not build (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

before(async () => {
  const site = path.join(work, "site");
  build(site);
  diskSite = site;
  fileLinksSite = path.join(work, "file-links");
  build(fileLinksSite, ["--file-links"]);
  if (diskArgs.length) {
    diskSite = path.join(work, "disk");
    build(diskSite, diskArgs);
  }
  server = await serveStatic(site);
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

// In-page helpers, installed into each page (they work with the page's JavaScript off too:
// Playwright evaluates in its own context).
const PROBE = () => {
  const talkPath = (a) => {
    const p = new URL(a.getAttribute("href"), location.href).pathname.replace(/index\.html$/, "");
    return /\/talks\/[^/]+\/$/.test(p) ? p : null;
  };
  const talksIn = (n) => {
    const s = new Set();
    const links = n.matches("a[href]") ? [n, ...n.querySelectorAll("a[href]")] : n.querySelectorAll("a[href]");
    for (const a of links) {
      const p = talkPath(a);
      if (p) s.add(p);
    }
    return s;
  };
  const visible = (e) => e.checkVisibility({ visibilityProperty: true }) && e.getClientRects().length > 0;
  const text = (e) => e.textContent.replace(/\s+/g, " ").trim();
  // The outermost ancestor-or-self of `el` whose talk links are all links of `el` itself.
  const blockOf = (el) => {
    const own = talksIn(el);
    let block = el;
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      if ([...talksIn(n)].some((p) => !own.has(p))) break;
      block = n;
    }
    return block;
  };
  const allBlocks = () => [...document.querySelectorAll("a[href]")]
    .filter((a) => talkPath(a) && visible(a)).map(blockOf);
  // The visible elements whose whole text is `label`, outermost, outside every talk block.
  const labelled = (label) => {
    const blocks = allBlocks();
    const found = [];
    for (const e of document.body.querySelectorAll("*")) {
      if (text(e) !== label || !visible(e)) continue;
      if (e.parentElement && text(e.parentElement) === label) continue;
      if (blocks.some((b) => b.contains(e))) continue;
      found.push(e);
    }
    return found;
  };
  const common = (a, b) => {
    for (let n = a; n; n = n.parentElement) if (n.contains(b)) return n;
    return null;
  };
  window.__grid = { talkPath, talksIn, visible, text, blockOf, labelled, common };
};

async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(PROBE);
  return page;
}

// A talk's block: { box, text, handle }.
async function block(page, title) {
  const link = page.getByRole("link", { name: title }).filter({ visible: true }).first();
  await link.waitFor({ state: "visible", timeout: 10_000 });
  const handle = await link.evaluateHandle((a) => window.__grid.blockOf(a));
  const box = await handle.asElement().boundingBox();
  assert.ok(box, `the block of "${title}" has a box`);
  const text = await handle.evaluate((e) => e.innerText.replace(/\s+/g, " ").trim());
  return { box, text, handle };
}

// The element labelled `label` (room header, hour, break) belonging to the same day as the
// block `near`: their common ancestor holds no talk link of the `other` day.
async function labelNear(page, label, near, otherDayTitles) {
  const handle = await near.handle.evaluateHandle((b, [label, others]) => {
    const g = window.__grid;
    const otherPaths = new Set();
    for (const a of document.querySelectorAll("a[href]")) {
      const name = g.text(a);
      if (others.some((t) => name.includes(t)) && g.talkPath(a)) otherPaths.add(g.talkPath(a));
    }
    return g.labelled(label).find((e) => {
      const c = g.common(e, b);
      return ![...g.talksIn(c)].some((p) => otherPaths.has(p));
    }) || null;
  }, [label, otherDayTitles]);
  const el = handle.asElement();
  assert.ok(el, `a visible element whose text is "${label}", outside the talk blocks, on the same day`);
  return { box: await el.boundingBox(), handle: el };
}

const bottom = (b) => b.y + b.height;
const right = (b) => b.x + b.width;
const near = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol,
    `${what}: ${actual.toFixed(1)} px, expected ${expected.toFixed(1)} ± ${tol} px`);
const shoot = async (page, name) => {
  if (shots) await page.screenshot({ path: path.join(shots, `grid-${name}.png`), fullPage: true });
};

async function desktop(opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
  const page = await open(context, server.base + "/schedule/");
  return { context, page };
}

test("block tops and heights follow start times and durations", async () => {
  const { context, page } = await desktop();
  try {
    await shoot(page, "desktop");
    const long = await block(page, LONG);
    const b0900 = await block(page, B0900);
    const b0930 = await block(page, B0930);
    const b1000 = await block(page, B1000);
    const c0915 = await block(page, C0915);
    const next = await block(page, AFTER_LONG);

    // A 90-minute talk covers the rows of the three 30-minute talks beside it…
    near(long.box.y, b0900.box.y, PX, "top of the 09:00–10:30 block vs the 09:00–09:30 block");
    near(bottom(long.box), bottom(b1000.box), PX, "bottom of the 09:00–10:30 block vs the 10:00–10:30 block");
    // …and ends before the next talk in its room starts.
    assert.ok(bottom(long.box) <= next.box.y + 0.5,
      `the 90-minute block (bottom ${bottom(long.box)}) ends above the 10:45 block (top ${next.box.y})`);

    // A fixed scale: half hours are equally spaced, heights are durations minus one constant gap.
    const halfHour = b0930.box.y - b0900.box.y;
    assert.ok(halfHour > 10, `30 minutes take some height (${halfHour} px between 09:00 and 09:30)`);
    near(b1000.box.y - b0930.box.y, halfHour, PX, "09:30→10:00 vs 09:00→09:30");
    near(long.box.height - b0900.box.height, 2 * halfHour, 3,
      "90-minute height minus 30-minute height (should be 60 minutes of the scale)");
    assert.ok(long.box.height > 2.5 * b0900.box.height,
      `the 90-minute block (${long.box.height} px) is about 3 × a 30-minute one (${b0900.box.height} px)`);
    near(b0900.box.height, b0930.box.height, 1, "two 30-minute blocks have one height");

    // A 09:15 start sits a quarter of the way into the hour.
    const hour = b1000.box.y - b0900.box.y;
    near(c0915.box.y - b0900.box.y, hour / 4, PX, "09:15 block top below the 09:00 block top");
    near(next.box.y - long.box.y, 1.75 * hour, PX, "10:45 block top below the 09:00 block top");
  } finally {
    await context.close();
  }
});

test("parallel talks stand side by side under their room headers, right of the time column", async () => {
  const { context, page } = await desktop();
  try {
    const a = await block(page, LONG);
    const b = await block(page, B0900);
    const c = await block(page, C0915);
    const [ra, rb, rc] = [right(a.box), right(b.box), right(c.box)];
    assert.ok(ra <= b.box.x + 0.5, `Room A's block [${a.box.x}, ${ra}] is left of Room B's [${b.box.x}, ${rb}]`);
    assert.ok(rb <= c.box.x + 0.5, `Room B's block [${b.box.x}, ${rb}] is left of Room C's [${c.box.x}, ${rc}]`);

    const nine = await labelNear(page, "09:00", a, DAY2_TALKS);
    assert.ok(right(nine.box) <= a.box.x + 0.5,
      `the 09:00 hour label (right ${right(nine.box)}) is left of the first room's block (${a.box.x})`);
    near(nine.box.y, a.box.y, 24, "the 09:00 hour label's top vs the 09:00 blocks' top");

    for (const [room, blk] of [["Room A", a], ["Room B", b], ["Room C", c]]) {
      const head = await labelNear(page, room, blk, DAY2_TALKS);
      assert.ok(bottom(head.box) <= blk.box.y + 0.5,
        `${room}'s header (bottom ${bottom(head.box)}) is above its block (top ${blk.box.y})`);
      const headMid = head.box.x + head.box.width / 2;
      const blkMid = blk.box.x + blk.box.width / 2;
      assert.ok(headMid >= blk.box.x && headMid <= right(blk.box),
        `${room}'s header (centre ${headMid}) is over its column [${blk.box.x}, ${right(blk.box)}]`);
      assert.ok(blkMid >= head.box.x && blkMid <= right(head.box),
        `${room}'s block (centre ${blkMid}) is under its header [${head.box.x}, ${right(head.box)}]`);
    }
  } finally {
    await context.close();
  }
});

test("two tracks get two colours", async () => {
  const { context, page } = await desktop();
  try {
    // Every colour a block paints: backgrounds and visible borders of the block and its
    // descendants (a track may be a fill, a stripe or a badge).
    const colours = (b) => b.handle.evaluate((root) => {
      const out = new Set();
      const clear = (c) => !c || c === "transparent" || /rgba\(.*,\s*0\)$/.test(c);
      for (const e of [root, ...root.querySelectorAll("*")]) {
        const s = getComputedStyle(e);
        if (!clear(s.backgroundColor)) out.add(s.backgroundColor);
        for (const side of ["Top", "Right", "Bottom", "Left"]) {
          const c = s[`border${side}Color`];
          if (parseFloat(s[`border${side}Width`]) > 0 && s[`border${side}Style`] !== "none" && !clear(c)) out.add(c);
        }
      }
      return [...out];
    });
    const web1 = new Set(await colours(await block(page, LONG)));
    const web2 = new Set(await colours(await block(page, C0915)));
    const data1 = new Set(await colours(await block(page, B0900)));
    const data2 = new Set(await colours(await block(page, C1030)));
    const web = [...web1].filter((c) => web2.has(c) && !data1.has(c) && !data2.has(c));
    const data = [...data1].filter((c) => data2.has(c) && !web1.has(c) && !web2.has(c));
    assert.ok(web.length > 0 && data.length > 0,
      `each track has a colour of its own on its blocks: web ${[...web1]} / ${[...web2]}, ` +
      `data ${[...data1]} / ${[...data2]}`);
  } finally {
    await context.close();
  }
});

test("the lunch break spans every room, between the morning and the afternoon", async () => {
  const { context, page } = await desktop();
  try {
    const a = await block(page, LONG);
    const c = await block(page, C0915);
    const label = await labelNear(page, "Lunch", a, DAY2_TALKS);
    const handle = await label.handle.evaluateHandle((e) => {
      let blk = e;
      for (let n = e.parentElement; n && n !== document.body && window.__grid.talksIn(n).size === 0; n = n.parentElement) blk = n;
      return blk;
    });
    const lunch = await handle.asElement().boundingBox();
    assert.ok(lunch.x <= a.box.x + PX && right(lunch) >= right(c.box) - PX,
      `the break [${lunch.x}, ${right(lunch)}] covers Room A's left (${a.box.x}) to Room C's right (${right(c.box)})`);
    const morning = await block(page, AFTER_LONG); // ends 11:30
    const afternoon = await block(page, AFTER_LUNCH); // starts 13:00
    assert.ok(lunch.y >= bottom(morning.box) - 0.5 && bottom(lunch) <= afternoon.box.y + 0.5,
      `the break [${lunch.y}, ${bottom(lunch)}] lies between 11:30 (${bottom(morning.box)}) and 13:00 (${afternoon.box.y})`);
    const hour = (await block(page, B1000)).box.y - (await block(page, B0900)).box.y;
    near(afternoon.box.y - a.box.y, 4 * hour, PX, "13:00 block top below the 09:00 block top");
  } finally {
    await context.close();
  }
});

test("a talk at 00:30 after the first day belongs to the first day, after its morning", async () => {
  const { context, page } = await desktop();
  try {
    const long = await block(page, LONG);
    const film = await block(page, FILM);
    const lastOfDay = await block(page, AFTER_LUNCH);
    const sharesDay2 = await long.handle.evaluate((b, [f, titles]) => {
      const g = window.__grid;
      const day = g.common(b, f);
      return [...day.querySelectorAll("a[href]")].filter((a) => titles.some((t) => g.text(a).includes(t))).length;
    }, [film.handle, DAY2_TALKS]);
    assert.equal(sharesDay2, 0, "the smallest part of the page holding the 09:00 and the 00:30 talks holds no talk of day 2");
    assert.ok(film.box.y > bottom(lastOfDay.box), `the 00:30 talk (top ${film.box.y}) comes after the afternoon (bottom ${bottom(lastOfDay.box)})`);
    assert.ok(film.box.y > long.box.y, "the 00:30 talk is below the 09:00 talks");
  } finally {
    await context.close();
  }
});

test("room headers stay in view while the grid scrolls down; many rooms scroll inside the grid", async () => {
  const { context, page } = await desktop();
  try {
    // Scroll down to the night: the header row of the day is still inside the viewport.
    const film = await block(page, FILM);
    const long = await block(page, LONG);
    const head0 = await labelNear(page, "Room A", long, DAY2_TALKS);
    await film.handle.evaluate((e) => e.scrollIntoView({ block: "end" }));
    // Wait until the block stops moving (a smooth scroll, or the planner's controls laid out
    // late, can still be under way after a fixed 100 ms on a busy machine).
    let filmNow = await film.handle.asElement().boundingBox();
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(50);
      const again = await film.handle.asElement().boundingBox();
      if (again.y === filmNow.y) break;
      filmNow = again;
    }
    const view = page.viewportSize();
    const scrolled = film.box.y - filmNow.y;
    assert.ok(bottom(head0.box) - scrolled < 0,
      `the scroll to 00:30 (${scrolled} px) is long enough to carry a header that does not stick ` +
      `out of view (header bottom was ${bottom(head0.box)} px)`);
    const head = await labelNear(page, "Room A", long, DAY2_TALKS);
    assert.ok(filmNow.y >= 0 && filmNow.y < view.height, `the 00:30 block is in view (top ${filmNow.y})`);
    assert.ok(head.box.y >= -0.5 && bottom(head.box) <= view.height + 0.5,
      `Room A's header is still in the viewport after scrolling to 00:30 (top ${head.box.y}, bottom ${bottom(head.box)})`);
    assert.ok(bottom(head.box) <= filmNow.y + 0.5, "the header is above the block it labels");
    await shoot(page, "scrolled");

    // Day 2: twelve rooms at once. The page does not scroll sideways; the grid does.
    await page.goto(server.base + `/schedule/#day-${DAY2}`);
    await page.evaluate(PROBE);
    const first = page.getByRole("link", { name: DAY2_TALKS[0] }).filter({ visible: true });
    if ((await first.count()) === 0) {
      // Day tabs that show one day at a time: follow the link to day 2.
      await page.locator(`a[href$="#day-${DAY2}"]`).filter({ visible: true }).first().click();
    }
    const alpha = await block(page, DAY2_TALKS[0]);
    const m = await alpha.handle.evaluate((b) => {
      let scroller = null;
      for (let n = b.parentElement; n && n !== document.body; n = n.parentElement) {
        const s = getComputedStyle(n);
        if (/(auto|scroll)/.test(s.overflowX) && n.scrollWidth > n.clientWidth) {
          scroller = n;
          break;
        }
      }
      return {
        pageWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        scroller: scroller && { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth },
      };
    });
    assert.ok(m.pageWidth <= m.innerWidth,
      `the page does not scroll sideways at 1280 px (scrollWidth ${m.pageWidth}, innerWidth ${m.innerWidth})`);
    assert.ok(m.scroller, "an element around day 2's grid scrolls sideways (overflow-x auto/scroll, scrollWidth > clientWidth)");
    // The time column stays in view when the grid is scrolled to its last room.
    const lima = await block(page, DAY2_TALKS[11]);
    await lima.handle.evaluate((e) => e.scrollIntoView({ inline: "end", block: "nearest" }));
    await page.waitForTimeout(100);
    const limaNow = await lima.handle.asElement().boundingBox();
    assert.ok(right(limaNow) <= 1280 + 0.5, "the last room is scrolled into view");
    const ten = await labelNear(page, "10:00", alpha, [LONG, FILM]);
    const tenNow = await ten.handle.boundingBox();
    assert.ok(tenNow.x >= -0.5 && right(tenNow) <= limaNow.x + 0.5,
      `the 10:00 hour label stays in view at the left while the grid shows the last room (x ${tenNow.x})`);
    await shoot(page, "day2-scrolled");
  } finally {
    await context.close();
  }
});

test("on a phone the day is a list in time order, each talk showing its room", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const page = await open(context, server.base + "/schedule/");
    await shoot(page, "phone");
    const boxes = [];
    for (const [title, room] of DAY1_IN_ORDER) {
      const b = await block(page, title);
      assert.ok(b.text.includes(room), `"${title}" shows its room "${room}" on a phone: "${b.text}"`);
      assert.ok(right(b.box) <= 390 + 0.5 && b.box.x >= -0.5, `"${title}" fits the screen [${b.box.x}, ${right(b.box)}]`);
      boxes.push([title, b.box]);
    }
    for (let i = 1; i < boxes.length; i++) {
      const [t0, b0] = boxes[i - 1];
      const [t1, b1] = boxes[i];
      assert.ok(b1.y >= bottom(b0) - 0.5, `"${t1}" (top ${b1.y}) is below "${t0}" (bottom ${bottom(b0)})`);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page does not scroll sideways on a phone (scrollWidth ${width})`);
  } finally {
    await context.close();
  }
});

test("without JavaScript the grid still lays out", async () => {
  const { context, page } = await desktop({ javaScriptEnabled: false });
  try {
    const long = await block(page, LONG);
    const short = await block(page, B0900);
    assert.ok(long.box.height > 2 * short.box.height,
      `without JavaScript the 90-minute block (${long.box.height} px) is still taller than 2 × a 30-minute one (${short.box.height} px)`);
    near(long.box.y, short.box.y, PX, "without JavaScript, 09:00 blocks start level");
    assert.ok(right(long.box) <= short.box.x + 0.5, "without JavaScript, parallel talks stand side by side");
  } finally {
    await context.close();
  }
});

test("the schedule opened from disk has its styles and working links", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const failed = [];
    page.on("requestfailed", (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
    const file = path.join(diskSite, "schedule", "index.html");
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(PROBE);
    const facts = await page.evaluate(() => ({
      sheets: [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => l.href),
      scripts: [...document.querySelectorAll("script[src]")].map((s) => s.src),
      images: [...document.images].map((i) => i.currentSrc || i.src),
      links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
      font: getComputedStyle(document.body).fontFamily,
    }));
    // Chromium does not let a file:// page read cssRules, so "the stylesheet loaded" is: every
    // stylesheet it links is a file that exists, no request failed, and the body's font is not
    // the browser's default serif.
    assert.ok(facts.sheets.length > 0, "the schedule links a stylesheet");
    const missing = (u) => {
      const url = new URL(u);
      if (url.protocol !== "file:") return false;
      let p = fileURLToPath(url.href.replace(/[?#].*$/, ""));
      if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, "index.html");
      return !fs.existsSync(p);
    };
    for (const u of [...facts.sheets, ...facts.scripts, ...facts.images]) {
      assert.ok(!missing(u), `opened from disk, ${u} exists`);
    }
    assert.deepEqual(failed, [], "opened from disk, no request fails");
    assert.ok(!/^"?Times New Roman"?$|^serif$/.test(facts.font),
      `the schedule's body font is the theme's, not the browser default (${facts.font})`);
    const broken = facts.links.filter(missing);
    assert.deepEqual(broken, [], "opened from disk, every link of the schedule leads to a file that exists");
    await shoot(page, "disk");
  } finally {
    await context.close();
  }
});

test("built with --file-links, the site is clicked through from disk", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(fileLinksSite, "schedule", "index.html")).href);
    // Click through: the long talk's link opens its page (not a folder listing), with its styles.
    await page.getByRole("link", { name: LONG }).filter({ visible: true }).first().click();
    await page.waitForLoadState("load");
    const h1 = (await page.locator("h1").first().textContent()).trim();
    assert.equal(h1, LONG, `clicking the talk from disk opens its page (${page.url()})`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.ok(!/^"?Times New Roman"?$|^serif$/.test(font), `the talk page opened from disk has its styles (${font})`);
  } finally {
    await context.close();
  }
});
