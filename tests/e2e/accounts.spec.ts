import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page, type Route, type WebSocketRoute } from "@playwright/test";
import Database from "better-sqlite3";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import path from "node:path";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

// The server the config starts writes its database and, without SMTP, every mail to this folder.
const dataDir = process.env.CADENCE_E2E_DATA_DIR ?? "";

/** Settings → Privacy & Account. */
async function privacySection(app: CadencePage): Promise<Locator> {
  await app.openSettings();
  const privacy = app.page.getByRole("region", { name: "Privacy and account" });
  await privacy.scrollIntoViewIfNeeded();
  return privacy;
}

/** The mails in the outbox to `to` whose text holds `marker`, newest first, their parts decoded. */
function mailsTo(to: string, marker: string): string[] {
  const outbox = path.join(dataDir, "outbox");
  const names = fs.existsSync(outbox) ? fs.readdirSync(outbox).sort().reverse() : [];
  return names
    .map((name) => decodeMail(fs.readFileSync(path.join(outbox, name), "utf8")))
    .filter((mail) => mail.includes(`To: ${to}`) && mail.includes(marker));
}

/** Waits for the `count`th such mail and returns the newest. */
async function mailTo(to: string, marker: string, count = 1): Promise<string> {
  await expect.poll(() => mailsTo(to, marker).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return mailsTo(to, marker)[0]!;
}

/** The first link in `mail` to `pathname` (with its token), as a path on the server under test. */
function linkIn(mail: string, pathname: string): string {
  const found = new RegExp(`https?://[^\\s"<>]+${pathname}\\?token=[\\w-]+(?:&amp;|&)lang=\\w+`).exec(
    mail,
  )?.[0];
  expect(found, `a ${pathname} link in the mail`).toBeDefined();
  const url = new URL(found!.replace("&amp;", "&"));
  return url.pathname + url.search;
}

/** A MIME message with every base64 or quoted-printable part decoded in place (enough for our own mails). */
function decodeMail(raw: string): string {
  return raw
    .split(/\r?\n(?=--)/)
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      if (split < 0) return part;
      const head = part.slice(0, split);
      const body = part.slice(split).trim();
      if (/Content-Transfer-Encoding: base64/i.test(head)) {
        return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}`;
      }
      if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
        const text = body
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        return `${head}\n\n${text}`;
      }
      return part;
    })
    .join("\n");
}

/** Every table.column of the server's database holding any of `needles` (read-only, beside the server). */
function rowsMentioning(needles: string[]): string[] {
  const db = new Database(path.join(dataDir, "cadence.db"), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    const hits = new Set<string>();
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          const text = Buffer.isBuffer(value)
            ? value.toString("latin1")
            : typeof value === "string"
              ? value
              : "";
          if (needles.some((n) => text.includes(n))) hits.add(`${name}.${column}`);
        }
      }
    }
    return [...hits].sort();
  } finally {
    db.close();
  }
}

/** Who this device remembers as signed in (user id and account document), or null. */
async function rememberedSession(page: Page): Promise<{ userId: string; rootDocId: string } | null> {
  const stored = await page.evaluate(() => localStorage.getItem("cadence.session"));
  if (!stored) return null;
  const session = JSON.parse(stored) as { user: { id: string }; rootDocUrl: string };
  return { userId: session.user.id, rootDocId: session.rootDocUrl.replace(/^automerge:/, "") };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("signing out another device from the session list sends that device to the sign-in screen", async ({
  browser,
}) => {
  const email = uniqueEmail("sessions");
  const laptop = await CadencePage.open(browser);
  await laptop.register(email, PASSWORD, "Two devices");
  const phone = await CadencePage.open(browser);
  await phone.login(email, PASSWORD);
  await expect(phone.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await phone.waitUntilSynced();

  const privacy = await privacySection(laptop);
  const sessions = privacy.locator("cad-sessions");
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  // This device signs out with "Log out" (which syncs first); only the other one has a button here.
  const other = sessions.getByRole("listitem").filter({ hasNotText: "This device" });
  await expect(
    sessions.getByRole("listitem").filter({ hasText: "This device" }).getByRole("button"),
  ).toHaveCount(0);
  await other.getByRole("button", { name: /^Sign out/ }).click();

  // The phone hears it on its sync socket at once, without a reload.
  await expect(phone.page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(phone.page.getByText(/This device was signed out/)).toBeVisible();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await expect(sessions.getByText("You are signed in only here.")).toBeVisible();
  // The laptop's own session is untouched.
  await laptop.page.reload();
  await expect(laptop.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  // The phone can sign in again.
  await phone.login(email, PASSWORD);
  await expect(phone.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await laptop.context.close();
  await phone.context.close();
});

test("a data export shows its progress and its link downloads a zip of what the person created", async ({
  browser,
}) => {
  const email = uniqueEmail("export");
  const app = await CadencePage.open(browser, { acceptDownloads: true });
  const { page } = app;
  await app.register(email, PASSWORD, "Export Person");
  const note = "slept 6h, calves tight after the hill run";
  const panel = page.getByTestId("context-window");
  await panel.getByLabel("In your own words").fill(note);
  await panel.getByRole("button", { name: "Use this" }).click();
  await expect(panel.getByTestId("context-entries")).toContainText(note);
  await app.waitUntilSynced();

  const part = (await privacySection(app)).locator("cad-export");
  await part.getByRole("button", { name: "Prepare my data" }).click();
  // While it runs: a status and a progress bar.
  await expect(part.getByRole("status")).toHaveText(/Waiting to start|Preparing/);
  await expect(part.getByRole("progressbar")).toBeVisible();
  await expect(part.getByText("Your file is ready.")).toBeVisible({ timeout: 30_000 });
  await expect(part.getByRole("progressbar")).toHaveCount(0);
  await expect(part.getByText(/The file is kept until/)).toBeVisible();

  const link = part.getByRole("link", { name: "Download (zip)" });
  expect(await link.getAttribute("href")).toMatch(/^\/api\//);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const zip = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
  const files = Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
  expect(files["account.json"]).toContain(email);
  expect(files["account.json"]).toContain("Export Person");
  const withNote = Object.keys(files).filter((name) => files[name]?.includes(note));
  expect(
    withNote.filter((name) => name.startsWith("documents/")),
    Object.keys(files).join(", "),
  ).not.toEqual([]);
  expect(
    withNote.filter((name) => name.startsWith("csv/")),
    Object.keys(files).join(", "),
  ).not.toEqual([]);

  // The signed link is the only way in: without it the file is not served.
  const href = (await link.getAttribute("href")) ?? "";
  const tampered = href.replace(/sig=([^&]+)/, (_, sig: string) => `sig=${sig.slice(0, -2)}xx`);
  expect(tampered).not.toBe(href);
  expect((await page.request.get(tampered)).ok()).toBe(false);
  await app.context.close();
});

test("deleting the account: double confirmation, a cut-off device forgets it on reconnect, the email starts over", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const email = uniqueEmail("delete");
  const laptop = await CadencePage.open(browser);
  await laptop.register(email, PASSWORD, "Deleted Person");

  // The phone's sync socket goes through a switch the test controls.
  let cut = false;
  const phoneSockets: WebSocketRoute[] = [];
  const phone = await CadencePage.open(browser);
  await phone.page.routeWebSocket(/\/sync$/, (ws) => {
    phoneSockets.push(ws);
    if (!cut) ws.connectToServer();
  });
  await phone.login(email, PASSWORD);
  await expect(phone.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await phone.waitUntilSynced();
  const old = await rememberedSession(phone.page);
  expect(old).not.toBeNull();
  const { userId, rootDocId } = old!;
  expect(await phone.databases()).toContain(`cadence-${userId}`);

  // A tablet signed in too, and then its app was closed (the browser keeps its data).
  const tablet = await CadencePage.open(browser);
  await tablet.login(email, PASSWORD);
  await expect(tablet.page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await tablet.waitUntilSynced();
  expect(await tablet.databases()).toContain(`cadence-${userId}`);
  await tablet.page.close();

  // Cut the phone off: its socket drops, every reconnect hangs unanswered, and no request reaches the API.
  const noApi = (route: Route) => route.abort("internetdisconnected");
  await phone.context.route("**/api/**", noApi);
  cut = true;
  for (const ws of phoneSockets.splice(0)) await ws.close({ code: 1001 });
  await expect(phone.syncStatus()).not.toHaveAttribute("data-connection", "connected", { timeout: 10_000 });

  // The laptop deletes the account: the password first, then a last explicit confirmation.
  const part = (await privacySection(laptop)).locator("cad-delete-account");
  await part.getByLabel("Your password").fill(PASSWORD);
  await part.getByRole("button", { name: "Continue" }).click();
  await expect(part.getByText("Last step: delete the account for good?")).toBeVisible();
  expect(await seriousViolations(laptop.page)).toEqual([]);
  await part.getByRole("button", { name: "Delete my account" }).click();
  await expect(laptop.page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(laptop.page.getByText("Your account has been deleted.")).toBeVisible();
  expect(await laptop.databases()).toEqual([]);

  // Meanwhile the cut-off phone changes something that only it holds.
  await phone.openAccount();
  await phone.setDisplayName("Written while cut off");
  await expect(phone.syncStatus()).not.toHaveAttribute("data-unsynced", "0");

  // It reconnects: the server refuses the deleted account, the phone forgets everything and uploads nothing.
  await phone.context.unroute("**/api/**", noApi);
  cut = false;
  for (const ws of phoneSockets.splice(0)) await ws.close({ code: 1001 });
  await expect(phone.page.getByRole("button", { name: "Log in" })).toBeVisible({ timeout: 20_000 });
  await expect(phone.page.getByText(/This account was deleted/)).toBeVisible();
  expect(await phone.databases()).toEqual([]);
  expect(await rememberedSession(phone.page)).toBeNull();
  await expect.poll(() => rowsMentioning([userId, rootDocId]), { timeout: 10_000 }).toEqual([]);

  // The tablet's app starts again: it forgets the account before opening anything.
  const reopened = new CadencePage(await tablet.context.newPage());
  await reopened.page.goto("/");
  await expect(reopened.page.getByText(/This account was deleted/)).toBeVisible();
  await expect(reopened.page.getByRole("button", { name: "Log in" })).toBeVisible();
  expect(await reopened.databases()).toEqual([]);
  expect(await rememberedSession(reopened.page)).toBeNull();
  await tablet.context.close();

  // The same address starts again as a new, empty account.
  await phone.register(email, "a brand new password", undefined, { onboarding: "stay" });
  const again = await rememberedSession(phone.page);
  expect(again?.userId).not.toBe(userId);
  await phone.skipOnboarding();
  await phone.openAccount();
  await expect(phone.displayName()).not.toHaveValue(/Deleted Person|Written while cut off/);
  expect(rowsMentioning([userId, rootDocId])).toEqual([]);
  await laptop.context.close();
  await phone.context.close();
});

test("forgot password: the mailed link sets a new password once, and the old one stops working", async ({
  browser,
}) => {
  const email = uniqueEmail("forgot");
  const newPassword = "another long password";
  const app = await CadencePage.open(browser);
  const { page } = app;
  await app.register(email, PASSWORD, "Forgetful");
  await app.openAccount();
  await app.logout();

  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText(/If an account uses this address, a link is on its way/)).toBeVisible();

  const resetLink = linkIn(
    await mailTo(email, "/api/auth/reset-password?token="),
    "/api/auth/reset-password",
  );

  await page.goto(resetLink);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat the new password").fill(newPassword);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
  await page.getByRole("link", { name: "Open Cadence" }).click();

  await app.login(email, PASSWORD);
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await app.login(email, newPassword);
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();

  // The link worked once.
  await page.goto(resetLink);
  await expect(page.getByRole("heading", { name: "This link does not work any more" })).toBeVisible();
  await app.context.close();
});

test("the sign-in screen offers no provider the server has not configured, and explains a failed one", async ({
  browser,
}) => {
  const app = await CadencePage.open(browser);
  const { page } = app;
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  const providers = (await (await page.request.get("/api/auth/providers")).json()) as Record<string, unknown>;
  for (const [provider, name] of [
    ["google", "Continue with Google"],
    ["apple", "Continue with Apple"],
  ] as const) {
    await expect(page.getByRole("link", { name })).toHaveCount(providers[provider] === true ? 1 : 0);
  }
  // Coming back from a cancelled provider sign-in: said in words, and not again after a reload.
  await page.goto("/?auth_error=access_denied");
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in was cancelled." })).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
  await page.reload();
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(page.getByText("Sign-in was cancelled.")).toHaveCount(0);
  await app.context.close();
});

test("Continue with Google: a new person lands in onboarding, and a returning one on Today", async ({
  browser,
}) => {
  // The config's loopback OpenID provider; its control port chooses who logs in there next.
  const control = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8181) + 4}`;
  const app = await CadencePage.open(browser);
  const { page } = app;
  const providers = (await (await page.request.get("/api/auth/providers")).json()) as { google?: boolean };
  test.skip(providers.google !== true, "the server under test has no Google configured");
  const email = uniqueEmail("google");
  const who = { sub: `sub-${email}`, email, email_verified: true, name: "Gina Google" };
  expect((await page.request.post(`${control}/login`, { data: who })).status()).toBe(204);

  await page.getByRole("link", { name: "Continue with Google" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await expect(page.getByRole("heading", { name: "Welcome to Cadence, Gina Google" })).toBeVisible();
  await app.skipOnboarding();
  await app.openAccount();
  await expect(page.getByText(email)).toBeVisible();
  await app.logout();

  // Returning: straight to Today, the same account.
  await page.getByRole("link", { name: "Continue with Google" }).click();
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("Gina Google");
  await app.context.close();
});

test("an unconfirmed address: the Account screen sends the link again, and its page confirms the address", async ({
  browser,
}) => {
  const email = uniqueEmail("verify");
  const app = await CadencePage.open(browser);
  const { page } = app;
  await app.register(email, PASSWORD, "Unconfirmed");
  await app.openAccount();
  const status = page.locator("cad-email-status");
  await expect(status.getByText(/Your email address is not confirmed yet/)).toBeVisible();
  await status.getByRole("button", { name: "Send the link again" }).click();
  await expect(status.getByText("A new link is on its way. Only the newest one works.")).toBeVisible();
  // The second mail (sign-up sent the first) holds the link that works.
  const link = linkIn(await mailTo(email, "/api/auth/verify-email?token=", 2), "/api/auth/verify-email");

  await page.goto(link);
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
  await page.getByRole("link", { name: "Open Cadence" }).click();
  // The browser that confirmed keeps its session; the address counts as confirmed.
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await app.openAccount();
  await expect(app.displayName()).toHaveValue("Unconfirmed");
  await expect(status.getByText(/not confirmed yet/)).toHaveCount(0);
  await app.context.close();
});
