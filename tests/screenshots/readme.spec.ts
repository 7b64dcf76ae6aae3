// Takes the README's phone screenshots (light and dark): Today with a plan, the player mid-workout with the
// rest counting down, the summary, History with the workout, and Progress. Writes docs/screenshots/.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail, WorkoutPlayer } from "../e2e/pages.js";

const out = path.resolve(import.meta.dirname, "../../docs/screenshots");
async function shot(page: Page, name: string, scheme: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, `${name}-phone-${scheme}.png`) });
}

for (const scheme of ["light", "dark"] as const) {
  test(`README screenshots, ${scheme}`, async ({ browser }) => {
    const app = await CadencePage.open(browser, {
      colorScheme: scheme,
      viewport: { width: 390, height: 844 },
    });
    const { page } = app;
    await page.clock.install();
    await app.register(uniqueEmail(`shots-${scheme}`), PASSWORD, "Ada");

    const plan = page.getByTestId("today-plan");
    await plan.getByRole("button", { name: "Generate today's plan" }).click();
    await expect(plan.getByTestId("plan-phase").first()).toBeVisible();
    await shot(page, "today", scheme);

    const player = new WorkoutPlayer(page);
    await app.goTo("Workout");
    await player.startEmpty();
    await player.addExercise("Dumbbell goblet squat", 3);
    await player.logSet({ reps: 10, weight: 20 });
    await player.skipRest();
    await player.logSet({ reps: 10, weight: 22.5 });
    await expect(player.countdown()).toBeVisible();
    await page.clock.fastForward("00:40");
    await shot(page, "workout", scheme);

    await player.skipRest();
    await player.logSet({ reps: 8, weight: 22.5 });
    await page.clock.fastForward("25:00");
    await player.finish(7);
    await shot(page, "summary", scheme);

    await app.goTo("History");
    await app.history().openFromList();
    await shot(page, "history", scheme);

    await app.goTo("Progress");
    await page.clock.fastForward("00:02"); // charts animate in
    await shot(page, "progress", scheme);
    await app.context.close();
  });
}
