import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import "../accounts/cad-oauth-buttons.js";
import "../accounts/cad-reset-password.js";
import { oauthErrorFrom, resendVerification } from "../accounts/api.js";
import { s as accountsText, type AccountsKey } from "../accounts/strings.js";
import { ApiError, NetworkError, login, register, type Session } from "../api.js";
import { LANGUAGE_NAMES, LOCALES, currentLocale, isLocale, localized, t, useLocale } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

/** `registered`: a new account (it starts in onboarding, in the language chosen here). */
export type SignedInEvent = CustomEvent<{ session: Session; registered: boolean }>;

type Mode = "login" | "register" | "forgot";

/** What a failed provider sign-in (`/?auth_error=<code>`) tells the person. */
const AUTH_ERRORS: Record<string, AccountsKey> = {
  access_denied: "authErrorAccessDenied",
  invalid_state: "authErrorInvalidState",
  email_not_verified: "authErrorEmailNotVerified",
  account_exists_unverified: "authErrorAccountExistsUnverified",
  oauth_failed: "authErrorOauthFailed",
};

/**
 * Log in or create an account, in the language picked here (this device's, before any account says
 * otherwise), or continue with a provider the server has configured (Google, Apple); "Forgot password?" asks
 * for a reset link (the emailed link opens the server's own page). Errors from the API are shown in an
 * assertive live region and tied to the form.
 *
 * @fires signed-in - `SignedInEvent`: the server accepted the credentials and set the session cookie.
 */
@localized()
@customElement("cad-auth")
export class CadAuth extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h1 {
        font-size: 1.75rem;
        margin: var(--cad-space-3) 0;
      }
      form {
        margin-block-end: var(--cad-space-3);
      }
      button[type="submit"] {
        width: 100%;
      }
      .top {
        display: flex;
        justify-content: space-between;
        align-items: end;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        font-weight: 700;
        font-size: 1.25rem;
        margin: var(--cad-space-2) 0;
      }
      .brand img {
        width: 40px;
        height: 40px;
      }
      .language {
        width: auto;
      }
      .language label {
        font-size: 0.875rem;
      }
      .tagline {
        color: var(--cad-color-muted);
        margin: var(--cad-space-2) 0 var(--cad-space-3);
      }
      h1:focus {
        outline: none;
      }
      .forgot {
        padding-inline: 0;
        margin-block-start: var(--cad-space-1);
      }
      .back {
        width: 100%;
        margin-block-start: var(--cad-space-3);
      }
      .notice p {
        margin: 0 0 var(--cad-space-2);
      }
      .notice,
      .error:not(:empty) {
        padding: var(--cad-space-2) var(--cad-space-3);
        border-radius: var(--cad-radius);
        background: var(--cad-color-surface);
      }
    `,
  ];

  /** Shown above the form, e.g. why the user was signed out. */
  @property() notice: string | undefined;

  @state() private mode: Mode = "login";
  /** The address waiting for its verification link (EMAIL_VERIFICATION=required). */
  @state() private unverified: string | undefined;
  @state() private resent = false;
  /** Why the last provider sign-in failed (`?auth_error=`), until the person does something else. */
  @state() private providerError: AccountsKey | undefined;
  /** What was typed as the address, carried into "Forgot password?". */
  #typedEmail = "";

  override connectedCallback(): void {
    super.connectedCallback();
    const code = oauthErrorFrom(location);
    if (code === null) return;
    this.providerError = AUTH_ERRORS[code] ?? "authErrorOauthFailed";
    // The message is shown once; a reload or a shared link does not repeat it.
    const url = new URL(location.href);
    url.searchParams.delete("auth_error");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }
  @state() private pending = false;
  @state() private error = "";
  /** The server rejected what was typed (not a network failure): mark the fields. */
  @state() private invalid = false;

  override render(): TemplateResult {
    if (this.mode === "forgot") return this.#forgot();
    const registering = this.mode === "register";
    const invalid = this.invalid ? "true" : "false";
    const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || nothing;
    return html`
      <div class="top">
        <p class="brand"><img src="/favicon.svg" alt="" />${t("app.name")}</p>
        <div class="language">
          <label for="language">${t("auth.language")}</label>
          <select id="language" @change=${this.#onLanguage}>
            ${LOCALES.map(
              (locale) =>
                html`<option value=${locale} lang=${locale} ?selected=${locale === currentLocale()}>
                  ${LANGUAGE_NAMES[locale]}
                </option>`,
            )}
          </select>
        </div>
      </div>
      <p class="tagline">${t("auth.tagline")}</p>
      <h1 tabindex="-1">${registering ? t("auth.register.title") : t("auth.login.title")}</h1>
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
      ${this.providerError ? html`<p class="notice" role="alert">${accountsText(this.providerError)}</p>` : nothing}
      ${this.#verification()}
      <form @submit=${this.#submit}>
        ${
          registering
            ? html`<div class="field">
                <label for="display-name">${t("auth.displayName")}</label>
                <input id="display-name" name="displayName" autocomplete="nickname" maxlength="80" />
              </div>`
            : nothing
        }
        <div class="field">
          <label for="email">${t("auth.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            inputmode="email"
            required
            aria-invalid=${invalid}
            aria-describedby=${describedBy(this.invalid && "auth-error")}
          />
        </div>
        <div class="field">
          <label for="password">${t("auth.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete=${registering ? "new-password" : "current-password"}
            minlength=${registering ? 8 : nothing}
            required
            aria-invalid=${invalid}
            aria-describedby=${describedBy(registering && "password-hint", this.invalid && "auth-error")}
          />
          ${registering ? html`<p id="password-hint" class="hint">${t("auth.passwordHint")}</p>` : nothing}
          ${
            registering
              ? nothing
              : html`<button class="quiet forgot" type="button" @click=${this.#toForgot}>
                  ${accountsText("forgotLink")}
                </button>`
          }
        </div>
        <p id="auth-error" class="error" aria-live="assertive">${this.error}</p>
        <button type="submit" ?disabled=${this.pending} aria-busy=${this.pending ? "true" : "false"}>
          ${this.pending ? t("auth.pending") : registering ? t("auth.register.submit") : t("auth.login.submit")}
        </button>
      </form>
      <button class="secondary" type="button" @click=${this.#toggleMode}>
        ${registering ? t("auth.switchToLogin") : t("auth.switchToRegister")}
      </button>
      <cad-oauth-buttons return-to="/"></cad-oauth-buttons>
    `;
  }

  #forgot(): TemplateResult {
    return html`
      <p class="brand"><img src="/favicon.svg" alt="" />${t("app.name")}</p>
      <h1 tabindex="-1">${accountsText("forgotTitle")}</h1>
      <cad-reset-password no-heading .email=${this.#typedEmail}></cad-reset-password>
      <button class="secondary back" type="button" @click=${this.#toLogin}>
        ${accountsText("backToLogin")}
      </button>
    `;
  }

  /** After signing up or logging in with an address that still needs its link. */
  #verification(): TemplateResult | typeof nothing {
    const email = this.unverified;
    if (!email) return nothing;
    return html`<div class="notice" role="status">
      <p>${accountsText("checkInbox", { email })}</p>
      ${
        this.resent
          ? html`<p>${accountsText("verificationResent")}</p>`
          : html`<button class="secondary" type="button" @click=${() => void this.#resend(email)}>
              ${accountsText("resendVerification")}
            </button>`
      }
    </div>`;
  }

  async #resend(email: string) {
    try {
      await resendVerification(email);
      this.resent = true;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #toForgot() {
    this.#typedEmail = this.renderRoot.querySelector<HTMLInputElement>("#email")?.value.trim() ?? "";
    this.#changeMode("forgot");
  }

  #toLogin() {
    this.#changeMode("login");
  }

  /** Switches screens and moves focus to the new heading, so a screen reader hears where it is. */
  #changeMode(mode: Mode) {
    this.mode = mode;
    this.error = "";
    this.invalid = false;
    this.providerError = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("h1")?.focus());
  }

  #onLanguage(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) void useLocale(value);
  }

  #toggleMode() {
    this.mode = this.mode === "login" ? "register" : "login";
    this.error = "";
    this.invalid = false;
    this.providerError = undefined;
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value : "";
    };
    const email = field("email").trim();
    const password = field("password");
    const displayName = field("displayName").trim();

    this.pending = true;
    this.error = "";
    this.invalid = false;
    this.providerError = undefined;
    try {
      const session =
        this.mode === "register"
          ? await register(displayName ? { email, password, displayName } : { email, password })
          : await login({ email, password });
      const detail = { session, registered: this.mode === "register" };
      this.dispatchEvent(new CustomEvent("signed-in", { detail, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof ApiError && ["verification_required", "email_not_verified"].includes(error.code)) {
        this.unverified = email;
        this.resent = false;
        this.mode = "login";
        return;
      }
      this.error = describeError(error);
      this.invalid = error instanceof ApiError && error.status >= 400 && error.status < 429;
      if (this.invalid) this.renderRoot.querySelector<HTMLInputElement>("#email")?.focus();
    } finally {
      this.pending = false;
    }
  }
}

/** The message to show for a failed request, in the user's language. */
function describeError(error: unknown): string {
  if (error instanceof NetworkError) return t("error.network");
  if (!(error instanceof ApiError)) return t("error.unexpected");
  if (error.status === 429) {
    return error.retryAfterSeconds === undefined
      ? t("error.rateLimited")
      : t("error.rateLimitedFor", { seconds: error.retryAfterSeconds });
  }
  if (error.code === "invalid_credentials") return t("error.invalid_credentials");
  if (error.code === "unauthenticated") return t("error.unauthenticated");
  if (error.code === "registration_failed") return t("error.registration_failed");
  if (error.code === "invalid_request") return t("error.invalid_request");
  // The server's own message is English: a person reading another language gets ours.
  return t("error.unexpected");
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-auth": CadAuth;
  }
  interface HTMLElementEventMap {
    "signed-in": SignedInEvent;
  }
}
