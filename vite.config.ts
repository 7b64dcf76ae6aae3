import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The browser client. `npm run build` (from the repo root) writes client/dist, which the sync server serves.
const clientRoot = fileURLToPath(new URL("./client", import.meta.url));
// The sync server during development; override to point the dev server at another port.
const apiTarget = process.env.CADENCE_API_URL ?? "http://localhost:8080";
// changeOrigin stays false: the server's same-origin check compares Origin with the Host the browser sent.
const proxy = {
  "/api": { target: apiTarget, changeOrigin: false },
  "/sync": { target: apiTarget, ws: true, changeOrigin: false },
};

export default defineConfig({
  root: clientRoot,
  base: "/",
  resolve: {
    // Automerge's wasm is loaded explicitly (client/src/repo.ts calls initializeWasm with the asset's URL), so
    // every import of the "fullfat" entry point is redirected to the slim one: one wasm instance, fetched only
    // once someone is signed in, and no bundler wasm integration needed. Exact match only, so
    // "@automerge/automerge/slim" and "@automerge/automerge/automerge.wasm?url" resolve normally.
    alias: [{ find: /^@automerge\/automerge$/, replacement: "@automerge/automerge/slim" }],
  },
  build: {
    outDir: "dist", // relative to root: client/dist
    target: "esnext",
  },
  server: { proxy },
  preview: { proxy },
});
