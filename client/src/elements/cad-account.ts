import { consume } from "@lit/context";
import { newDocRequest, type AccountDoc, type DocRequest } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { AccountController } from "../account.js";
import "../accounts/cad-email-status.js";
import { unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatDateTime, type Units } from "../format.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

type AccountSlice = Pick<AccountDoc, "profile" | "userId" | "requests">;

const DISPLAY_NAME_MAX = 80;

/**
 * The account document: the editable display name, the user id, and the document's requests with their
 * status as the server and the worker answer them. Also where the user logs out.
 *
 * @fires logout-request - the user asked to log out; cad-app does it and reports through the properties.
 */
@localized()
@customElement("cad-account")
export class CadAccount extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      section {
        margin-block-end: var(--cad-space-4);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--cad-space-1) var(--cad-space-3);
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      code {
        font-family: var(--cad-font-mono);
      }
      .saved {
        color: var(--cad-color-success);
        min-height: 1.5em;
        margin: var(--cad-space-1) 0 0;
      }
      ul.requests {
        list-style: none;
        margin: var(--cad-space-3) 0 0;
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      ul.requests li {
        padding: var(--cad-space-2) var(--cad-space-3);
        border: 1px solid var(--cad-color-border);
        border-radius: var(--cad-radius);
      }
      .request-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: var(--cad-space-2);
        font-weight: 600;
      }
      .request-detail {
        margin: var(--cad-space-1) 0 0;
        color: var(--cad-color-muted);
        overflow-wrap: anywhere;
      }
      .status {
        padding: 0 var(--cad-space-2);
        border-radius: var(--cad-radius);
        border: 1px solid currentColor;
      }
      .status-done {
        color: var(--cad-color-success);
      }
      .status-failed {
        color: var(--cad-color-danger);
      }
      .status-queued,
      .status-working,
      .status-requested {
        color: var(--cad-color-warning);
      }
    `,
  ];

  /** cad-app is logging out (the button shows progress). */
  @property({ type: Boolean }) loggingOut = false;
  /** Why the last logout attempt did not happen. */
  @property() logoutError: string | undefined;

  @consume({ context: unitsContext, subscribe: true }) @state() private units: Units = DEFAULT_UNITS;

  @state() private nameDraft: string | undefined;
  @state() private nameError = "";
  @state() private nameSaved = false;

  readonly #account = new AccountController<AccountSlice>(this, (doc) => ({
    profile: doc.profile,
    userId: doc.userId,
    requests: doc.requests,
  }));

  override render(): TemplateResult {
    return html`<h1>${t("account.title")}</h1>
      ${this.#body()}
      <section>
        <p class="error" aria-live="polite">${this.logoutError ?? ""}</p>
        <button
          class="secondary"
          ?disabled=${this.loggingOut}
          aria-busy=${this.loggingOut ? "true" : "false"}
          @click=${this.#requestLogout}
        >
          ${this.loggingOut ? t("account.loggingOut") : t("account.logout")}
        </button>
      </section>`;
  }

  #body(): TemplateResult {
    const { state, value } = this.#account;
    if (state === "unavailable") return html`<p role="status">${t("account.unavailable")}</p>`;
    if (state === "deleted") return html`<p role="status">${t("account.deleted")}</p>`;
    if (state === "newer") return html`<p role="alert">${t("account.newerVersion")}</p>`;
    if (state === "failed") {
      return html`<p role="alert">${t("app.openFailed")}</p>
        <button @click=${() => this.#account.retry()}>${t("app.retry")}</button>`;
    }
    if (!value) return html`<p role="status">${t("account.loading")}</p>`;
    return html`${this.#profile(value)} ${this.#requests(value)}`;
  }

  #profile(doc: AccountSlice): TemplateResult {
    const invalid = this.nameError !== "";
    return html`<section aria-labelledby="profile-heading">
      <h2 id="profile-heading">${t("account.profile")}</h2>
      <div class="field">
        <label for="display-name">${t("account.displayName")}</label>
        <input
          id="display-name"
          autocomplete="nickname"
          maxlength=${DISPLAY_NAME_MAX}
          .value=${this.nameDraft ?? doc.profile.displayName}
          aria-invalid=${invalid ? "true" : "false"}
          aria-describedby="display-name-status"
          @input=${this.#onNameInput}
          @change=${this.#onNameChange}
        />
        <p id="display-name-status" class=${invalid ? "error" : "saved"} aria-live="polite">
          ${invalid ? this.nameError : this.nameSaved ? t("account.displayNameSaved") : ""}
        </p>
      </div>
      <dl>
        <dt>${t("account.userId")}</dt>
        <dd><code>${doc.userId}</code></dd>
        ${
          this.#account.email
            ? html`<dt>${t("account.email")}</dt>
                <dd>${this.#account.email}</dd>`
            : nothing
        }
      </dl>
      <cad-email-status></cad-email-status>
    </section>`;
  }

  #requests(doc: AccountSlice): TemplateResult {
    const requests = Object.values(doc.requests).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return html`<section aria-labelledby="requests-heading">
      <h2 id="requests-heading">${t("account.requests")}</h2>
      <button @click=${this.#sendTestRequest}>${t("account.sendTestRequest")}</button>
      ${
        requests.length === 0
          ? html`<p>${t("account.requestsEmpty")}</p>`
          : html`<ul class="requests">
              ${repeat(
                requests,
                (request) => request.id,
                (request) => this.#request(request),
              )}
            </ul>`
      }
    </section>`;
  }

  #request(request: DocRequest): TemplateResult {
    return html`<li>
      <div class="request-head">
        <span>${t(`request.kind.${request.kind}`)}</span>
        <span class="status status-${request.status}" aria-live="polite">
          ${t(`request.status.${request.status}`)}
        </span>
      </div>
      <p class="request-detail">
        ${t("account.requestCreated", { time: formatDateTime(request.createdAt, this.units) })}
      </p>
      ${
        request.status === "done" && request.result
          ? html`<p class="request-detail">
              ${t("account.requestResult", { text: describeResult(request) })}
            </p>`
          : nothing
      }
      ${
        request.status === "failed" && request.error
          ? html`<p class="request-detail error">${t("account.requestError", { text: request.error })}</p>`
          : nothing
      }
    </li>`;
  }

  #onNameInput(event: InputEvent) {
    this.nameDraft = (event.target as HTMLInputElement).value;
    this.nameSaved = false;
  }

  #onNameChange(event: Event) {
    const input = event.target as HTMLInputElement;
    const name = input.value.trim();
    if (name === "") {
      this.nameError = t("account.displayNameRequired");
      return;
    }
    this.nameError = "";
    this.nameDraft = undefined;
    const current = this.#account.value?.profile.displayName;
    if (name === current) {
      input.value = name;
      return;
    }
    this.nameSaved = this.#account.change((doc) => {
      doc.profile.displayName = name;
    }, "Change display name");
  }

  #sendTestRequest() {
    const request = newDocRequest("echo", { text: t("account.testRequestText") });
    this.#account.change((doc) => {
      doc.requests[request.id] = request;
    }, "Send test request");
  }

  #requestLogout() {
    this.dispatchEvent(new CustomEvent("logout-request", { bubbles: true, composed: true }));
  }
}

function describeResult(request: DocRequest): string {
  if (request.kind === "echo" && request.result) return request.result.echoed;
  return JSON.stringify(request.result);
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-account": CadAccount;
  }
  interface HTMLElementEventMap {
    "logout-request": CustomEvent<void>;
  }
}
