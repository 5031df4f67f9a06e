// The built-in theme on the example conference, measured from outside in Debian's Chromium
// (playwright-core, never downloading a browser): the page title above the fold on a phone, no
// sideways scrolling of the page, dark mode on every control, the print stylesheet, and the
// schedule's day tabs with and without JavaScript.
//
// Environment: TALKGEN_BIN (default: $CARGO_TARGET_DIR or ../../target, then debug/talkgen),
// CHROMIUM (default /usr/bin/chromium).
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
const PAGES = [
  "/", "/fundamentals-performance/", "/talks/python-tracing-superpowers/", "/schedule/",
  "/speakers/", "/speakers/eben-freeman/", "/tracks/fundamentals/", "/talks/", "/venue/",
];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-theme-"));
let server;
let browser;

before(async () => {
  const out = path.join(work, "public");
  const r = spawnSync(bin, ["build", "--root", repo, "--output", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the example does not build:\n${r.stderr}`);
  server = await serveStatic(out);
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Relative luminance (WCAG) of a computed `rgb(...)` colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test("on a phone, every page's title is above the fold and the page never scrolls sideways", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const page = await context.newPage();
    for (const p of PAGES) {
      await page.goto(server.base + p);
      const h1 = await page.locator("h1").first().boundingBox();
      assert.ok(h1 && h1.y + h1.height <= 844, `${p}: the h1 ends at ${h1 && h1.y + h1.height} px`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `${p}: the page is ${wide} px wide at 390`);
    }
  } finally {
    await context.close();
  }
});

test("dark mode darkens the page and every control", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
  try {
    const page = await context.newPage();
    for (const p of ["/", "/schedule/", "/talks/"]) {
      await page.goto(server.base + p);
      const colours = await page.evaluate(() => {
        const bg = (el) => {
          for (let n = el; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            if (!/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(c)) return c;
          }
          return "rgb(255, 255, 255)";
        };
        const controls = [...document.querySelectorAll("input, button, [role=tab], .card, a.btn")]
          .filter((e) => e.getBoundingClientRect().width > 0);
        return {
          body: bg(document.body),
          text: getComputedStyle(document.body).color,
          controls: controls.map((e) => ({ what: e.outerHTML.slice(0, 60), bg: bg(e), fg: getComputedStyle(e).color })),
        };
      });
      assert.ok(luminance(colours.body) < 0.05, `${p}: body background ${colours.body}`);
      assert.ok(luminance(colours.text) > 0.5, `${p}: body text ${colours.text}`);
      assert.ok(colours.controls.length > 0, `${p}: controls found`);
      for (const c of colours.controls) {
        // A control may be filled with the accent (then its text is dark) but never be a white
        // box with dark text in the dark page.
        const light = luminance(c.bg) > 0.6 && luminance(c.fg) < 0.2;
        assert.ok(!light, `${p}: ${c.what} stays light in dark mode (${c.bg} / ${c.fg})`);
      }
    }
  } finally {
    await context.close();
  }
});

test("printed on A4, a talk and the schedule drop the navigation and fit the page", async () => {
  const context = await browser.newContext({ viewport: { width: 794, height: 1123 } });
  try {
    const page = await context.newPage();
    for (const p of ["/talks/python-tracing-superpowers/", "/schedule/"]) {
      await page.goto(server.base + p);
      await page.emulateMedia({ media: "print" });
      const facts = await page.evaluate(() => ({
        nav: [...document.querySelectorAll("nav, form[role=search]")]
          .filter((e) => e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== "hidden")
          .map((e) => e.getAttribute("aria-label") || e.tagName),
        h1: document.querySelector("h1").getBoundingClientRect().height,
        wide: [...document.querySelectorAll("main *")]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((e) => e.outerHTML.slice(0, 80)),
        talks: [...document.querySelectorAll("main a[href*='talks/']")].filter((a) => a.getBoundingClientRect().height > 0).length,
      }));
      assert.deepEqual(facts.nav, [], `${p}: navigation printed`);
      assert.ok(facts.h1 > 0, `${p}: the title is printed`);
      assert.deepEqual(facts.wide, [], `${p}: content wider than the A4 page`);
      if (p === "/schedule/") assert.ok(facts.talks >= 16, `${p}: every talk printed (${facts.talks})`);
      const pdf = await page.pdf({ format: "A4" });
      assert.ok(pdf.length > 1000 && pdf.subarray(0, 4).toString() === "%PDF", `${p}: a PDF is made`);
    }
  } finally {
    await context.close();
  }
});

test("the schedule's days are tabs with JavaScript and stacked sections without", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
    try {
      const page = await context.newPage();
      await page.goto(server.base + "/schedule/");
      const visible = async () => page.evaluate(() => [...document.querySelectorAll("h2[id^=day-]")]
        .filter((h) => h.getBoundingClientRect().height > 0).map((h) => h.id));
      if (!javaScriptEnabled) {
        assert.deepEqual(await visible(), ["day-2016-08-19", "day-2016-08-20", "day-2016-08-21"],
          "without JavaScript every day is readable");
        continue;
      }
      const tabs = page.getByRole("tab");
      assert.equal(await tabs.count(), 3, "three day tabs");
      assert.deepEqual(await visible(), ["day-2016-08-19"], "one day at a time");
      await page.getByRole("tab", { name: /Saturday 20 August 2016|Sat 20 Aug/ }).click();
      assert.deepEqual(await visible(), ["day-2016-08-20"]);
      assert.equal(await page.getByRole("tab", { selected: true }).count(), 1);
      await page.keyboard.press("ArrowRight");
      assert.deepEqual(await visible(), ["day-2016-08-21"], "arrow keys move between days");
    } finally {
      await context.close();
    }
  }
});
