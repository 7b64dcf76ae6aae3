import { consume } from "@lit/context";
import type { Dashboard, DeloadReason, PersonalRecord, WeeklyReview } from "@cadence/shared-schema/metrics";
import { exerciseById, exerciseName } from "@cadence/shared-schema/plan";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { unitsContext } from "../context.js";
import {
  DEFAULT_UNITS,
  KG_PER_LB,
  formatMinutes,
  formatNumber,
  formatWeight,
  type Units,
} from "../format.js";
import { currentLocale, localized, t } from "../i18n/index.js";
import type { ChartSeries } from "../progress/cad-progress-chart.js";
import { ProgressController } from "../progress/progress-data.js";
import { pt, ptPlural } from "../progress/strings.js";
import { controlStyles } from "../styles/shared.js";
import "../progress/cad-progress-chart.js";
import "./cad-empty-state.js";

/** Weeks the charts and their tables show (the whole history is in the figures). */
const CHART_WEEKS = 12;

/**
 * Progress (spec Flow 14): this week's review with suggestions and recent workouts, then volume and intensity,
 * strength (e1RM per lift and records), training load, plan adherence and readiness over the last weeks, each
 * chart with its table. Every figure comes from the metrics module; every mass is shown in the user's unit.
 */
@localized()
@customElement("cad-progress")
export class CadProgress extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      p {
        margin: 0 0 var(--cad-space-2);
      }
      section {
        margin-block-end: var(--cad-space-4);
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: var(--cad-space-2) var(--cad-space-3);
        margin: 0 0 var(--cad-space-3);
      }
      .figures div {
        display: flex;
        flex-direction: column-reverse;
        justify-content: flex-end;
      }
      .figures dt {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      .figures dd {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .figures .note {
        font-size: 0.875rem;
        font-weight: 400;
        color: var(--cad-color-muted);
      }
      ul {
        margin: 0;
        padding-inline-start: 1.25rem;
      }
      li {
        margin-block-end: var(--cad-space-1);
      }
      .suggestion {
        border-inline-start: 4px solid var(--cad-color-accent);
        padding-inline-start: var(--cad-space-2);
        margin-block-end: var(--cad-space-2);
      }
      .suggestion.warning {
        border-color: var(--cad-color-warning);
      }
      .recent {
        list-style: none;
        padding: 0;
      }
      .recent li {
        border-bottom: 1px solid var(--cad-color-border);
        padding-block: var(--cad-space-2);
      }
      .recent .insights {
        color: var(--cad-color-muted);
      }
      .chart-grid {
        display: grid;
        gap: var(--cad-space-3);
      }
      @media (min-width: 60rem) {
        .chart-grid {
          grid-template-columns: 1fr 1fr;
        }
      }
      .lift-picker {
        max-width: 20rem;
        margin-block-end: var(--cad-space-2);
      }
    `,
  ];

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  @state() private liftId: string | null = null;

  readonly #data = new ProgressController(this);

  override render(): TemplateResult {
    return html`<h1>${t("progress.title")}</h1>
      ${this.#body()}`;
  }

  #body(): TemplateResult {
    const data = this.#data;
    if (data.state === "failed" || data.account.state === "failed") {
      return html`<p role="alert">${pt("progress.failed")}</p>
        <button @click=${() => data.retry()}>${pt("progress.retry")}</button>`;
    }
    const dashboard = data.dashboard;
    if (!dashboard) {
      return html`<p role="status" data-testid="progress-loading">
        ${
          data.linked > 0
            ? pt("progress.loadingCount", { done: data.read, total: data.linked })
            : pt("progress.loading")
        }
      </p>`;
    }
    if (dashboard.isEmpty) return this.#empty();
    return html`${
      data.unreadable > 0
        ? html`<p role="status">${ptPlural("progress.unreadable", data.unreadable)}</p>`
        : nothing
    }
    ${this.#week(dashboard)} ${this.#recent(dashboard)} ${this.#glance(dashboard)}
    ${this.#volumeAndIntensity(dashboard)} ${this.#strength(dashboard)} ${this.#load(dashboard)}
    ${this.#adherence(dashboard)} ${this.#readiness(dashboard)}`;
  }

  #empty(): TemplateResult {
    return html`<cad-empty-state
      icon="progress"
      heading=${pt("progress.empty.heading")}
      data-testid="progress-empty"
    >
      <p>${pt("progress.empty.body")}</p>
      <ol>
        <li>${pt("progress.empty.step1")}</li>
        <li>${pt("progress.empty.step2")}</li>
        <li>${pt("progress.empty.step3")}</li>
      </ol>
      <a slot="actions" class="link-button primary" href="/">${pt("progress.empty.actionToday")}</a>
      <a slot="actions" class="link-button" href="/settings#training"
        >${pt("progress.empty.actionSettings")}</a
      >
    </cad-empty-state>`;
  }

  // ---------------------------------------------------------------- this week (the weekly review)

  #week(d: Dashboard): TemplateResult {
    const week = d.thisWeek ?? emptyWeek(d);
    return html`<section class="card" aria-labelledby="week-heading" id="week" data-testid="progress-week">
      <h2 id="week-heading">${pt("progress.week.heading")}</h2>
      <p class="hint">
        ${pt("progress.week.range", { start: shortDay(week.weekStart), end: shortDay(addDays(week.weekStart, 6)) })}
      </p>
      <dl class="figures">
        ${figure(
          pt("progress.week.trainingDays"),
          pt("progress.week.ofPlanned", {
            done: week.adherence.trainingDays,
            planned: week.adherence.plannedDays,
          }),
          "week-days",
        )}
        ${figure(pt("progress.week.sets"), formatNumber(week.volume.sets), "week-sets")}
        ${figure(pt("progress.week.volume"), this.#volume(week.volume.volumeKg), "week-volume", this.#volumeNote(week))}
        ${figure(pt("progress.week.load"), formatNumber(Math.round(week.load)), "week-load", pt("progress.week.loadUnit"))}
        ${figure(pt("progress.week.rpe"), week.meanRpe === null ? pt("progress.noValue") : formatNumber(round1(week.meanRpe)), "week-rpe")}
        ${figure(
          pt("progress.week.adherence"),
          week.adherence.setRate === null ? pt("progress.noValue") : percent(week.adherence.setRate * 100),
          "week-adherence",
          pt("progress.week.adherenceNote"),
        )}
      </dl>
      <h3>${pt("progress.suggestions.heading")}</h3>
      <div data-testid="progress-suggestions">${this.#suggestions(d)}</div>
    </section>`;
  }

  #volumeNote(week: Pick<WeeklyReview, "volume">): string | undefined {
    const notes: string[] = [];
    if (week.volume.unloadedReps > 0)
      notes.push(ptPlural("progress.week.bodyweightReps", week.volume.unloadedReps));
    if (week.volume.timeUnderTensionSec > 0) {
      notes.push(
        pt("progress.week.timed", { time: formatMinutes(Math.round(week.volume.timeUnderTensionSec / 60)) }),
      );
    }
    return notes.length ? notes.join(" · ") : undefined;
  }

  #suggestions(d: Dashboard): TemplateResult {
    const items: TemplateResult[] = [];
    if (d.deload.suggest) {
      items.push(
        html`<div class="suggestion warning" data-testid="deload">
          <p><strong>${pt("progress.deload.heading")}</strong></p>
          <ul>
            ${d.deload.reasons.map((r) => html`<li>${this.#reason(r, d)}</li>`)}
          </ul>
          <p>${pt("progress.deload.prescription")}</p>
        </div>`,
      );
    } else if (d.load.acwr.warning) {
      // A soft warning only: the ratio's use as a rule is disputed (docs/metrics.md).
      const ratio = formatNumber(round1(d.load.acwr.ratio ?? 0));
      items.push(
        html`<p class="suggestion warning" data-testid="acwr">
          ${d.load.acwr.warning === "high" ? pt("progress.acwr.high", { ratio }) : pt("progress.acwr.low", { ratio })}
        </p>`,
      );
    }
    const last4 = d.adherence.last4Weeks;
    if (last4.setRate !== null && last4.setRate < 0.7) {
      items.push(
        html`<p class="suggestion">
          ${pt("progress.suggest.adherence", { percent: percent(last4.setRate * 100) })}
        </p>`,
      );
    }
    const streaks = d.streaks;
    const needed = streaks.weeklyTarget - streaks.trainingDaysThisWeek;
    if (streaks.currentWeeks > 0 && needed > 0) {
      items.push(
        html`<p class="suggestion">
          ${ptPlural("progress.suggest.streak", needed, { days: needed, weeks: streaks.currentWeeks })}
        </p>`,
      );
    }
    if (d.load.sessionsWithoutLoad > 0) {
      items.push(
        html`<p class="suggestion">
          ${ptPlural("progress.suggest.rateSessions", d.load.sessionsWithoutLoad)}
        </p>`,
      );
    }
    if (items.length === 0) items.push(html`<p class="suggestion">${pt("progress.suggest.onTrack")}</p>`);
    return html`${items}`;
  }

  #reason(reason: DeloadReason, d: Dashboard): string {
    if (reason.code === "stalled-lifts") {
      const lifts = d.deload.mainLifts
        .filter((l) => l.stalled && l.rpeRising)
        .map((l) => this.#liftName(l.exerciseId));
      return pt("progress.deload.stalled", { lifts: new Intl.ListFormat(currentLocale()).format(lifts) });
    }
    if (reason.code === "acwr-high") {
      return pt("progress.deload.acwr", { ratio: formatNumber(round1(d.load.acwr.ratio ?? 0)) });
    }
    return ptPlural("progress.deload.loadingWeeks", d.deload.consecutiveLoadingWeeks, {
      weeks: d.deload.consecutiveLoadingWeeks,
    });
  }

  // ---------------------------------------------------------------- recent workouts

  #recent(d: Dashboard): TemplateResult {
    return html`<section aria-labelledby="recent-heading" data-testid="progress-recent">
      <h2 id="recent-heading">${pt("progress.recent.heading")}</h2>
      <ul class="recent">
        ${d.recentWorkouts.map((w) => {
          const info = this.#data.workouts.get(w.workoutId);
          const insights = [
            w.durationMin !== null ? formatMinutes(Math.round(w.durationMin)) : null,
            ptPlural("progress.recent.sets", w.volume.sets),
            w.volume.volumeKg > 0 ? this.#volume(w.volume.volumeKg) : null,
            w.meanRpe !== null ? pt("progress.recent.rpe", { rpe: formatNumber(round1(w.meanRpe)) }) : null,
            w.meanPercentE1rm !== null
              ? pt("progress.recent.intensity", { percent: percent(w.meanPercentE1rm) })
              : null,
          ].filter((s): s is string => s !== null);
          return html`<li>
            <strong>${shortDay(w.date, true)} · ${info?.title || pt("progress.recent.untitled")}</strong>
            <div class="insights">${insights.join(" · ")}</div>
            ${
              w.prs.length
                ? html`<ul>
                    ${w.prs.map((pr) => html`<li>${this.#pr(pr)}</li>`)}
                  </ul>`
                : nothing
            }
          </li>`;
        })}
      </ul>
    </section>`;
  }

  #pr(pr: PersonalRecord): string {
    const lift = this.#liftName(pr.exerciseId);
    if (pr.kind === "e1rm") return pt("progress.pr.e1rm", { lift, value: this.#weight(pr.value) });
    if (pr.kind === "heaviest-weight")
      return pt("progress.pr.heaviest", { lift, value: this.#weight(pr.value) });
    return pt("progress.pr.reps", { lift, reps: pr.value, value: this.#weight(pr.weightKg) });
  }

  // ---------------------------------------------------------------- at a glance

  #glance(d: Dashboard): TemplateResult {
    const s = d.streaks;
    return html`<section class="card" aria-labelledby="glance-heading" data-testid="progress-glance">
      <h2 id="glance-heading">${pt("progress.glance.heading")}</h2>
      <dl class="figures">
        ${figure(pt("progress.glance.workouts"), formatNumber(d.load.sessions.length), "total-workouts")}
        ${figure(pt("progress.glance.volume"), this.#volume(d.volume.total.volumeKg), "total-volume")}
        ${figure(pt("progress.glance.currentDays"), days(s.currentDays), "streak-days", pt("progress.glance.longest", { value: days(s.longestDays) }))}
        ${figure(
          pt("progress.glance.currentWeeks", { target: s.weeklyTarget }),
          weeks(s.currentWeeks),
          "streak-weeks",
          pt("progress.glance.longest", { value: weeks(s.longestWeeks) }),
        )}
        ${figure(
          pt("progress.glance.intensity"),
          d.intensity.total.meanPercentE1rm === null
            ? pt("progress.noValue")
            : percent(d.intensity.total.meanPercentE1rm),
          "mean-intensity",
        )}
      </dl>
    </section>`;
  }

  // ---------------------------------------------------------------- charts

  #volumeAndIntensity(d: Dashboard): TemplateResult {
    const w = lastWeeks(d);
    const labels = w.map((x) => shortDay(x.weekStart));
    const unit = this.units.weightUnit;
    return html`<section aria-labelledby="trends-heading">
      <h2 id="trends-heading">${pt("progress.trends.heading")}</h2>
      <div class="chart-grid">
        <cad-progress-chart
          data-testid="chart-volume"
          heading=${pt("progress.chart.volume")}
          labelHeading=${pt("progress.chart.weekOf")}
          .labels=${labels}
          .series=${
            [
              {
                label: pt("progress.chart.volumeSeries", { unit }),
                values: w.map((x) => this.#display(x.volume.volumeKg)),
                format: (v: number) => formatNumber(Math.round(v)),
              },
              {
                label: pt("progress.week.sets"),
                values: w.map((x) => x.volume.sets),
                tableOnly: true,
                format: (v: number) => formatNumber(v),
              },
            ] satisfies ChartSeries[]
          }
        ></cad-progress-chart>
        <cad-progress-chart
          data-testid="chart-intensity"
          type="line"
          heading=${pt("progress.chart.intensity")}
          labelHeading=${pt("progress.chart.weekOf")}
          .labels=${labels}
          .series=${
            [
              {
                label: pt("progress.chart.percentSeries"),
                values: w.map((x) => x.meanPercentE1rm),
                format: (v: number) => percent(v),
              },
              {
                label: pt("progress.week.rpe"),
                values: w.map((x) => x.meanRpe),
                secondAxis: true,
                format: (v: number) => formatNumber(round1(v)),
              },
            ] satisfies ChartSeries[]
          }
        ></cad-progress-chart>
      </div>
    </section>`;
  }

  #strength(d: Dashboard): TemplateResult {
    const lifts = d.strength.lifts.filter((l) => l.best !== null);
    const lift = lifts.find((l) => l.exerciseId === this.liftId) ?? lifts[0];
    const records = d.strength.prs.slice(-5).reverse();
    return html`<section aria-labelledby="strength-heading" data-testid="progress-strength">
      <h2 id="strength-heading">${pt("progress.strength.heading")}</h2>
      ${
        lift
          ? html`<dl class="figures">
                ${lifts
                  .slice(0, 4)
                  .map((l) =>
                    figure(
                      this.#liftName(l.exerciseId),
                      this.#weight(l.best?.e1rmKg ?? 0),
                      `e1rm-${l.exerciseId}`,
                      pt("progress.strength.bestNote"),
                    ),
                  )}
              </dl>
              <div class="field lift-picker">
                <label for="lift">${pt("progress.strength.lift")}</label>
                <select
                  id="lift"
                  @change=${(e: Event) => (this.liftId = (e.target as HTMLSelectElement).value)}
                >
                  ${lifts.map(
                    (l) =>
                      html`<option value=${l.exerciseId} ?selected=${l === lift}>
                        ${this.#liftName(l.exerciseId)}
                      </option>`,
                  )}
                </select>
              </div>
              <cad-progress-chart
                data-testid="chart-e1rm"
                type="line"
                heading=${pt("progress.chart.e1rm", { lift: this.#liftName(lift.exerciseId) })}
                labelHeading=${pt("progress.chart.date")}
                .labels=${lift.history.slice(-20).map((p) => shortDay(p.date))}
                .series=${
                  [
                    {
                      label: pt("progress.chart.e1rmSeries", { unit: this.units.weightUnit }),
                      values: lift.history.slice(-20).map((p) => this.#display(p.e1rmKg)),
                      format: (v: number) => formatNumber(round1(v)),
                    },
                    {
                      label: pt("progress.chart.topSet"),
                      values: lift.history.slice(-20).map((p) => this.#display(p.weightKg)),
                      tableOnly: true,
                      format: (v: number) => formatNumber(round1(v)),
                    },
                  ] satisfies ChartSeries[]
                }
              ></cad-progress-chart>
              <h3>${pt("progress.strength.records")}</h3>
              ${
                records.length
                  ? html`<ul data-testid="progress-records">
                      ${records.map((pr) => html`<li>${shortDay(pr.date, true)}: ${this.#pr(pr)}</li>`)}
                    </ul>`
                  : html`<p>${pt("progress.strength.noRecords")}</p>`
              }`
          : html`<p>${pt("progress.strength.none")}</p>`
      }
    </section>`;
  }

  #load(d: Dashboard): TemplateResult {
    const w = lastWeeks(d);
    const acwr = d.load.acwr;
    return html`<section aria-labelledby="load-heading" data-testid="progress-load">
      <h2 id="load-heading">${pt("progress.load.heading")}</h2>
      <p class="hint">${pt("progress.load.explain")}</p>
      <cad-progress-chart
        data-testid="chart-load"
        heading=${pt("progress.chart.load")}
        labelHeading=${pt("progress.chart.weekOf")}
        .labels=${w.map((x) => shortDay(x.weekStart))}
        .series=${
          [
            {
              label: pt("progress.week.load"),
              values: w.map((x) => x.load),
              format: (v: number) => formatNumber(Math.round(v)),
            },
            {
              label: pt("progress.chart.monotony"),
              values: w.map((x) => x.monotony),
              tableOnly: true,
              format: (v: number) => formatNumber(round1(v)),
            },
            {
              label: pt("progress.chart.strain"),
              values: w.map((x) => x.strain),
              tableOnly: true,
              format: (v: number) => formatNumber(Math.round(v)),
            },
          ] satisfies ChartSeries[]
        }
      ></cad-progress-chart>
      ${
        acwr.ratio !== null && acwr.sufficientHistory
          ? html`<p class="hint">${pt("progress.load.acwr", { ratio: formatNumber(round1(acwr.ratio)) })}</p>`
          : nothing
      }
    </section>`;
  }

  #adherence(d: Dashboard): TemplateResult {
    const w = lastWeeks(d);
    const last4 = d.adherence.last4Weeks;
    return html`<section aria-labelledby="adherence-heading" data-testid="progress-adherence">
      <h2 id="adherence-heading">${pt("progress.adherence.heading")}</h2>
      ${
        last4.setRate !== null
          ? html`<p>${pt("progress.adherence.last4", { percent: percent(last4.setRate * 100) })}</p>`
          : nothing
      }
      <cad-progress-chart
        data-testid="chart-adherence"
        heading=${pt("progress.chart.adherence")}
        labelHeading=${pt("progress.chart.weekOf")}
        .labels=${w.map((x) => shortDay(x.weekStart))}
        .series=${
          [
            {
              label: pt("progress.chart.adherenceSeries"),
              values: w.map((x) => (x.adherence.setRate === null ? null : x.adherence.setRate * 100)),
              format: (v: number) => percent(v),
            },
            {
              label: pt("progress.week.trainingDays"),
              values: w.map((x) => x.adherence.trainingDays),
              tableOnly: true,
              format: (v: number) => formatNumber(v),
            },
          ] satisfies ChartSeries[]
        }
      ></cad-progress-chart>
    </section>`;
  }

  #readiness(d: Dashboard): TemplateResult | typeof nothing {
    const r = d.readiness;
    if (r.days.length === 0) return nothing;
    const days = r.days.slice(-28);
    return html`<section aria-labelledby="readiness-heading" data-testid="progress-readiness">
      <h2 id="readiness-heading">${pt("progress.readiness.heading")}</h2>
      ${
        r.mean7 !== null
          ? html`<p>
              ${pt("progress.readiness.mean7", { score: formatNumber(Math.round(r.mean7)) })}
              ${r.direction ? html` · ${pt(`progress.readiness.${r.direction}` as const)}` : nothing}
            </p>`
          : nothing
      }
      <cad-progress-chart
        data-testid="chart-readiness"
        type="line"
        heading=${pt("progress.chart.readiness")}
        labelHeading=${pt("progress.chart.date")}
        .labels=${days.map((x) => shortDay(x.date))}
        .series=${
          [
            {
              label: pt("progress.chart.readinessSeries"),
              values: days.map((x) => x.score),
              format: (v: number) => formatNumber(Math.round(v)),
            },
          ] satisfies ChartSeries[]
        }
      ></cad-progress-chart>
    </section>`;
  }

  // ---------------------------------------------------------------- formatting

  #liftName(exerciseId: string): string {
    const def = exerciseById(exerciseId);
    return def
      ? exerciseName(def, currentLocale())
      : (this.#data.exerciseNames.get(exerciseId) ?? exerciseId);
  }

  #weight(kg: number): string {
    return formatWeight(kg, this.units);
  }

  /** A mass in the display unit, as a number (charts). */
  #display(kg: number): number {
    return this.units.weightUnit === "lb" ? kg / KG_PER_LB : kg;
  }

  /** Volume load: whole units, in the user's unit. */
  #volume(kg: number): string {
    const lb = this.units.weightUnit === "lb";
    return formatNumber(Math.round(this.#display(kg)), {
      style: "unit",
      unit: lb ? "pound" : "kilogram",
      unitDisplay: "short",
      maximumFractionDigits: 0,
    });
  }
}

function figure(label: string, value: string, testId: string, note?: string): TemplateResult {
  return html`<div data-testid=${testId}>
    <dd>${value}${note ? html`<div class="note">${note}</div>` : nothing}</dd>
    <dt>${label}</dt>
  </div>`;
}

function lastWeeks(d: Dashboard): WeeklyReview[] {
  return d.weeks.slice(-CHART_WEEKS);
}

function emptyWeek(d: Dashboard): WeeklyReview {
  const start = mondayOf(d.today);
  return {
    week: "",
    weekStart: start,
    partial: true,
    volume: {
      sets: 0,
      reps: 0,
      volumeKg: 0,
      bodyweightVolumeKg: 0,
      bodyweightReps: 0,
      unloadedReps: 0,
      timeUnderTensionSec: 0,
      timedSets: 0,
    },
    muscleSets: [],
    load: 0,
    monotony: null,
    strain: null,
    adherence: {
      plannedSets: 0,
      completedPlannedSets: 0,
      extraSets: 0,
      setRate: null,
      trainingDays: 0,
      plannedDays: d.streaks.weeklyTarget,
      dayRate: 0,
    },
    meanPercentE1rm: null,
    meanRpe: null,
    readinessMean: null,
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function percent(value: number): string {
  return formatNumber(value / 100, { style: "percent", maximumFractionDigits: 0 });
}

function days(n: number): string {
  return formatNumber(n, { style: "unit", unit: "day", unitDisplay: "long" });
}

function weeks(n: number): string {
  return formatNumber(n, { style: "unit", unit: "week", unitDisplay: "long" });
}

function parseDay(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function shortDay(iso: string, weekday = false): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    day: "numeric",
    month: "short",
    ...(weekday ? { weekday: "short" } : {}),
  }).format(parseDay(iso));
}

function addDays(iso: string, n: number): string {
  const d = parseDay(iso);
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function mondayOf(iso: string): string {
  const d = parseDay(iso);
  return addDays(iso, -((d.getDay() + 6) % 7));
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-progress": CadProgress;
  }
}
