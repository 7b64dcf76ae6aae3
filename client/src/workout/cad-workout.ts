import type { SetTarget, WorkoutPhase } from "@cadence/shared-schema";
import { fromDisplayMass, toDisplayMass } from "@cadence/shared-schema/metrics";
import type {
  ExerciseView,
  SessionView,
  SetValues,
  SetView,
  Substitute,
} from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import "../elements/cad-empty-state.js";
import "../elements/cad-player-music.js";
import { formatNumber, formatWeight } from "../format.js";
import { localized, t } from "../i18n/index.js";
import { navigateTo } from "../router.js";
import { choiceStyles, controlStyles } from "../styles/shared.js";
import "./cad-clock.js";
import "./cad-countdown.js";
import "./cad-exercise-picker.js";
import type { CadExercisePicker } from "./cad-exercise-picker.js";
import "./cad-set-logger.js";
import "./cad-workout-summary.js";
import { cueSupport, type CueSwitches } from "./cues.js";
import { PlayerController, type Announcement } from "./player-controller.js";
import { phaseLabel, wt } from "./strings.js";

const SESSION_RPE = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * The workout player (spec flows 7, 9, 10) at `/workout` (today's workout) and `/workout/:id`: phase → exercise
 * → set, logging with one hand, the rest countdown that starts by itself, work/rest intervals, cues, the wake
 * lock, swaps, extra sets, target edits, pause/resume, and the finish with session RPE and a summary. Every
 * action is one change of the workout document (see PlayerController).
 */
@localized()
@customElement("cad-workout")
export class CadWorkout extends LitElement {
  static override styles = [
    controlStyles,
    choiceStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-2) var(--cad-space-3);
        margin-block-end: var(--cad-space-3);
      }
      .clock {
        font-size: 1.25rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .grow {
        flex: 1;
      }
      .paused-banner {
        border: 2px dashed var(--cad-color-accent);
        border-radius: var(--cad-radius);
        padding: var(--cad-space-2) var(--cad-space-3);
        font-weight: 600;
        margin-block-end: var(--cad-space-3);
      }
      .current h2 {
        margin-block-end: 0;
      }
      .meta {
        color: var(--cad-color-muted);
        margin: 0 0 var(--cad-space-2);
      }
      .nav-sets,
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        margin-block-start: var(--cad-space-3);
      }
      .nav-sets button {
        flex: 1 1 8rem;
      }
      details {
        margin-block-start: var(--cad-space-3);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        min-height: var(--cad-target-size);
        display: flex;
        align-items: center;
      }
      .target-form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
        gap: var(--cad-space-2);
        align-items: end;
      }
      .outline h3 {
        margin: var(--cad-space-3) 0 var(--cad-space-1);
        font-size: 1rem;
        color: var(--cad-color-muted);
      }
      .outline ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      .outline .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-1);
      }
      .outline .name {
        flex: 1 1 100%;
        font-weight: 600;
      }
      .chip {
        min-width: var(--cad-target-size);
        padding: var(--cad-space-1) var(--cad-space-2);
        background: transparent;
        color: var(--cad-color-fg);
        border-color: var(--cad-color-border);
        font-weight: 500;
      }
      .chip.logged {
        background: var(--cad-color-tint);
        border-color: var(--cad-color-accent);
      }
      .chip[aria-current="true"] {
        border-width: 3px;
        border-color: var(--cad-color-accent);
        font-weight: 700;
      }
      .switches label {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        min-height: var(--cad-target-size);
        font-weight: 500;
      }
      .switches input {
        width: 1.25rem;
        height: 1.25rem;
      }
      .finish fieldset .choices {
        --cad-choice-width: 3.5rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      section {
        margin-block-end: var(--cad-space-4);
      }
      /* Below the fold on a phone: skipped by style and layout until scrolled near, so the redraw after a tap
         (the change's IndexedDB commit event waits for it) covers the set in focus, not forty outline chips. */
      .outline,
      .more {
        content-visibility: auto;
        contain-intrinsic-size: auto 30rem;
      }
    `,
  ];

  /** The route's `:id`; undefined on `/workout` (today's workout). */
  @property({ attribute: false }) workoutId: string | undefined;

  @state() private finishing = false;
  @state() private sessionRpe: number | null = null;
  @state() private picker: "swap" | "add" = "add";
  @query("cad-exercise-picker") private pickerEl!: CadExercisePicker;

  readonly #player = new PlayerController(this);

  constructor() {
    super();
    this.#player.onCue = (kind, a) => this.#player.cues.cue(kind, a ? this.#words(a) : undefined);
  }

  override willUpdate(): void {
    if (this.#player.routeId !== this.workoutId) {
      this.#player.routeId = this.workoutId;
      this.#player.focusId = null;
    }
  }

  override render(): TemplateResult {
    const p = this.#player;
    const doc = p.doc;
    const title = doc && doc.title ? doc.title : t("workout.title");
    return html`<h1>${title}</h1>
      <div role="status" class="visually-hidden" data-testid="player-announce">
        ${p.announcement ? html`<span data-seq=${p.announceSeq}>${this.#words(p.announcement)}</span>` : nothing}
      </div>
      ${this.#renderScreen()}`;
  }

  #renderScreen(): TemplateResult {
    const p = this.#player;
    switch (p.screen) {
      case "loading":
        return html`<p role="status">${wt("player.loading")}</p>`;
      case "none":
        return this.#renderNone();
      case "invalid":
        return this.#problem(wt("player.invalidHeading"), wt("player.invalidBody"));
      case "unavailable":
        return this.#problem(wt("player.unavailableHeading"), wt("player.unavailableBody"));
      case "failed":
        return html`${this.#problem(wt("player.failedHeading"), wt("player.failedBody"))}
          <button @click=${() => p.workout.retry()}>${wt("player.retry")}</button>`;
      case "ready":
        return this.#renderWorkout();
    }
  }

  #problem(heading: string, body: string): TemplateResult {
    return html`<cad-empty-state icon="workout" heading=${heading}>
      <p>${body}</p>
      <a slot="actions" class="link-button primary" href="/">${t("workout.actionToday")}</a>
    </cad-empty-state>`;
  }

  #renderNone(): TemplateResult {
    return html`<cad-empty-state icon="workout" heading=${wt("player.noneHeading")}>
      <p>${wt("player.noneBody")}</p>
      <button slot="actions" @click=${() => this.#startEmpty()}>${wt("player.startEmpty")}</button>
      <a slot="actions" class="link-button" href="/">${wt("player.planOnToday")}</a>
    </cad-empty-state>`;
  }

  #startEmpty(): void {
    if (this.#player.startEmpty() !== null) this.picker = "add";
  }

  #renderWorkout(): TemplateResult {
    const p = this.#player;
    const doc = p.doc!;
    const view = p.view!;
    if (doc.status === "completed") return this.#renderDone(view);
    if (doc.status === "planned" || doc.status === "skipped") return this.#renderPlanned(view);
    return this.#renderRunning(view);
  }

  #renderPlanned(view: SessionView): TemplateResult {
    return html`<section class="card" aria-labelledby="plan-h">
        <h2 id="plan-h">${wt("player.readyHeading")}</h2>
        <p>${wt("player.readyBody", { sets: view.total, exercises: view.exercises.length })}</p>
        <button class="primary" @click=${() => this.#player.start()}>${wt("player.start")}</button>
      </section>
      ${this.#renderOutline(view, null)}`;
  }

  #renderRunning(view: SessionView): TemplateResult {
    const p = this.#player;
    const focus = p.focus(view);
    const c = p.countdown;
    const next = view.next ? this.#nextText(view) : "";
    return html`<div class="bar">
        <cad-clock
          class="clock"
          data-testid="elapsed"
          label=${wt("player.elapsed")}
          .read=${(now: number) => p.activeMs(now)}
        ></cad-clock>
        <span class="grow" data-testid="progress"
          >${wt("player.progress", { done: view.logged, total: view.total })}</span
        >
        ${
          view.paused
            ? html`<button @click=${() => p.resume()}>${wt("player.resume")}</button>`
            : html`<button class="secondary" @click=${() => p.pause()}>${wt("player.pause")}</button>`
        }
        <button class="secondary" @click=${() => (this.finishing = true)}>${wt("player.finish")}</button>
      </div>
      ${view.paused ? html`<p class="paused-banner">${wt("player.pausedBanner")}</p>` : nothing}
      ${p.error ? html`<p class="error" role="alert">${this.#errorText()}</p>` : nothing}
      ${this.finishing ? this.#renderFinish() : nothing}
      ${
        c
          ? html`<cad-countdown
              .countdown=${c}
              .next=${c.kind === "rest" ? next : ""}
              @adjust=${(e: CustomEvent<{ seconds: number }>) => p.adjustCountdown(e.detail.seconds)}
              @skip=${() => p.skipCountdown()}
            ></cad-countdown>`
          : nothing
      }
      ${focus ? this.#renderCurrent(view, focus.exercise, focus.set) : this.#renderEmptySession()}
      ${this.#renderOutline(view, focus?.set.id ?? null)}
      <section class="more" aria-labelledby="more-h">
        <h2 id="more-h" class="visually-hidden">${wt("player.more.heading")}</h2>
        <div class="tools">
          <button class="secondary" @click=${() => this.#openPicker("add")}>
            ${wt("player.addExercise")}
          </button>
        </div>
        ${this.#renderCueSwitches()}
        <cad-player-music
          .phase=${focus?.exercise.phase ?? null}
          .workoutUrl=${p.url ?? null}
          .musicDocUrl=${p.account.doc?.links.music ?? null}
        ></cad-player-music>
      </section>
      ${this.#renderPicker(focus?.exercise ?? null)}`;
  }

  #renderEmptySession(): TemplateResult {
    return html`<section class="card" aria-labelledby="empty-h">
      <h2 id="empty-h">${wt("player.emptyHeading")}</h2>
      <p>${wt("player.emptyBody")}</p>
      <button @click=${() => this.#openPicker("add")}>${wt("player.addExercise")}</button>
    </section>`;
  }

  #renderCurrent(view: SessionView, exercise: ExerciseView, set: SetView): TemplateResult {
    const p = this.#player;
    const flat = p.flatSets(view);
    const i = flat.findIndex((f) => f.set.id === set.id);
    const prev = flat[i - 1];
    const nextSet = flat[i + 1];
    const before = exercise.sets[exercise.sets.findIndex((s) => s.id === set.id) - 1]?.log;
    const fallback: SetValues | null = before ? { reps: before.reps, weightKg: before.weightKg } : null;
    return html`<section class="card current" aria-labelledby="cur-h" data-testid="current-set">
      <p class="meta">${phaseLabel(exercise.phase)}</p>
      <h2 id="cur-h" data-testid="current-exercise">${exercise.name}</h2>
      <p class="meta" data-testid="current-set-number">
        ${wt("player.setOf", { n: set.number, total: exercise.sets.length })}
      </p>
      <cad-set-logger
        .set=${set}
        .dose=${exercise.dose}
        .units=${p.units}
        .lastTime=${p.lastTime(exercise.exerciseId)}
        .fallback=${fallback}
        ?disabled=${view.paused}
        @log-set=${(e: CustomEvent<{ setId: string; values: SetValues }>) => p.log(e.detail.setId, e.detail.values)}
        @unlog-set=${(e: CustomEvent<{ setId: string }>) => p.unlog(e.detail.setId)}
        @start-work=${(e: CustomEvent<{ setId: string; seconds: number }>) =>
          p.startWork(e.detail.setId, e.detail.seconds)}
      ></cad-set-logger>
      <div class="nav-sets">
        <button class="secondary" ?disabled=${!prev} @click=${() => prev && p.select(prev.set.id)}>
          ${wt("player.previousSet")}
        </button>
        <button class="secondary" ?disabled=${!nextSet} @click=${() => nextSet && p.select(nextSet.set.id)}>
          ${wt("player.nextSet")}
        </button>
      </div>
      <div class="tools">
        ${
          exercise.key
            ? html`<button class="secondary" @click=${() => this.#openPicker("swap")}>
                  ${wt("player.swap")}
                </button>
                <button class="secondary" @click=${() => p.addSet(exercise.key!)}>
                  ${wt("player.addSet")}
                </button>`
            : nothing
        }
        <button class="secondary" @click=${() => p.removeSet(set.id)}>${wt("player.removeSet")}</button>
      </div>
      ${set.target ? this.#renderTargetEditor(set) : nothing}
    </section>`;
  }

  #renderTargetEditor(set: SetView): TemplateResult {
    const target = set.target!;
    const units = this.#player.units;
    const weight =
      target.weightKg === null
        ? ""
        : String(Math.round(toDisplayMass(target.weightKg, units.weightUnit) * 10) / 10);
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const form = new FormData(e.target as HTMLFormElement);
      const num = (name: string): number | null => {
        const value = form.get(name);
        const raw = typeof value === "string" ? value.trim() : "";
        if (raw === "") return null;
        const v = Number(raw);
        return Number.isFinite(v) ? v : null;
      };
      const kg = num("weight");
      const edit: Partial<SetTarget> = {
        reps: num("reps") === null ? null : Math.round(num("reps")!),
        weightKg: kg === null ? null : Math.round(fromDisplayMass(kg, units.weightUnit) * 1000) / 1000,
        restSec: num("rest") === null ? null : Math.round(num("rest")!),
      };
      if (this.#player.editTarget(set.id, edit, form.get("remaining") === "on")) {
        (e.target as HTMLFormElement).closest("details")?.removeAttribute("open");
      }
    };
    return html`<details>
      <summary>${wt("player.editTarget")}</summary>
      <form class="target-form" @submit=${submit}>
        <div>
          <label for="t-reps">${wt("player.reps")}</label>
          <input
            id="t-reps"
            name="reps"
            type="number"
            min="0"
            max="1000"
            .value=${target.reps === null ? "" : String(target.reps)}
          />
        </div>
        <div>
          <label for="t-weight">${wt("player.weightIn", { unit: units.weightUnit })}</label>
          <input id="t-weight" name="weight" type="number" min="0" step="any" .value=${weight} />
        </div>
        <div>
          <label for="t-rest">${wt("player.restSeconds")}</label>
          <input
            id="t-rest"
            name="rest"
            type="number"
            min="0"
            max="3600"
            .value=${target.restSec === null ? "" : String(target.restSec)}
          />
        </div>
        <label class="inline"
          ><input type="checkbox" name="remaining" checked /> ${wt("player.alsoRemaining")}</label
        >
        <button type="submit">${wt("player.saveTarget")}</button>
      </form>
    </details>`;
  }

  #renderOutline(view: SessionView, focusId: string | null): TemplateResult {
    const phases = new Map<WorkoutPhase, ExerciseView[]>();
    for (const e of view.exercises) phases.set(e.phase, [...(phases.get(e.phase) ?? []), e]);
    const units = this.#player.units;
    const setLabel = (e: ExerciseView, s: SetView) => {
      const log = s.log;
      const state = !log
        ? wt("player.setOpen")
        : !log.completed
          ? wt("player.skipped")
          : log.reps !== null
            ? log.weightKg !== null
              ? `${formatNumber(log.reps)} × ${formatWeight(log.weightKg, units)}`
              : wt("player.targetReps", { reps: log.reps })
            : wt("player.seconds", { n: log.durationSec ?? 0 });
      return wt("player.setLabel", { exercise: e.name, n: s.number, state });
    };
    return html`<nav class="outline" aria-label=${wt("player.outline")} data-testid="outline">
      <h2>${wt("player.outline")}</h2>
      ${[...phases].map(
        ([phase, exercises]) =>
          html`<h3>${phaseLabel(phase)}</h3>
            <ul>
              ${exercises.map(
                (e) =>
                  html`<li class="row" data-testid="outline-exercise">
                    <span class="name">${e.name}</span>
                    ${e.sets.map(
                      (s) =>
                        html`<button
                          class="chip ${s.log ? "logged" : ""}"
                          aria-label=${setLabel(e, s)}
                          aria-current=${s.id === focusId ? "true" : "false"}
                          @click=${() => this.#player.select(s.id)}
                        >
                          ${s.log ? (s.log.completed ? "✓" : "–") : formatNumber(s.number)}
                        </button>`,
                    )}
                  </li>`,
              )}
            </ul>`,
      )}
    </nav>`;
  }

  #renderCueSwitches(): TemplateResult {
    const p = this.#player;
    const sw = (name: keyof CueSwitches, label: string) =>
      cueSupport[name]
        ? html`<label
            ><input
              type="checkbox"
              role="switch"
              .checked=${p.cueSwitches[name]}
              @change=${(e: Event) => p.setCue(name, (e.target as HTMLInputElement).checked)}
            />
            ${label}</label
          >`
        : nothing;
    const lock = p.wakeLock.state;
    return html`<fieldset class="switches">
      <legend>${wt("player.cues")}</legend>
      ${sw("sound", wt("player.cueSound"))} ${sw("voice", wt("player.cueVoice"))}
      ${sw("vibration", wt("player.cueVibration"))}
      <p class="hint" data-testid="wake-lock" data-state=${lock}>
        ${
          lock === "on"
            ? wt("player.wakeOn")
            : lock === "unsupported"
              ? wt("player.wakeUnsupported")
              : lock === "refused"
                ? wt("player.wakeRefused")
                : wt("player.wakeOff")
        }
      </p>
    </fieldset>`;
  }

  #renderFinish(): TemplateResult {
    return html`<section class="card finish" aria-labelledby="fin-h">
      <h2 id="fin-h">${wt("player.finishHeading")}</h2>
      <fieldset>
        <legend>${wt("player.sessionRpeQuestion")}</legend>
        <div class="choices">
          ${SESSION_RPE.map(
            (r) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name="session-rpe"
                  .checked=${this.sessionRpe === r}
                  @change=${() => (this.sessionRpe = r)}
                />${formatNumber(r)}</label
              >`,
          )}
        </div>
        <p class="hint">${wt("player.sessionRpeHint")}</p>
      </fieldset>
      <div class="actions">
        <button @click=${() => this.#finish()}>${wt("player.finishConfirm")}</button>
        <button class="secondary" @click=${() => (this.finishing = false)}>${wt("player.cancel")}</button>
      </div>
    </section>`;
  }

  #finish(): void {
    const p = this.#player;
    if (!p.finish(this.sessionRpe)) return;
    this.finishing = false;
    const id = p.workoutId;
    if (id && this.workoutId === undefined) navigateTo(`/workout/${id}`, { replace: true });
  }

  #renderDone(view: SessionView): TemplateResult {
    const p = this.#player;
    const names = new Map<string, string>();
    for (const e of view.exercises)
      for (const s of e.sets) if (s.log) names.set(s.log.exerciseId, s.log.exerciseName);
    return html`<p data-testid="workout-finished">${wt("player.finished")}</p>
      <cad-workout-summary .summary=${p.summary()} .units=${p.units} .names=${names}></cad-workout-summary>
      <div class="actions">
        <a class="link-button primary" href="/">${t("workout.actionToday")}</a>
        <a class="link-button" href="/history">${wt("player.toHistory")}</a>
      </div>`;
  }

  #renderPicker(exercise: ExerciseView | null): TemplateResult {
    const p = this.#player;
    const subs: Substitute[] =
      this.picker === "swap" && exercise
        ? p.substitutes(
            exercise.exerciseId,
            (p.view?.exercises ?? []).map((e) => e.exerciseId),
          )
        : [];
    return html`<cad-exercise-picker
      .mode=${this.picker}
      .fromName=${exercise?.name ?? ""}
      .substitutes=${subs}
      @swap-exercise=${(e: CustomEvent<{ exercise: Substitute["exercise"]; reason: string }>) =>
        exercise?.key && p.swap(exercise.key, e.detail.exercise, e.detail.reason)}
      @add-exercise=${(e: CustomEvent<{ exerciseId: string; phase: WorkoutPhase; sets: number }>) =>
        p.addExercise(e.detail.exerciseId, e.detail.phase, e.detail.sets)}
    ></cad-exercise-picker>`;
  }

  async #openPicker(mode: "swap" | "add"): Promise<void> {
    this.picker = mode;
    await this.updateComplete;
    this.pickerEl.open();
  }

  #nextText(view: SessionView): string {
    const next = view.next;
    if (!next) return "";
    for (const e of view.exercises) {
      const s = e.sets.find((x) => x.id === next.setId);
      if (s) return wt("player.exerciseSet", { exercise: e.name, n: s.number });
    }
    return "";
  }

  #words(a: Announcement): string {
    const next = (n: { exercise: string; set: number } | null) =>
      n
        ? wt("player.nextUp", { what: wt("player.exerciseSet", { exercise: n.exercise, n: n.set }) })
        : wt("player.allDone");
    switch (a.kind) {
      case "restOver":
        return `${wt("player.restOver")} ${next(a.next)}`;
      case "workOver":
        return `${wt("player.workOver")} ${next(a.next)}`;
      case "logged":
        return wt("player.loggedAnnounce", { exercise: a.exercise, n: a.set });
      case "paused":
        return wt("player.pausedBanner");
      case "resumed":
        return wt("player.resumedAnnounce");
      case "finished":
        return wt("player.finished");
    }
  }

  #errorText(): string {
    const e = this.#player.error;
    if (e === "unknown-set" || e === "unknown-exercise" || e === "not-logged") return wt("player.errorGone");
    if (e === "invalid-value") return wt("player.errorValue");
    return wt("player.errorFailed");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-workout": CadWorkout;
  }
}
