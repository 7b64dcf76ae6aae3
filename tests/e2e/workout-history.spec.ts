// Workout history in the browser, against the real server and ai-worker: a workout made from today's accepted
// plan, corrected on two devices of one user; the version timeline with the server's authors; restoring an
// earlier version as a new change; and two devices editing the same workout while cut off from the server.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page, type WebSocketRoute } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

/** A device whose /sync socket the test can cut and restore (`setOffline` leaves an open socket alone). */
async function openDevice(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let online = true;
  const sockets: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await page.routeWebSocket(/\/sync/, (ws) => {
    if (!online) {
      void ws.close({ code: 1001, reason: "cut by the test" });
      return;
    }
    sockets.push({ page: ws, server: ws.connectToServer() });
  });
  await page.goto("/");
  return {
    app: new CadencePage(page),
    /** Closes the open sync socket and refuses new ones, until `reconnect()`. */
    async cut() {
      online = false;
      for (const s of sockets.splice(0)) {
        await s.server.close({ code: 1001, reason: "cut by the test" });
        await s.page.close({ code: 1001, reason: "cut by the test" });
      }
    },
    reconnect() {
      online = true;
    },
  };
}

test("edit a set on another device, see both versions with their authors, restore the earlier one", async ({
  browser,
}) => {
  const email = uniqueEmail("history");
  const phone = await CadencePage.open(browser);
  await phone.register(email, PASSWORD);
  const workoutId = await phone.acceptTodaysPlan();
  const history = phone.history();
  await history.openFromList();
  expect(phone.page.url()).toContain(`/history/${workoutId}`);
  const exercise = await history.firstExercise();

  await history.editSet(exercise, 1, { reps: "8", weight: "20", rpe: "8" });
  await expect(history.set(exercise, 1)).toContainText("8 reps × 20 kg @ RPE 8");
  await phone.waitUntilSynced();

  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await expect(laptop.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await laptop.page.goto(`/history/${workoutId}`);
  const other = laptop.history();
  await expect(other.set(exercise, 1)).toContainText("8 reps × 20 kg");
  await other.editSet(exercise, 1, { reps: "6" });
  await expect(other.set(exercise, 1)).toContainText("6 reps × 20 kg");

  // The phone sees the correction, and both versions with who made them, as the server recorded it.
  await expect(history.set(exercise, 1)).toContainText("6 reps × 20 kg @ RPE 8");
  const edited = history.version(`set 1 of ${exercise}: 8 → 6 reps`);
  const logged = history.version(`logged set 1 of ${exercise}: 8 reps × 20 kg @ RPE 8`);
  await expect(edited.getByTestId("version-device")).toHaveText(/^Another device \([A-Z0-9]{4}\)$/);
  await expect(logged.getByTestId("version-device")).toHaveText("This device");
  await expect(edited).not.toContainText("Not yet confirmed by the server", { timeout: 15_000 });
  await expect(logged).not.toContainText("Not yet confirmed by the server");
  // And the laptop sees them the other way round.
  await expect(other.version(`set 1 of ${exercise}: 8 → 6 reps`).getByTestId("version-device")).toHaveText(
    "This device",
  );
  const count = await history.versionCount();

  // The earlier version, read-only, then restored as a new change.
  await logged.getByRole("button", { name: "View this version" }).click();
  await expect(history.banner()).toBeVisible();
  await expect(history.set(exercise, 1)).toContainText("8 reps × 20 kg @ RPE 8");
  await expect(phone.page.getByRole("button", { name: `Edit set 1 of ${exercise}` })).toHaveCount(0);
  await history.restoreShownVersion();
  await expect(history.status()).toContainText("Restored the version of");
  await expect(history.banner()).toBeHidden();
  await expect(history.set(exercise, 1)).toContainText("8 reps × 20 kg @ RPE 8");
  await expect.poll(() => history.versionCount()).toBe(count + 1);
  const newest = phone.page.getByTestId("version").first();
  await expect(newest.getByTestId("version-what")).toContainText(`restored the version of`);
  await expect(newest.getByTestId("version-what")).toContainText(`set 1 of ${exercise}: 6 → 8 reps`);
  await expect(newest.getByTestId("version-device")).toHaveText("This device");
  // Both earlier versions are still there: history is never rewritten.
  await expect(edited).toBeVisible();
  await expect(logged).toBeVisible();
  // The other device gets the restore too.
  await expect(other.set(exercise, 1)).toContainText("8 reps × 20 kg @ RPE 8");
  await phone.context.close();
  await laptop.context.close();
});

test("two devices of one user edit the same workout while cut off, then both show every set once", async ({
  browser,
}) => {
  const email = uniqueEmail("history-merge");
  const phone = await openDevice(browser);
  await phone.app.register(email, PASSWORD);
  const workoutId = await phone.app.acceptTodaysPlan();
  await phone.app.page.goto(`/history/${workoutId}`);
  const a = phone.app.history();
  await expect(a.sets(await a.firstExercise())).not.toHaveCount(0);
  const exercise = await a.exerciseWithSets(2);
  const slots = await a.sets(exercise).count();
  await phone.app.waitUntilSynced();

  const tablet = await openDevice(browser);
  await tablet.app.login(email, PASSWORD);
  await expect(tablet.app.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await tablet.app.page.goto(`/history/${workoutId}`);
  const b = tablet.app.history();
  await expect(b.sets(exercise)).toHaveCount(slots);

  await phone.cut();
  await tablet.cut();

  // Each side logs and corrects sets, adds one, edits a target and the notes, all without the server.
  await a.editSet(exercise, 1, { reps: "10", weight: "30" });
  await a.addSet(exercise, { reps: "5", weight: "25" });
  await a.saveNotes("Phone: felt strong");
  // Really cut off: the server has acknowledged none of it.
  await expect(phone.app.syncStatus()).toContainText("not yet synced");
  await b.editSet(exercise, 1, { reps: "9" });
  await b.editSet(exercise, 2, { reps: "7", weight: "22.5", targetReps: "12" });
  await b.addSet(exercise, { reps: "4" });
  await b.saveNotes("Tablet: knee fine");
  await expect(tablet.app.syncStatus()).toContainText("not yet synced");
  await expect(a.sets(exercise)).toHaveCount(slots + 1);
  await expect(b.sets(exercise)).toHaveCount(slots + 1);

  phone.reconnect();
  tablet.reconnect();
  // Both extra sets on both devices, each once; the same workout on both.
  await expect(a.sets(exercise)).toHaveCount(slots + 2, { timeout: 20_000 });
  await expect(b.sets(exercise)).toHaveCount(slots + 2, { timeout: 20_000 });
  await expect
    .poll(async () => JSON.stringify(await a.workoutText()), { timeout: 15_000 })
    .toBe(JSON.stringify(await b.workoutText()));
  const sets = a.sets(exercise);
  await expect(sets.filter({ hasText: "5 reps × 25 kg" })).toHaveCount(1);
  await expect(sets.filter({ hasText: "4 reps" })).toHaveCount(1);
  await expect(a.set(exercise, 2)).toContainText("7 reps × 22.5 kg");
  await expect(a.set(exercise, 2)).toContainText("Target: 12 reps");
  // Set 1 was logged on both: one set, with one of the two values (the same on both devices).
  await expect(a.set(exercise, 1)).toContainText(/10 reps × 30 kg|9 reps/);
  for (const side of [a, b]) {
    await expect(side.notes()).toHaveValue(/Phone: felt strong/);
    await expect(side.notes()).toHaveValue(/Tablet: knee fine/);
  }
  await phone.app.context.close();
  await tablet.app.context.close();
});

/** WCAG 2.1 A and AA findings that axe rates serious or critical (as tests/e2e/a11y.spec.ts). */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("axe finds nothing serious on the history screens, the set editor, an earlier version and the restore dialog", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const app = await CadencePage.open(browser, { viewport: { width: 390, height: 844 } });
  await app.register(uniqueEmail("history-axe"), PASSWORD);
  await app.goTo("History");
  await expect(app.page.getByRole("heading", { name: "No workouts yet" })).toBeVisible();
  const found = await seriousViolations(app.page, "empty list");
  const workoutId = await app.acceptTodaysPlan();
  const history = app.history();
  await history.openFromList();
  const exercise = await history.firstExercise();
  await history.editSet(exercise, 1, { reps: "8" });
  for (const scheme of ["light", "dark"] as const) {
    await app.page.emulateMedia({ colorScheme: scheme });
    await app.page.goto("/history");
    await expect(app.page.getByTestId("history-entry")).toHaveCount(1);
    found.push(...(await seriousViolations(app.page, `list (${scheme})`)));
    await app.page.goto(`/history/${workoutId}`);
    await expect(history.version(`logged set 1 of ${exercise}`)).toBeVisible();
    found.push(...(await seriousViolations(app.page, `detail (${scheme})`)));
    await app.page.getByRole("button", { name: `Edit set 1 of ${exercise}` }).click();
    found.push(...(await seriousViolations(app.page, `set editor (${scheme})`)));
    await app.page.getByRole("button", { name: "Cancel" }).click();
    await app.page.getByTestId("version").nth(1).getByRole("button", { name: "View this version" }).click();
    await expect(history.banner()).toBeVisible();
    found.push(...(await seriousViolations(app.page, `earlier version (${scheme})`)));
    await history.banner().getByRole("button", { name: "Restore this version" }).click();
    await expect(app.page.getByRole("dialog", { name: "Restore this version?" })).toBeVisible();
    found.push(...(await seriousViolations(app.page, `restore dialog (${scheme})`)));
    await app.page.keyboard.press("Escape");
    await expect(app.page.getByRole("dialog")).toBeHidden();
    await expect(history.banner()).toBeVisible();
  }
  expect(found).toEqual([]);
  await app.context.close();
});
