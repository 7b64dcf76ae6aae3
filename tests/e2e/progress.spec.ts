// Progress in the browser against the real server: a new user's empty state; a workout logged in the player
// shows on Progress (volume, e1RM); kg ↔ lb converts every figure; nudges on Today stay dismissed.
import { expect, test } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

test("a new user sees an encouraging empty state with next steps", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("progress-empty"), PASSWORD);
  await app.goTo("Progress");
  const empty = app.page.getByTestId("progress-empty");
  await expect(
    empty.getByRole("heading", { name: "Your progress starts with your first workout" }),
  ).toBeVisible();
  await expect(empty.getByRole("link", { name: "Go to Today" })).toBeVisible();
  await expect(app.page.locator("cad-progress-chart")).toHaveCount(0);
  await app.context.close();
});

test("a workout logged in the player shows on Progress, and kg ↔ lb converts every figure", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("progress-log"), PASSWORD);
  const page = app.page;

  // One squat set of 5 × 100 kg in an empty workout.
  await app.goTo("Workout");
  await page.getByRole("button", { name: "Start an empty workout" }).click();
  await page.getByRole("button", { name: "Add exercise" }).first().click();
  await page.getByLabel("Exercise name").fill("Squat");
  await page.getByLabel("Sets").fill("1");
  await page
    .getByRole("list", { name: "Matching exercises" })
    .getByRole("button", { name: "Barbell back squat" })
    .click();
  const logger = page.locator("cad-set-logger");
  await logger.getByRole("spinbutton", { name: "Reps" }).fill("5");
  await logger.getByRole("spinbutton", { name: "Weight (kg)" }).fill("100");
  await logger.getByRole("button", { name: "Log set" }).click();
  await page.getByRole("button", { name: "Finish", exact: true }).click();
  await page.getByRole("button", { name: "Finish and see the summary" }).click();

  await app.goTo("Progress");
  const week = page.getByTestId("progress-week");
  await expect(week.getByTestId("week-volume")).toContainText("500 kg");
  await expect(week.getByTestId("week-sets")).toContainText("1");
  // Epley without RPE: 100 × (1 + 5/30) = 116.7 kg.
  await expect(page.getByTestId("e1rm-barbell_back_squat")).toContainText("116.7 kg");
  await expect(page.getByTestId("total-volume")).toContainText("500 kg");
  await expect(page.getByTestId("progress-recent")).toContainText("500 kg");
  // The chart's table carries the same figures.
  const volumeChart = page.getByTestId("chart-volume");
  await volumeChart.getByText("Show as a table").click();
  await expect(volumeChart.getByRole("columnheader", { name: "Volume (kg)" })).toBeVisible();
  await expect(volumeChart.getByRole("cell", { name: "500", exact: true })).toBeVisible();

  await app.openSettings();
  await page.getByRole("radio", { name: "Pounds (lb)" }).check();
  await app.goTo("Progress");
  await expect(week.getByTestId("week-volume")).toContainText("1,102 lb");
  await expect(page.getByTestId("e1rm-barbell_back_squat")).toContainText("257.2 lb");
  await expect(page.getByTestId("total-volume")).toContainText("1,102 lb");
  await expect(page.getByTestId("progress-recent")).toContainText("1,102 lb");
  await expect(
    page.getByTestId("progress-records").or(page.getByTestId("progress-strength")),
  ).not.toContainText(" kg");
  await volumeChart.getByText("Show as a table").click();
  await expect(volumeChart.getByRole("columnheader", { name: "Volume (lb)" })).toBeVisible();
  await expect(volumeChart.getByRole("cell", { name: "1,102", exact: true })).toBeVisible();
  await expect(page.locator("cad-progress")).not.toContainText(/\d kg/);
  await app.context.close();
});

test("the daily reminder shows on Today after its time and, once dismissed, stays away", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("progress-nudge"), PASSWORD);
  const page = app.page;
  await app.openSettings();
  await page.getByLabel("Daily reminder").fill("00:00");
  await expect(page.getByText("Reminder set for 00:00.")).toBeVisible();
  await app.goTo("Today");
  const reminder = page.getByTestId("nudge").and(page.locator('[data-kind="reminder"]'));
  await expect(reminder).toContainText("your time to train today");
  await reminder.getByRole("button", { name: /Dismiss for today/ }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await expect(page.getByTestId("greeting")).toBeVisible();
  await expect(page.getByTestId("nudges")).toBeAttached();
  await expect(reminder).toHaveCount(0);
  await app.context.close();
});
