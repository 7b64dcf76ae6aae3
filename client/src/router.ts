/**
 * A small router on real URLs (history API). Routes are data, so later screens plug in with a line each and
 * load their code on first visit (`load`). A path segment `:name` matches any one segment and reaches
 * `render` as a parameter. Same-origin link clicks anywhere, including inside shadow roots, navigate without
 * a page load; the back button walks the history as usual.
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from "lit";
import { t, type PlainMessageKey } from "./i18n/index.js";

export type RouteParams = Readonly<Record<string, string>>;

export interface Route {
  readonly path: string;
  /** The page's name, used for document.title. */
  readonly title: PlainMessageKey;
  /** Loads the screen's module (code-split) before the first render. */
  readonly load?: () => Promise<unknown>;
  readonly render: (params: RouteParams) => TemplateResult;
}

export interface RouterOptions {
  readonly routes: readonly Route[];
  readonly notFound: Route;
  /** After a navigation has rendered (not on first load): the place to move focus to the new page. */
  readonly onNavigated?: () => void;
}

const NAVIGATE_EVENT = "cad-navigate";

/** Navigates from anywhere (a screen moving on after a button press); the app's Router does it. */
export function navigateTo(path: string, options: { replace?: boolean } = {}): void {
  window.dispatchEvent(
    new CustomEvent(NAVIGATE_EVENT, { detail: { path, replace: options.replace ?? false } }),
  );
}

export class Router implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: RouterOptions;
  readonly #loaded = new Set<Route>();
  #path = location.pathname;
  #route: Route;
  #params: RouteParams = {};

  constructor(host: ReactiveControllerHost, options: RouterOptions) {
    this.#host = host;
    this.#options = options;
    this.#route = options.notFound;
    this.#resolve();
    host.addController(this);
  }

  get path(): string {
    return this.#path;
  }

  get route(): Route {
    return this.#route;
  }

  get params(): RouteParams {
    return this.#params;
  }

  /** Whether the current route's code has loaded (render a placeholder until it has). */
  get ready(): boolean {
    const route = this.#route;
    return route.load === undefined || this.#loaded.has(route);
  }

  hostConnected(): void {
    window.addEventListener("popstate", this.#onPopState);
    window.addEventListener("click", this.#onClick);
    window.addEventListener(NAVIGATE_EVENT, this.#onNavigate);
    this.#enter(false);
  }

  hostDisconnected(): void {
    window.removeEventListener("popstate", this.#onPopState);
    window.removeEventListener("click", this.#onClick);
    window.removeEventListener(NAVIGATE_EVENT, this.#onNavigate);
  }

  navigate(path: string, { replace = false } = {}): void {
    const url = new URL(path, location.origin);
    const target = url.pathname + url.search + url.hash;
    if (target !== location.pathname + location.search + location.hash) {
      if (replace) history.replaceState(null, "", target);
      else history.pushState(null, "", target);
    }
    const moved = url.pathname !== this.#path;
    this.#path = url.pathname;
    this.#resolve();
    this.#enter(true);
    if (moved && !replace) window.scrollTo({ top: 0 });
  }

  /** Renders the current route (or nothing while its code loads). */
  outlet(): TemplateResult | undefined {
    return this.ready ? this.#route.render(this.#params) : undefined;
  }

  /** Sets document.title again (after a language change). */
  retitle(): void {
    document.title = t("app.documentTitle", { page: t(this.#route.title) });
  }

  #resolve() {
    for (const route of this.#options.routes) {
      const params = matchPath(route.path, this.#path);
      if (params) {
        this.#route = route;
        this.#params = params;
        return;
      }
    }
    this.#route = this.#options.notFound;
    this.#params = {};
  }

  #enter(moveFocus: boolean) {
    const route = this.#route;
    this.retitle();
    if (route.load && !this.#loaded.has(route)) {
      route.load().then(
        () => {
          this.#loaded.add(route);
          this.#host.requestUpdate();
        },
        (error: unknown) => console.error("cadence: loading a screen failed", error),
      );
    }
    this.#host.requestUpdate();
    if (moveFocus && this.#options.onNavigated) {
      const { onNavigated } = this.#options;
      void this.#host.updateComplete.then(() => onNavigated());
    }
  }

  #onNavigate = (event: Event) => {
    const { path, replace } = (event as CustomEvent<{ path: string; replace: boolean }>).detail;
    this.navigate(path, { replace });
  };

  #onPopState = () => {
    this.#path = location.pathname;
    this.#resolve();
    this.#enter(true);
  };

  #onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target !== "" || anchor.hasAttribute("download")) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    if (url.pathname === location.pathname && url.hash !== "") return; // in-page anchor
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}

/** The parameters of `path` under `pattern` (`/onboarding/:step`), or undefined when it does not match. */
export function matchPath(pattern: string, path: string): RouteParams | undefined {
  const want = pattern.split("/");
  const have = (path.length > 1 ? path.replace(/\/+$/, "") : path).split("/");
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? "";
    const actual = have[i] ?? "";
    if (segment.startsWith(":")) {
      if (actual === "") return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}
