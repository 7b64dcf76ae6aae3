import type { WorkoutSummary } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { DEFAULT_UNITS, formatMinutes, formatNumber, formatWeight, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { ptPlural } from "../progress/strings.js";
import { controlStyles } from "../styles/shared.js";
import { wt } from "./strings.js";

/**
 * The end-of-session summary (spec flow 10): duration, sets, reps, volume, session RPE and session load
 * (RPE × active minutes), the personal records this session set, and each exercise's sets and top set.
 * Volume is the dashboard's figure: reps without a known load (bodyweight work, the account has no bodyweight)
 * are not counted as kilograms but shown under it, in the dashboard's words.
 */
@localized()
@customElement("cad-workout-summary")
export class CadWorkoutSummary extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: var(--cad-space-2);
        margin: 0 0 var(--cad-space-3);
      }
      dl > div {
        background: var(--cad-color-surface);
        border-radius: var(--cad-radius);
        padding: var(--cad-space-2) var(--cad-space-3);
      }
      dt {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      dd {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 700;
      }
      dd.note {
        font-size: 0.875rem;
        font-weight: 500;
      }
      ul {
        padding-inline-start: var(--cad-space-4);
      }
    `,
  ];

  @property({ attribute: false }) summary: WorkoutSummary | null = null;
  @property({ attribute: false }) units: Units = DEFAULT_UNITS;
  /** Exercise names by id (in the user's language). */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  override render(): TemplateResult | typeof nothing {
    const s = this.summary;
    if (!s) return nothing;
    const figure = (label: string, value: string, id: string, note = "") =>
      html`<div data-testid=${`summary-${id}`}>
        <dt>${label}</dt>
        <dd>${value}</dd>
        ${note ? html`<dd class="note">${note}</dd>` : nothing}
      </div>`;
    return html`<section aria-labelledby="sum-h" data-testid="workout-summary">
      <h2 id="sum-h">${wt("player.summaryTitle")}</h2>
      <dl>
        ${figure(wt("player.duration"), formatMinutes(Math.round(s.activeMin)), "duration")}
        ${figure(wt("player.sets"), formatNumber(s.sets), "sets")}
        ${figure(wt("player.totalReps"), formatNumber(s.reps), "reps")}
        ${figure(
          wt("player.volume"),
          formatWeight(s.volumeKg, this.units),
          "volume",
          s.unloadedReps > 0 ? ptPlural("progress.week.bodyweightReps", s.unloadedReps) : "",
        )}
        ${figure(wt("player.sessionRpe"), s.sessionRpe === null ? "–" : formatNumber(s.sessionRpe), "rpe")}
        ${figure(
          wt("player.sessionLoad"),
          s.sessionLoad === null ? "–" : wt("player.loadUnits", { n: Math.round(s.sessionLoad) }),
          "load",
        )}
      </dl>
      <h3>${wt("player.prs")}</h3>
      ${
        s.prs.length === 0
          ? html`<p data-testid="summary-prs">${wt("player.noPrs")}</p>`
          : html`<ul data-testid="summary-prs">
              ${s.prs.map(
                (pr) =>
                  html`<li>
                    ${this.names.get(pr.exerciseId) ?? pr.exerciseId}:
                    ${
                      pr.kind === "reps-at-weight"
                        ? wt("player.prReps", {
                            reps: pr.value,
                            weight: formatWeight(pr.weightKg, this.units),
                          })
                        : pr.kind === "e1rm"
                          ? wt("player.prE1rm", { weight: formatWeight(pr.value, this.units) })
                          : wt("player.prHeaviest", { weight: formatWeight(pr.value, this.units) })
                    }
                  </li>`,
              )}
            </ul>`
      }
      ${
        s.exercises.length > 0
          ? html`<h3>${wt("player.exercises")}</h3>
              <ul>
                ${s.exercises.map(
                  (e) =>
                    html`<li>
                      ${e.name}:
                      ${wt("player.exerciseLine", { sets: e.sets, reps: e.reps })}${
                        e.top
                          ? html` ·
                            ${wt("player.topSet", {
                              reps: e.top.reps,
                              weight: formatWeight(e.top.weightKg, this.units),
                            })}`
                          : nothing
                      }
                    </li>`,
                )}
              </ul>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-workout-summary": CadWorkoutSummary;
  }
}
