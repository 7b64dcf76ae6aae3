import { defineConfig } from "@playwright/test";
import e2e from "./playwright.config.js";

// The README's screenshots, taken from the real app (server, worker, built client) exactly as the end-to-end
// tests run it: `npm run screenshots` (after `npm run build`). Not part of `npm test`.
export default defineConfig({ ...e2e, testDir: "screenshots" });
