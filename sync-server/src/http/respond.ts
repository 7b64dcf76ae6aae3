import type { IncomingMessage, ServerResponse } from "node:http";
import type * as z from "zod";

/** An error a handler throws to answer with `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ApiError) {
  sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string> = {}) {
  res.writeHead(204, { "cache-control": "no-store", ...headers });
  res.end();
}

export const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body of at most `limit` bytes and validates it; every failure is a 4xx naming the problem. */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  limit = MAX_JSON_BYTES,
): Promise<z.infer<S>> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send the request body as JSON (content-type: application/json).",
    );
  }
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit)
    throw new ApiError(413, "payload_too_large", `The request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new ApiError(413, "payload_too_large", `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
      .join("; ");
    throw new ApiError(400, "invalid_request", `The request is invalid: ${problems}.`);
  }
  return parsed.data;
}

/**
 * For POSTs that take no fields (logout, ticket, heartbeat, complete): no body at all, or a JSON body that passes
 * `schema` (clients send `{}`). Any other body (another content-type, malformed, oversized) is refused as in readJson.
 */
export async function readOptionalJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<void> {
  const h = req.headers;
  const empty =
    h["content-type"] === undefined && h["transfer-encoding"] === undefined && !Number(h["content-length"]);
  if (!empty) await readJson(req, schema);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
