/**
 * A minimal browser for redirect-based sign-in flows: a cookie jar per origin and manual redirects, so a test
 * can stop at any hop (e.g. just before the provider sends the browser back to Cadence). SameSite and Path are
 * not modelled: a test decides itself which cookies a cross-site request carries.
 */
export interface Hop {
  status: number;
  url: string;
  location: string | null;
  setCookies: string[];
  body: string;
  headers: Headers;
}

export class TestBrowser {
  readonly #jar = new Map<string, Map<string, string>>();

  constructor(
    readonly userAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
  ) {}

  cookie(origin: string, name: string): string | undefined {
    return this.#jar.get(new URL(origin).origin)?.get(name);
  }

  cookieHeader(url: string): string {
    const jar = this.#jar.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }

  setCookie(origin: string, name: string, value: string | null): void {
    const o = new URL(origin).origin;
    const jar = this.#jar.get(o) ?? new Map<string, string>();
    if (value === null) jar.delete(name);
    else jar.set(name, value);
    this.#jar.set(o, jar);
  }

  /** One request, no redirect following; cookies from the jar go along and Set-Cookie lands in it. */
  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; cookies?: boolean } = {},
  ): Promise<Hop> {
    const headers: Record<string, string> = { "user-agent": this.userAgent, ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie && init.cookies !== false) headers.cookie = cookie;
    const res = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body,
      redirect: "manual",
    });
    const setCookies = res.headers.getSetCookie();
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      this.setCookie(url, name, expired ? null : value);
    }
    const location = res.headers.get("location");
    return {
      status: res.status,
      url,
      location: location ? new URL(location, url).href : null,
      setCookies,
      body: await res.text(),
      headers: res.headers,
    };
  }

  /** Follows redirects from `url` until `stop(url)` says to stop before requesting it (or a non-redirect). */
  async follow(
    url: string,
    stop: (next: string) => boolean,
    maxHops = 15,
  ): Promise<{ last: Hop; next: string | null }> {
    let next: string | null = url;
    let last: Hop | null = null;
    for (let i = 0; i < maxHops && next !== null; i++) {
      if (last && stop(next)) return { last, next };
      last = await this.request(next);
      next = last.status >= 300 && last.status < 400 ? last.location : null;
    }
    if (!last) throw new Error("no request made");
    return { last, next };
  }
}
