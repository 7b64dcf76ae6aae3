import { expect, test } from "@playwright/test";
import { text } from "./locales.js";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

test("logout leaves no documents, tokens or user caches, and the next person starts clean", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser, { colorScheme: "light" });
  const { page } = app;
  await app.register(uniqueEmail("first"), PASSWORD, "First person");
  await app.waitForOfflineReady();
  // The first person makes the app their own: dark, violet, Norwegian, pounds.
  await app.openSettings();
  await page.getByRole("radio", { name: "Dark" }).check();
  await page.getByRole("radio", { name: "Violet" }).check();
  await page.getByRole("radio", { name: "Pounds (lb)" }).check();
  await page.getByRole("radio", { name: "Norsk (bokmål)" }).check();
  await expect(page.getByRole("heading", { name: text("nb", "settings.title"), level: 1 })).toBeVisible();
  expect((await app.databases()).some((name) => name.startsWith("cadence-"))).toBe(true);

  await page.getByRole("link", { name: text("nb", "nav.account"), exact: true }).click();
  await page.getByRole("button", { name: text("nb", "account.logout") }).click();
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();

  // Nothing of the first person is left: no database, no storage, no session cookie...
  expect(await app.databases()).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const cookies = await app.context.cookies();
  expect(cookies.filter((c) => c.name.includes("cadence_session"))).toEqual([]);
  // ...and no cache but the app's precache, which holds only the built app (no API answers, no documents).
  const caches = await page.evaluate(async () => {
    const result: { name: string; urls: string[] }[] = [];
    for (const name of await globalThis.caches.keys()) {
      const cache = await globalThis.caches.open(name);
      result.push({ name, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) });
    }
    return result;
  });
  expect(caches.map((c) => c.name).every((name) => name.startsWith("workbox-precache"))).toBe(true);
  const cachedPaths = caches.flatMap((c) => c.urls);
  expect(cachedPaths.filter((p) => p.startsWith("/api") || p.startsWith("/sync"))).toEqual([]);
  expect(cachedPaths).toContain("/index.html");
  // The look and language are the device's defaults again, not the first person's.
  expect(await app.look()).toEqual({ theme: "light", accent: "teal", lang: "en" });

  // The next person starts clean: onboarding, their own name, none of the first person's settings.
  await app.register(uniqueEmail("second"), PASSWORD, "Second person", { onboarding: "stay" });
  await expect(page.getByRole("heading", { name: "Welcome to Cadence, Second person" })).toBeVisible();
  await app.skipOnboarding();
  await expect(page.getByText("First person")).toHaveCount(0);
  await expect(page.getByText(/ lb/)).toHaveCount(0);
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("Second person");
  expect(await app.look()).toEqual({ theme: "light", accent: "teal", lang: "en" });

  // The precache kept at logout still starts the app offline for the next person.
  await app.waitForOfflineReady();
  await app.waitUntilSynced();
  await app.context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expect(app.displayName()).toHaveValue("Second person");
  await app.context.close();
});
