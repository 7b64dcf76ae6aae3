/**
 * A small router on real URLs (history API). Routes are data, so later screens plug in with a line each and
 * can load their code on first visit (`load`). Same-origin link clicks anywhere, including inside shadow
 * roots, navigate without a page load.
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from "lit";
import { t, type PlainMessageKey } from "./i18n/index.js";

export interface Route {
  readonly path: string;
  /** The page's name, used for document.title. */
  readonly title: PlainMessageKey;
  /** Loads the screen's module (code-split) before the first render. */
  readonly load?: () => Promise<unknown>;
  readonly render: () => TemplateResult;
}

export interface RouterOptions {
  readonly routes: readonly Route[];
  readonly notFound: Route;
  /** After a navigation has rendered (not on first load): the place to move focus to the new page. */
  readonly onNavigated?: () => void;
}

export class Router implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: RouterOptions;
  readonly #loaded = new Set<Route>();
  #path = location.pathname;

  constructor(host: ReactiveControllerHost, options: RouterOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get path(): string {
    return this.#path;
  }

  get route(): Route {
    return this.#options.routes.find((route) => route.path === this.#path) ?? this.#options.notFound;
  }

  /** Whether the current route's code has loaded (render a placeholder until it has). */
  get ready(): boolean {
    const { route } = this;
    return route.load === undefined || this.#loaded.has(route);
  }

  hostConnected(): void {
    window.addEventListener("popstate", this.#onPopState);
    window.addEventListener("click", this.#onClick);
    this.#enter(false);
  }

  hostDisconnected(): void {
    window.removeEventListener("popstate", this.#onPopState);
    window.removeEventListener("click", this.#onClick);
  }

  navigate(path: string, { replace = false } = {}): void {
    if (path !== this.#path) {
      if (replace) history.replaceState(null, "", path);
      else history.pushState(null, "", path);
    }
    this.#path = new URL(path, location.origin).pathname;
    this.#enter(true);
  }

  /** Renders the current route (or nothing while its code loads). */
  outlet(): TemplateResult | undefined {
    return this.ready ? this.route.render() : undefined;
  }

  #enter(moveFocus: boolean) {
    const { route } = this;
    document.title = t("app.documentTitle", { page: t(route.title) });
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

  #onPopState = () => {
    this.#path = location.pathname;
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
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}
