import { expect, test } from "@playwright/test";
import { LANGUAGE_NAMES, text, type Locale } from "./locales.js";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

const PHONE = { viewport: { width: 390, height: 844 }, locale: "en-US" };

for (const locale of ["en", "nb", "es", "de"] as const satisfies readonly Locale[]) {
  test(`a new user completes onboarding in ${LANGUAGE_NAMES[locale]}`, async ({ browser }) => {
    const app = await CadencePage.open(browser, PHONE);
    const { page } = app;
    const l = (key: Parameters<typeof text>[1], params?: Record<string, string | number>) =>
      text(locale, key, params);

    // The sign-up screen speaks the chosen language before there is an account.
    await page.getByLabel("Language").selectOption({ label: LANGUAGE_NAMES[locale] });
    await expect(page.getByRole("heading", { name: l("auth.login.title"), level: 1 })).toBeVisible();
    await page.getByRole("button", { name: l("auth.switchToRegister") }).click();
    await page.getByLabel(l("auth.email")).fill(uniqueEmail(`onboarding-${locale}`));
    await page.getByLabel(l("auth.password"), { exact: true }).fill(PASSWORD);
    await page.getByLabel(l("auth.displayName")).fill("Kari");
    await page.getByRole("button", { name: l("auth.register.submit") }).click();

    // A new user lands in onboarding, in the language they signed up in.
    await expect(page).toHaveURL(/\/onboarding\/welcome$/);
    await expect(
      page.getByRole("heading", { name: l("onboarding.welcome.titleName", { name: "Kari" }), level: 1 }),
    ).toBeVisible();
    expect((await app.look()).lang).toBe(locale);
    await page.getByRole("button", { name: l("onboarding.start") }).click();

    const next = () => page.getByRole("button", { name: l("onboarding.next"), exact: true }).click();
    await expect(page.getByRole("heading", { name: l("onboarding.goal.title") })).toBeVisible();
    await page.getByRole("radio", { name: l("goal.strength") }).check();
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.experience.title") })).toBeVisible();
    await page.getByRole("radio", { name: l("experience.intermediate") }).check();
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.schedule.title") })).toBeVisible();
    await page.getByRole("radio", { name: "4", exact: true }).check();
    await page.getByRole("radio", { name: /^60\b/ }).check();
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.equipment.title") })).toBeVisible();
    await page.getByRole("checkbox", { name: l("equipment.dumbbells") }).check();
    await page.getByRole("checkbox", { name: l("equipment.barbell") }).check();
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.injuries.title") })).toBeVisible();
    await page.getByRole("checkbox", { name: l("region.knee") }).check();
    await page.getByLabel(l("onboarding.injuries.notes")).fill("—");
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.exercises.title") })).toBeVisible();
    await page.getByLabel(l("onboarding.exercises.likedInput")).fill(l("exercise.squat"));
    await page.getByLabel(l("onboarding.exercises.likedInput")).press("Enter");
    await page.getByLabel(l("onboarding.exercises.dislikedInput")).fill(l("exercise.burpee"));
    await page.getByLabel(l("onboarding.exercises.dislikedInput")).press("Enter");
    await expect(
      page.getByRole("button", { name: l("onboarding.exercises.remove", { name: l("exercise.squat") }) }),
    ).toBeVisible();
    await next();
    await expect(page.getByRole("heading", { name: l("onboarding.units.title") })).toBeVisible();
    await page.getByRole("radio", { name: l("settings.weightUnit.lb") }).check();
    await next();

    await expect(page.getByRole("heading", { name: l("onboarding.done.title"), level: 1 })).toBeVisible();
    await expect(page.getByText(l("goal.strength"), { exact: true })).toBeVisible();
    await page.getByRole("button", { name: l("onboarding.finish") }).click();

    // Today, in the same language, built from the answers just given (weights shown in pounds).
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: l("today.title"), level: 1 })).toBeVisible();
    const setup = page.getByRole("region", { name: l("today.setupHeading") });
    await expect(setup.getByText(l("goal.strength"), { exact: true })).toBeVisible();
    // Weights are stored in kilograms and shown in the chosen unit, as this language writes it.
    const pounds = await page.evaluate(
      (tag) =>
        new Intl.NumberFormat(tag, { style: "unit", unit: "pound", unitDisplay: "short" }).format(44.1),
      locale,
    );
    await expect(setup.getByText(l("today.unitsExample", { weight: pounds }))).toBeVisible();
    await expect(page.getByRole("heading", { name: l("today.finishSetupHeading") })).toHaveCount(0);

    // The answers live in the account document: a reload shows the same, in the same language.
    await app.waitUntilSynced();
    await page.reload();
    await expect(page.getByRole("heading", { name: l("today.title"), level: 1 })).toBeVisible();
    await expect(
      page.getByRole("region", { name: l("today.setupHeading") }).getByText(l("goal.strength")),
    ).toBeVisible();
    expect((await app.look()).lang).toBe(locale);
    await app.context.close();
  });
}

// The server allows 20 sign-ups an hour from one address, so each test below is a whole story of one account.

test("onboarding resumes where it was left, on this device and on another; a returning user lands on Today", async ({
  browser,
}) => {
  const email = uniqueEmail("resume");
  const phone = await CadencePage.open(browser, PHONE);
  await phone.register(email, PASSWORD, "Resa", { onboarding: "stay" });
  const { page } = phone;
  await page.getByRole("button", { name: "Let's start" }).click();
  await page.getByRole("radio", { name: "Endurance" }).check();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("radio", { name: "Advanced" }).check();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page).toHaveURL(/\/onboarding\/schedule$/);

  // Leave: Today offers to continue, and continuing resumes at the step reached.
  await page.getByRole("link", { name: "Finish later" }).click();
  await expect(page.getByRole("heading", { name: "Finish setting up" })).toBeVisible();
  await page.getByRole("link", { name: "Continue setup" }).click();
  await expect(page).toHaveURL(/\/onboarding\/schedule$/);
  // The back button walks back through real URLs.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await page.goForward();
  await expect(page).toHaveURL(/\/onboarding\/schedule$/);

  // Another device of the same person lands in onboarding at the same step, with the answers given.
  const laptop = await CadencePage.open(browser);
  await laptop.login(email, PASSWORD);
  await expect(laptop.page).toHaveURL(/\/onboarding\/schedule$/);
  await laptop.page.getByRole("button", { name: "Back" }).click();
  await expect(laptop.page.getByRole("radio", { name: "Advanced" })).toBeChecked();
  await laptop.context.close();

  // Finish on the phone; from then on, signing in lands on Today.
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await phone.openAccount();
  await phone.logout();
  await phone.login(email, PASSWORD);
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // Every answer stays editable from Settings.
  await phone.openSettings();
  const training = page.getByRole("region", { name: "Training profile" });
  await expect(training.getByText("Endurance")).toBeVisible();
  await training.getByRole("link", { name: "Change Goal" }).click();
  await expect(page).toHaveURL(/\/onboarding\/goal\?return=settings$/);
  await page.getByRole("radio", { name: "Muscle growth" }).check();
  await page.getByRole("button", { name: "Done, back to Settings" }).click();
  await expect(
    page.getByRole("region", { name: "Training profile" }).getByText("Muscle growth"),
  ).toBeVisible();
  await phone.context.close();
});

test("invalid answers are refused with a message; every step can be skipped, leaving the defaults", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser, PHONE);
  await app.register(uniqueEmail("skip"), PASSWORD, "Sam", { onboarding: "stay" });
  const { page } = app;
  await page.getByRole("button", { name: "Let's start" }).click();
  await page.getByRole("radio", { name: "Strength" }).check();
  await page.getByRole("button", { name: "Skip", exact: true }).click(); // the goal goes back to its default
  await expect(page).toHaveURL(/\/onboarding\/experience$/);
  await app.waitUntilSynced();

  // No equipment at all is not an answer: unchecking the only item is refused, and it stays checked.
  await page.goto("/onboarding/equipment");
  const bodyweight = page.getByRole("checkbox", { name: "Bodyweight" });
  await expect(bodyweight).toBeChecked();
  await bodyweight.click();
  await expect(page.getByRole("alert").filter({ hasText: "Choose at least one" })).toBeVisible();
  await expect(bodyweight).toBeChecked();

  // One exercise cannot be both liked and avoided.
  await page.goto("/onboarding/exercises");
  await page.getByLabel("Add an exercise you like").fill("Lunge");
  await page.getByLabel("Add an exercise you like").press("Enter");
  await page.getByLabel("Add an exercise to avoid").fill("lunge");
  await page.getByLabel("Add an exercise to avoid").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "already on your list" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /lunge/i })).toHaveCount(1);
  await app.waitUntilSynced();

  // Skipping a step puts its defaults back (here: no liked exercises), through to the end.
  await page.goto("/onboarding/experience");
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Skip", exact: true }).click();
  await expect(page.getByRole("heading", { name: "You're all set" })).toBeVisible();
  const summary = page.getByRole("main");
  await expect(summary.getByText("General fitness")).toBeVisible();
  await expect(summary.getByText("Lunge")).toHaveCount(0);
  await page.getByRole("button", { name: "Finish" }).click();
  const setup = page.getByRole("region", { name: "Your training setup" });
  await expect(setup.getByText("General fitness")).toBeVisible();
  await expect(setup.getByText("3 days a week")).toBeVisible();
  await expect(setup.getByText("Bodyweight")).toBeVisible();
  await app.context.close();
});
