/**
 * A plan by phases (warm-up → main → intervals → cool-down): per phase its BPM range, per exercise its sets
 * with target reps (or time), load, effort (RPE / RIR) and rest; the estimated duration and working sets; and
 * "why today looks like this". With `editing`, reps, load, effort and rest become fields and exercises can be
 * removed; every edit fires `plan-edit` with the whole changed plan (the element never mutates its input).
 */
import { consume } from "@lit/context";
import { exerciseById, type Plan, type PlannedSet, type RecoveryLevel } from "@cadence/shared-schema/plan";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatMinutes, formatWeight, toKg, type Units } from "../format.js";
import { currentLocale, localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { pt } from "./plan-i18n.js";

export type PlanEditEvent = CustomEvent<{ plan: Plan }>;

/** Working sets (main and intervals): the volume figure the screen shows. */
export function workingSets(plan: Plan): number {
  return plan.phases
    .filter((p) => p.kind === "main" || p.kind === "intervals")
    .reduce((n, p) => n + p.exercises.reduce((m, e) => m + e.sets.length, 0), 0);
}

@localized()
@customElement("cad-plan-view")
export class CadPlanView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .summary {
        font-weight: 600;
        margin: 0 0 var(--cad-space-2);
      }
      .phase {
        margin-block-end: var(--cad-space-3);
      }
      .phase-head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: var(--cad-space-2);
      }
      h3 {
        font-size: 1.1rem;
        margin: 0;
      }
      h4 {
        font-size: 1rem;
        margin: var(--cad-space-2) 0 var(--cad-space-1);
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
      }
      .bpm {
        color: var(--cad-color-muted);
        font-variant-numeric: tabular-nums;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: start;
        padding: var(--cad-space-1) var(--cad-space-2);
        border-bottom: 1px solid var(--cad-color-border);
        white-space: nowrap;
      }
      th {
        font-size: 0.875rem;
        color: var(--cad-color-muted);
        font-weight: 600;
      }
      td input {
        width: 5.5rem;
        min-height: var(--cad-target-size);
        padding: var(--cad-space-1);
      }
      .cues {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
        margin: var(--cad-space-1) 0 0;
      }
      details.why {
        margin-block-start: var(--cad-space-3);
      }
      details.why summary {
        font-weight: 600;
        cursor: pointer;
        min-height: var(--cad-target-size);
        display: flex;
        align-items: center;
      }
      ul {
        margin: var(--cad-space-1) 0;
        padding-inline-start: 1.25rem;
      }
    `,
  ];

  @property({ attribute: false }) plan: Plan | null = null;
  @property({ type: Boolean }) editing = false;
  /** The recovery the plan was made for (for the "why" lead). */
  @property() recovery: RecoveryLevel | null = null;
  @property({ attribute: false }) corrections: readonly string[] = [];

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  override render(): TemplateResult | typeof nothing {
    const plan = this.plan;
    if (!plan) return nothing;
    if (plan.phases.length === 0) return html`<p>${pt("plan.restDay")}</p>`;
    const sets = workingSets(plan);
    return html`<p class="summary" data-testid="plan-summary" data-working-sets=${sets}>
        ${pt("plan.summary", { sets, minutes: formatMinutes(plan.estimatedMinutes) })}
      </p>
      ${plan.phases.map(
        (phase, p) =>
          html`<section
            class="phase"
            data-testid="plan-phase"
            data-phase=${phase.kind}
            aria-labelledby="phase-${p}"
          >
            <div class="phase-head">
              <h3 id="phase-${p}">${pt(`plan.phase.${phase.kind}`)}</h3>
              <span class="bpm">${pt("plan.bpm", { min: phase.bpm.min, max: phase.bpm.max })}</span>
            </div>
            ${phase.exercises.map((ex, e) => this.#exercise(p, e, ex))}
          </section>`,
      )}
      ${this.#why(plan)}`;
  }

  #exercise(p: number, e: number, ex: Plan["phases"][number]["exercises"][number]): TemplateResult {
    const name = exerciseById(ex.exerciseId)?.names[currentLocale()] ?? ex.name;
    const cues = ex.sets.flatMap((s) => s.cues);
    return html`<h4>
        <span>${name}</span>
        ${
          this.editing
            ? html`<button class="quiet" @click=${() => this.#removeExercise(p, e)}>
                ${pt("plan.removeExercise", { name })}
              </button>`
            : nothing
        }
      </h4>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${pt("plan.set")}</th>
              <th scope="col">${pt("plan.reps")}</th>
              <th scope="col">${pt("plan.load")}</th>
              <th scope="col">${pt("plan.effort")}</th>
              <th scope="col">${pt("plan.rest")}</th>
            </tr>
          </thead>
          <tbody>
            ${ex.sets.map((s, i) => this.#set(p, e, i, s, name))}
          </tbody>
        </table>
      </div>
      ${cues.length ? html`<p class="cues">${cues.join(" · ")}</p>` : nothing}`;
  }

  #set(p: number, e: number, i: number, s: PlannedSet, name: string): TemplateResult {
    const label = `${name}, ${pt("plan.set")} ${i + 1}`;
    if (!this.editing) {
      return html`<tr>
        <td>${i + 1}</td>
        <td>
          ${s.reps !== null ? pt("plan.repsValue", { reps: s.reps }) : pt("plan.duration", { seconds: s.durationSec ?? 0 })}
        </td>
        <td>${this.#load(s)}</td>
        <td>
          ${s.targetRpe !== null ? pt("plan.rpe", { rpe: s.targetRpe }) : pt("plan.rir", { rir: s.targetRir ?? 0 })}
        </td>
        <td>${pt("plan.restValue", { seconds: s.restSec })}</td>
      </tr>`;
    }
    const num = (
      field: "reps" | "durationSec" | "targetRpe" | "restSec" | "kg",
      value: number,
      min: number,
      max: number,
      step = 1,
      aria = "",
    ) =>
      html`<input
        type="number"
        inputmode="decimal"
        min=${min}
        max=${max}
        step=${step}
        .value=${String(value)}
        aria-label=${`${label}: ${aria}`}
        @change=${(ev: Event) => this.#editSet(p, e, i, field, Number((ev.target as HTMLInputElement).value))}
      />`;
    const weight =
      this.units.weightUnit === "lb" && s.load.type === "kg"
        ? s.load.kg / 0.45359237
        : s.load.type === "kg"
          ? s.load.kg
          : 0;
    return html`<tr>
      <td>${i + 1}</td>
      <td>
        ${
          s.reps !== null
            ? num("reps", s.reps, 1, 100, 1, pt("plan.reps"))
            : num("durationSec", s.durationSec ?? 30, 1, 3600, 5, pt("plan.reps"))
        }
      </td>
      <td>
        ${s.load.type === "kg" ? num("kg", Math.round(weight * 10) / 10, 0, 1000, 0.5, pt("plan.load")) : this.#load(s)}
      </td>
      <td>${num("targetRpe", s.targetRpe ?? 10 - (s.targetRir ?? 2), 1, 10, 0.5, pt("plan.effort"))}</td>
      <td>${num("restSec", s.restSec, 0, 900, 15, pt("plan.rest"))}</td>
    </tr>`;
  }

  #load(s: PlannedSet): string {
    if (s.load.type === "kg") return formatWeight(s.load.kg, this.units);
    if (s.load.type === "percent_e1rm") return pt("plan.percent", { percent: s.load.percent });
    return pt("plan.bodyweight");
  }

  #why(plan: Plan): TemplateResult {
    return html`<details class="why" open data-testid="plan-why">
      <summary>${pt("plan.why")}</summary>
      ${this.recovery ? html`<p>${pt(`plan.whyRecovery.${this.recovery}`)}</p>` : nothing}
      <p>${plan.rationale.summary}</p>
      ${plan.deload.suggested && plan.deload.reason ? html`<p>${pt("plan.deload", { reason: plan.deload.reason })}</p>` : nothing}
      ${
        plan.rationale.signals.length
          ? html`<h4>${pt("plan.signals")}</h4>
              <ul>
                ${plan.rationale.signals.map((s) => html`<li>${s.effect === "up" ? "↑ " : s.effect === "down" ? "↓ " : ""}${s.text}</li>`)}
              </ul>`
          : nothing
      }
      ${
        plan.rationale.rules.length
          ? html`<h4>${pt("plan.rules")}</h4>
              <ul>
                ${plan.rationale.rules.map((r) => html`<li>${r.text}</li>`)}
              </ul>`
          : nothing
      }
      ${
        this.corrections.length
          ? html`<h4>${pt("plan.corrections")}</h4>
              <ul>
                ${this.corrections.map((c) => html`<li>${c}</li>`)}
              </ul>`
          : nothing
      }
    </details>`;
  }

  #emit(plan: Plan): void {
    this.dispatchEvent(new CustomEvent("plan-edit", { detail: { plan }, bubbles: true, composed: true }));
  }

  #removeExercise(p: number, e: number): void {
    const plan = structuredClone(this.plan!);
    const phase = plan.phases[p]!;
    phase.exercises.splice(e, 1);
    if (phase.exercises.length === 0) plan.phases.splice(p, 1);
    this.#emit(plan);
  }

  #editSet(
    p: number,
    e: number,
    i: number,
    field: "reps" | "durationSec" | "targetRpe" | "restSec" | "kg",
    value: number,
  ): void {
    if (!Number.isFinite(value)) return;
    const plan = structuredClone(this.plan!);
    const set = plan.phases[p]!.exercises[e]!.sets[i]!;
    if (field === "kg") {
      if (set.load.type === "kg") set.load.kg = Math.min(1000, Math.max(0, toKg(value, this.units)));
    } else if (field === "targetRpe") {
      set.targetRpe = Math.min(10, Math.max(1, Math.round(value * 2) / 2));
      set.targetRir = null;
    } else if (field === "restSec") {
      set.restSec = Math.min(900, Math.max(0, Math.round(value)));
    } else if (field === "reps") {
      set.reps = Math.min(100, Math.max(1, Math.round(value)));
    } else {
      set.durationSec = Math.min(3600, Math.max(1, Math.round(value)));
    }
    this.#emit(plan);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-plan-view": CadPlanView;
  }
}
