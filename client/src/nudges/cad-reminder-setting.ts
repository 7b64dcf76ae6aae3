import type { AccountDoc } from "@cadence/shared-schema";
import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { nt } from "./strings.js";

/**
 * The daily reminder time in Settings (`settings.reminderTime`, local `HH:MM` or null), saved at once like
 * every setting. The reminder shows on Today from that time while the app is open (cad-nudges).
 */
@localized()
@customElement("cad-reminder-setting")
export class CadReminderSetting extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        margin-block-start: var(--cad-space-3);
      }
      input {
        max-width: 12rem;
      }
    `,
  ];

  readonly #account = new AccountController<string | null>(
    this,
    (doc: AccountDoc) => doc.settings.reminderTime,
  );
  @state() private saved: string | null | undefined;

  override render(): TemplateResult {
    const value = this.#account.value ?? null;
    return html`<div class="field">
      <label for="reminder">${nt("nudges.reminderLabel")}</label>
      <input
        id="reminder"
        type="time"
        .value=${value ?? ""}
        aria-describedby="reminder-hint reminder-status"
        ?disabled=${this.#account.state !== "ready"}
        @change=${this.#onChange}
      />
      <p class="hint" id="reminder-hint">${nt("nudges.reminderHint")}</p>
      <p class="hint" id="reminder-status" role="status">
        ${
          this.saved === undefined
            ? ""
            : this.saved === null
              ? nt("nudges.reminderOff")
              : nt("nudges.reminderSaved", { time: this.saved })
        }
      </p>
    </div>`;
  }

  #onChange = (event: Event) => {
    const raw = (event.target as HTMLInputElement).value;
    const time = /^([01]\d|2[0-3]):[0-5]\d/.exec(raw)?.[0] ?? null;
    if (this.#account.change((doc) => void (doc.settings.reminderTime = time), "Set the daily reminder")) {
      this.saved = time;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-reminder-setting": CadReminderSetting;
  }
}
