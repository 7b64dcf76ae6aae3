// Takes the README's screenshots (docs/screenshots/*.png) of a running Cadence, in Debian's chromium: a demo
// person signs up, answers onboarding, and the main screens are captured on a phone and a desktop, in light
// and dark. Usage: `node client/scripts/screenshots.mjs [base url, default http://localhost:8080]`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://localhost:8080";
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
const password = "a long enough password";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--hide-scrollbars"],
});

/** Signs a new demo person up and answers onboarding; returns their email. */
async function demoAccount() {
  const context = await browser.newContext({ viewport: phone, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(base + "/");
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  const email = `demo-${Date.now()}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Name (optional)").fill("Ada");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Let's start" }).click();
  const next = () => page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("radio", { name: "Strength" }).check();
  await next();
  await page.getByRole("radio", { name: "Intermediate" }).check();
  await next();
  await page.getByRole("radio", { name: "4", exact: true }).check();
  await page.getByRole("radio", { name: /^60\b/ }).check();
  await next();
  await page.getByRole("checkbox", { name: "Dumbbells" }).check();
  await page.getByRole("checkbox", { name: "Barbell and rack" }).check();
  await next();
  await page.getByRole("checkbox", { name: "Knees" }).check();
  await next();
  await page.getByLabel("Add an exercise you like").fill("Deadlift");
  await page.getByLabel("Add an exercise you like").press("Enter");
  await next();
  await next();
  await page.getByRole("button", { name: "Finish" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  await page.locator('cad-sync-status .state[data-unsynced="0"]').waitFor();
  await context.close();
  return email;
}

async function signedIn(email, viewport, colorScheme) {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    locale: "en-US",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto(base + "/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  return { context, page };
}

async function shot(page, name) {
  // Signed in: wait until the first sync has settled, so the status reads as it mostly does.
  if (await page.locator("cad-sync-status .state").count()) {
    await page.locator('cad-sync-status .state[data-connection="connected"][data-unsynced="0"]').waitFor();
    await page.getByText("Online", { exact: true }).waitFor({ timeout: 15_000 });
  }
  await page.waitForTimeout(400); // fonts and the last re-render settle
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`${name}.png`);
}

fs.mkdirSync(out, { recursive: true });
try {
  const email = await demoAccount();
  for (const scheme of ["light", "dark"]) {
    const signIn = await browser.newContext({ viewport: phone, colorScheme: scheme, locale: "en-US" });
    const signInPage = await signIn.newPage();
    await signInPage.goto(base + "/");
    await signInPage.getByRole("heading", { name: "Log in", level: 1 }).waitFor();
    await shot(signInPage, `signin-phone-${scheme}`);
    await signIn.close();

    const { context, page } = await signedIn(email, phone, scheme);
    await shot(page, `today-phone-${scheme}`);
    await page.goto(base + "/onboarding/goal");
    await page.getByRole("heading", { name: "What is your main goal?" }).waitFor();
    await shot(page, `onboarding-phone-${scheme}`);
    await page.goto(base + "/settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "General", level: 2 }).scrollIntoViewIfNeeded();
    await shot(page, `settings-phone-${scheme}`);
    await page.goto(base + "/workout");
    await page.getByRole("heading", { name: "Workout", level: 1 }).waitFor();
    await shot(page, `workout-phone-${scheme}`);
    await context.close();

    const wide = await signedIn(email, desktop, scheme);
    await wide.page.goto(base + "/settings#appearance");
    await wide.page.getByRole("heading", { name: "Appearance", level: 2 }).waitFor();
    await shot(wide.page, `settings-desktop-${scheme}`);
    await wide.context.close();
  }
} finally {
  await browser.close();
}
