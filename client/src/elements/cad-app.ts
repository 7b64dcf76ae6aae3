import { provide } from "@lit/context";
import type { Repo } from "@automerge/automerge-repo/slim";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError, NetworkError, getMe, logout, type Session } from "../api.js";
import { repoContext, sessionContext, syncStatusContext } from "../context.js";
import { t } from "../i18n/index.js";
import { wipeLocalData } from "../local-data.js";
import type { UserRepo } from "../repo.js";
import { Router, type Route } from "../router.js";
import {
  announceLogout,
  forgetSession,
  rememberSession,
  rememberedSession,
  watchLogoutElsewhere,
} from "../session.js";
import { controlStyles } from "../styles/shared.js";
import type { SyncStatus } from "../sync-status.js";
import "./cad-auth.js";
import "./cad-sync-status.js";
import type { SignedInEvent } from "./cad-auth.js";

type AppState =
  | { readonly kind: "checking" }
  | { readonly kind: "signed-out"; readonly notice?: string }
  | { readonly kind: "unreachable" }
  | { readonly kind: "opening"; readonly session: Session }
  | { readonly kind: "open-failed"; readonly session: Session }
  | { readonly kind: "signed-in"; readonly session: Session; readonly userRepo: UserRepo };

/**
 * The application: decides who is signed in (GET /api/me, or the remembered session when the server cannot be
 * reached), opens that user's repo, and renders either cad-auth or the signed-in shell with the routed screen.
 * Provides the repo, the session and the sync status to the screens below it.
 */
@customElement("cad-app")
export class CadApp extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-height: 100dvh;
      }
      .skip-link {
        position: absolute;
        inset-inline-start: var(--cad-space-2);
        top: -10rem;
        padding: var(--cad-space-2) var(--cad-space-3);
        background: var(--cad-color-bg);
        z-index: 1;
      }
      .skip-link:focus {
        top: var(--cad-space-2);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
        padding: var(--cad-space-2) var(--cad-space-3);
        border-block-end: 1px solid var(--cad-color-border);
      }
      .brand {
        margin: 0;
        font-weight: 700;
        font-size: 1.25rem;
      }
      nav ul {
        display: flex;
        gap: var(--cad-space-2);
        margin: 0;
        padding: 0 var(--cad-space-3);
        list-style: none;
        border-block-end: 1px solid var(--cad-color-border);
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
        padding: 0 var(--cad-space-3);
        text-decoration: none;
        font-weight: 600;
      }
      nav a[aria-current="page"] {
        box-shadow: inset 0 -3px 0 var(--cad-color-accent);
      }
      main,
      .centered {
        max-width: var(--cad-content-width);
        margin: 0 auto;
        padding: var(--cad-space-3);
      }
      main:focus {
        outline: none;
      }
    `,
  ];

  @state() private appState: AppState = { kind: "checking" };
  @state() private loggingOut = false;
  @state() private logoutError: string | undefined;

  @provide({ context: repoContext }) protected repo: Repo | undefined;
  @provide({ context: sessionContext }) protected session: Session | undefined;
  @provide({ context: syncStatusContext }) protected syncStatus: SyncStatus | undefined;

  #stopWatchingLogout: (() => void) | undefined;

  readonly #routes: readonly Route[] = [
    {
      path: "/",
      title: "home.title",
      load: () => import("./cad-home.js"),
      render: () => html`<cad-home></cad-home>`,
    },
    {
      path: "/account",
      title: "account.title",
      load: () => import("./cad-account.js"),
      render: () =>
        html`<cad-account
          .loggingOut=${this.loggingOut}
          .logoutError=${this.logoutError}
          @logout-request=${() => void this.#logout()}
        ></cad-account>`,
    },
  ];

  readonly #router: Router = new Router(this, {
    routes: this.#routes,
    notFound: {
      path: "",
      title: "notFound.title",
      load: () => import("./cad-not-found.js"),
      render: () => html`<cad-not-found .path=${this.#router.path}></cad-not-found>`,
    },
    onNavigated: () => this.#focusMain(),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.appState.kind === "checking") void this.#checkSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.#closeRepo();
  }

  override render(): TemplateResult | typeof nothing {
    const s = this.appState;
    switch (s.kind) {
      case "checking":
        return this.#message(t("app.checkingSession"));
      case "signed-out":
        return html`<main class="centered">
          <cad-auth .notice=${s.notice} @signed-in=${this.#onSignedIn}></cad-auth>
        </main>`;
      case "unreachable":
        return this.#message(t("app.serverUnreachable"), () => void this.#checkSession());
      case "opening":
        return this.#message(t("app.openingData"));
      case "open-failed":
        return this.#message(t("app.openFailed"), () => void this.#open(s.session));
      case "signed-in":
        return this.#shell();
    }
  }

  #shell(): TemplateResult {
    const path = this.#router.path;
    const link = (href: string, label: string) =>
      html`<li><a href=${href} aria-current=${href === path ? "page" : nothing}>${label}</a></li>`;
    return html`
      <a class="skip-link" href="#main" @click=${this.#skipToMain}>${t("app.skipToContent")}</a>
      <header>
        <p class="brand">${t("app.name")}</p>
        <cad-sync-status></cad-sync-status>
      </header>
      <nav aria-label=${t("nav.label")}>
        <ul>
          ${link("/", t("nav.home"))} ${link("/account", t("nav.account"))}
        </ul>
      </nav>
      <main id="main" tabindex="-1">${this.#router.outlet()}</main>
    `;
  }

  #message(text: string, retry?: () => void): TemplateResult {
    return html`<main class="centered" aria-busy=${retry ? "false" : "true"}>
      <p role="status">${text}</p>
      ${retry ? html`<button @click=${retry}>${t("app.retry")}</button>` : nothing}
    </main>`;
  }

  #skipToMain(event: Event) {
    event.preventDefault();
    this.#focusMain();
  }

  #focusMain() {
    this.renderRoot.querySelector("main")?.focus();
  }

  async #checkSession() {
    this.appState = { kind: "checking" };
    try {
      const session = await getMe();
      rememberSession(session);
      await this.#open(session);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // Local data stays: logging in again syncs anything this device changed meanwhile.
        forgetSession();
        this.appState = { kind: "signed-out" };
        return;
      }
      // Offline (or the server is down): a device that was signed in keeps working on its local data.
      const remembered = error instanceof NetworkError ? rememberedSession() : undefined;
      if (remembered) await this.#open(remembered);
      else this.appState = { kind: "unreachable" };
    }
  }

  #onSignedIn = (event: SignedInEvent) => {
    rememberSession(event.detail);
    void this.#open(event.detail);
  };

  async #open(session: Session) {
    await this.#closeRepo();
    this.appState = { kind: "opening", session };
    try {
      const { openUserRepo } = await import("../repo.js");
      const userRepo = await openUserRepo(session.user.id);
      this.repo = userRepo.repo;
      this.session = session;
      this.syncStatus = userRepo.syncStatus;
      this.#stopWatchingLogout = watchLogoutElsewhere(session.user.id, () => void this.#loggedOutElsewhere());
      this.appState = { kind: "signed-in", session, userRepo };
    } catch (error) {
      console.error("cadence: opening local data failed", error);
      this.appState = { kind: "open-failed", session };
    }
  }

  async #closeRepo() {
    this.#stopWatchingLogout?.();
    this.#stopWatchingLogout = undefined;
    const s = this.appState;
    this.repo = undefined;
    this.session = undefined;
    this.syncStatus = undefined;
    if (s.kind === "signed-in") {
      await s.userRepo
        .close()
        .catch((error: unknown) => console.error("cadence: closing the repo failed", error));
    }
  }

  /**
   * Logs out on the server first: while it cannot be reached, nothing is deleted (this device may hold changes
   * the server has not seen, and the session would stay valid there).
   */
  async #logout() {
    const s = this.appState;
    if (s.kind !== "signed-in" || this.loggingOut) return;
    this.loggingOut = true;
    this.logoutError = undefined;
    try {
      await logout();
    } catch (error) {
      const alreadyOut = error instanceof ApiError && error.status === 401;
      if (!alreadyOut) {
        this.loggingOut = false;
        this.logoutError = error instanceof NetworkError ? t("account.logoutOffline") : t("error.unexpected");
        return;
      }
    }
    const userId = s.session.user.id;
    await this.#closeRepo(); // stops this tab's own logout watcher before the announcement
    announceLogout(userId);
    await wipeLocalData(userId).catch((error: unknown) =>
      console.error("cadence: wiping local data failed", error),
    );
    this.loggingOut = false;
    this.#router.navigate("/", { replace: true });
    this.appState = { kind: "signed-out" };
  }

  async #loggedOutElsewhere() {
    await this.#closeRepo();
    this.appState = { kind: "signed-out" };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-app": CadApp;
  }
}
