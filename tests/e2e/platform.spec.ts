import { expect, test } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

test("a new person registers and sees their account document", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("ada"), PASSWORD, "Ada");
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("Ada");
  await app.context.close();
});

test("an edit in one browser appears in a second browser of the same person", async ({ browser }) => {
  const email = uniqueEmail("two-devices");
  const phone = await CadencePage.open(browser);
  await phone.register(email, PASSWORD, "Before");
  await phone.openAccount();
  await expect(phone.displayName()).toHaveValue("Before");

  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await laptop.openAccount();
  await expect(laptop.displayName()).toHaveValue("Before");

  await phone.setDisplayName("Edited on the phone");
  await expect(laptop.displayName()).toHaveValue("Edited on the phone", { timeout: 5000 });

  await laptop.setDisplayName("And back from the laptop");
  await expect(phone.displayName()).toHaveValue("And back from the laptop", { timeout: 5000 });
  await phone.context.close();
  await laptop.context.close();
});

test("a request written into the document is answered by the ai-worker", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("echo"), PASSWORD);
  await app.openAccount();
  await app.page.getByRole("button", { name: "Send test request" }).click();
  await expect(app.page.getByText("Result: Hello from Cadence")).toBeVisible({ timeout: 15_000 });
  await expect(app.page.getByText("Done")).toBeVisible();
  await app.context.close();
});

test("logout removes the person's local data and the next person starts clean", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  const first = uniqueEmail("first");
  await app.register(first, PASSWORD, "First person");
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("First person");
  expect((await app.databases()).some((name) => name.startsWith("cadence-"))).toBe(true);

  await app.logout();
  expect(await app.databases()).toEqual([]);
  expect(await app.page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const cookies = await app.context.cookies();
  expect(cookies.filter((c) => c.name.includes("cadence_session"))).toEqual([]);

  await app.register(uniqueEmail("second"), PASSWORD, "Second person");
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("Second person");
  await expect(app.page.getByText("First person")).toHaveCount(0);
  await app.context.close();
});
