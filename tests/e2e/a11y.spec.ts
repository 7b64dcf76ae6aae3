import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { CadencePage, PASSWORD, uniqueEmail, WorkoutPlayer } from "./pages.js";

/** WCAG 2.1 A and AA rules; only serious and critical findings fail (axe's own severity). */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const SCREENS = [
  { path: "/", heading: "Today" },
  { path: "/workout", heading: "Workout" },
  { path: "/history", heading: "History" },
  { path: "/progress", heading: "Progress" },
  { path: "/music", heading: "Music" },
  { path: "/settings", heading: "Settings" },
  { path: "/account", heading: "Account" },
  { path: "/no-such-page", heading: "Page not found" },
];
// The server allows 20 sign-ups an hour from one address: the tests here share one account.
let email: string | undefined;

/** Signs in with the shared account, creating it the first time (onboarding left open, or skipped). */
async function signIn(app: CadencePage, onboarding: "stay" | "skip" = "skip"): Promise<void> {
  if (email) {
    await app.login(email, PASSWORD);
    await expect(
      app.page.getByRole("heading", { name: /^(Today|Welcome to Cadence)/, level: 1 }),
    ).toBeVisible();
    return;
  }
  email = uniqueEmail("a11y");
  await app.register(email, PASSWORD, "Axe", { onboarding });
}

const ONBOARDING = [
  "welcome",
  "goal",
  "experience",
  "schedule",
  "equipment",
  "injuries",
  "exercises",
  "units",
  "done",
];

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no serious or critical violation on any screen (${scheme})`, async ({ browser }) => {
    test.setTimeout(180_000); // some twenty screens, each analysed
    const app = await CadencePage.open(browser, {
      colorScheme: scheme,
      viewport: { width: 390, height: 844 },
    });
    const { page } = app;
    const found = await seriousViolations(page, "sign-in");
    await page.getByRole("button", { name: "New here? Create an account" }).click();
    found.push(...(await seriousViolations(page, "sign-up")));
    await page.getByRole("button", { name: "Already have an account? Log in" }).click();
    await signIn(app, "stay");
    expect((await app.look()).theme).toBe(scheme);

    for (const step of ONBOARDING) {
      await page.goto(`/onboarding/${step}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      found.push(...(await seriousViolations(page, `onboarding/${step}`)));
    }
    const finish = page.getByRole("button", { name: "Finish", exact: true });
    if (await finish.isVisible()) await finish.click(); // the first run leaves onboarding done
    await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
    await app.waitUntilSynced();
    for (const screen of SCREENS) {
      await page.goto(screen.path);
      await expect(page.getByRole("heading", { name: screen.heading, level: 1 })).toBeVisible();
      found.push(...(await seriousViolations(page, screen.path)));
    }
    // The dialog and a refusal message, which only appear on demand.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Clear local cache" }).click();
    found.push(...(await seriousViolations(page, "clear-cache dialog")));
    await page.keyboard.press("Escape");
    await page.getByRole("switch", { name: "Use Session Mix" }).click();
    found.push(...(await seriousViolations(page, "settings with a refusal")));
    expect(found).toEqual([]);
    await app.context.close();
  });
}

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no serious or critical violation in a running workout and its summary (${scheme})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const app = await CadencePage.open(browser, {
      colorScheme: scheme,
      viewport: { width: 390, height: 844 },
    });
    const { page } = app;
    await signIn(app);
    const player = new WorkoutPlayer(page);
    await player.open();
    // Each run finishes its workout, so today has none running: start an empty one.
    await player.startEmpty();
    await player.addExercise("Dumbbell goblet squat", 2);
    await player.logSet({ reps: 10, weight: 20 });
    await expect(player.countdown()).toBeVisible();
    await expect(player.announcement()).toContainText("Logged set 1");
    const found = await seriousViolations(page, "running workout, rest counting down");
    await page.getByRole("button", { name: "Finish", exact: true }).click();
    found.push(...(await seriousViolations(page, "finish: session RPE")));
    await page.getByRole("radio", { name: "7", exact: true }).check();
    await page.getByRole("button", { name: "Finish and see the summary" }).click();
    await expect(page.getByTestId("workout-summary")).toBeVisible();
    found.push(...(await seriousViolations(page, "summary")));
    expect(found).toEqual([]);
    await app.context.close();
  });
}

test("every accent colour keeps its contrast in both themes", async ({ browser }) => {
  test.setTimeout(120_000);
  const app = await CadencePage.open(browser, { viewport: { width: 390, height: 844 } });
  await signIn(app);
  await app.page.goto("/settings");
  const found: string[] = [];
  for (const theme of ["Light", "Dark"]) {
    await app.page.getByRole("radio", { name: theme, exact: true }).check();
    for (const accent of ["Teal", "Blue", "Violet", "Rose", "Orange", "Green"]) {
      await app.page.getByRole("radio", { name: accent }).check();
      await expect.poll(async () => (await app.look()).accent).toBe(accent.toLowerCase());
      const results = await new AxeBuilder({ page: app.page }).withRules(["color-contrast"]).analyze();
      for (const v of results.violations)
        found.push(`${theme}/${accent}: ${v.nodes.map((n) => n.target).join(", ")}`);
    }
  }
  await app.page.getByRole("radio", { name: "Teal" }).check();
  await app.page.getByRole("radio", { name: "System default" }).check();
  expect(found).toEqual([]);
  await app.context.close();
});

test("controls are at least 44 px, icon buttons have names, focus is visible and the keyboard reaches everything", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser, { viewport: { width: 390, height: 844 } });
  await signIn(app);
  const { page } = app;
  const small: string[] = [];
  for (const path of ["/", "/settings", "/account", "/onboarding/equipment", "/onboarding/exercises"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    small.push(
      ...(await page.evaluate((where) => {
        // Every button, text field, select, choice row, switch row and navigation link, in every shadow root.
        const selector =
          "button, select, input:not([type=checkbox]):not([type=radio]), label.choice, label.toggle, nav a, a.icon-link, a.link-button";
        const all: Element[] = [];
        const walk = (root: Document | ShadowRoot) => {
          all.push(...root.querySelectorAll(selector));
          for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
        };
        walk(document);
        return all
          .filter((el) => !el.closest("dialog:not([open])"))
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
          .map(
            ({ el, box }) =>
              `${where}: <${el.tagName.toLowerCase()}> "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
          );
      }, path)),
    );
  }
  expect(small).toEqual([]);

  // Icon-only links are named.
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Settings", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Account", exact: true })).toBeVisible();

  // The first Tab reaches the skip link, which moves focus to the content; focus is drawn.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  const focusedTag = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.tagName.toLowerCase() ?? "";
    });
  expect(await focusedTag()).toBe("main");

  // Keyboard only, from the top: tab to Settings (header order: skip link, home, Settings), open it, and pick
  // Dark with the arrow keys.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute("aria-label") ?? "";
    });
    if (name === "Settings") break;
  }
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.getByRole("radio", { name: "Light" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Dark" })).toBeChecked();
  await expect.poll(async () => (await app.look()).theme).toBe("dark");
  await app.context.close();
});
