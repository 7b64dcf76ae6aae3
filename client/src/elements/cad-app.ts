import { provide } from "@lit/context";
import type { Repo } from "@automerge/automerge-repo/slim";
import type { AccountDoc, Settings } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { isAccountDeleted, wipeDeletedAccount } from "../accounts/account-deleted.js";
import { SessionGuard } from "../accounts/session-guard.js";
import { s as accountsText } from "../accounts/strings.js";
import { ApiError, NetworkError, getMe, logout, type Session } from "../api.js";
import { repoContext, sessionContext, syncStatusContext, unitsContext } from "../context.js";
import { DEFAULT_UNITS, type Units } from "../format.js";
import { currentLocale, localized, matchLocale, t, tPlural, useLocale, type Locale } from "../i18n/index.js";
import { deleteLocalDocuments, wipeLocalData } from "../local-data.js";
import { deleteUserCaches } from "../pwa.js";
import type { UserRepo } from "../repo.js";
import { Router, type Route } from "../router.js";
import {
  announceLogout,
  forgetSession,
  rememberSession,
  rememberedSession,
  watchLogoutElsewhere,
} from "../session.js";
import { rememberOfflineMode } from "../startup.js";
import { controlStyles } from "../styles/shared.js";
import type { SyncStatus } from "../sync/sync-status.js";
import { DEFAULT_APPEARANCE, applyAppearance } from "../theme/appearance.js";
import "./cad-auth.js";
import type { SignedInEvent } from "./cad-auth.js";
import "./cad-nav.js";
import "./cad-sync-status.js";
import "./cad-update-prompt.js";
import { icon } from "./icons.js";

type AppState =
  | { readonly kind: "checking" }
  | { readonly kind: "signed-out"; readonly notice?: () => string }
  | { readonly kind: "unreachable" }
  | { readonly kind: "opening"; readonly session: Session }
  | { readonly kind: "open-failed"; readonly session: Session }
  | { readonly kind: "signed-in"; readonly session: Session; readonly userRepo: UserRepo };

/** What the shell needs from the account document: the settings it applies and where to land. */
interface ShellSlice {
  readonly settings: Settings;
  readonly onboarded: boolean;
  readonly onboardingStep: number;
  readonly linked: readonly string[];
}

/**
 * The application: decides who is signed in (GET /api/me, or the remembered session when the server cannot be
 * reached), opens that user's repo, and renders either cad-auth or the shell: header with sync status,
 * navigation, and the routed screen. Applies the account's settings to the whole app the moment they change
 * (on this device or another): language, appearance, units, sync mode, offline mode. Provides the repo, the
 * session, the sync status and the units to the screens below it.
 */
@localized()
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
        z-index: 10;
      }
      .skip-link:focus {
        top: var(--cad-space-2);
      }
      .shell {
        display: grid;
        min-height: 100dvh;
        grid-template-rows: auto 1fr auto;
        grid-template-areas: "header" "main" "nav";
      }
      header {
        grid-area: header;
        position: sticky;
        top: 0;
        z-index: 3;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-1) var(--cad-space-2);
        padding: 0 var(--cad-space-2) 0 var(--cad-space-3);
        padding-top: env(safe-area-inset-top);
        background: var(--cad-color-bg);
        border-block-end: 1px solid var(--cad-color-border);
      }
      .brand {
        display: inline-flex;
        align-items: center;
        gap: var(--cad-space-2);
        min-height: var(--cad-target-size);
        margin-inline-end: auto;
        color: var(--cad-color-fg);
        font-weight: 700;
        font-size: 1.125rem;
        text-decoration: none;
      }
      .brand img {
        width: 28px;
        height: 28px;
      }
      .icon-link {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: var(--cad-target-size);
        height: var(--cad-target-size);
        border-radius: 50%;
        color: var(--cad-color-fg);
      }
      .icon-link[aria-current="page"] {
        color: var(--cad-color-accent);
        background: var(--cad-color-tint);
      }
      cad-nav {
        grid-area: nav;
        position: sticky;
        bottom: 0;
        z-index: 3;
        background: var(--cad-color-surface);
        border-block-start: 1px solid var(--cad-color-border);
        padding-bottom: env(safe-area-inset-bottom);
      }
      main {
        grid-area: main;
        width: 100%;
        max-width: var(--cad-content-width);
        margin: 0 auto;
        padding: var(--cad-space-3);
        padding-bottom: var(--cad-space-5);
      }
      main:focus {
        outline: none;
      }
      .shell.focused {
        grid-template-rows: auto 1fr;
        grid-template-areas: "header" "main";
      }
      cad-update-prompt {
        position: fixed;
        z-index: 4;
        inset-inline: var(--cad-space-3);
        bottom: calc(4.5rem + env(safe-area-inset-bottom));
        max-width: 32rem;
        margin: 0 auto;
      }
      .centered {
        max-width: var(--cad-content-width);
        margin: 0 auto;
        padding: var(--cad-space-3);
      }
      @media (min-width: 60rem) {
        .shell {
          grid-template-columns: 15rem 1fr;
          grid-template-rows: auto 1fr;
          grid-template-areas: "header header" "nav main";
        }
        .shell.focused {
          grid-template-areas: "header header" "main main";
        }
        cad-nav {
          position: sticky;
          top: 3.5rem;
          align-self: start;
          bottom: auto;
          background: transparent;
          border-block-start: none;
        }
        main {
          padding: var(--cad-space-4) var(--cad-space-3);
        }
        cad-update-prompt {
          bottom: var(--cad-space-3);
        }
      }
    `,
  ];

  @state() private appState: AppState = { kind: "checking" };
  @state() private loggingOut = false;
  @state() private logoutError: string | undefined;

  @provide({ context: repoContext }) protected repo: Repo | undefined;
  @provide({ context: sessionContext }) protected session: Session | undefined;
  @provide({ context: syncStatusContext }) protected syncStatus: SyncStatus | undefined;
  @provide({ context: unitsContext }) protected units: Units = DEFAULT_UNITS;

  #stopWatchingLogout: (() => void) | undefined;
  /** Notices when the open session ends on the server (signed out elsewhere, account deleted). */
  #sessionGuard: SessionGuard | undefined;
  /** Set while this device leaves an ended session or a deleted account: the notice the sign-in screen shows. */
  #leaving: { notice: () => string } | undefined;
  /** When this device last asked the server to delete the account (its answer follows the socket's 4003). */
  #deletingHereAt = 0;
  /** The settings last applied (serialized), so a change elsewhere in the document applies nothing. */
  #appliedSettings: string | undefined;
  #appliedOffline: boolean | undefined;
  /** Whether this sign-in has been routed to its landing screen (onboarding or Today). */
  #landed = false;
  /** The landing sent this sign-in to onboarding (and the user has not moved on from its first step). */
  #sentToOnboarding = false;
  /** Whether this sign-in has already run a sync round to fetch an account missing on this device. */
  #fetchedMissing = false;
  /** The language the user registered in (the sign-up screen's), written into the new account once. */
  #registeredIn: Locale | undefined;

  readonly #account = new AccountController<ShellSlice>(
    this,
    (doc: AccountDoc) => ({
      settings: doc.settings,
      onboarded: doc.onboarding.completed,
      onboardingStep: doc.onboarding.step,
      linked: linkedUrls(doc),
    }),
    () => ({ repo: this.repo, url: this.session?.rootDocUrl }),
  );

  readonly #routes: readonly Route[] = [
    {
      path: "/",
      title: "today.title",
      load: () => import("./cad-today.js"),
      render: () => html`<cad-today></cad-today>`,
    },
    {
      path: "/workout",
      title: "workout.title",
      load: () => import("../workout/cad-workout.js"),
      render: () => html`<cad-workout></cad-workout>`,
    },
    {
      path: "/workout/:id",
      title: "workout.title",
      load: () => import("../workout/cad-workout.js"),
      render: ({ id }) => html`<cad-workout .workoutId=${id ?? ""}></cad-workout>`,
    },
    {
      path: "/history",
      title: "history.title",
      load: () => import("./cad-history.js"),
      render: () => html`<cad-history></cad-history>`,
    },
    {
      path: "/history/:id",
      title: "history.title",
      load: () => import("./cad-history.js"),
      render: ({ id }) => html`<cad-history .workoutId=${id ?? ""}></cad-history>`,
    },
    {
      path: "/progress",
      title: "progress.title",
      load: () => import("./cad-progress.js"),
      render: () => html`<cad-progress></cad-progress>`,
    },
    {
      path: "/music",
      title: "music.title",
      load: () => import("./cad-music.js"),
      render: () => html`<cad-music></cad-music>`,
    },
    {
      path: "/settings",
      title: "settings.title",
      load: () => import("./cad-settings.js"),
      render: () =>
        html`<cad-settings @clear-cache-request=${() => void this.#clearLocalCache()}></cad-settings>`,
    },
    {
      path: "/onboarding",
      title: "onboarding.title",
      load: () => import("./cad-onboarding.js"),
      render: () => html`<cad-onboarding></cad-onboarding>`,
    },
    {
      path: "/onboarding/:step",
      title: "onboarding.title",
      load: () => import("./cad-onboarding.js"),
      render: ({ step }) => html`<cad-onboarding .step=${step ?? ""}></cad-onboarding>`,
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
    // From the accounts elements (Settings → Privacy & Account).
    this.addEventListener("account-deleted", this.#onAccountDeleted);
    this.addEventListener("account-deletion-started", this.#onDeletionStarted);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.#closeRepo();
  }

  protected override willUpdate(): void {
    this.#applyAccount();
  }

  protected override updated(): void {
    // After a language change every string re-renders; the tab's title is outside the shadow root.
    this.#router.retitle();
    // Start-up milestones for the client benchmark (tests/bench/client.ts) and the browser's dev tools.
    if (this.appState.kind === "signed-out") markOnce("cadence:sign-in-shown");
    if (this.appState.kind === "signed-in" && this.#account.value && this.#router.ready) {
      markOnce("cadence:account-shown");
    }
  }

  override render(): TemplateResult {
    // The update offer shows on every screen, signed in or not.
    return html`${this.#screen()}<cad-update-prompt></cad-update-prompt>`;
  }

  #screen(): TemplateResult {
    const s = this.appState;
    switch (s.kind) {
      case "checking":
        return this.#message(t("app.checkingSession"));
      case "signed-out":
        return html`<main class="centered">
          <cad-auth .notice=${s.notice?.()} @signed-in=${this.#onSignedIn}></cad-auth>
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
    // Onboarding is a task of its own: no navigation to wander off into (every step can be skipped).
    const focused = path === "/onboarding" || path.startsWith("/onboarding/");
    const current = (href: string) => (path === href || path.startsWith(href + "/") ? "page" : "false");
    return html`
      <a class="skip-link" href="#main" @click=${this.#skipToMain}>${t("app.skipToContent")}</a>
      <div class="shell ${focused ? "focused" : ""}">
        <header>
          <a class="brand" href="/" aria-label=${t("app.homeLink")}
            ><img src="/favicon.svg" alt="" />${t("app.name")}</a
          >
          <cad-sync-status></cad-sync-status>
          ${
            focused
              ? nothing
              : html`<a
                    class="icon-link"
                    href="/settings"
                    aria-label=${t("nav.settings")}
                    title=${t("nav.settings")}
                    aria-current=${current("/settings")}
                    >${icon("settings")}</a
                  ><a
                    class="icon-link"
                    href="/account"
                    aria-label=${t("nav.account")}
                    title=${t("nav.account")}
                    aria-current=${current("/account")}
                    >${icon("account")}</a
                  >`
          }
        </header>
        ${focused ? nothing : html`<cad-nav .path=${path}></cad-nav>`}
        <main id="main" tabindex="-1">${this.#body()}</main>
      </div>
    `;
  }

  /** The routed screen, once the account has said where this sign-in lands. */
  #body(): TemplateResult | undefined {
    const state = this.#account.state;
    if (!this.#landed && (state === "loading" || state === "idle")) {
      return html`<p role="status">${t("account.loading")}</p>`;
    }
    return this.#router.outlet();
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
    this.renderRoot.querySelector("main")?.focus({ preventScroll: true });
  }

  /** Applies what the account says, each part only when it changed. */
  #applyAccount() {
    const s = this.appState;
    const slice = this.#account.value;
    if (s.kind !== "signed-in" || !slice) {
      // No account to read (not on this device and no server, or unreadable): show the screen asked for.
      const state = this.#account.state;
      if (s.kind === "signed-in" && state !== "idle" && state !== "loading" && state !== "ready") {
        this.#landed = true;
      }
      // Not on this device (a cleared cache, a new device) while sync waits for "Sync now": fetch it now.
      if (s.kind === "signed-in" && state === "unavailable" && !this.#fetchedMissing) {
        this.#fetchedMissing = true;
        void s.userRepo.syncStatus.syncNow();
      }
      return;
    }
    const { settings } = slice;
    if (this.#registeredIn && !slice.onboarded && slice.onboardingStep === 0) {
      const language = this.#registeredIn;
      this.#registeredIn = undefined;
      if (settings.language !== language) {
        // After this update: a change made while updating would not render.
        queueMicrotask(() =>
          this.#account.change((doc) => {
            doc.settings.language = language;
          }, "Language chosen at sign-up"),
        );
        return; // applied with the change
      }
    }
    const serialized = JSON.stringify(settings);
    if (serialized !== this.#appliedSettings) {
      const firstApply = this.#appliedSettings === undefined;
      this.#appliedSettings = serialized;
      applyAppearance(settings);
      if (settings.language !== currentLocale()) void useLocale(settings.language);
      s.userRepo.syncStatus.setMode(settings.sync);
      const units: Units = {
        weightUnit: settings.weightUnit,
        distanceUnit: settings.distanceUnit,
        clock: settings.clock,
      };
      if (JSON.stringify(units) !== JSON.stringify(this.units)) this.units = units;
      if (firstApply || settings.offlineMode !== this.#appliedOffline) {
        this.#appliedOffline = settings.offlineMode;
        void rememberOfflineMode(settings.offlineMode);
      }
    }
    s.userRepo.syncStatus.follow(slice.linked);
    const path = this.#router.path;
    if (!this.#landed) {
      this.#landed = true;
      if (!slice.onboarded && path === "/") {
        this.#sentToOnboarding = true;
        this.#router.navigate("/onboarding", { replace: true });
      }
    } else if (this.#sentToOnboarding) {
      // This device's copy said "not onboarded" but the server's newer one says done (finished on another
      // device, or just before a reload): unless the user has started, Today is the right place after all.
      const untouched = path === "/onboarding" || path === "/onboarding/welcome";
      if (!untouched) this.#sentToOnboarding = false;
      else if (slice.onboarded) {
        this.#sentToOnboarding = false;
        this.#router.navigate("/", { replace: true });
      }
    }
  }

  async #checkSession() {
    this.appState = { kind: "checking" };
    try {
      const session = await getMe();
      rememberSession(session);
      await this.#open(session);
    } catch (error) {
      const remembered = rememberedSession();
      if (isAccountDeleted(error) && remembered) {
        // Deleted on another device while this one was away: forget it before anything can sync it back.
        await wipeDeletedAccount(remembered.user.id);
        this.#signedOut(() => accountsText("deletedElsewhere"));
        return;
      }
      if (error instanceof ApiError && error.status === 401) {
        // Local data stays: logging in again syncs anything this device changed meanwhile.
        forgetSession();
        this.appState = { kind: "signed-out" };
        return;
      }
      // Offline (or the server is down): a device that was signed in keeps working on its local data.
      if (remembered && error instanceof NetworkError) await this.#open(remembered);
      else this.appState = { kind: "unreachable" };
    }
  }

  #onSignedIn = (event: SignedInEvent) => {
    const { session, registered } = event.detail;
    rememberSession(session);
    this.#registeredIn = registered ? currentLocale() : undefined;
    void this.#open(session);
  };

  async #open(session: Session) {
    await this.#closeRepo();
    this.appState = { kind: "opening", session };
    try {
      const { openUserRepo } = await import("../repo.js");
      const guard = new SessionGuard({
        signedOut: () => this.#onSessionEnded(),
        deleted: () => this.#onAccountDeleted(),
      });
      this.#sessionGuard = guard;
      const userRepo = await openUserRepo(session.user.id, { onSyncClosed: guard.socketClosed });
      guard.start();
      this.#landed = false;
      this.#sentToOnboarding = false;
      this.#fetchedMissing = false;
      this.#appliedSettings = undefined;
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
    this.#sessionGuard?.stop();
    this.#sessionGuard = undefined;
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
   * "Clear local cache": closes the repo, deletes this device's copy of the documents and the user's caches,
   * and opens the repo again, which fetches the documents from the server. Settings asked the user first when
   * changes had not been synced.
   */
  async #clearLocalCache() {
    const s = this.appState;
    if (s.kind !== "signed-in") return;
    const { session } = s;
    await this.#closeRepo();
    this.appState = { kind: "opening", session };
    await deleteLocalDocuments(session.user.id).catch((error: unknown) =>
      console.error("cadence: clearing local documents failed", error),
    );
    await deleteUserCaches().catch(() => undefined);
    await this.#open(session);
  }

  /**
   * Logs out on the server first: while it cannot be reached, nothing is deleted (this device may hold changes
   * the server has not seen, and the session would stay valid there). Changes not yet synced (manual sync) are
   * sent first; if they cannot be, logout stops and says so.
   */
  async #logout() {
    const s = this.appState;
    if (s.kind !== "signed-in" || this.loggingOut) return;
    this.loggingOut = true;
    this.logoutError = undefined;
    const { syncStatus } = s.userRepo;
    if (syncStatus.snapshot.unsynced > 0) {
      await syncStatus.syncNow();
      const left = syncStatus.snapshot.unsynced;
      if (left > 0) {
        this.loggingOut = false;
        this.logoutError = tPlural("account.logoutUnsynced", left);
        return;
      }
    }
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
    this.#signedOut();
  }

  async #loggedOutElsewhere() {
    await this.#closeRepo();
    this.#signedOut();
  }

  #onDeletionStarted = () => {
    this.#deletingHereAt = Date.now();
  };

  /**
   * This session was ended on the server (signed out from another device, a password reset): the sign-in
   * screen. Like an expired session, the local data stays, so changes not yet synced go up after signing in.
   */
  #onSessionEnded = () => {
    if (this.#leaving || this.appState.kind !== "signed-in") return;
    const leaving = (this.#leaving = { notice: () => accountsText("signedOutElsewhere") });
    void (async () => {
      await this.#closeRepo();
      forgetSession();
      this.#leaving = undefined;
      this.#signedOut(leaving.notice);
    })();
  };

  /**
   * The account is gone (deleted here, or the server said so): this device forgets everything it held for it,
   * closing the repo first so nothing of it syncs again, and shows the sign-in screen.
   */
  #onAccountDeleted = (event?: Event) => {
    const detail = (event as CustomEvent<{ complete?: boolean; message?: string }> | undefined)?.detail;
    const s = this.appState;
    if (this.#leaving || (s.kind !== "signed-in" && s.kind !== "opening" && s.kind !== "open-failed")) return;
    const userId = s.session.user.id;
    if (!detail && Date.now() - this.#deletingHereAt < 30_000) {
      // This device asked for it: the server closes the socket (4003) before it answers, and the answer says
      // more (whether everything is gone). Wait for it, a while.
      setTimeout(() => {
        if (this.session?.user.id === userId) this.#onAccountDeleted(new CustomEvent("", { detail: {} }));
      }, 10_000);
      return;
    }
    // Deletion that did not complete everywhere says so in the server's words (an administrator must finish it).
    const message = detail?.complete === false ? detail.message : undefined;
    const notice = message ? () => message : () => accountsText(detail ? "deleteDone" : "deletedElsewhere");
    const leaving = (this.#leaving = { notice });
    void (async () => {
      await this.#closeRepo();
      await wipeDeletedAccount(userId);
      this.#leaving = undefined;
      this.#signedOut(leaving.notice);
    })();
  };

  /**
   * Back to the sign-in screen in the browser's language and the default look: nothing of the last user shows,
   * and nothing is written to storage (logout has just emptied it).
   */
  #signedOut(notice?: () => string) {
    this.#router.navigate("/", { replace: true });
    this.units = DEFAULT_UNITS;
    this.#appliedSettings = undefined;
    applyAppearance(DEFAULT_APPEARANCE, { remember: false });
    void useLocale(matchLocale(navigator.languages), { remember: false });
    this.appState = notice ? { kind: "signed-out", notice } : { kind: "signed-out" };
  }
}

function markOnce(name: string) {
  if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}

/** Every document the account links to: opened in the background so it syncs while no screen shows it. */
function linkedUrls(doc: AccountDoc): string[] {
  const urls = Object.values(doc.links.workouts).map((link) => link.url);
  if (doc.links.contextJournal) urls.push(doc.links.contextJournal);
  if (doc.links.music) urls.push(doc.links.music);
  return urls;
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-app": CadApp;
  }
}
