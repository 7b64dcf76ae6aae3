import { expect, test } from "@playwright/test";
import { text } from "./locales.js";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

/** Two browsers (a phone and a laptop) signed in as the same person, both on Settings. */
async function twoDevices(browser: Parameters<typeof CadencePage.open>[0], tag: string) {
  const email = uniqueEmail(tag);
  const phone = await CadencePage.open(browser, {
    viewport: { width: 390, height: 844 },
    colorScheme: "light",
  });
  await phone.register(email, PASSWORD, "Two Devices");
  const laptop = await CadencePage.open(browser, { colorScheme: "light" });
  await laptop.login(email, PASSWORD);
  await expect(laptop.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await phone.openSettings();
  await laptop.openSettings();
  return { phone, laptop };
}

// The server allows 20 sign-ups an hour from one address, so each test below is a whole story of one account.

test("theme, language and units changed on one device change the other device live", async ({ browser }) => {
  const { phone, laptop } = await twoDevices(browser, "live");
  expect((await phone.look()).theme).toBe("light");
  expect((await laptop.look()).theme).toBe("light");

  // Theme, accent, font size: applied at once on this device and on the other.
  await phone.page.getByRole("radio", { name: "Dark" }).check();
  await expect.poll(async () => (await phone.look()).theme).toBe("dark");
  await expect.poll(async () => (await laptop.look()).theme, { timeout: 5000 }).toBe("dark");
  const background = () =>
    laptop.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe("rgb(11, 15, 23)");
  await laptop.page.getByRole("radio", { name: "Violet" }).check();
  await expect.poll(async () => (await phone.look()).accent, { timeout: 5000 }).toBe("violet");
  const rootFontSize = () =>
    phone.page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await rootFontSize();
  await laptop.page.getByRole("radio", { name: "Large" }).check();
  await expect.poll(rootFontSize, { timeout: 5000 }).toBeGreaterThan(before);
  // "System default" follows each device's own scheme: the laptop's is light.
  await phone.page.getByRole("radio", { name: "System default" }).check();
  await expect.poll(async () => (await laptop.look()).theme, { timeout: 5000 }).toBe("light");

  // Units and clock: the other device shows weights, distances and times the new way.
  const example = laptop.page.getByTestId("units-example");
  await expect(example).toHaveText("Example: 100 kg · 5 km · 18:30");
  await phone.page.getByRole("radio", { name: "Pounds (lb)" }).check();
  await expect(example).toHaveText("Example: 220.5 lb · 5 km · 18:30", { timeout: 5000 });
  await phone.page.getByRole("radio", { name: "Imperial" }).check();
  await phone.page.getByRole("radio", { name: "12-hour" }).check();
  // (ICU puts a narrow no-break space before "PM".)
  await expect(example).toHaveText(/Example: 220\.5 lb · 3\.1 mi · 6:30\sPM/, { timeout: 5000 });

  // Language: every screen of the other device switches, down to the tab's title.
  await phone.page.getByRole("radio", { name: "Deutsch" }).check();
  await expect(
    phone.page.getByRole("heading", { name: text("de", "settings.title"), level: 1 }),
  ).toBeVisible();
  await expect(
    laptop.page.getByRole("heading", { name: text("de", "settings.title"), level: 1 }),
  ).toBeVisible({
    timeout: 5000,
  });
  const nav = laptop.page.getByRole("navigation", { name: text("de", "nav.label") });
  await expect(nav.getByRole("link", { name: text("de", "nav.history") })).toBeVisible();
  expect((await laptop.look()).lang).toBe("de");
  await expect(laptop.page).toHaveTitle(`${text("de", "settings.title")} – Cadence`);
  // Stored in kilograms, shown in pounds, written the German way.
  await nav.getByRole("link", { name: text("de", "nav.today") }).click();
  const pounds = await laptop.page.evaluate(() =>
    new Intl.NumberFormat("de", { style: "unit", unit: "pound", unitDisplay: "short" }).format(44.1),
  );
  await expect(laptop.page.getByText(text("de", "today.unitsExample", { weight: pounds }))).toBeVisible();

  await phone.page.getByRole("radio", { name: "Norsk (bokmål)" }).check();
  await expect(laptop.page.getByRole("heading", { name: text("nb", "today.title"), level: 1 })).toBeVisible({
    timeout: 5000,
  });
  await phone.context.close();
  await laptop.context.close();
});

test("an invalid combination of settings is refused with a message and never saved", async ({ browser }) => {
  const { phone, laptop } = await twoDevices(browser, "invalid");
  const { page } = phone;
  await page.getByRole("radio", { name: /^Manual/ }).check();
  await expect(page.getByRole("button", { name: "Sync now" })).toBeVisible();

  // Manual sync needs offline mode: turning it off is refused, with the reason.
  const offline = page.getByRole("switch", { name: "Offline mode" });
  await offline.click();
  await expect(page.getByRole("alert").filter({ hasText: "needs offline mode" })).toBeVisible();
  await expect(offline).toBeChecked();

  // Back to realtime, offline mode may go off; then manual sync is refused instead.
  await page.getByRole("radio", { name: /^Realtime/ }).check();
  await offline.click();
  await expect(offline).not.toBeChecked();
  await page.getByRole("radio", { name: /^Daily/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "needs offline mode" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Realtime/ })).toBeChecked();

  // BPM matching needs Session Mix.
  const sessionMix = page.getByRole("switch", { name: "Use Session Mix" });
  await sessionMix.click();
  await expect(page.getByRole("alert").filter({ hasText: "needs Session Mix" })).toBeVisible();
  await expect(sessionMix).toBeChecked();

  // Nothing refused reached the document: the other device and a reload show what was saved. (The sync
  // setting follows the person: the laptop went manual with the phone, so it syncs by hand once.)
  await laptop.page.getByRole("button", { name: "Sync now" }).click();
  await expect(laptop.page.getByRole("switch", { name: "Offline mode" })).not.toBeChecked({
    timeout: 10_000,
  });
  await expect(laptop.page.getByRole("radio", { name: /^Realtime/ })).toBeChecked();
  await expect(laptop.page.getByRole("switch", { name: "Use Session Mix" })).toBeChecked();
  await phone.waitUntilSynced();
  await page.reload();
  await expect(page.getByRole("radio", { name: /^Realtime/ })).toBeChecked();

  // Phase-2 sections say "coming later" and offer nothing to press; the account's own actions are there.
  for (const name of ["Health and wearables", "Live heart rate"]) {
    const section = page.getByRole("region", { name: new RegExp(name) });
    await expect(section.getByText("Coming later")).toBeVisible();
    await expect(section.getByRole("button")).toHaveCount(0);
    await expect(section.getByRole("checkbox")).toHaveCount(0);
    await expect(section.getByRole("switch")).toHaveCount(0);
  }
  const privacy = page.getByRole("region", { name: "Privacy and account" });
  for (const name of ["Where you are signed in", "Download your data", "Delete account"]) {
    await expect(privacy.getByRole("heading", { name, level: 3 })).toBeVisible();
  }
  await phone.context.close();
  await laptop.context.close();
});

test("manual sync keeps changes on the device until Sync now; clearing the cache warns about them", async ({
  browser,
}) => {
  const { phone, laptop } = await twoDevices(browser, "manual");
  // The sync setting follows the person: both devices close their connection (after sending the change).
  await phone.page.getByRole("radio", { name: /^Manual/ }).check();
  await expect(phone.syncStatus()).toHaveAttribute("data-connection", "paused", { timeout: 10_000 });
  await expect(laptop.syncStatus()).toHaveAttribute("data-connection", "paused", { timeout: 10_000 });
  await expect(laptop.page.getByRole("radio", { name: /^Manual/ })).toBeChecked();
  await expect(phone.syncStatus()).toHaveAttribute("data-unsynced", "0");

  await phone.page.getByRole("radio", { name: "Green" }).check();
  await expect(phone.syncStatus()).toContainText("1 change not yet synced");
  await phone.page.getByRole("radio", { name: "Large" }).check();
  await expect(phone.syncStatus()).toContainText("2 changes not yet synced");

  // Clearing the local cache now would lose them: the dialog says so.
  await phone.page.getByRole("button", { name: "Clear local cache" }).click();
  const dialog = phone.page.getByRole("dialog", { name: "Clear the local cache?" });
  await expect(dialog.getByText("2 changes have not reached the server yet")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await phone.page.getByRole("button", { name: "Sync now" }).click();
  await expect(phone.syncStatus()).toContainText("Synced", { timeout: 10_000 });
  await expect(phone.syncStatus()).toHaveAttribute("data-connection", "paused");
  // The laptop, paused too, has not heard of them until it syncs.
  expect((await laptop.look()).accent).toBe("teal");
  await laptop.page.getByRole("button", { name: "Sync now" }).click();
  await expect.poll(async () => (await laptop.look()).accent, { timeout: 10_000 }).toBe("green");
  await expect(laptop.syncStatus()).toHaveAttribute("data-connection", "paused");

  // With nothing pending, clearing the cache downloads the account again and keeps everything.
  await phone.page.getByRole("button", { name: "Clear local cache" }).click();
  await expect(dialog.getByText("have not reached the server")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Clear local cache" }).click();
  await expect(phone.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible({
    timeout: 15_000,
  });
  await expect(phone.page.getByRole("radio", { name: "Green" })).toBeChecked({ timeout: 15_000 });
  await phone.context.close();
  await laptop.context.close();
});
