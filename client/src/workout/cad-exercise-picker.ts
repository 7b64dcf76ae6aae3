import type { WorkoutPhase } from "@cadence/shared-schema";
import { EXERCISE_LIBRARY, type ExerciseDef } from "@cadence/shared-schema/plan";
import type { Substitute } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { currentLocale, localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { phaseLabel, wt } from "./strings.js";

const PHASES: readonly WorkoutPhase[] = ["warmup", "main", "intervals", "cooldown"];
const NAME_KEY = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * A dialog to pick an exercise: "swap" lists the substitutes by muscle and equipment (from shared-schema's
 * suggestSubstitutes) with why each is suggested; "add" searches the exercise library by name in the user's
 * language, with the phase and the number of sets.
 *
 * @fires swap-exercise - `{ exercise, reason }`
 * @fires add-exercise - `{ exerciseId, phase, sets }`
 */
@localized()
@customElement("cad-exercise-picker")
export class CadExercisePicker extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        width: min(36rem, 100vw - 2rem);
        max-height: min(40rem, 100vh - 2rem);
        border: none;
        border-radius: calc(var(--cad-radius) * 2);
        background: var(--cad-color-bg);
        color: var(--cad-color-fg);
        padding: var(--cad-space-3);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: var(--cad-space-2) 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      li button {
        width: 100%;
        text-align: start;
      }
      .why {
        display: block;
        font-weight: 400;
        font-size: 0.875rem;
      }
      .row {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: var(--cad-space-2);
      }
      .footer {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];

  @property() mode: "swap" | "add" = "add";
  /** For "swap": the exercise being replaced, and its substitutes. */
  @property() fromName = "";
  @property({ attribute: false }) substitutes: readonly Substitute[] = [];

  @state() private search = "";
  @state() private phase: WorkoutPhase = "main";
  @state() private sets = 3;
  @query("dialog") private dialog!: HTMLDialogElement;

  open(): void {
    this.search = "";
    this.dialog.showModal();
  }

  close(): void {
    this.dialog.close();
  }

  override render(): TemplateResult {
    const title =
      this.mode === "swap" ? wt("player.swapTitle", { name: this.fromName }) : wt("player.addTitle");
    return html`<dialog aria-labelledby="picker-h">
      <h2 id="picker-h">${title}</h2>
      ${this.mode === "swap" ? this.#renderSwap() : this.#renderAdd()}
      <div class="footer">
        <button class="secondary" @click=${() => this.close()}>${wt("player.cancel")}</button>
      </div>
    </dialog>`;
  }

  #name(def: Pick<ExerciseDef, "names">): string {
    return def.names[currentLocale()] ?? def.names.en;
  }

  #renderSwap(): TemplateResult {
    if (this.substitutes.length === 0) return html`<p>${wt("player.noSubstitutes")}</p>`;
    return html`<ul aria-label=${wt("player.substitutes")}>
      ${this.substitutes.map(
        (s) =>
          html`<li>
            <button
              class="secondary"
              @click=${() => {
                this.dispatchEvent(
                  new CustomEvent("swap-exercise", { detail: { exercise: s.exercise, reason: s.reason } }),
                );
                this.close();
              }}
            >
              ${this.#name(s.exercise as ExerciseDef)}
              <span class="why">${wt(`player.reason.${s.reason}`)}</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #renderAdd(): TemplateResult {
    const q = NAME_KEY(this.search.trim());
    const matches = q ? EXERCISE_LIBRARY.filter((e) => NAME_KEY(this.#name(e)).includes(q)).slice(0, 12) : [];
    return html`<div class="field">
        <label for="search">${wt("player.searchExercise")}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="row">
        <div class="field">
          <label for="phase">${wt("player.phase")}</label>
          <select
            id="phase"
            @change=${(e: Event) => (this.phase = (e.target as HTMLSelectElement).value as WorkoutPhase)}
          >
            ${PHASES.map((p) => html`<option value=${p} ?selected=${p === this.phase}>${phaseLabel(p)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="sets">${wt("player.setCount")}</label>
          <input
            id="sets"
            type="number"
            min="1"
            max="10"
            .value=${String(this.sets)}
            @input=${(e: Event) => {
              const v = Number((e.target as HTMLInputElement).value);
              this.sets = Number.isFinite(v) ? Math.min(10, Math.max(1, Math.round(v))) : 3;
            }}
          />
        </div>
      </div>
      ${q && matches.length === 0 ? html`<p role="status">${wt("player.noMatches")}</p>` : nothing}
      <ul aria-label=${wt("player.matches")}>
        ${matches.map(
          (e) =>
            html`<li>
              <button
                class="secondary"
                @click=${() => {
                  this.dispatchEvent(
                    new CustomEvent("add-exercise", {
                      detail: { exerciseId: e.id, phase: this.phase, sets: this.sets },
                    }),
                  );
                  this.close();
                }}
              >
                ${this.#name(e)}
              </button>
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-exercise-picker": CadExercisePicker;
  }
}
