import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";
import { chromiumLaunchOptions } from "./support/chromium.js";

// End-to-end tests drive Debian's chromium (never a downloaded browser) against the real sync server and
// ai-worker, started here with a fresh data directory and the built client.
const port = Number(process.env.E2E_PORT ?? 8181);
// Tests that read the server's files (the mail outbox, the database) find them here: workers inherit it.
const dataDir = (process.env.CADENCE_E2E_DATA_DIR ??= path.join(os.tmpdir(), `cadence-e2e-${process.pid}`));
// A loopback OpenID provider (tests/support/oidc-provider-server.ts) stands in for Google: accounts.spec.ts
// signs in through it in the browser. Its control port (port + 4) chooses who logs in next.
const google = {
  GOOGLE_CLIENT_ID: "cadence-e2e-google",
  GOOGLE_CLIENT_SECRET: "a-long-e2e-client-secret-0123456789",
  GOOGLE_ISSUER: `http://127.0.0.1:${port + 3}`,
  GOOGLE_REDIRECT_URI: `http://localhost:${port}/api/auth/oauth/google/callback`,
};
// The loopback Spotify fake (tests/support/spotify-fake-server.ts) stands in for Spotify; music.spec.ts uses it.
const spotifyFakeUrl = `http://127.0.0.1:${port + 2}`;
const spotify = {
  SPOTIFY_CLIENT_ID: "cadence-e2e",
  SPOTIFY_ACCOUNTS_URL: spotifyFakeUrl,
  SPOTIFY_API_URL: `${spotifyFakeUrl}/v1`,
  SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${port}/api/music/connect/callback`,
};
const env = {
  PORT: String(port),
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  ARGON2_MEMORY_KIB: "4096",
  LOG_LEVEL: "warn",
  // Every test signs people up from one address; the production limit would throttle the suite.
  REGISTRATIONS_PER_IP_PER_HOUR: "1000",
  ...google,
  ...spotify,
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: chromiumLaunchOptions,
    trace: "off",
  },
  webServer: [
    {
      command: "node --import tsx tests/support/spotify-fake-server.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      url: `${spotifyFakeUrl}/__fake/state`,
      env: {
        SPOTIFY_FAKE_PORT: String(port + 2),
        SPOTIFY_FAKE_CLIENT_ID: spotify.SPOTIFY_CLIENT_ID,
        SPOTIFY_FAKE_REDIRECT_URI: spotify.SPOTIFY_REDIRECT_URI,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node --import tsx tests/support/oidc-provider-server.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      url: `http://127.0.0.1:${port + 4}/healthz`,
      env: {
        OIDC_PORT: String(port + 3),
        OIDC_CONTROL_PORT: String(port + 4),
        OIDC_CLIENT_ID: google.GOOGLE_CLIENT_ID,
        OIDC_CLIENT_SECRET: google.GOOGLE_CLIENT_SECRET,
        OIDC_REDIRECT_URI: google.GOOGLE_REDIRECT_URI,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node --import tsx sync-server/src/main.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      url: `http://127.0.0.1:${port}/healthz`,
      env,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node --import tsx ai-worker/src/main.ts",
      cwd: path.resolve(import.meta.dirname, ".."),
      env: { ...env, WORKER_HEALTH_PORT: String(port + 1) },
      url: `http://127.0.0.1:${port + 1}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
