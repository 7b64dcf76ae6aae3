import type { AutomergeUrl } from "@automerge/automerge-repo";
import { startServer } from "@cadence/sync-server";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionsOf, startAccountsServer } from "../support/accounts.js";
import { TestBrowser } from "../support/browser.js";
import { linkIn, startSmtpServer } from "../support/smtp.js";
import {
  connectClient,
  httpRequest,
  login,
  registerUser,
  startTestServer,
  tempDir,
  waitFor,
} from "../support/server.js";
import type { TestUser } from "../support/server.js";

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;
type Server = Awaited<ReturnType<typeof startAccountsServer>>;

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Submits the form of a token page as the browser would (same-origin POST). */
async function submitForm(
  server: Server,
  browser: TestBrowser,
  pagePath: string,
  fields: Record<string, string>,
) {
  return browser.request(server.url + pagePath, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: server.url,
      "sec-fetch-site": "same-origin",
    },
    body: new URLSearchParams(fields).toString(),
  });
}

function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]!] = m[2]!;
  return out;
}

describe("verification and reset mails through a real SMTP server on loopback", () => {
  let smtp: Smtp;
  let server: Server;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAccountsServer({ smtpUrl: smtp.url, mailFrom: "Cadence <no-reply@cadence.test>" });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it("registration sends a verification mail whose link works exactly once", async () => {
    const before = smtp.mails.length;
    const user = await registerUser(server.url);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email), 5000, before);
    expect(mail.subject).toBe("Confirm your email address for Cadence");
    expect(mail.headers.from).toContain("no-reply@cadence.test");
    const link = linkIn(mail);
    expect(link.startsWith(server.url + "/api/auth/verify-email?token=")).toBe(true);
    expect(mail.html).toContain(link.replace(/&/g, "&#38;"));
    // The token is 256 random bits; only its SHA-256 is stored.
    const token = new URL(link).searchParams.get("token")!;
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(14);
    const rows = server.ctx.db
      .prepare("SELECT * FROM email_tokens WHERE user_id = ?")
      .all(user.userId) as Array<{ hash: Buffer }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash.length).toBe(32);
    expect(JSON.stringify(server.ctx.db.prepare("SELECT * FROM email_tokens").all())).not.toContain(token);

    // A second device is signed in; the verifying browser keeps its session, the other one ends.
    const other = await login(server.url, user.email, user.password);
    expect(other.status).toBe(200);
    expect(sessionsOf(server, user.userId)).toBe(2);

    const browser = new TestBrowser();
    browser.setCookie(server.url, "cadence_session", user.cookie.split("=")[1]!);
    // Opening the page (as a mail scanner would) does not use the token up.
    for (let i = 0; i < 2; i++) {
      const page = await browser.request(link);
      expect(page.status).toBe(200);
      expect(page.headers.get("referrer-policy")).toBe("strict-origin");
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.body).toContain('<form method="post" action="/api/auth/verify-email">');
    }
    const page = await browser.request(link);
    const done = await submitForm(server, browser, "/api/auth/verify-email", hiddenFields(page.body));
    expect(done.status).toBe(200);
    expect(done.body).toContain("Email address confirmed");
    expect(server.ctx.accountRecords.byId(user.userId)!.emailVerifiedAt).not.toBeNull();
    expect(sessionsOf(server, user.userId)).toBe(1);
    expect((await httpRequest(server.url, "/api/me", { headers: { cookie: user.cookie } })).status).toBe(200);

    // Twice: refused, as page and as API.
    const again = await submitForm(server, browser, "/api/auth/verify-email", hiddenFields(page.body));
    expect(again.status).toBe(410);
    expect((await browser.request(link)).status).toBe(410);
    const api = await httpRequest(server.url, "/api/auth/verify-email", json({ token }));
    expect(api.status).toBe(400);
    expect(api.json).toMatchObject({ error: { code: "invalid_token" } });
  });

  it("a resent verification mail replaces the earlier link", async () => {
    const user = await registerUser(server.url);
    const first = await smtp.waitFor((m) => m.to.includes(user.email));
    const count = smtp.mails.length;
    const resend = await httpRequest(server.url, "/api/auth/verify-email/resend", {
      ...json({}),
      headers: { "content-type": "application/json", cookie: user.cookie },
    });
    expect(resend.status).toBe(202);
    const second = await smtp.waitFor((m) => m.to.includes(user.email), 5000, count);
    const oldToken = new URL(linkIn(first)).searchParams.get("token")!;
    const newToken = new URL(linkIn(second)).searchParams.get("token")!;
    expect((await httpRequest(server.url, "/api/auth/verify-email", json({ token: oldToken }))).status).toBe(
      400,
    );
    const verified = await httpRequest(server.url, "/api/auth/verify-email", {
      ...json({ token: newToken }),
      headers: { "content-type": "application/json", cookie: user.cookie },
    });
    expect(verified.status).toBe(200);
    const state = await httpRequest(server.url, "/api/account/email", { headers: { cookie: user.cookie } });
    expect(state.json).toMatchObject({ email: user.email, verified: true, verificationRequired: false });
  });

  it("password reset in the user's language: the link works once, every session ends and its sockets close", async () => {
    const user = await registerUser(server.url);
    await smtp.waitFor((m) => m.to.includes(user.email));
    // The user speaks Norwegian (their account document says so).
    const repo = await connectClient(server.url, user);
    const root = await repo.find<{ settings: { language: string } }>(user.rootDocUrl as AutomergeUrl);
    root.change((d) => {
      d.settings.language = "nb";
    });
    await waitFor(() => server.ctx.sync.connections.size > 0);
    await new Promise((r) => setTimeout(r, 300));
    const second = await login(server.url, user.email, user.password);
    expect(second.status).toBe(200);

    const count = smtp.mails.length;
    const asked = await httpRequest(
      server.url,
      "/api/auth/forgot-password",
      json({ email: user.email.toUpperCase() }),
    );
    expect(asked.status).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email), 5000, count);
    expect(mail.subject).toBe("Tilbakestill passordet ditt i Cadence");
    expect(mail.text).toContain("Velg et nytt passord");
    expect(mail.text).toContain("60 minutter");
    const link = linkIn(mail);
    expect(link).toContain("&lang=nb");

    const browser = new TestBrowser();
    const page = await browser.request(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain('lang="nb"');
    expect(page.body).toContain("Velg et nytt passord");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin");
    const fields = hiddenFields(page.body);
    // Form mistakes do not use the link up.
    const mismatch = await submitForm(server, browser, "/api/auth/reset-password", {
      ...fields,
      password: "new password 1",
      confirm: "new password 2",
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toContain("De to passordene er ikke like.");
    const short = await submitForm(server, browser, "/api/auth/reset-password", {
      ...fields,
      password: "short",
      confirm: "short",
    });
    expect(short.status).toBe(400);

    const count2 = smtp.mails.length;
    const done = await submitForm(server, browser, "/api/auth/reset-password", {
      ...fields,
      password: "brand new password",
      confirm: "brand new password",
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain("Passordet er endret");
    expect(sessionsOf(server, user.userId)).toBe(0);
    const closedWithin = Date.now();
    await waitFor(() => server.ctx.sync.connections.size === 0, 5000);
    expect(Date.now() - closedWithin).toBeLessThan(5000);
    expect((await login(server.url, user.email, user.password)).status).toBe(401);
    expect((await login(server.url, user.email, "brand new password")).status).toBe(200);
    // Resetting proved the mailbox: the address counts as verified. A notice went out.
    expect(server.ctx.accountRecords.byId(user.userId)!.emailVerifiedAt).not.toBeNull();
    const notice = await smtp.waitFor((m) => m.to.includes(user.email), 5000, count2);
    expect(notice.subject).toBe("Passordet ditt i Cadence er endret");

    // Once only.
    const again = await submitForm(server, browser, "/api/auth/reset-password", {
      ...fields,
      password: "third password!",
      confirm: "third password!",
    });
    expect(again.status).toBe(410);
    const api = await httpRequest(
      server.url,
      "/api/auth/reset-password",
      json({ token: fields.token, password: "third password!" }),
    );
    expect(api.status).toBe(400);
    expect((await login(server.url, user.email, "third password!")).status).toBe(401);
    await repo.shutdown();
  });

  it("the JSON reset endpoint works once too, and an expired link (older than an hour) does not", async () => {
    const user = await registerUser(server.url);
    await smtp.waitFor((m) => m.to.includes(user.email));
    let count = smtp.mails.length;
    await httpRequest(server.url, "/api/auth/forgot-password", json({ email: user.email }));
    const token = new URL(
      linkIn(await smtp.waitFor((m) => m.to.includes(user.email), 5000, count)),
    ).searchParams.get("token")!;
    const ok = await httpRequest(
      server.url,
      "/api/auth/reset-password",
      json({ token, password: "another password" }),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers["referrer-policy"]).toBe("strict-origin");
    expect(
      (
        await httpRequest(
          server.url,
          "/api/auth/reset-password",
          json({ token, password: "another password 2" }),
        )
      ).status,
    ).toBe(400);

    count = smtp.mails.length;
    await httpRequest(server.url, "/api/auth/forgot-password", json({ email: user.email }));
    const link = linkIn(
      await smtp.waitFor((m) => m.to.includes(user.email) && m.subject.includes("Reset"), 5000, count),
    );
    server.ctx.db
      .prepare("UPDATE email_tokens SET expires_at = ? WHERE user_id = ? AND purpose = 'reset_password'")
      .run(Date.now() - 1, user.userId);
    expect((await new TestBrowser().request(link)).status).toBe(410);
    const expired = await httpRequest(
      server.url,
      "/api/auth/reset-password",
      json({ token: new URL(link).searchParams.get("token"), password: "too late password" }),
    );
    expect(expired.status).toBe(400);
    expect((await login(server.url, user.email, "another password")).status).toBe(200);
  });
});

describe("mail rate limits and enumeration", () => {
  let smtp: Smtp;
  let server: Server;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAccountsServer({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it("answers 202 for unknown addresses without mail, sends at most 3 resets an hour per address, 429s an IP after 10", async () => {
    const user = await registerUser(server.url);
    await smtp.waitFor((m) => m.to.includes(user.email));
    const start = smtp.mails.length;
    const unknown = await httpRequest(
      server.url,
      "/api/auth/forgot-password",
      json({ email: `nobody-${Date.now()}@example.test` }),
    );
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual({ ok: true });
    for (let i = 0; i < 5; i++) {
      const r = await httpRequest(server.url, "/api/auth/forgot-password", json({ email: user.email }));
      expect(r.status).toBe(202);
      expect(r.json).toEqual({ ok: true });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.slice(start).filter((m) => m.to.includes(user.email))).toHaveLength(3);
    expect(smtp.mails.length - start).toBe(3);
    // 6 mail requests so far from this IP; the 11th is refused.
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        (await httpRequest(server.url, "/api/auth/forgot-password", json({ email: `x${i}@example.test` })))
          .status,
      );
    }
    expect(answers).toEqual([202, 202, 202, 202, 429]);
  });
});

describe("EMAIL_VERIFICATION=required", () => {
  let smtp: Smtp;
  let server: Server;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAccountsServer({ smtpUrl: smtp.url, emailVerification: "required" });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it("gives no session before the address is verified, and a normal login after", async () => {
    const email = `required-${Date.now()}@example.test`;
    const res = await httpRequest(
      server.url,
      "/api/auth/register",
      json({ email, password: "correct horse battery" }),
    );
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ verificationRequired: true, email });
    expect(res.headers["set-cookie"]).toBeUndefined();
    const denied = await login(server.url, email, "correct horse battery");
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ error: { code: "email_not_verified" } });
    // A wrong password still gets the generic answer (nothing about verification).
    expect((await login(server.url, email, "wrong password")).status).toBe(401);
    const token = new URL(linkIn(await smtp.waitFor((m) => m.to.includes(email)))).searchParams.get("token")!;
    expect((await httpRequest(server.url, "/api/auth/verify-email", json({ token }))).status).toBe(200);
    expect((await login(server.url, email, "correct horse battery")).status).toBe(200);
  });
});

describe("without SMTP (the embedded default)", () => {
  it("writes each mail to $DATA_DIR/outbox/ and logs its link", async () => {
    const lines: string[] = [];
    const log = {
      debug: () => undefined,
      info: (m: string, f?: Record<string, unknown>) => void lines.push(`${m} ${JSON.stringify(f ?? {})}`),
      warn: (m: string, f?: Record<string, unknown>) => void lines.push(`${m} ${JSON.stringify(f ?? {})}`),
      error: () => undefined,
    };
    const probe = await startTestServer();
    const config = { ...probe.ctx.config, dataDir: tempDir(), port: 0 };
    await probe.close();
    const server = await startServer({ ...config, accounts: { ...config.accounts, smtpUrl: null } }, log);
    try {
      expect(lines.some((l) => l.startsWith("SMTP_URL is not set"))).toBe(true);
      const user: TestUser = await registerUser(server.url);
      const outbox = path.join(config.dataDir, "outbox");
      const file = await waitFor(
        () => fs.existsSync(outbox) && fs.readdirSync(outbox).find((f) => f.endsWith(".eml")),
      );
      const raw = fs.readFileSync(path.join(outbox, file), "utf8");
      expect(raw).toMatch(new RegExp(`^To: ${user.email.replace(/[.+]/g, "\\$&")}`, "m"));
      expect((fs.statSync(path.join(outbox, file)).mode & 0o777).toString(8)).toBe("600");
      const logged = lines.find((l) => l.startsWith("no SMTP_URL: mail written to the outbox"))!;
      expect(logged).toMatch(/"link":"http:\/\/[^"]+\/auth\/verify-email\?token=/);
    } finally {
      await server.close();
    }
  });
});
