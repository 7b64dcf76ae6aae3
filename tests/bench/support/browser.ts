/**
 * The browser side of the benchmarks: a production build of the client and Debian's headless chromium
 * through playwright-core, launched as the end-to-end tests launch it (tests/support/chromium.ts).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumLaunchOptions } from "../../support/chromium.js";
import { repoRoot } from "./proc.js";

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
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
