// Checks a built talkgen site from outside: every HTML page through the Nu Html Checker
// (errors only), and the overview, a topic page, a talk page and the schedule through axe-core
// in headless Chromium. Usage: node check.mjs SITE_DIR [page ...]
// Exits non-zero on any validator error or axe violation.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const site = path.resolve(process.argv[2] || "public");
const pages = process.argv.length > 3 ? process.argv.slice(3) : [
  "/", "/fundamentals-performance/", "/talks/python-tracing-superpowers/", "/schedule/",
  "/search/?q=tracing", "/tags/tracing/", "/speakers/eben-freeman/",
];
let failed = false;

// 1. Nu Html Checker on every .html file.
const vnu = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
const v = spawnSync("java", ["-jar", vnu, "--errors-only", "--skip-non-html", site], {
  encoding: "utf8",
});
if (v.status !== 0) {
  failed = true;
  console.error(v.stderr || v.stdout || `vnu exited with ${v.status}`);
  console.log("vnu: errors found");
} else {
  console.log("vnu: no errors in the HTML pages of " + site);
}

// 2. axe-core in Chromium, the site served on a loopback port.
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml" };
const server = createServer(async (req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.join(site, p);
  if (!file.startsWith(site)) { res.writeHead(403); res.end(); return; }
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404); res.end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const { chromium } = require("playwright-core");
const { mkdtempSync } = await import("node:fs");
const os = await import("node:os");
const context = await chromium.launchPersistentContext(
  mkdtempSync(path.join(os.tmpdir(), "talkgen-axe-")),
  {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  },
);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
try {
  // Desktop in the light theme, phone in the dark one: both layouts and both palettes.
  for (const [width, scheme] of [[1280, "light"], [390, "dark"]]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of pages) {
      const resp = await page.goto(base + p);
      if (!resp || resp.status() !== 200) {
        failed = true;
        console.error(`${p}: HTTP ${resp && resp.status()}`);
        continue;
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document));
      for (const v of result.violations) {
        failed = true;
        console.error(`axe ${p} @${width}px/${scheme}: ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.error(`  ${n.target.join(" ")}: ${n.failureSummary}`);
      }
      console.log(`axe ${p} @${width}px/${scheme}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
    }
    await page.close();
  }
  // The search page runs the real script on the real index in the browser.
  const page = await context.newPage();
  await page.goto(base + "/search/?q=tracing");
  const found = await page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href")));
  const want = process.env.SEARCH_EXPECT;
  if (want !== undefined && found.sort().join(" ") !== want) {
    failed = true;
    console.error(`search for "tracing" in Chromium found [${found}], expected [${want}]`);
  } else {
    console.log(`search in Chromium: "tracing" finds ${found.join(", ")}`);
  }
} finally {
  await context.close();
  server.close();
}
if (failed) {
  console.error("HTML checks failed");
  process.exit(1);
}
console.log("HTML checks passed");
