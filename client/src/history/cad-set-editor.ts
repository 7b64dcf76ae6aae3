import type { SetLog, SetTarget } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { toKg, KG_PER_LB, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { ht } from "./strings.js";

type Field = "reps" | "weightKg" | "rpe";
const FIELDS: readonly Field[] = ["reps", "weightKg", "rpe"];
type Values = Partial<Record<Field, number | null>>;

/** What the editor asks to write: only the fields the person changed. */
export interface SetSaveDetail {
  /** The set, or null for a new set of `exerciseKey`. */
  readonly setId: string | null;
  readonly exerciseKey: string | null;
  /** What was done (logs the set when it had no log). */
  readonly done: Values;
  readonly target: Values;
}

export type SetSaveEvent = CustomEvent<SetSaveDetail>;

/** A weight in kilograms as the user's unit shows it in a field (one decimal at most). */
function weightField(kg: number | null | undefined, units: Units): string {
  if (kg === null || kg === undefined) return "";
  const value = units.weightUnit === "lb" ? kg / KG_PER_LB : kg;
  return String(Math.round(value * 10) / 10);
}

function fieldText(field: Field, value: number | null | undefined, units: Units): string {
  if (field === "weightKg") return weightField(value, units);
  return value === null || value === undefined ? "" : String(value);
}

/** The typed text as a value for the document, or "invalid". */
function parseField(field: Field, text: string, units: Units): number | null | "invalid" {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return null;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n < 0) return "invalid";
  if (field === "reps") return Number.isInteger(n) && n <= 1000 ? n : "invalid";
  if (field === "rpe") return n <= 10 && Number.isInteger(n * 2) ? n : "invalid";
  const kg = toKg(n, units);
  return kg <= 1000 ? kg : "invalid";
}

/**
 * Corrects one set afterwards: what was done (reps, weight in the user's unit, RPE) and its target. Only the
 * fields the person changed are written, so a correction made meanwhile on another device to another field
 * survives the merge.
 *
 * @fires set-save - `SetSaveDetail`: the changed fields
 * @fires set-cancel - the person closed the editor
 */
@localized()
@customElement("cad-set-editor")
export class CadSetEditor extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: var(--cad-space-2);
        padding: var(--cad-space-3);
        border: 2px solid var(--cad-color-accent);
        border-radius: var(--cad-radius);
        background: var(--cad-color-bg);
      }
      h4 {
        margin: 0;
        font-size: 1rem;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      .row {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: var(--cad-space-2);
      }
      .row label {
        font-weight: 500;
        font-size: 0.875rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
    `,
  ];

  @property({ attribute: false }) setId: string | null = null;
  @property({ attribute: false }) exerciseKey: string | null = null;
  @property() heading = "";
  @property({ attribute: false }) log: Pick<SetLog, Field> | null = null;
  @property({ attribute: false }) target: Pick<SetTarget, Field> | null = null;
  @property({ attribute: false }) units: Units = { weightUnit: "kg", distanceUnit: "metric", clock: 24 };
  @state() private invalid = false;

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input")?.focus();
  }

  override render(): TemplateResult {
    return html`<form @submit=${this.#save} @keydown=${this.#onKey} aria-label=${this.heading}>
      <h4>${this.heading}</h4>
      ${this.#fieldset("done", ht("wh.editor.done"), this.log)}
      ${this.setId === null ? nothing : this.#fieldset("target", ht("wh.editor.target"), this.target)}
      <p class="error" role="alert">${this.invalid ? ht("wh.editor.invalid") : ""}</p>
      <div class="actions">
        <button type="submit">${ht("wh.editor.save")}</button>
        <button type="button" class="secondary" @click=${this.#cancel}>${ht("wh.editor.cancel")}</button>
      </div>
    </form>`;
  }

  #fieldset(group: "done" | "target", legend: string, values: Pick<SetLog, Field> | null): TemplateResult {
    const labels: Record<Field, string> = {
      reps: ht("wh.editor.reps"),
      weightKg: ht("wh.editor.weight", { unit: this.units.weightUnit }),
      rpe: ht("wh.editor.rpe"),
    };
    return html`<fieldset>
      <legend>${legend}</legend>
      <div class="row">
        ${FIELDS.map(
          (field) =>
            html`<div>
              <label for="${group}-${field}">${labels[field]}</label>
              <input
                id="${group}-${field}"
                name="${group}-${field}"
                inputmode=${field === "reps" ? "numeric" : "decimal"}
                autocomplete="off"
                aria-invalid=${this.invalid ? "true" : "false"}
                .value=${fieldText(field, values?.[field], this.units)}
              />
            </div>`,
        )}
      </div>
    </fieldset>`;
  }

  #changed(group: "done" | "target", values: Pick<SetLog, Field> | null): Values | "invalid" {
    const out: Values = {};
    for (const field of FIELDS) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`#${group}-${field}`);
      if (!input) continue;
      const before = fieldText(field, values?.[field], this.units);
      if (input.value.trim() === before) continue;
      const parsed = parseField(field, input.value, this.units);
      if (parsed === "invalid") return "invalid";
      out[field] = parsed;
    }
    return out;
  }

  #save(event: Event) {
    event.preventDefault();
    const done = this.#changed("done", this.log);
    const target = this.setId === null ? {} : this.#changed("target", this.target);
    if (done === "invalid" || target === "invalid") {
      this.invalid = true;
      return;
    }
    this.invalid = false;
    const detail: SetSaveDetail = { setId: this.setId, exerciseKey: this.exerciseKey, done, target };
    this.dispatchEvent(new CustomEvent("set-save", { detail, bubbles: true, composed: true }));
  }

  #cancel() {
    this.dispatchEvent(new CustomEvent("set-cancel", { bubbles: true, composed: true }));
  }

  #onKey(event: KeyboardEvent) {
    if (event.key === "Escape") this.#cancel();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-set-editor": CadSetEditor;
  }
}
