import { defineConfig } from "vitest/config";

// Unit and cross-process integration tests. Playwright end-to-end tests live in tests/e2e and run separately.
export default defineConfig({
  test: {
    include: ["*/test/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/chaos/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    setupFiles: ["./vitest.setup.ts"],
  },
});
