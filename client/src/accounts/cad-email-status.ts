import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { isAccountDeleted } from "./account-deleted.js";
import { emailStatus, resendVerification } from "./api.js";
import { errorText, fire } from "./element-support.js";
import { s } from "./strings.js";

/**
 * Whether the account's email address is confirmed; while it is not, says why it matters and re-sends the
 * link (the emailed link opens the server's own page). Renders nothing once it is confirmed.
 *
 * @fires account-deleted - the server says the account no longer exists; the app wipes this device.
 */
@localized()
@customElement("cad-email-status")
export class CadEmailStatus extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .notice {
        padding: var(--cad-space-2) var(--cad-space-3);
        border-radius: var(--cad-radius);
        border-inline-start: 4px solid var(--cad-color-accent);
        background: var(--cad-color-bg);
        margin-block-end: var(--cad-space-3);
      }
      .notice p {
        margin: 0 0 var(--cad-space-2);
      }
    `,
  ];

  @state() private unverified = false;
  @state() private sent = false;
  @state() private busy = false;
  @state() private error = "";

  override connectedCallback(): void {
    super.connectedCallback();
    emailStatus()
      .then((status) => (this.unverified = !status.verified))
      .catch((error: unknown) => {
        if (isAccountDeleted(error)) fire(this, "account-deleted");
      });
  }

  private async resend(): Promise<void> {
    this.busy = true;
    try {
      await resendVerification();
      this.sent = true;
      this.error = "";
    } catch (error) {
      if (isAccountDeleted(error)) fire(this, "account-deleted");
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.unverified) return nothing;
    return html`<div class="notice">
      <p>${s("emailUnverified")}</p>
      ${
        this.sent
          ? html`<p role="status">${s("verificationResent")}</p>`
          : html`<button class="secondary" ?disabled=${this.busy} @click=${() => void this.resend()}>
              ${s("resendVerification")}
            </button>`
      }
      <p class="error" role="alert">${this.error}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-email-status": CadEmailStatus;
  }
}
