// Checks a built talkgen site from outside: every HTML file through the Nu Html Checker (errors
// only), and one page of every page type through axe-core in headless Chromium, each at 390 px
// (phone) and 1280 px (desktop) wide, in the light and the dark colour scheme: 0 violations.
//
// Usage: node check.mjs SITE_DIR [page ...]
//   SITE_DIR  a built site (default: public)
//   page      site paths to run axe on (default: PAGES below, which fit the example conference)
// Environment: CHROMIUM (default /usr/bin/chromium); SEARCH_EXPECT="/talks/a/ /talks/b/" makes
// the search for "tracing" in Chromium find exactly those talks.
// Exits non-zero on any validator error, axe violation or missing page.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "./static-server.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

// One page of every page type of the example conference (content/).
const PAGES = [
  "/", //                                   overview
  "/fundamentals-performance/", //          topic page
  "/talks/python-tracing-superpowers/", //  talk
  "/schedule/", //                          schedule (time grid)
  "/speakers/", //                          speakers index
  "/speakers/eben-freeman/", //             a speaker
  "/tracks/", //                            tracks
  "/tracks/fundamentals/", //               a track
  "/levels/", //                            levels
  "/levels/beginner/", //                   a level
  "/tags/", //                              tags
  "/tags/tracing/", //                      a tag
  "/search/?q=tracing", //                  search (results rendered by its script)
  "/404.html", //                           not found
  "/talks/", //                             all talks (talks.html, paginated)
  "/venue/", //                             a free-form page (content/pages/venue.md)
  "/agenda/", //                            my agenda (filled in by planner.js)
];
const VIEWS = [
  { width: 390, height: 844, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
  { width: 1280, height: 900, scheme: "light" },
  { width: 1280, height: 900, scheme: "dark" },
];

const site = path.resolve(process.argv[2] || "public");
const pages = process.argv.length > 3 ? process.argv.slice(3) : PAGES;
const problems = [];
const fail = (msg) => {
  problems.push(msg);
  console.error(msg);
};

// 1. Nu Html Checker on every .html file of the site.
const vnu = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
const v = spawnSync("java", ["-jar", vnu, "--errors-only", "--skip-non-html", site], {
  encoding: "utf8",
});
if (v.status !== 0) {
  fail(v.stderr || v.stdout || `vnu exited with ${v.status}`);
  fail("vnu: errors found");
} else {
  console.log("vnu: no errors in the HTML pages of " + site);
}

// 2. axe-core in Chromium, the site served on a loopback port as a static host serves it.
const server = await serveStatic(site);
const { chromium } = require("playwright-core");
const profile = mkdtempSync(path.join(os.tmpdir(), "talkgen-axe-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
try {
  const page = await context.newPage();
  for (const view of VIEWS) {
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.emulateMedia({ colorScheme: view.scheme });
    const tag = `@${view.width}px/${view.scheme}`;
    for (const p of pages) {
      const resp = await page.goto(server.base + p);
      if (!resp || resp.status() !== 200) {
        const pending = "";
        fail(`MISSING ${p}: HTTP ${resp && resp.status()}${pending}`);
        continue;
      }
      await page.waitForLoadState("load");
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document));
      for (const v of result.violations) {
        fail(`axe ${p} ${tag}: ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.error(`  ${n.target.join(" ")}: ${n.failureSummary}`);
      }
      console.log(`axe ${p} ${tag}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
    }
  }
  // The search page runs the real script on the real index in the browser: its results are the
  // links to talk pages that the script added, i.e. that the page as served does not have
  // (counted per address, so a page that also lists every talk without JavaScript still works).
  if (process.env.SEARCH_EXPECT !== undefined) {
    await page.goto(server.base + "/search/?q=tracing");
    const talkLinks = () => page.evaluate(async () => {
      const talks = (doc) => [...doc.querySelectorAll("a[href]")]
        .map((a) => new URL(a.getAttribute("href"), location.href).pathname.replace(/index\.html$/, ""))
        .filter((p) => /\/talks\/[^/]+\/$/.test(p));
      const served = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
      const count = new Map();
      for (const p of talks(served)) count.set(p, (count.get(p) || 0) + 1);
      const added = [];
      for (const p of talks(document)) {
        if (count.get(p)) count.set(p, count.get(p) - 1);
        else added.push(p);
      }
      return added;
    });
    const deadline = Date.now() + 10_000;
    let found = await talkLinks();
    while (found.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(100);
      found = await talkLinks();
    }
    found = [...new Set(found)].sort();
    const want = process.env.SEARCH_EXPECT.split(/\s+/).filter(Boolean).sort();
    if (found.join(" ") !== want.join(" ")) {
      fail(`search for "tracing" in Chromium found [${found.join(" ")}], expected [${want.join(" ")}]`);
    } else {
      console.log(`search in Chromium: "tracing" finds ${found.join(", ")}`);
    }
  }
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`HTML checks failed: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log("HTML checks passed");
