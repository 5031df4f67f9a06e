// Lighthouse (mobile, its default config: simulated slow 4G and a 4x slower CPU on a Moto G
// Power-sized screen) on pages of a built talkgen site, served on a loopback port as a static
// host serves it (tests/html/static-server.mjs: index.html for folders, 404.html, gzip).
// Lighthouse 12.2.3 exactly (later majors need Node 22), run on Debian's Chromium through
// chrome-launcher; it never downloads a browser.
//
// Usage: node run.mjs SITE_DIR [page ...] [options]
//   SITE_DIR                a built site (default: ../../public)
//   page                    site paths (default: DEFAULT_PAGES, which fit the example conference)
//   --min SCORE             the threshold for every category (default 0.95)
//   --min-performance S     the threshold for one category (also --min-accessibility,
//   --min-best-practices S    --min-best-practices, --min-seo)
//   --runs N                run each page N times and take the median score (default 1)
//   --json OUT              write every page's scores and failing audits to OUT
//   --chrome PATH           the browser (default $CHROME_PATH or /usr/bin/chromium)
//   --no-gzip               serve uncompressed
// Prints a table of scores; exits 1 if any score is below its threshold, 2 on usage errors.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { serveStatic } from "../html/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const DEFAULT_PAGES = [
  "/", //                                   overview
  "/fundamentals-performance/", //          topic page
  "/talks/python-tracing-superpowers/", //  a talk
  "/schedule/", //                          the schedule
  "/speakers/", //                          speakers index
  "/speakers/eben-freeman/", //             a speaker
];

function usage(msg) {
  console.error(`${msg}\nusage: node run.mjs SITE_DIR [page ...] [--min S] [--min-performance S] ` +
    "[--min-accessibility S] [--min-best-practices S] [--min-seo S] [--runs N] [--json OUT] " +
    "[--chrome PATH] [--no-gzip]");
  process.exit(2);
}

const opts = { min: {}, runs: 1, json: null, gzip: true,
  chrome: process.env.CHROME_PATH || "/usr/bin/chromium" };
const positional = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    return args[++i];
  };
  const score = (s) => {
    const n = Number(s);
    if (!(n >= 0 && n <= 1)) usage(`${a}: a score is a number from 0 to 1, not ${s}`);
    return n;
  };
  if (a === "--min") {
    const n = score(value());
    for (const c of CATEGORIES) opts.min[c] ??= n;
  } else if (a.startsWith("--min-") && CATEGORIES.includes(a.slice(6))) {
    opts.min[a.slice(6)] = score(value());
  } else if (a === "--runs") {
    opts.runs = Number(value());
    if (!Number.isInteger(opts.runs) || opts.runs < 1) usage("--runs takes a whole number ≥ 1");
  } else if (a === "--json") {
    opts.json = value();
  } else if (a === "--chrome") {
    opts.chrome = value();
  } else if (a === "--no-gzip") {
    opts.gzip = false;
  } else if (a === "-h" || a === "--help") {
    usage("Lighthouse scores of a built talkgen site");
  } else if (a.startsWith("-")) {
    usage(`unknown option ${a}`);
  } else {
    positional.push(a);
  }
}
for (const c of CATEGORIES) opts.min[c] ??= 0.95;
const site = path.resolve(positional[0] || path.join(here, "..", "..", "public"));
const pages = positional.length > 1 ? positional.slice(1) : DEFAULT_PAGES;
if (!existsSync(path.join(site, "index.html"))) usage(`${site} is not a built site (no index.html)`);

// One line for an item of an audit's details: the URL, console text or element it is about.
const describe = (item) => {
  const parts = [item.source, item.description, item.url, item.node?.snippet, item.text, item.href]
    .filter((x) => typeof x === "string" && x);
  return (parts.join(" ") || JSON.stringify(item)).slice(0, 200);
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]; // the lower middle: never flatters an even count
};

const server = await serveStatic(site, { gzip: opts.gzip });
const results = [];
let failed = false;
try {
  for (const p of pages) {
    const url = server.base + p;
    const runs = [];
    for (let r = 0; r < opts.runs; r++) {
      // A fresh browser per run: no cache, no warm compositor, nothing carried between pages.
      const chrome = await chromeLauncher.launch({
        chromePath: opts.chrome,
        chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
      });
      const started = Date.now();
      try {
        const out = await lighthouse(url, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: CATEGORIES,
        });
        if (!out) throw new Error(`Lighthouse gave no result for ${url}`);
        runs.push({ lhr: out.lhr, seconds: (Date.now() - started) / 1000 });
      } finally {
        await chrome.kill();
      }
    }
    const lhr = runs[runs.length - 1].lhr;
    if (lhr.runtimeError) {
      failed = true;
      console.error(`${p}: Lighthouse runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    }
    const scores = {};
    for (const c of CATEGORIES) {
      const s = runs.map((r) => r.lhr.categories[c]?.score);
      scores[c] = s.some((x) => x === null || x === undefined) ? null : median(s);
    }
    // What cost points, from the last run: every audit of the four categories below 1.
    const failing = [];
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c]?.auditRefs || []) {
        const audit = lhr.audits[ref.id];
        if (!audit || audit.score === null || audit.score >= 1) continue;
        if (audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "manual") continue;
        if (ref.weight === 0 && c !== "performance") continue;
        failing.push({ category: c, id: ref.id, weight: ref.weight, score: audit.score,
          title: audit.title, displayValue: audit.displayValue || "",
          items: (audit.details?.items || []).slice(0, 5).map(describe) });
      }
    }
    const metrics = {};
    for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
      "cumulative-layout-shift", "speed-index"]) {
      if (lhr.audits[id]) metrics[id] = lhr.audits[id].numericValue;
    }
    const below = CATEGORIES.filter((c) => scores[c] === null || scores[c] < opts.min[c]);
    if (below.length) failed = true;
    results.push({ page: p, url, scores, below, metrics, failing,
      seconds: runs.map((r) => r.seconds), lighthouseVersion: lhr.lighthouseVersion,
      userAgent: lhr.environment?.hostUserAgent, benchmarkIndex: lhr.environment?.benchmarkIndex });
    const shown = CATEGORIES.map((c) => (scores[c] === null ? "n/a" : scores[c].toFixed(2)));
    console.error(`lighthouse ${p}: ${shown.join(" ")} (${runs.map((r) => r.seconds.toFixed(1)).join(", ")} s)`);
  }
} finally {
  await server.close();
}

// The table: one row per page, a star after every score below its threshold.
const head = ["page", ...CATEGORIES, "seconds"];
const rows = results.map((r) => [
  r.page,
  ...CATEGORIES.map((c) => (r.scores[c] === null ? "n/a" : r.scores[c].toFixed(2)) +
    (r.below.includes(c) ? " *" : "")),
  r.seconds.map((s) => s.toFixed(1)).join("/"),
]);
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
console.log(line(head));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
console.log(`thresholds: ${CATEGORIES.map((c) => `${c} ${opts.min[c]}`).join(", ")}` +
  (opts.runs > 1 ? `; median of ${opts.runs} runs` : "") +
  (results[0] ? `; Lighthouse ${results[0].lighthouseVersion}, benchmarkIndex ${results[0].benchmarkIndex}` : ""));
for (const r of results.filter((r) => r.below.length)) {
  console.log(`\n${r.page}: below the threshold in ${r.below.join(", ")}; audits that cost points:`);
  for (const f of r.failing.filter((f) => r.below.includes(f.category))) {
    console.log(`  ${f.category} ${f.id} (weight ${f.weight}, score ${f.score}): ${f.title}` +
      (f.displayValue ? ` — ${f.displayValue}` : ""));
    for (const item of f.items) console.log(`    ${item}`);
  }
}
if (opts.json) {
  writeFileSync(opts.json, JSON.stringify({ site, thresholds: opts.min, runs: opts.runs, results }, null, 2) + "\n");
  console.log(`\nwrote ${opts.json}`);
}
process.exit(failed ? 1 : 0);
