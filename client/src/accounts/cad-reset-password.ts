import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { forgotPassword, resetPassword } from "./api.js";
import { errorText, field, fire } from "./element-support.js";
import { s } from "./strings.js";

/**
 * "Forgot password": without a token, asks for the address and sends the link (the answer is the same whether
 * or not an account uses it). With `token` (from a reset link opened inside the app), sets the new password.
 * Emailed links open the server's own page (/api/auth/reset-password), which works without this element.
 *
 * @fires password-reset - the new password is saved; every session ended, so the app shows sign-in.
 */
@localized()
@customElement("cad-reset-password")
export class CadResetPassword extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      form {
        margin-block-start: var(--cad-space-3);
      }
      button[type="submit"] {
        width: 100%;
      }
    `,
  ];

  /** The token from a reset link; empty for the "send me a link" form. */
  @property() token = "";
  /** Prefills the address (e.g. from the sign-in form). */
  @property() email = "";
  /** Leave the heading out (a screen whose h1 already says it). */
  @property({ type: Boolean, attribute: "no-heading" }) noHeading = false;

  @state() private done = false;
  @state() private error = "";
  @state() private busy = false;

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = field(new FormData(event.target as HTMLFormElement), "email").trim();
    this.busy = true;
    try {
      await forgotPassword(email);
      this.done = true;
      this.error = "";
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const password = field(form, "password");
    if (password !== field(form, "repeat")) return void (this.error = s("mismatch"));
    if (password.length < 8) return void (this.error = s("tooShort"));
    this.busy = true;
    try {
      await resetPassword(this.token, password);
      this.done = true;
      this.error = "";
      fire(this, "password-reset");
    } catch (error) {
      this.error =
        (error as { code?: string } | null)?.code === "invalid_token" ? s("invalidLink") : errorText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.token) {
      return html`
        <h2>${s("resetTitle")}</h2>
        ${
          this.done
            ? html`<p role="status">${s("resetDone")}</p>`
            : html`<form @submit=${(e: SubmitEvent) => void this.save(e)}>
                <div class="field">
                  <label for="password">${s("newPassword")}</label>
                  <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    minlength="8"
                    maxlength="256"
                    required
                  />
                </div>
                <div class="field">
                  <label for="repeat">${s("repeatPassword")}</label>
                  <input
                    id="repeat"
                    name="repeat"
                    type="password"
                    autocomplete="new-password"
                    minlength="8"
                    maxlength="256"
                    required
                  />
                </div>
                <button type="submit" ?disabled=${this.busy}>${s("resetSave")}</button>
              </form>`
        }
        <p class="error" role="alert">${this.error}</p>
      `;
    }
    return html`
      ${this.noHeading ? nothing : html`<h2>${s("forgotTitle")}</h2>`}
      ${
        this.done
          ? html`<p role="status">${s("forgotSent")}</p>`
          : html`<p class="hint">${s("forgotIntro")}</p>
              <form @submit=${(e: SubmitEvent) => void this.send(e)}>
                <div class="field">
                  <label for="email">${s("email")}</label>
                  <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    .value=${this.email}
                    required
                  />
                </div>
                <button type="submit" ?disabled=${this.busy}>${s("forgotSend")}</button>
              </form>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-reset-password": CadResetPassword;
  }
}
