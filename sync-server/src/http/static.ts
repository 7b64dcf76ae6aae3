import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/**
 * Serves the built client. Hashed assets are immutable; everything else is revalidated. Paths that are not
 * files fall back to index.html so deep links (e.g. /workout/today) load the app, which routes on the client.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://x");
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    rel = "/";
  }
  const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
  if (!file.startsWith(root)) return notFound(res);
  let target = file;
  let stat = statOrNull(target);
  if (!stat?.isFile()) {
    if (path.extname(rel) !== "") return notFound(res);
    target = path.join(root, "index.html");
    stat = statOrNull(target);
    if (!stat?.isFile()) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      res.end("The client has not been built. Run `npm run build` (npm start does this for you).\n");
      return;
    }
  }
  const immutable = rel.startsWith("/assets/");
  res.writeHead(200, {
    "content-type": TYPES[path.extname(target)] ?? "application/octet-stream",
    "content-length": stat.size,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  fs.createReadStream(target).pipe(res);
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Not found\n");
}
