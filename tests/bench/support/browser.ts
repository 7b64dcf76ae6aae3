/**
 * The browser side of the benchmarks: a production build of the client and Debian's headless chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH) through playwright-core, with the flags of tests/playwright.config.ts.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { repoRoot } from "./proc.js";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** `vite build` of the client into `outDir` (emptied first). */
export function buildClient(outDir: string): void {
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir"],
    { cwd: repoRoot, stdio: "pipe" },
  );
}

/** Waits for the app's performance mark `name`; its time (ms from navigation start) and detail. */
export async function waitForMark(
  page: Page,
  name: string,
  timeoutMs = 30_000,
): Promise<{ startTime: number; detail: unknown }> {
  await page.waitForFunction((n) => performance.getEntriesByName(n, "mark").length > 0, name, {
    timeout: timeoutMs,
    polling: 10,
  });
  return page.evaluate((n) => {
    const mark = performance.getEntriesByName(n, "mark")[0] as PerformanceMark;
    return { startTime: mark.startTime, detail: mark.detail as unknown };
  }, name);
}
