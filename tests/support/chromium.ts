/**
 * How every browser run here launches Chromium: Debian's (never a downloaded one; CHROMIUM_PATH overrides the
 * path), headless, with the flags that keep it from reaching the network on its own. Used by the end-to-end
 * tests (tests/playwright.config.ts) and the browser benchmarks (tests/bench/support/browser.ts).
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
