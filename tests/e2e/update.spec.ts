import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

// The build the server serves (CLIENT_DIR, as the sync server reads it).
const clientDir = process.env.CLIENT_DIR ?? path.resolve(import.meta.dirname, "../../client/dist");
const serviceWorker = path.join(clientDir, "sw.js");

test("a newly deployed version offers Reload to update instead of breaking the session", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("update"), PASSWORD, "Uma");
  await app.waitForOfflineReady();
  const firstWorker = await app.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? "");
  expect(firstWorker).toMatch(/\/sw\.js$/);

  const original = fs.readFileSync(serviceWorker, "utf8");
  try {
    // "Deploy": a changed service worker script, as every build with changed files produces.
    fs.writeFileSync(serviceWorker, `${original}\n// deployed ${Date.now()}\n`);
    // The app checks for updates every half hour and when it becomes visible; here, at once.
    await app.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const prompt = app.page.getByRole("button", { name: "Reload to update" });
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await expect(app.page.getByText("A new version of Cadence is ready.")).toBeVisible();

    // The running session is untouched until the user chooses: still signed in, still working.
    await app.openAccount();
    await expect(app.displayName()).toHaveValue("Uma");

    const reloaded = app.page.waitForEvent("load");
    await prompt.click();
    await reloaded;
    await expect(app.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
    await expect(app.page.getByRole("button", { name: "Reload to update" })).toHaveCount(0);
    const waiting = await app.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return registration?.waiting ?? null;
    });
    expect(waiting).toBeNull();
  } finally {
    fs.writeFileSync(serviceWorker, original);
  }
  await app.context.close();
});
