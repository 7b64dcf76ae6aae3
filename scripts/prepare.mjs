// Shared by `npm start` and `npm test`: install dependencies and build the client when they are missing or stale.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${r.status}`);
}

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : mtime(p));
  }
  return t;
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  if (mtime(marker) >= mtime(path.join(root, "package-lock.json"))) return;
  console.log("[prepare] installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

/** `vite build` when the built client is missing or older than its sources. */
export function ensureClientBuild() {
  const built = mtime(path.join(root, "client", "dist", "index.html"));
  const sources = Math.max(
    newest(path.join(root, "client")),
    newest(path.join(root, "shared-schema", "src")),
    mtime(path.join(root, "vite.config.ts")),
  );
  if (built >= sources) return;
  console.log("[prepare] building the client (vite build)…");
  run("npx", ["vite", "build", "--logLevel", "warn"]);
}

/** Debian's chromium for the end-to-end tests: installed with apt when missing and when we are root. */
export function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  );
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) return null;
  console.log("[prepare] installing Debian's chromium for the browser tests…");
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (err) {
    console.error(`[prepare] could not install chromium: ${err.message}`);
    return null;
  }
  return fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
}
