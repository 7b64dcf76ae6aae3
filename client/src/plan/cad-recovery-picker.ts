/**
 * Poor / Normal / Excellent: phase 1's stand-in for wearables (spec T10). Each position is the planner's
 * recovery_bias −1 / 0 / +1 and simulated HRV and sleep scores, shown under the choice. Fires
 * `recovery-change` with `{ level }`.
 */
import { RECOVERY_LEVELS, SIMULATED_SCORES, type RecoveryLevel } from "@cadence/shared-schema/plan";
import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { pt } from "./plan-i18n.js";

export type RecoveryChangeEvent = CustomEvent<{ level: RecoveryLevel }>;

@localized()
@customElement("cad-recovery-picker")
export class CadRecoveryPicker extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      .options {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: var(--cad-space-1);
      }
      label.option {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: var(--cad-space-1);
        min-height: var(--cad-target-size);
        margin: 0;
        padding: var(--cad-space-1) var(--cad-space-2);
        border: 2px solid var(--cad-color-border);
        border-radius: var(--cad-radius);
        cursor: pointer;
        font-weight: 600;
      }
      label.option:has(input:checked) {
        border-color: var(--cad-color-accent);
        background: var(--cad-color-accent);
        color: var(--cad-color-on-accent);
      }
      label.option:has(input:focus-visible) {
        outline: var(--cad-focus-width) solid var(--cad-color-focus);
        outline-offset: 2px;
      }
      input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
      }
    `,
  ];

  @property() value: RecoveryLevel = "normal";
  @property({ type: Boolean }) disabled = false;

  override render(): TemplateResult {
    const scores = SIMULATED_SCORES[this.value];
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>${pt("recovery.heading")}</legend>
      <div class="options">
        ${RECOVERY_LEVELS.map(
          (level) =>
            html`<label class="option">
              <input
                type="radio"
                name="recovery"
                value=${level}
                .checked=${level === this.value}
                @change=${() => this.#pick(level)}
              />
              ${pt(`recovery.${level}`)}
            </label>`,
        )}
      </div>
      <p class="hint" data-testid="recovery-simulated">
        ${pt("recovery.simulated", { hrv: scores.hrvScore, sleep: scores.sleepScore })}
      </p>
    </fieldset>`;
  }

  #pick(level: RecoveryLevel): void {
    if (level === this.value) return;
    this.value = level;
    this.dispatchEvent(
      new CustomEvent("recovery-change", { detail: { level }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-recovery-picker": CadRecoveryPicker;
  }
}
