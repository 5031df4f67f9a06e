// End-to-end: `talkgen serve` in a real headless Chromium (Debian's /usr/bin/chromium), driven
// by Playwright. The test never reloads the page itself: every change it sees arrives through
// the live-reload channel.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const bin = process.env.TALKGEN_BIN || path.join(repo, "target", "debug", "talkgen");
const PATIENCE = 60_000; // generous: waits for conditions, never asserts durations

const work = fs.mkdtempSync(path.join(os.tmpdir(), "talkgen-e2e-"));
const site = path.join(work, "site");
const serveTmp = path.join(work, "tmp");
fs.cpSync(path.join(repo, "tests", "fixtures", "minimal"), site, { recursive: true });
fs.mkdirSync(serveTmp);
const alpha = path.join(site, "content", "talks", "alpha-talk.md");
const original = fs.readFileSync(alpha, "utf8");

function withTitle(title) {
  return original.replace(/^title: .*$/m, `title: ${title}`);
}

function startServer() {
  const child = spawn(bin, ["serve", "--root", site, "--port", "0"], {
    env: { ...process.env, TMPDIR: serveTmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start\n${out}\n${err}`)), PATIENCE);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}\n${out}\n${err}`));
    });
  });
  return { child, url, logs: () => out + err };
}

const server = startServer();
let browser;

after(async () => {
  if (browser) await browser.close();
  if (server.child.exitCode === null) {
    const exited = new Promise((r) => server.child.on("exit", r));
    server.child.kill("SIGINT");
    await exited;
  }
  // Ctrl-C leaves no temporary folder behind.
  assert.deepEqual(fs.readdirSync(serveTmp), []);
  fs.rmSync(work, { recursive: true, force: true });
});

test("a talk page follows edits, shows errors in an overlay, and recovers", async () => {
  const base = await server.url;
  browser = await launchChromium();
  const page = await browser.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations += 1;
  });

  await page.goto(base + "talks/alpha-talk/");
  assert.equal(await page.textContent("h1"), 'Alpha <Talk> & "Friends"');
  const h1Is = (text) =>
    page.waitForFunction((t) => document.querySelector("h1")?.textContent === t, text, {
      timeout: PATIENCE,
    });

  // 1. Change the title on disk: the open page shows it by itself.
  const before = navigations;
  fs.writeFileSync(alpha, withTitle("Renamed on disk"));
  await h1Is("Renamed on disk");
  assert.ok(navigations > before, "the page reloaded itself");

  // 2. Break the YAML: the overlay names the file and line; the last good page stays.
  fs.writeFileSync(alpha, withTitle("[unclosed"));
  const overlay = page.locator("#talkgen-error-overlay");
  await overlay.waitFor({ state: "visible", timeout: PATIENCE });
  const text = await overlay.textContent();
  assert.match(text, /content\/talks\/alpha-talk\.md:2:\d+/);
  assert.match(text, /invalid YAML/);
  // Errors and warnings are counted apart, and the first problem shown is an error.
  assert.match(await overlay.locator("h2").textContent(), /\(1 error, \d+ warnings?\)/);
  assert.match(await overlay.locator(".talkgen-problem").first().textContent(), /error: /);
  assert.equal(await page.textContent("h1"), "Renamed on disk");
  if (process.env.E2E_SHOTS) await page.screenshot({ path: path.join(process.env.E2E_SHOTS, "overlay.png") });

  // 3. Fix it: the overlay goes away and the fixed title shows.
  fs.writeFileSync(alpha, withTitle("Fixed again"));
  await h1Is("Fixed again");
  await overlay.waitFor({ state: "detached", timeout: PATIENCE });

  // 4. What the overlay shows is text, never markup: a file named like an HTML tag.
  const evil = path.join(site, "content", "talks", "<img src=x onerror=alert(1)>.md");
  fs.writeFileSync(evil, original);
  await overlay.waitFor({ state: "visible", timeout: PATIENCE });
  assert.match(await overlay.textContent(), /content\/talks\/<img src=x onerror=alert\(1\)>\.md/);
  assert.equal(await overlay.locator("img").count(), 0);
  assert.equal(await page.locator("img[onerror]").count(), 0);
  fs.rmSync(evil);
  await overlay.waitFor({ state: "detached", timeout: PATIENCE });
  assert.deepEqual(dialogs, [], "no script from an error message ran");

  // A page served by `talkgen serve` has the live-reload script; the overlay is gone for good.
  assert.equal(await page.locator('script[src="/__talkgen/livereload.js"]').count(), 1);
});
