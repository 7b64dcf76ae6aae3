import type { SetTarget } from "@cadence/shared-schema";
import { fromDisplayMass, toDisplayMass } from "@cadence/shared-schema/metrics";
import type { PreviousPerformance, SetValues, SetView } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { DEFAULT_UNITS, formatDate, formatNumber, formatWeight, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { wt } from "./strings.js";

const RPE_CHOICES = [6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10] as const;

/**
 * Logging one set with one hand: the target, what was done last time, big − / + steppers for reps and weight
 * (in the user's unit; kilograms go into the document), RPE, and "Log set" (or "Completed" / a work timer for a
 * timed set). A logged set shows its values and can be corrected or taken back.
 *
 * @fires log-set - `{ setId, values: SetValues }`
 * @fires unlog-set - `{ setId }`
 * @fires start-work - `{ setId, seconds }`: run a timed set's work interval
 */
@localized()
@customElement("cad-set-logger")
export class CadSetLogger extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .steppers {
        display: grid;
        gap: var(--cad-space-3);
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
        margin-block: var(--cad-space-3);
      }
      .stepper {
        display: grid;
        grid-template-columns: 3.5rem 1fr 3.5rem;
        gap: var(--cad-space-2);
        align-items: stretch;
      }
      .stepper button {
        min-height: 3.5rem;
        font-size: 1.5rem;
        padding: 0;
      }
      .stepper input {
        min-height: 3.5rem;
        text-align: center;
        font-size: 1.5rem;
        font-weight: 700;
      }
      .target,
      .last {
        margin: 0 0 var(--cad-space-1);
      }
      .last {
        color: var(--cad-color-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      .primary-action {
        flex: 1 1 12rem;
        min-height: 4rem;
        font-size: 1.25rem;
      }
      .done {
        font-weight: 600;
        margin: var(--cad-space-2) 0;
      }
      select {
        min-height: 3.5rem;
      }
    `,
  ];

  @property({ attribute: false }) set: SetView | null = null;
  @property({ attribute: false }) dose: "reps" | "time" = "reps";
  @property({ attribute: false }) units: Units = DEFAULT_UNITS;
  @property({ attribute: false }) lastTime: PreviousPerformance | null = null;
  /** Values to start from when neither the log nor the target has them (the set before this one). */
  @property({ attribute: false }) fallback: SetValues | null = null;
  @property({ type: Boolean }) disabled = false;

  @state() private reps: number | null = null;
  @state() private weight: number | null = null;
  @state() private rpe: number | null = null;
  #shownFor: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const set = this.set;
    if (!set) return;
    const key = `${set.id}:${set.log ? "log" : "target"}`;
    if (key === this.#shownFor && !changed.has("units")) return;
    this.#shownFor = key;
    const target: Partial<SetTarget> = set.target ?? {};
    const previous = this.lastTime?.sets[set.number - 1] ?? this.lastTime?.sets.at(-1);
    const source = set.log ?? {
      reps: target.reps ?? previous?.reps ?? this.fallback?.reps ?? null,
      weightKg: target.weightKg ?? previous?.weightKg ?? this.fallback?.weightKg ?? null,
      rpe: null,
    };
    this.reps = source.reps ?? null;
    this.weight =
      source.weightKg === null || source.weightKg === undefined ? null : this.#display(source.weightKg);
    this.rpe = source.rpe ?? null;
  }

  #display(kg: number): number {
    return Math.round(toDisplayMass(kg, this.units.weightUnit) * 10) / 10;
  }

  get #weightStep(): number {
    return this.units.weightUnit === "lb" ? 5 : 2.5;
  }

  override render(): TemplateResult | typeof nothing {
    const set = this.set;
    if (!set) return nothing;
    return html`${this.#renderTarget(set)} ${this.#renderLast()}
    ${this.dose === "time" ? this.#renderTimed(set) : this.#renderReps(set)}`;
  }

  #renderTarget(set: SetView): TemplateResult {
    const t = set.target;
    const parts: string[] = [];
    if (t?.reps !== null && t?.reps !== undefined) parts.push(wt("player.targetReps", { reps: t.reps }));
    if (t?.durationSec) parts.push(wt("player.seconds", { n: t.durationSec }));
    if (t?.weightKg !== null && t?.weightKg !== undefined) parts.push(formatWeight(t.weightKg, this.units));
    if (t?.rpe !== null && t?.rpe !== undefined) parts.push(wt("player.atRpe", { rpe: t.rpe }));
    return html`<p class="target" data-testid="set-target">
      ${wt("player.target")}: ${parts.length > 0 ? parts.join(" · ") : wt("player.noTarget")}
    </p>`;
  }

  #renderLast(): TemplateResult {
    const last = this.lastTime;
    if (!last) return html`<p class="last" data-testid="last-time">${wt("player.lastTimeNone")}</p>`;
    const sets = last.sets
      .filter((s) => s.completed)
      .map((s) =>
        s.reps !== null
          ? s.weightKg !== null
            ? `${formatNumber(s.reps)} × ${formatWeight(s.weightKg, this.units)}`
            : formatNumber(s.reps)
          : wt("player.seconds", { n: s.durationSec ?? 0 }),
      );
    return html`<p class="last" data-testid="last-time">
      ${wt("player.lastTime", { date: formatDate(last.date) })}: ${sets.join(", ")}
    </p>`;
  }

  #renderReps(set: SetView): TemplateResult {
    const logged = set.log !== null;
    return html`<div class="steppers">
        ${this.#stepper("reps", wt("player.reps"), this.reps, 1, 0, 1000, (v) => (this.reps = v))}
        ${this.#stepper(
          "weight",
          wt("player.weightIn", { unit: this.units.weightUnit === "lb" ? "lb" : "kg" }),
          this.weight,
          this.#weightStep,
          0,
          this.units.weightUnit === "lb" ? 2200 : 1000,
          (v) => (this.weight = v),
        )}
        <div>
          <label for="rpe">${wt("player.rpe")}</label>
          <select
            id="rpe"
            .value=${this.rpe === null ? "" : String(this.rpe)}
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.rpe = v === "" ? null : Number(v);
            }}
          >
            <option value="" ?selected=${this.rpe === null}>${wt("player.rpeNone")}</option>
            ${RPE_CHOICES.map(
              (r) => html`<option value=${String(r)} ?selected=${this.rpe === r}>${formatNumber(r)}</option>`,
            )}
          </select>
        </div>
      </div>
      <div class="actions">
        <button
          class="primary-action"
          ?disabled=${this.disabled || this.reps === null}
          @click=${() => this.#emitLog(set.id)}
        >
          ${logged ? wt("player.saveCorrection") : wt("player.logSet")}
        </button>
        ${
          logged
            ? html`<button
                class="secondary"
                ?disabled=${this.disabled}
                @click=${() => this.#emit("unlog-set", { setId: set.id })}
              >
                ${wt("player.unlog")}
              </button>`
            : html`<button
                class="secondary"
                ?disabled=${this.disabled}
                @click=${() => this.#emit("log-set", { setId: set.id, values: { completed: false } })}
              >
                ${wt("player.skipSet")}
              </button>`
        }
      </div>`;
  }

  #renderTimed(set: SetView): TemplateResult {
    const seconds = set.target?.durationSec ?? set.log?.durationSec ?? 30;
    if (set.log) {
      return html`<p class="done">
          ${
            set.log.completed
              ? wt("player.completedFor", { n: set.log.durationSec ?? seconds })
              : wt("player.skipped")
          }
        </p>
        <button
          class="secondary"
          ?disabled=${this.disabled}
          @click=${() => this.#emit("unlog-set", { setId: set.id })}
        >
          ${wt("player.unlog")}
        </button>`;
    }
    return html`<div class="actions">
      <button
        class="primary-action"
        ?disabled=${this.disabled}
        @click=${() => this.#emit("start-work", { setId: set.id, seconds })}
      >
        ${wt("player.startWork", { n: seconds })}
      </button>
      <button
        class="secondary"
        ?disabled=${this.disabled}
        @click=${() =>
          this.#emit("log-set", { setId: set.id, values: { durationSec: seconds, completed: true } })}
      >
        ${wt("player.completed")}
      </button>
      <button
        class="secondary"
        ?disabled=${this.disabled}
        @click=${() => this.#emit("log-set", { setId: set.id, values: { completed: false } })}
      >
        ${wt("player.skipSet")}
      </button>
    </div>`;
  }

  #stepper(
    id: string,
    label: string,
    value: number | null,
    step: number,
    min: number,
    max: number,
    set: (v: number | null) => void,
  ): TemplateResult {
    const bump = (delta: number) => {
      const next = Math.round(((value ?? 0) + delta) * 10) / 10;
      set(Math.min(max, Math.max(min, next)));
    };
    return html`<div>
      <label for=${id}>${label}</label>
      <div class="stepper">
        <button
          class="secondary"
          aria-label=${wt("player.less", { what: label })}
          ?disabled=${this.disabled}
          @click=${() => bump(-step)}
        >
          −
        </button>
        <input
          id=${id}
          type="number"
          inputmode="decimal"
          min=${min}
          max=${max}
          step="any"
          .value=${value === null ? "" : String(value)}
          @input=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value;
            const v = raw === "" ? null : Number(raw);
            set(v === null || Number.isNaN(v) ? null : Math.min(max, Math.max(min, v)));
          }}
        />
        <button
          class="secondary"
          aria-label=${wt("player.more", { what: label })}
          ?disabled=${this.disabled}
          @click=${() => bump(step)}
        >
          +
        </button>
      </div>
    </div>`;
  }

  #emitLog(setId: string): void {
    const values: SetValues = {
      reps: this.reps === null ? null : Math.round(this.reps),
      weightKg:
        this.weight === null
          ? null
          : Math.round(fromDisplayMass(this.weight, this.units.weightUnit) * 1000) / 1000,
      rpe: this.rpe,
      completed: true,
    };
    this.#emit("log-set", { setId, values });
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-set-logger": CadSetLogger;
  }
}
