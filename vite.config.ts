import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The browser client. `npm run build` (from the repo root) writes client/dist, which the sync server serves.
const clientRoot = fileURLToPath(new URL("./client", import.meta.url));
// The sync server during development; override to point the dev server at another port.
const apiTarget = process.env.CADENCE_API_URL ?? "http://localhost:8080";
// changeOrigin stays false: the server's same-origin check compares Origin with the Host the browser sent.
const proxy = {
  "/api": { target: apiTarget, changeOrigin: false },
  "/sync": { target: apiTarget, ws: true, changeOrigin: false },
};

// Paths the service worker must leave to the network: the API, the sync socket and the server's own pages.
const serverPaths = [/^\/api\//, /^\/sync/, /^\/healthz/, /^\/metrics/];

export default defineConfig({
  root: clientRoot,
  base: "/",
  plugins: [
    // Installable and offline: a Workbox service worker precaches the whole built app (shell, every screen's
    // chunk, the locale catalogs, icons and Automerge's wasm), answers navigations with index.html so deep
    // links start offline, and waits with a new version until the user chooses "Reload to update"
    // (client/src/pwa.ts registers it; no inline script, which the server's CSP forbids).
    VitePWA({
      registerType: "prompt",
      injectRegister: false,
      manifestFilename: "manifest.webmanifest",
      includeAssets: ["favicon.svg", "icons/apple-touch-icon.png"],
      manifest: {
        id: "/",
        name: "Cadence",
        short_name: "Cadence",
        description: "A local-first AI training companion that works offline.",
        lang: "en",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0f6b63",
        categories: ["health", "fitness", "sports"],
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
        ],
        shortcuts: [
          { name: "Today", url: "/" },
          { name: "Workout", url: "/workout" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png,wasm,webmanifest}"],
        // Automerge's wasm is ~3.6 MB uncompressed; the default limit (2 MiB) would leave it out.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // Hashed file names already change with their content.
        dontCacheBustURLsMatching: /^assets\//,
        navigateFallback: "/index.html",
        navigateFallbackDenylist: serverPaths,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  resolve: {
    // Automerge's wasm is loaded explicitly (client/src/repo.ts calls initializeWasm with the asset's URL), so
    // every import of the "fullfat" entry point is redirected to the slim one: one wasm instance, fetched only
    // once someone is signed in, and no bundler wasm integration needed. Exact match only, so
    // "@automerge/automerge/slim" and "@automerge/automerge/automerge.wasm?url" resolve normally.
    alias: [{ find: /^@automerge\/automerge$/, replacement: "@automerge/automerge/slim" }],
  },
  build: {
    // relative to root: client/dist. CLIENT_OUT_DIR builds elsewhere (e.g. client/dist-mine, served with
    // CLIENT_DIR=client/dist-mine) so parallel end-to-end runs never serve each other's half-written build.
    outDir: process.env.CLIENT_OUT_DIR ?? "dist",
    emptyOutDir: true,
    target: "esnext",
  },
  server: { proxy },
  preview: { proxy },
});
