// `npm test`: everything — unit and integration tests (vitest, real SQLite and sockets) and the end-to-end tests
// in Debian's chromium (Playwright). Installs what it needs first.
import { spawnSync } from "node:child_process";
import { ensureChromium, ensureClientBuild, ensureDependencies, root } from "./prepare.mjs";

ensureDependencies();
ensureClientBuild();
const chromium = ensureChromium();

function run(label, cmd, args, env = {}) {
  console.log(`\n[test] ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

const results = [];
results.push(["unit + integration", run("unit and integration tests (vitest)", "npx", ["vitest", "run"])]);
if (chromium) {
  results.push([
    "end-to-end",
    run(
      "end-to-end tests (Playwright, Debian chromium)",
      "npx",
      ["playwright", "test", "-c", "tests/playwright.config.ts"],
      {
        CHROMIUM_PATH: chromium,
      },
    ),
  ]);
} else {
  console.error(
    "\n[test] Debian's chromium is not installed and could not be installed: end-to-end tests NOT run.",
  );
  results.push(["end-to-end", !process.env.CI]);
}

console.log("\n[test] summary");
for (const [name, ok] of results) console.log(`  ${ok ? "ok  " : "FAIL"} ${name}`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
