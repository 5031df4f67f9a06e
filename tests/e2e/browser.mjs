// The headless browser every test here drives: Debian's Chromium (or $CHROMIUM), launched by
// Playwright with nothing that reaches out to the network on its own (no background requests,
// component updates, sync or QUIC), so what a test sees is what the site under test sends.

import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
