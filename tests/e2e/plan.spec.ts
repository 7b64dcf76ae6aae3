// Today's plan in the browser, against the real server and ai-worker (rules; no model configured in e2e):
// generate, see the phases, change recovery to Poor and regenerate for visibly less volume (and why), accept.
import { expect, test } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

let counter = 0;
const email = () => `plan${++counter}-${Date.now()}@example.test`;

test("generate today's plan, regenerate at Poor recovery for less volume, accept it", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  await app.register(email(), "correct horse battery");
  const page = app.page;
  const plan = page.getByTestId("today-plan");

  await plan.getByRole("button", { name: "Generate today's plan" }).click();
  // A plan is there at once (made on this device), then the worker's answer for the same request.
  await expect(plan.getByTestId("plan-phase").first()).toBeVisible();
  await expect(plan.getByTestId("plan-status")).toHaveAttribute("data-status", "done");
  await expect(plan.getByTestId("plan-source")).toHaveAttribute("data-source", "rules");
  for (const phase of ["Warm-up", "Main", "Cool-down"]) {
    await expect(plan.getByRole("heading", { name: phase, level: 3 })).toBeVisible();
  }
  await expect(plan.getByText(/\d+–\d+ BPM/).first()).toBeVisible();
  await expect(plan.getByRole("columnheader", { name: "Rest" }).first()).toBeVisible();
  const summary = plan.getByTestId("plan-summary");
  await expect(summary).toContainText(/working sets · about/);
  const normalSets = Number(await summary.getAttribute("data-working-sets"));
  expect(normalSets).toBeGreaterThan(0);

  // Recovery Poor: the plan says it is out of date until regenerated.
  await page.getByTestId("context-window").getByRole("radio", { name: "Poor" }).check();
  await expect(page.getByTestId("recovery-simulated")).toContainText("HRV 35/100");
  await expect(plan.getByTestId("plan-stale")).toBeVisible();
  await plan.getByRole("button", { name: "Regenerate" }).click();
  await expect(plan.getByTestId("plan-stale")).toBeHidden();
  await expect(plan.getByTestId("plan-status")).toHaveAttribute("data-status", "done");
  await expect
    .poll(async () => Number(await summary.getAttribute("data-working-sets")))
    .toBeLessThan(normalSets);
  const why = plan.getByTestId("plan-why");
  await expect(why).toContainText("Recovery Poor: a lighter day than normal.");
  await expect(why).toContainText(/recovery is Poor \(−\d+ % volume\)/);

  await plan.getByRole("button", { name: "Accept as today's workout" }).click();
  await expect(plan.getByTestId("plan-accepted")).toBeVisible();
  await expect(plan.getByRole("button", { name: "Accept as today's workout" })).toBeDisabled();
  await app.context.close();
});

test("a context note is parsed on the device, editable before use, and can be deleted", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser);
  await app.register(email(), "correct horse battery");
  const page = app.page;
  const panel = page.getByTestId("context-window");
  await panel.getByLabel("In your own words").fill("slept 5h, legs tired, motivation low");
  const parsed = panel.getByTestId("context-parsed");
  await expect(parsed.getByLabel("Sleep (hours)")).toHaveValue("5");
  await expect(parsed.getByLabel("Legs")).not.toHaveValue("");
  // The person corrects what was read before it is used.
  await parsed.getByLabel("Energy").selectOption("2");
  await panel.getByRole("button", { name: "Use this" }).click();
  const entries = panel.getByTestId("context-entries");
  await expect(entries).toContainText("slept 5h, legs tired, motivation low");

  await page.getByTestId("today-plan").getByRole("button", { name: "Generate today's plan" }).click();
  await expect(page.getByTestId("plan-status")).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("plan-why")).toContainText(/sleep|Sleep/);

  // With a plan on screen the panel folds away (the recovery picker stays); open it again to edit notes.
  await panel.getByRole("button", { name: "Show" }).click();
  await entries.getByRole("button", { name: /Delete note/ }).click();
  await expect(panel.getByText("No notes for today.")).toBeVisible();
  await app.context.close();
});

test("offline, a plan appears at once on the device; back online the worker answers the same request", async ({
  browser,
}) => {
  const email = uniqueEmail("plan-offline");
  const phone = await CadencePage.open(browser);
  await phone.register(email, PASSWORD);
  await phone.waitForOfflineReady();
  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await expect(laptop.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();

  await phone.waitUntilSynced();
  await phone.context.setOffline(true);
  await phone.page.reload();
  await expect(phone.syncStatus()).toContainText("Offline");
  const plan = phone.page.getByTestId("today-plan");
  await plan.getByRole("button", { name: "Generate today's plan" }).click();
  await expect(plan.getByTestId("plan-status")).toHaveAttribute("data-status", "requested");
  await expect(plan.getByTestId("plan-source")).toHaveAttribute("data-source", "device");
  await expect(plan.getByTestId("plan-phase").first()).toBeVisible();
  const offlineSets = await plan.getByTestId("plan-summary").getAttribute("data-working-sets");
  await expect(laptop.page.getByRole("button", { name: "Generate today's plan" })).toBeVisible();

  await phone.context.setOffline(false);
  await expect(plan.getByTestId("plan-status")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(plan.getByTestId("plan-source")).toHaveAttribute("data-source", "rules");
  // The same plan: no model is configured, so the worker's answer equals the device's.
  await expect(plan.getByTestId("plan-summary")).toHaveAttribute("data-working-sets", offlineSets!);
  const other = laptop.page.getByTestId("today-plan");
  await expect(other.getByTestId("plan-status")).toHaveAttribute("data-status", "done", { timeout: 10_000 });
  await expect(other.getByTestId("plan-summary")).toHaveAttribute("data-working-sets", offlineSets!);
  await phone.context.close();
  await laptop.context.close();
});
