import type { IncomingMessage } from "node:http";

/**
 * Cross-site request defences. Browsers always send `Origin` on state-changing fetches and WebSocket upgrades
 * and `Sec-Fetch-Site` on modern engines; a request carrying either must come from an allowed origin. A request
 * with neither is not from a browser and so cannot be a cross-site forgery riding on a cookie.
 */
export function isCrossSite(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return true;
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none" && origin === undefined) return true;
  return false;
}
