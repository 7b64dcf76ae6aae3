// Spotify's developer policy forbids feeding Spotify content to AI/ML models: nothing in the ai-worker (the only
// code that builds model prompts) may import the music domain or the server's music integration.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe("Spotify data never reaches a model", () => {
  it("the ai-worker imports nothing from the music domain or the music integration", () => {
    const files = sources(path.join(root, "ai-worker/src"));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => {
      const text = fs.readFileSync(f, "utf8");
      return (
        /from\s+["'][^"']*(shared-schema\/music|shared-schema\/src\/music|sync-server\/src\/music|\/music\/)[^"']*["']/.test(
          text,
        ) || /import\(\s*["'][^"']*music/.test(text)
      );
    });
    expect(offenders).toEqual([]);
  });

  it("the music domain imports no model client and no prompt code", () => {
    for (const f of [
      ...sources(path.join(root, "shared-schema/src/music")),
      ...sources(path.join(root, "sync-server/src/music")),
    ]) {
      const text = fs.readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/from\s+["'](openai|@cadence\/ai-worker)[^"']*["']/);
      expect(text, f).not.toMatch(/from\s+["'][^"']*(ai-worker|prompt)[^"']*["']/);
    }
  });
});
