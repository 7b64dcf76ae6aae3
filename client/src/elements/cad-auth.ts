import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError, NetworkError, login, register, type Session } from "../api.js";
import { LANGUAGE_NAMES, LOCALES, currentLocale, isLocale, localized, t, useLocale } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

/** `registered`: a new account (it starts in onboarding, in the language chosen here). */
export type SignedInEvent = CustomEvent<{ session: Session; registered: boolean }>;

type Mode = "login" | "register";

/**
 * Log in or create an account, in the language picked here (this device's, before any account says
 * otherwise). Errors from the API are shown in an assertive live region and tied to the form.
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
  @state() private pending = false;
  @state() private error = "";
  /** The server rejected what was typed (not a network failure): mark the fields. */
  @state() private invalid = false;

  override render(): TemplateResult {
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
      <h1>${registering ? t("auth.register.title") : t("auth.login.title")}</h1>
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
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
        </div>
        <p id="auth-error" class="error" aria-live="assertive">${this.error}</p>
        <button type="submit" ?disabled=${this.pending} aria-busy=${this.pending ? "true" : "false"}>
          ${this.pending ? t("auth.pending") : registering ? t("auth.register.submit") : t("auth.login.submit")}
        </button>
      </form>
      <button class="secondary" type="button" @click=${this.#toggleMode}>
        ${registering ? t("auth.switchToLogin") : t("auth.switchToRegister")}
      </button>
    `;
  }

  #onLanguage(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) void useLocale(value);
  }

  #toggleMode() {
    this.mode = this.mode === "login" ? "register" : "login";
    this.error = "";
    this.invalid = false;
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
    try {
      const session =
        this.mode === "register"
          ? await register(displayName ? { email, password, displayName } : { email, password })
          : await login({ email, password });
      const detail = { session, registered: this.mode === "register" };
      this.dispatchEvent(new CustomEvent("signed-in", { detail, bubbles: true, composed: true }));
    } catch (error) {
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
