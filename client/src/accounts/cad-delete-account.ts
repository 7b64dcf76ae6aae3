import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { isAccountDeleted } from "./account-deleted.js";
import { deleteAccount, getAccount, requestDeletion, type AccountInfo } from "./api.js";
import { errorText, field, fire, subsectionStyles } from "./element-support.js";
import { s } from "./strings.js";

/**
 * "Delete account" (spec flow 16) with the double confirmation the server requires: first the password (or,
 * for an account without one, the email address typed out), then a last explicit "Delete my account".
 *
 * @fires account-deletion-started - the last confirmation was given; the server's socket close that follows
 *   is this device's own doing.
 * @fires account-deleted - detail `{ complete, message }`: the account is gone; the app wipes this device
 *   (wipeDeletedAccount) and shows the completion screen. Also fired when the server says it was deleted already.
 */
@localized()
@customElement("cad-delete-account")
export class CadDeleteAccount extends LitElement {
  static override styles = [
    controlStyles,
    subsectionStyles,
    css`
      .warning {
        border-inline-start: 4px solid var(--cad-color-danger, #b42318);
        padding-inline-start: var(--cad-space-3);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
    `,
  ];

  @state() private account: AccountInfo | null = null;
  @state() private step: "confirm" | "final" | "done" = "confirm";
  @state() private token = "";
  @state() private error = "";
  @state() private busy = false;
  @state() private message = "";

  override connectedCallback(): void {
    super.connectedCallback();
    getAccount()
      .then((a) => (this.account = a))
      .catch((error: unknown) => this.handle(error));
  }

  private handle(error: unknown): void {
    if (isAccountDeleted(error)) fire(this, "account-deleted", { complete: true, message: "" });
    this.error = errorText(error);
  }

  private async confirm(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const value = field(new FormData(event.target as HTMLFormElement), "confirm");
    this.busy = true;
    try {
      const byPassword = this.account?.deleteConfirmWith !== "email";
      const { confirmToken } = await requestDeletion(
        byPassword ? { password: value } : { confirmEmail: value },
      );
      this.token = confirmToken;
      this.error = "";
      this.step = "final";
    } catch (error) {
      this.handle(error);
    } finally {
      this.busy = false;
    }
  }

  private async deleteNow(): Promise<void> {
    this.busy = true;
    fire(this, "account-deletion-started");
    try {
      const result = await deleteAccount(this.token);
      this.step = "done";
      this.message = result.complete ? s("deleteDone") : result.message;
      fire(this, "account-deleted", { complete: result.complete, message: result.message });
    } catch (error) {
      this.handle(error);
      this.step = "confirm";
    } finally {
      this.busy = false;
      this.token = "";
    }
  }

  override render() {
    const a = this.account;
    const byEmail = a?.deleteConfirmWith === "email";
    return html`
      <h3>${s("deleteTitle")}</h3>
      ${
        this.step === "done"
          ? html`<p role="status">${this.message}</p>`
          : html`<p class="warning">${s("deleteWarning")}</p>`
      }
      ${
        this.step === "confirm" && a
          ? html`<form @submit=${(e: SubmitEvent) => void this.confirm(e)}>
              <div class="field">
                <label for="confirm"
                  >${byEmail ? s("deleteEmail", { email: a.email }) : s("deletePassword")}</label
                >
                <input
                  id="confirm"
                  name="confirm"
                  type=${byEmail ? "email" : "password"}
                  autocomplete=${byEmail ? "off" : "current-password"}
                  required
                />
              </div>
              <button class="danger" type="submit" ?disabled=${this.busy}>${s("deleteContinue")}</button>
            </form>`
          : nothing
      }
      ${
        this.step === "final"
          ? html`<p role="alert"><strong>${s("deleteFinal")}</strong></p>
              <div class="actions">
                <button class="danger" ?disabled=${this.busy} @click=${() => void this.deleteNow()}>
                  ${s("deleteConfirm")}
                </button>
                <button class="secondary" ?disabled=${this.busy} @click=${() => (this.step = "confirm")}>
                  ${s("deleteCancel")}
                </button>
              </div>`
          : nothing
      }
      <p class="error" role="alert">${this.error}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-delete-account": CadDeleteAccount;
  }
}
