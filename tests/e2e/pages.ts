import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from "@playwright/test";
import { expect } from "@playwright/test";

/** Page model of Cadence in the words a person sees (English unless a test says otherwise). */
export class CadencePage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser, options: BrowserContextOptions = {}): Promise<CadencePage> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto("/");
    return new CadencePage(page);
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  /**
   * Creates an account. A new account starts in onboarding; unless `onboarding: "stay"`, this skips it (its
   * defaults apply) and waits for Today.
   */
  async register(
    email: string,
    password: string,
    name?: string,
    { onboarding = "skip" }: { onboarding?: "skip" | "stay" } = {},
  ): Promise<void> {
    await this.page.getByRole("button", { name: "New here? Create an account" }).click();
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    if (name) await this.page.getByLabel("Name (optional)").fill(name);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page).toHaveURL(/\/onboarding\/welcome$/);
    if (onboarding === "skip") await this.skipOnboarding();
  }

  async skipOnboarding(): Promise<void> {
    await this.page.getByRole("button", { name: "Skip setup and use defaults" }).click();
    await expect(this.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  }

  async login(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }

  async openAccount(): Promise<void> {
    await this.page.getByRole("link", { name: "Account", exact: true }).click();
    await expect(this.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  }

  async openSettings(): Promise<void> {
    await this.page.getByRole("link", { name: "Settings", exact: true }).click();
    await expect(this.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  }

  /** A main destination (Today, Workout, History, Progress, Music) through the navigation. */
  async goTo(destination: string): Promise<void> {
    await this.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: destination })
      .click();
    await expect(this.page.getByRole("heading", { name: destination, level: 1 })).toBeVisible();
  }

  displayName(): Locator {
    return this.page.getByLabel("Display name");
  }

  async setDisplayName(name: string): Promise<void> {
    await this.displayName().fill(name);
    await this.displayName().press("Enter");
    await this.displayName().blur();
  }

  async logout(): Promise<void> {
    await this.page.getByRole("button", { name: "Log out" }).click();
    await expect(this.page.getByRole("button", { name: "Log in" })).toBeVisible();
  }

  /** The sync indicator's visible text. */
  syncStatus(): Locator {
    return this.page.locator("cad-sync-status .state");
  }

  /** Waits until the server has acknowledged every change made here (before a reload, say). */
  async waitUntilSynced(): Promise<void> {
    await expect(this.syncStatus()).toHaveAttribute("data-unsynced", "0", { timeout: 10_000 });
  }

  /** Names of the IndexedDB databases this origin holds. */
  async databases(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ""));
  }

  /** The theme, accent and language the page is drawn in. */
  async look(): Promise<{ theme: string; accent: string; lang: string }> {
    return this.page.evaluate(() => ({
      theme: document.documentElement.dataset.theme ?? "",
      accent: document.documentElement.dataset.accent ?? "",
      lang: document.documentElement.lang,
    }));
  }

  /** Generates today's plan on Today and accepts it; returns the new workout's document id. */
  async acceptTodaysPlan(): Promise<string> {
    await this.goTo("Today");
    const plan = this.page.getByTestId("today-plan");
    await plan.getByRole("button", { name: "Generate today's plan" }).click();
    await expect(plan.getByTestId("plan-phase").first()).toBeVisible();
    await plan.getByRole("button", { name: "Accept as today's workout" }).click();
    await expect(plan.getByTestId("plan-accepted")).toBeVisible();
    await this.goTo("History");
    const href = await this.page.getByTestId("history-entry").first().getAttribute("href");
    return href!.replace("/history/", "");
  }

  /** The History screens: the list, a workout's sets and its version timeline. */
  history(): HistoryScreen {
    return new HistoryScreen(this.page);
  }

  /** Waits until the service worker controls the page and has precached the app. */
  async waitForOfflineReady(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) =>
          navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
        );
      }
    });
  }
}

/** History: a workout's sets (correctable), its notes and its version timeline. */
export class HistoryScreen {
  constructor(readonly page: Page) {}

  /** Opens the newest workout from the list. */
  async openFromList(): Promise<void> {
    await this.page.getByTestId("history-entry").first().click();
    await expect(this.page.getByRole("heading", { name: "Exercises and sets", level: 2 })).toBeVisible();
  }

  /** The name of the first exercise shown. */
  async firstExercise(): Promise<string> {
    return (await this.page.getByTestId("exercise").first().getAttribute("data-exercise"))!;
  }

  /** The name of the first exercise with at least `min` sets. */
  async exerciseWithSets(min: number): Promise<string> {
    const names = await this.page
      .getByTestId("exercise")
      .evaluateAll((sections) => sections.map((s) => s.getAttribute("data-exercise") ?? ""));
    for (const name of names) if ((await this.sets(name).count()) >= min) return name;
    throw new Error(`no exercise with ${min} sets`);
  }

  sets(exercise: string): Locator {
    return this.page.locator(`[data-testid="exercise"][data-exercise="${exercise}"] [data-testid="set"]`);
  }

  set(exercise: string, n: number): Locator {
    return this.page.locator(`[data-testid="set"][data-set="${exercise} ${n}"]`);
  }

  /** Corrects set `n` of `exercise`: what was done, and optionally its target reps. */
  async editSet(
    exercise: string,
    n: number,
    values: { reps?: string; weight?: string; rpe?: string; targetReps?: string },
  ): Promise<void> {
    await this.page.getByRole("button", { name: `Edit set ${n} of ${exercise}` }).click();
    const form = this.page.getByRole("form", { name: `Set ${n} of ${exercise}` });
    await this.#fill(form.getByRole("group", { name: "What you did" }), values);
    if (values.targetReps !== undefined)
      await form.getByRole("group", { name: "Target" }).getByLabel("Reps").fill(values.targetReps);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form).toBeHidden();
  }

  /** Adds a set, done with these values, at the end of `exercise`. */
  async addSet(exercise: string, values: { reps?: string; weight?: string; rpe?: string }): Promise<void> {
    await this.page.getByRole("button", { name: `Add a set to ${exercise}` }).click();
    const form = this.page.getByRole("form", { name: `New set of ${exercise}` });
    await this.#fill(form, values);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form).toBeHidden();
  }

  async #fill(scope: Locator, values: { reps?: string; weight?: string; rpe?: string }): Promise<void> {
    if (values.reps !== undefined) await scope.getByLabel("Reps").fill(values.reps);
    if (values.weight !== undefined) await scope.getByLabel(/^Weight/).fill(values.weight);
    if (values.rpe !== undefined) await scope.getByLabel("RPE").fill(values.rpe);
  }

  notes(): Locator {
    return this.page.getByLabel("Notes", { exact: true });
  }

  async saveNotes(text: string): Promise<void> {
    await this.notes().fill(text);
    await this.page.getByRole("button", { name: "Save notes" }).click();
    await expect(this.status()).toHaveText("Notes saved.");
  }

  /** What every exercise section shows, for comparing two devices. */
  async workoutText(): Promise<string[]> {
    return this.page.getByTestId("exercise").allInnerTexts();
  }

  /** The timeline entry whose words contain `words`. */
  version(words: string): Locator {
    return this.page.getByTestId("version").filter({
      has: this.page.getByTestId("version-what").filter({ hasText: words }),
    });
  }

  async versionCount(): Promise<number> {
    return this.page.getByTestId("version").count();
  }

  /** The read-only banner of an earlier version. */
  banner(): Locator {
    return this.page.getByTestId("version-banner");
  }

  async restoreShownVersion(): Promise<void> {
    await this.banner().getByRole("button", { name: "Restore this version" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Restore this version?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Restore", exact: true }).click();
  }

  /** The screen's status line (saved, restored). */
  status(): Locator {
    return this.page.getByTestId("detail-status");
  }
}

let n = 0;
export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${++n}@example.test`;
export const PASSWORD = "a long enough password";

/** The workout player (/workout, /workout/:id) in the words it shows. */
export class WorkoutPlayer {
  constructor(readonly page: Page) {}

  logger(): Locator {
    return this.page.locator("cad-set-logger");
  }

  currentExercise(): Locator {
    return this.page.getByTestId("current-exercise");
  }

  countdown(): Locator {
    return this.page.getByTestId("countdown");
  }

  /** The polite live region that announces rest ends and logged sets. */
  announcement(): Locator {
    return this.page.getByTestId("player-announce");
  }

  progress(): Locator {
    return this.page.getByTestId("progress");
  }

  /** One figure of the end-of-session summary: duration, sets, reps, volume, rpe, load. */
  summary(figure: string): Locator {
    return this.page.getByTestId(`summary-${figure}`).locator("dd");
  }

  async open(id?: string): Promise<void> {
    await this.page.goto(id ? `/workout/${id}` : "/workout");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  async startEmpty(): Promise<void> {
    await this.page.getByRole("button", { name: "Start an empty workout" }).click();
    await expect(this.progress()).toBeVisible();
  }

  async addExercise(name: string, sets = 3): Promise<void> {
    await this.page.getByRole("button", { name: "Add exercise" }).first().click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("Exercise name").fill(name);
    await dialog.getByLabel("Sets").fill(String(sets));
    await dialog.getByRole("button", { name, exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /** Fills reps (and weight) and taps "Log set"; does not wait for anything after the tap. */
  async logSet(values: { reps: number; weight?: number }): Promise<void> {
    await this.logger().getByRole("spinbutton", { name: "Reps" }).fill(String(values.reps));
    if (values.weight !== undefined)
      await this.logger()
        .getByRole("spinbutton", { name: /^Weight/ })
        .fill(String(values.weight));
    await this.logger().getByRole("button", { name: "Log set" }).click();
  }

  async skipRest(): Promise<void> {
    await this.countdown().getByRole("button", { name: "Skip rest" }).click();
    await expect(this.countdown()).toBeHidden();
  }

  async finish(sessionRpe: number): Promise<void> {
    await this.page.getByRole("button", { name: "Finish", exact: true }).click();
    await this.page.getByRole("radio", { name: String(sessionRpe), exact: true }).check();
    await this.page.getByRole("button", { name: "Finish and see the summary" }).click();
    await expect(this.page.getByTestId("workout-summary")).toBeVisible();
  }
}
