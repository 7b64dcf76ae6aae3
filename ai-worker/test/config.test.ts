import path from "node:path";
import { describe, expect, it } from "vitest";
import { Backoff } from "../src/backoff.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { createLogger, redact } from "../src/log.js";

describe("loadConfig", () => {
  it("defaults to the local server on $PORT and the token file in ./data", () => {
    const config = loadConfig({ PORT: "9090" });
    expect(config.serverUrl).toBe("http://127.0.0.1:9090");
    expect(config.token).toEqual({ file: path.resolve("data/worker-token") });
    expect(config.healthPort).toBeNull();
    expect(loadConfig({}).serverUrl).toBe("http://127.0.0.1:8080");
  });

  it("prefers WORKER_TOKEN and CADENCE_SERVER_URL, reads DATA_DIR and WORKER_HEALTH_PORT", () => {
    expect(loadConfig({ WORKER_TOKEN: " abc ", CADENCE_SERVER_URL: "https://x.test/" })).toMatchObject({
      token: "abc",
      serverUrl: "https://x.test",
    });
    expect(loadConfig({ DATA_DIR: "/srv/cadence", WORKER_HEALTH_PORT: "9100" })).toMatchObject({
      token: { file: "/srv/cadence/worker-token" },
      healthPort: 9100,
    });
  });

  it("rejects values it cannot use", () => {
    expect(() => loadConfig({ WORKER_HEALTH_PORT: "http" })).toThrow(ConfigError);
    expect(() => loadConfig({ CADENCE_SERVER_URL: "ftp://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(ConfigError);
  });
});

describe("logging and backoff", () => {
  it("redacts tickets, bearer tokens and registered secrets, one line per entry", () => {
    expect(redact("GET /sync?ticket=abc123&x=1 Authorization: Bearer s3cr3t")).toBe(
      "GET /sync?ticket=<redacted>&x=1 Authorization: Bearer <redacted>",
    );
    const lines: string[] = [];
    const log = createLogger({ write: (_l, line) => lines.push(line) });
    log.addSecret("worker-token-123456");
    log.warn("failed\nwith worker-token-123456", { url: "ws://h/sync?ticket=t-1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^WARN \S+ failed with <redacted> \{"url":"ws:\/\/h\/sync\?ticket=<redacted>"\}$/,
    );
  });

  it("grows exponentially with jitter up to the cap, and resets", () => {
    const low = new Backoff({ initialMs: 250, maxMs: 30_000 }, () => 0);
    const high = new Backoff({ initialMs: 250, maxMs: 30_000 }, () => 1);
    const lows = Array.from({ length: 10 }, () => low.next());
    const highs = Array.from({ length: 10 }, () => high.next());
    expect(highs).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(lows).toEqual(highs.map((d) => d / 2));
    high.reset();
    expect(high.next()).toBe(250);
  });
});
