import { expect, test } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

test("after one online visit the app reloads and navigates offline, and offline changes sync on reconnecting", async ({
  browser,
}) => {
  const email = uniqueEmail("offline");
  const phone = await CadencePage.open(browser);
  await phone.register(email, PASSWORD, "Olive");
  await phone.waitForOfflineReady();
  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await laptop.openAccount();
  await expect(laptop.displayName()).toHaveValue("Olive");

  // The phone loses its connection and is restarted without one (no socket survives the reload).
  await phone.waitUntilSynced();
  await phone.context.setOffline(true);
  await phone.page.reload();
  await expect(phone.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await expect(phone.page.getByText("Hi Olive, good to see you.")).toBeVisible();
  await expect(phone.syncStatus()).toContainText("Offline");
  for (const screen of ["Workout", "History", "Progress", "Music"]) await phone.goTo(screen);
  // A deep link typed in while offline starts too: the worker answers every navigation with the app.
  await phone.page.goto("/settings");
  await expect(phone.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await phone.page.goBack();
  await expect(phone.page.getByRole("heading", { name: "Music", level: 1 })).toBeVisible();

  // Changes made offline wait on the phone, counted.
  await phone.openAccount();
  await phone.setDisplayName("Renamed offline");
  await expect(phone.syncStatus()).toContainText("Offline · 1 change not yet synced");
  await phone.openSettings();
  await phone.page.getByRole("radio", { name: "Dark" }).check();
  await expect(phone.syncStatus()).toContainText("2 changes not yet synced");
  expect((await phone.look()).theme).toBe("dark");
  await expect(laptop.displayName()).toHaveValue("Olive");

  // Back online, they reach the server and the other device by themselves.
  await phone.context.setOffline(false);
  await expect(phone.syncStatus()).toHaveText("Online", { timeout: 15_000 });
  await expect(laptop.displayName()).toHaveValue("Renamed offline", { timeout: 10_000 });
  await expect.poll(async () => (await laptop.look()).theme, { timeout: 10_000 }).toBe("dark");
  await phone.context.close();
  await laptop.context.close();
});
