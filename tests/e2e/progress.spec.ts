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
