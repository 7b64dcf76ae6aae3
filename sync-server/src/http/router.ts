import type { IncomingMessage, ServerResponse } from "node:http";

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  /** Route label for metrics (the pattern, not the concrete path, to keep label cardinality bounded). */
  label: string;
}

/** A minimal method + path router with `:param` segments. */
export class Router {
  readonly #routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      "^" +
        path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
          keys.push(k);
          return "([^/]+)";
        }) +
        "$",
    );
    this.#routes.push({ method, pattern, keys, handler, label: path });
    return this;
  }

  /** The matching route, `"method"` when only the method differs, or null. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string>; label: string } | "method" | null {
    let pathMatched = false;
    for (const r of this.#routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? "")));
      return { handler: r.handler, params, label: r.label };
    }
    return pathMatched ? "method" : null;
  }
}
