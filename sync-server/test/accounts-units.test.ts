import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "../src/accounts/http.js";
import { languageFromHeader } from "../src/accounts/language.js";
import { renderMail } from "../src/accounts/mail-templates.js";
import { appleClientSecret } from "../src/accounts/oauth/apple-secret.js";
import { WindowLimiter } from "../src/accounts/rate-limit.js";
import { SecretKey } from "../src/accounts/secrets.js";
import { describeDevice } from "../src/accounts/user-agent.js";
import { toCsv } from "../src/privacy/export/csv.js";

describe("SecretKey", () => {
  const key = new SecretKey("k".repeat(32));
  it("signs per purpose and verifies in constant time", () => {
    const sig = key.sign("export-download", "a.b.1");
    expect(key.verify("export-download", "a.b.1", sig)).toBe(true);
    expect(key.verify("export-download", "a.b.2", sig)).toBe(false);
    expect(key.verify("other-purpose", "a.b.1", sig)).toBe(false);
    expect(key.verify("export-download", "a.b.1", sig.slice(1))).toBe(false);
    expect(new SecretKey("x".repeat(32)).verify("export-download", "a.b.1", sig)).toBe(false);
  });
  it("seals with AES-256-GCM: opens for the same purpose only, and detects tampering", () => {
    const sealed = key.seal("music:tokens", "refresh-token-value");
    expect(sealed).not.toContain("refresh-token-value");
    expect(key.open("music:tokens", sealed).toString()).toBe("refresh-token-value");
    expect(key.seal("music:tokens", "same")).not.toBe(key.seal("music:tokens", "same"));
    expect(() => key.open("other", sealed)).toThrow();
    const parts = sealed.split(".");
    parts[2] = Buffer.from("x" + Buffer.from(parts[2]!, "base64url").toString("latin1")).toString(
      "base64url",
    );
    expect(() => key.open("music:tokens", parts.join("."))).toThrow();
  });
});

describe("appleClientSecret", () => {
  it("is an ES256 JWT over Apple's claims that verifies with the team's public key", () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const now = Date.UTC(2026, 0, 1);
    const jwt = appleClientSecret(
      {
        teamId: "TEAM",
        clientId: "no.cadence.web",
        keyId: "KEY",
        privateKeyPem: pem,
        audience: "https://appleid.apple.com",
      },
      now,
    );
    const [h, p, sig] = jwt.split(".");
    expect(JSON.parse(Buffer.from(h!, "base64url").toString())).toEqual({
      alg: "ES256",
      kid: "KEY",
      typ: "JWT",
    });
    expect(JSON.parse(Buffer.from(p!, "base64url").toString())).toEqual({
      iss: "TEAM",
      sub: "no.cadence.web",
      aud: "https://appleid.apple.com",
      iat: now / 1000,
      exp: now / 1000 + 300,
    });
    expect(Buffer.from(sig!, "base64url")).toHaveLength(64);
    const ok = crypto.verify(
      "sha256",
      Buffer.from(`${h}.${p}`),
      { key: publicKey, dsaEncoding: "ieee-p1363" },
      Buffer.from(sig!, "base64url"),
    );
    expect(ok).toBe(true);
  });
});

describe("safeReturnPath", () => {
  it("keeps same-origin paths and turns everything else into /", () => {
    expect(safeReturnPath("/history?week=3#top")).toBe("/history?week=3#top");
    for (const bad of [
      null,
      "",
      "history",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/" + "a".repeat(600),
    ]) {
      expect(safeReturnPath(bad)).toBe("/");
    }
  });
});

describe("languageFromHeader", () => {
  const req = (v?: string) =>
    ({ headers: v === undefined ? {} : { "accept-language": v } }) as IncomingMessage;
  it("picks the best supported language by q-value, reading no/nn as bokmål", () => {
    expect(languageFromHeader(req("de-CH,de;q=0.9,en;q=0.8"))).toBe("de");
    expect(languageFromHeader(req("fr;q=1,es;q=0.5,en;q=0.4"))).toBe("es");
    expect(languageFromHeader(req("nn-NO"))).toBe("nb");
    expect(languageFromHeader(req("en;q=0.1,nb;q=0.9"))).toBe("nb");
    expect(languageFromHeader(req("fr"))).toBeNull();
    expect(languageFromHeader(req("*"))).toBeNull();
    expect(languageFromHeader(req())).toBeNull();
  });
});

describe("mails", () => {
  it("render in every language with the link and its lifetime, HTML-escaped", () => {
    for (const lang of ["en", "nb", "es", "de"] as const) {
      const m = renderMail("reset_password", lang, {
        name: "<Ada>",
        link: "https://x.test/auth/reset-password?token=t&lang=" + lang,
        ttlMs: 3600_000,
      });
      expect(m.text).toContain("https://x.test/auth/reset-password?token=t&lang=" + lang);
      expect(m.text).toContain("60");
      expect(m.html).toContain("&#60;Ada&#62;");
      expect(m.html).not.toContain("<Ada>");
    }
    expect(renderMail("verify_email", "de", { name: "A", link: "l", ttlMs: 48 * 3600_000 }).text).toContain(
      "48 Stunden",
    );
  });
});

describe("describeDevice", () => {
  it("names common browsers and systems", () => {
    expect(
      describeDevice(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ).label,
    ).toBe("Safari on iPhone");
    expect(
      describeDevice(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
      ).label,
    ).toBe("Edge on Windows");
    expect(describeDevice("").label).toBe("Unknown device");
  });
});

describe("toCsv", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas in text, not in numbers", () => {
    const csv = toCsv(
      ["a", "b"],
      [
        { a: 'x,"y"\nz', b: -1 },
        { a: "=SUM(A1)", b: null },
        { a: "+1", b: true },
      ],
    );
    expect(csv).toBe('a,b\r\n"x,""y""\nz",-1\r\n\'=SUM(A1),\r\n\'+1,true\r\n');
  });
});

describe("WindowLimiter", () => {
  it("allows `limit` events per window and says when the next is allowed", () => {
    let t = 0;
    const l = new WindowLimiter(2, 1000, () => t);
    expect(l.take("k")).toBe(true);
    t = 100;
    expect(l.take("k")).toBe(true);
    expect(l.take("k")).toBe(false);
    expect(l.retryAfterMs("k")).toBe(900);
    t = 1001;
    expect(l.take("k")).toBe(true);
    expect(l.take("other")).toBe(true);
  });
});
