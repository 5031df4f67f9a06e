// Search on a built site, measured in headless Chromium (Debian's, through playwright-core from
// tests/e2e): for each query, the bytes the browser transferred for it (gzipped, headers
// included, as a static host serves them: tests/html/static-server.mjs) and the time from
// navigation to the first results shown, with the CPU throttled 4× as Lighthouse's mobile
// preset does. Each query runs in a fresh browser context (cold cache).
//
//   node benches/search.mjs SITE_DIR QUERY...             talkgen's search page, /search/?q=
//   node benches/search.mjs --pagefind SITE_DIR QUERY...  Pagefind's index in SITE_DIR/pagefind/
//                                                          (its JS API: search, then the data of
//                                                          the first 20 results, as its UI shows)
//   node benches/search.mjs --box SITE_DIR QUERY...       the header box on a talk page: time
//                                                          from the last key to the first
//                                                          suggestion, bytes after the page loaded
import path from "node:path";
import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../tests/html/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "e2e", "package.json"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const mode = args[0] === "--pagefind" ? "pagefind" : args[0] === "--box" ? "box" : "page";
if (mode !== "page") args.shift();
const [site, ...queries] = args;
if (!site || queries.length === 0) {
  console.error("usage: node benches/search.mjs [--pagefind|--box] SITE_DIR QUERY...");
  process.exit(2);
}
const RUNS = Number(process.env.RUNS || 3);

// A page for Pagefind's own JavaScript API, written beside its index (removed at the end).
const PF_PAGE = "pagefind-bench.html";
if (mode === "pagefind") {
  fs.writeFileSync(path.join(site, PF_PAGE), `<!doctype html><meta charset="utf-8"><title>pf</title>
<ol id="r"></ol><script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("./pagefind/pagefind.js");
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
for (const d of data) { const li = document.createElement("li"); li.textContent = d.meta.title || d.url; document.getElementById("r").append(li); }
document.title = "done " + search.results.length;
</script>`);
}

const server = await serveStatic(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function once(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  // Every request of the context, workers' too (Pagefind fetches from a worker), with the bytes
  // on the wire: the body as sent (gzipped) and the headers.
  const sizes = [];
  const pending = [];
  context.on("requestfinished", (r) => pending.push(r.sizes().then((z) => {
    sizes.push({ url: r.url(), bytes: z.responseBodySize + z.responseHeadersSize });
  })));
  let ms, count, script = NaN, from = 0;
  if (mode === "box") {
    await page.goto(`${server.base}/talks/`);
    await page.waitForLoadState("networkidle");
    await Promise.all(pending);
    from = sizes.length;
    await page.getByRole("combobox").click();
    await page.keyboard.type(query);
    const t0 = Date.now();
    await page.getByRole("option").filter({ hasText: query }).last().waitFor({ timeout: 60_000 });
    ms = Date.now() - t0;
    count = await page.getByRole("option").count();
  } else {
    const url = mode === "pagefind" ? `${server.base}/${PF_PAGE}?q=${encodeURIComponent(query)}`
      : `${server.base}/search/?q=${encodeURIComponent(query)}`;
    const t0 = Date.now();
    await page.goto(url);
    if (mode === "pagefind") {
      await page.waitForFunction(() => document.title.startsWith("done"), null, { timeout: 120_000 });
      count = Number((await page.title()).split(" ")[1]);
    } else {
      await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent), null, { timeout: 120_000 });
      count = Number((await page.locator("#search-status").textContent()).match(/[\d,.]+/)[0].replace(/[,.]/g, ""));
    }
    ms = Date.now() - t0;
    // From the search script's arrival to the results (the page's own load left out).
    script = await page.evaluate(() => {
      const s = performance.getEntriesByType("resource").find((r) => /search\.js|pagefind\.js/.test(r.name));
      return s ? Math.round(performance.now() - s.responseEnd) : NaN;
    });
  }
  await page.waitForTimeout(300);
  await Promise.all(pending);
  const search = sizes.slice(from).filter((s) => mode === "box" || /search(-box)?\.js|search-index\/|\/pagefind\//.test(s.url));
  const bytes = search.reduce((a, s) => a + s.bytes, 0);
  await context.close();
  return { ms, script, bytes, files: search.length, count };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| query | results | files | bytes transferred | time to results (median of ${RUNS}, CPU 4×) | of which after the search script arrived |`);
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const q of queries) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(q));
  const r = runs[0];
  console.log(`| ${q} | ${r.count} | ${r.files} | ${r.bytes.toLocaleString("en")} | ${median(runs.map((x) => x.ms))} ms | ${median(runs.map((x) => x.script))} ms |`);
}
await browser.close();
await server.close();
if (mode === "pagefind") fs.rmSync(path.join(site, PF_PAGE));
