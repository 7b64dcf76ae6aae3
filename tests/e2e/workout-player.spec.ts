// The workout player in the browser, against the real server: a whole session with the network off that
// reaches the server and a second device afterwards; a set logged right before the page closes; a manual
// workout's summary; a swap and the rest countdown that starts by itself (page.clock makes time deterministic).
import { expect, test, type BrowserContext } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail, WorkoutPlayer } from "./pages.js";

/**
 * Cuts this context's sync WebSocket (the browser's offline switch alone may leave an open socket up): while
 * `cut`, every new socket to /sync is closed at once; `setOffline` stops HTTP too.
 */
async function networkSwitch(context: BrowserContext) {
  let cut = false;
  await context.routeWebSocket(/\/sync/, (ws) => {
    if (cut) void ws.close({ code: 1001, reason: "offline (test)" });
    else ws.connectToServer();
  });
  return {
    async off(app: CadencePage) {
      cut = true;
      await context.setOffline(true);
      await app.page.reload(); // drops the open socket; the service worker serves the app
      await expect(app.syncStatus()).toContainText("Offline");
    },
    async on() {
      cut = false;
      await context.setOffline(false);
    },
  };
}

test("a whole session with the network off reaches the server and the other device afterwards", async ({
  browser,
}) => {
  const email = uniqueEmail("player-offline");
  const phone = await CadencePage.open(browser);
  const net = await networkSwitch(phone.context);
  await phone.register(email, PASSWORD);
  await phone.waitForOfflineReady();
  await phone.waitUntilSynced();

  await net.off(phone);
  const player = new WorkoutPlayer(phone.page);
  await phone.goTo("Workout");
  await player.startEmpty();
  await player.addExercise("Push-up", 3);
  for (const reps of [12, 10, 8]) {
    await player.logSet({ reps });
    if (reps !== 8) await player.skipRest();
  }
  await expect(player.progress()).toHaveText("3 of 3 sets");
  await player.finish(6);
  await expect(player.summary("reps")).toHaveText("30");
  // Push-ups are bodyweight work and the account has no bodyweight: as on Progress, not kilograms but reps.
  await expect(player.summary("volume").first()).toHaveText("0 kg");
  await expect(phone.page.getByTestId("summary-volume")).toContainText("+ 30 bodyweight reps");
  await expect(phone.syncStatus()).toContainText("Offline");
  const id = new URL(phone.page.url()).pathname.split("/").pop()!;

  await net.on();
  await phone.waitUntilSynced();

  // The server has every change: a fresh device that only the server can have fed shows every set.
  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await expect(laptop.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  const other = new WorkoutPlayer(laptop.page);
  await other.open(id);
  await expect(other.summary("sets")).toHaveText("3");
  await expect(other.summary("reps")).toHaveText("30");
  await expect(other.summary("rpe")).toHaveText("6");
  const changes = await laptop.page.request.get(`/api/documents/${id}/changes`);
  expect(changes.ok()).toBe(true);
  const body = (await changes.json()) as { changes: { deviceId: string }[] };
  // create, link-free changes of the session: start, add exercise, three logs, finish (and more).
  expect(body.changes.length).toBeGreaterThanOrEqual(6);
  await phone.context.close();
  await laptop.context.close();
});

test("a set logged right before the page closes is there when it opens again", async ({ browser }) => {
  const app = await CadencePage.open(browser);
  const net = await networkSwitch(app.context);
  await app.register(uniqueEmail("player-close"), PASSWORD);
  await app.waitForOfflineReady();
  await app.waitUntilSynced();
  // Offline, so the set can only come back from this device's IndexedDB.
  await net.off(app);
  const player = new WorkoutPlayer(app.page);
  await app.goTo("Workout");
  await player.startEmpty();
  await player.addExercise("Push-up", 3);
  await expect(player.progress()).toHaveText("0 of 3 sets");

  await player.logger().getByRole("spinbutton", { name: "Reps" }).fill("14");
  await player.logger().getByRole("button", { name: "Log set" }).click();
  await app.page.close();

  const page = await app.context.newPage();
  const again = new WorkoutPlayer(page);
  await again.open();
  await expect(again.progress()).toHaveText("1 of 3 sets");
  await expect(page.getByRole("button", { name: "Push-up, set 1: 14 reps" })).toBeVisible();
  await app.context.close();
});

test("a manual workout without a plan: add an exercise, log, finish; the summary has volume and load", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto("/");
  const app = new CadencePage(page);
  await app.register(uniqueEmail("player-manual"), PASSWORD);
  const player = new WorkoutPlayer(page);
  await app.goTo("Workout");
  await expect(page.getByRole("heading", { name: "No workout today yet" })).toBeVisible();
  await player.startEmpty();
  await expect(page.getByRole("heading", { name: "Nothing in this workout yet" })).toBeVisible();
  await player.addExercise("Dumbbell goblet squat", 2);
  await expect(player.currentExercise()).toHaveText("Dumbbell goblet squat");

  await player.logSet({ reps: 10, weight: 20 });
  await player.skipRest();
  // The next set starts from the values just logged: one tap logs it again.
  await expect(player.logger().getByRole("spinbutton", { name: "Reps" })).toHaveValue("10");
  await player.logger().getByRole("button", { name: "More: Weight (kg)" }).click();
  await expect(player.logger().getByRole("spinbutton", { name: /^Weight/ })).toHaveValue("22.5");
  await player.logger().getByRole("button", { name: "Log set" }).click();
  await expect(player.progress()).toHaveText("2 of 2 sets");

  await page.clock.fastForward("30:00");
  await player.finish(7);
  // 10 × 20 + 10 × 22.5 = 425 kg; load = RPE 7 × about 30 active minutes.
  await expect(player.summary("volume")).toHaveText("425 kg");
  await expect(player.summary("sets")).toHaveText("2");
  await expect(player.summary("duration")).toHaveText(/^3[01] min$/);
  const load = Number((await player.summary("load").textContent())!.replace(/\D/g, ""));
  expect(load).toBeGreaterThanOrEqual(210);
  expect(load).toBeLessThanOrEqual(217);
  await context.close();
});

test("swap an exercise; the rest countdown starts by itself and announces the next set", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto("/");
  const app = new CadencePage(page);
  await app.register(uniqueEmail("player-swap"), PASSWORD);
  const player = new WorkoutPlayer(page);
  await app.goTo("Workout");
  await player.startEmpty();
  await player.addExercise("Push-up", 3);

  await page.getByRole("button", { name: "Swap exercise" }).click();
  const dialog = page.getByRole("dialog", { name: "Swap Push-up for" });
  await expect(dialog.getByRole("button", { name: /Incline push-up/ })).toBeVisible();
  await dialog.getByRole("button", { name: /Incline push-up/ }).click();
  await expect(player.currentExercise()).toHaveText("Incline push-up");

  await player.logSet({ reps: 12 });
  await expect(player.countdown()).toBeVisible();
  await expect(player.countdown()).toHaveAttribute("data-kind", "rest");
  await expect(player.countdown().getByRole("timer")).toHaveText("1:30");
  await expect(player.announcement()).toHaveText("Logged set 1 of Incline push-up.");
  await player.countdown().getByRole("button", { name: "15 seconds longer" }).click();
  await expect(player.countdown().getByRole("timer")).toHaveText("1:45");

  await page.clock.fastForward("01:00");
  await expect(player.countdown().getByRole("timer")).toHaveText("0:45");
  await page.clock.fastForward("00:46");
  await expect(player.countdown()).toBeHidden();
  await expect(player.announcement()).toHaveText("Rest over. Next: Incline push-up, set 2.");
  await expect(page.getByTestId("current-set-number")).toHaveText("Set 2 of 3");
  await context.close();
});
