// Regenerates the screenshot gallery of the built-in theme (docs/gallery/*.png, listed in
// docs/gallery/README.md): the example conference built with this checkout's talkgen, served
// on a loopback port, photographed by headless Chromium (Debian's /usr/bin/chromium, driven by
// the playwright-core that tests/e2e pins).
//
// Usage (from the repository):
//   (cd tests/e2e && npm ci)            # once: playwright-core
//   node docs/gallery/make.mjs          # the example conference
//   node docs/gallery/make.mjs --pretalx  # also the imported pretalx demo (../shared/interop)
// Environment: TALKGEN_BIN (default: `cargo run --quiet --`), CHROMIUM (default
// /usr/bin/chromium), PRETALX_EXPORT (default ../shared/interop/pretalx-democon.json).
//
// The same checkout gives the same files: a fixed viewport and device scale, animations and
// the caret off, the clock frozen, fonts awaited, and every shot clipped to the top MAX_HEIGHT
// CSS pixels of the page.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../../tests/html/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "tests", "e2e", "package.json"));
const { chromium } = require("playwright-core");

const MAX_HEIGHT = 1600;
const FROZEN_CLOCK = new Date("2016-08-01T12:00:00Z"); // before the example's days: no "now" marker
const VARIANTS = [
  { name: "light-1280", viewport: { width: 1280, height: 800 }, scheme: "light" },
  { name: "dark-1280", viewport: { width: 1280, height: 800 }, scheme: "dark" },
  { name: "phone-390", viewport: { width: 390, height: 844 }, scheme: "light", mobile: true },
];
const EXAMPLE_PAGES = [
  { name: "overview", path: "/" },
  { name: "schedule", path: "/schedule/" },
  { name: "talk", path: "/talks/python-tracing-superpowers/" },
  { name: "speakers", path: "/speakers/" },
];

const args = process.argv.slice(2);
const withPretalx = args.includes("--pretalx");
for (const a of args) {
  if (a !== "--pretalx") {
    console.error(`unknown argument ${a}\nusage: node docs/gallery/make.mjs [--pretalx]`);
    process.exit(2);
  }
}

function talkgen(...argv) {
  const [cmd, pre] = process.env.TALKGEN_BIN
    ? [process.env.TALKGEN_BIN, []]
    : ["cargo", ["run", "--quiet", "--manifest-path", path.join(repo, "Cargo.toml"), "--"]];
  const r = spawnSync(cmd, [...pre, ...argv], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`talkgen ${argv.join(" ")} failed (${r.error?.message || `exit ${r.status}`})`);
  return r.stdout;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-gallery-"));
const sites = [];
{
  const out = path.join(work, "example");
  talkgen("build", "--quiet", "--root", repo, "--output", out);
  sites.push({ prefix: "", dir: out, pages: EXAMPLE_PAGES });
}
if (withPretalx) {
  const exportFile = path.resolve(process.env.PRETALX_EXPORT ||
    path.join(repo, "..", "shared", "interop", "pretalx-democon.json"));
  const root = path.join(work, "pretalx-root");
  const out = path.join(work, "pretalx");
  talkgen("import", "pretalx", exportFile, "--quiet", "--root", root); // read in place
  talkgen("build", "--quiet", "--root", root, "--output", out);
  // A talk of the demo: the first talk page, by slug.
  const talk = fs.readdirSync(path.join(out, "talks"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "page").map((d) => d.name).sort()[0];
  sites.push({ prefix: "pretalx-", dir: out, pages: [
    { name: "overview", path: "/" },
    { name: "schedule", path: "/schedule/" },
    { name: "talk", path: `/talks/${talk}/` },
    { name: "speakers", path: "/speakers/" },
  ] });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--font-render-hinting=none", "--disable-lcd-text"],
});
const written = [];
try {
  for (const site of sites) {
    const server = await serveStatic(site.dir);
    try {
      for (const v of VARIANTS) {
        const context = await browser.newContext({
          viewport: v.viewport,
          deviceScaleFactor: 1,
          isMobile: !!v.mobile,
          hasTouch: !!v.mobile,
          colorScheme: v.scheme,
          reducedMotion: "reduce",
          locale: "en-US",
          timezoneId: "UTC",
        });
        await context.clock.setFixedTime(FROZEN_CLOCK);
        const page = await context.newPage();
        for (const p of site.pages) {
          const resp = await page.goto(server.base + p.path, { waitUntil: "networkidle" });
          if (!resp || resp.status() !== 200) throw new Error(`${p.path}: HTTP ${resp && resp.status()}`);
          await page.evaluate(() => document.fonts.ready);
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          const file = path.join(here, `${site.prefix}${p.name}-${v.name}.png`);
          await page.screenshot({
            path: file,
            fullPage: true,
            clip: { x: 0, y: 0, width: v.viewport.width, height: Math.min(height, MAX_HEIGHT) },
            animations: "disabled",
            caret: "hide",
            scale: "css",
          });
          written.push(file);
        }
        await context.close();
      }
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
for (const f of written) console.log(`${path.relative(repo, f)}  ${(fs.statSync(f).size / 1024).toFixed(0)} KiB`);
