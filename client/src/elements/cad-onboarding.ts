import { consume } from "@lit/context";
import { defaultOnboarding, type AccountDoc, type Onboarding, type Settings } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { unitsContext } from "../context.js";
import {
  DEFAULT_UNITS,
  formatDistance,
  formatList,
  formatMinutes,
  formatNumber,
  formatWeight,
  type Units,
} from "../format.js";
import { LANGUAGE_NAMES, LOCALES, localized, t, tPlural, type PlainMessageKey } from "../i18n/index.js";
import {
  DAYS_CHOICES,
  EQUIPMENT_CHOICES,
  EXPERIENCE_CHOICES,
  GOAL_CHOICES,
  REGION_CHOICES,
  SESSION_MINUTES_CHOICES,
  equipmentLabel,
  experienceHint,
  experienceLabel,
  goalHint,
  goalLabel,
  regionLabel,
  type Equipment,
} from "../labels.js";
import { navigateTo } from "../router.js";
import { choiceStyles, controlStyles } from "../styles/shared.js";
import { checkboxGroup, radioGroup } from "./choices.js";

/** The steps in order; the URL names the step (/onboarding/goal), the document remembers the index. */
export const STEPS = [
  "welcome",
  "goal",
  "experience",
  "schedule",
  "equipment",
  "injuries",
  "exercises",
  "units",
  "done",
] as const;
export type Step = (typeof STEPS)[number];

interface OnboardingSlice {
  readonly name: string;
  readonly onboarding: Onboarding;
  readonly settings: Pick<Settings, "language" | "weightUnit" | "distanceUnit">;
}

const EXERCISE_MAX = 80;
const NOTES_MAX = 2000;
/** Common exercises offered while typing (free text is welcome too). */
const SUGGESTED_EXERCISES: readonly PlainMessageKey[] = [
  "exercise.squat",
  "exercise.deadlift",
  "exercise.benchPress",
  "exercise.overheadPress",
  "exercise.pullUp",
  "exercise.pushUp",
  "exercise.row",
  "exercise.lunge",
  "exercise.plank",
  "exercise.burpee",
  "exercise.running",
  "exercise.cycling",
];

/**
 * Onboarding (spec flow 2): goal, experience, days and session length, equipment, injuries and limitations,
 * liked and disliked exercises, units. Each answer is written to the account document as it is picked, with
 * the step to resume at, so leaving (or switching devices) resumes where the user was. Every step can be
 * skipped (its defaults apply) and the whole setup too. With `?return=settings` a step edits one answer and
 * leads back to Settings.
 */
@localized()
@customElement("cad-onboarding")
export class CadOnboarding extends LitElement {
  static override styles = [
    controlStyles,
    choiceStyles,
    css`
      :host {
        display: block;
      }
      .progress {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
        flex-wrap: wrap;
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      .progress p {
        margin: 0;
      }
      .bar {
        height: 6px;
        border-radius: 3px;
        background: var(--cad-color-surface);
        margin: var(--cad-space-2) 0 var(--cad-space-3);
        overflow: hidden;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--cad-color-accent);
        transition: width var(--cad-duration);
      }
      .lead {
        margin: 0 0 var(--cad-space-3);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-2);
        margin-top: var(--cad-space-4);
      }
      .actions .next {
        margin-inline-start: auto;
      }
      .actions.stack {
        flex-direction: column-reverse;
        align-items: stretch;
      }
      .actions.stack .next {
        margin-inline-start: 0;
      }
      @media (min-width: 36rem) {
        .actions.stack {
          flex-direction: row;
          align-items: center;
        }
        .actions.stack .next {
          margin-inline-start: auto;
        }
      }
      .finish-later {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
      }
      ul.chips {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        list-style: none;
        margin: 0 0 var(--cad-space-2);
        padding: 0;
      }
      ul.chips li {
        display: inline-flex;
        align-items: center;
        gap: var(--cad-space-1);
        padding-inline-start: var(--cad-space-3);
        border: 2px solid var(--cad-color-accent);
        border-radius: 999px;
        background: var(--cad-color-tint);
      }
      ul.chips button {
        border-radius: 999px;
        background: transparent;
        border-color: transparent;
        color: var(--cad-color-fg);
        padding: 0;
      }
      .add {
        display: flex;
        gap: var(--cad-space-2);
      }
      .add input {
        flex: 1;
      }
      .exercise-list {
        margin-block-end: var(--cad-space-4);
      }
      dl {
        display: grid;
        grid-template-columns: 1fr;
        margin: 0;
      }
      dd + dt {
        margin-top: var(--cad-space-2);
      }
      @media (min-width: 36rem) {
        dl {
          grid-template-columns: max-content 1fr;
          gap: var(--cad-space-1) var(--cad-space-3);
        }
        dd + dt {
          margin-top: 0;
        }
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .example {
        padding: var(--cad-space-2) var(--cad-space-3);
        border-inline-start: 4px solid var(--cad-color-accent);
        background: var(--cad-color-surface);
      }
    `,
  ];

  /** The step from the URL ("" at /onboarding: resume where the document says). */
  @property() step = "";

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  @state() private problem = "";
  @state() private likedDraft = "";
  @state() private dislikedDraft = "";

  readonly #account = new AccountController<OnboardingSlice>(this, (doc: AccountDoc) => ({
    name: doc.profile.displayName,
    onboarding: doc.onboarding,
    settings: {
      language: doc.settings.language,
      weightUnit: doc.settings.weightUnit,
      distanceUnit: doc.settings.distanceUnit,
    },
  }));

  /** Editing one answer from Settings (no progress, no skipping, back to Settings when done). */
  get #editing(): boolean {
    return new URLSearchParams(location.search).get("return") === "settings";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("step")) this.problem = "";
  }

  protected override updated(): void {
    const value = this.#account.value;
    if (!value) return;
    // /onboarding, or a step this build does not know: go to the step to resume at.
    if (!isStep(this.step)) {
      const resume = STEPS[Math.min(value.onboarding.step, STEPS.length - 1)] ?? "welcome";
      this.#go(resume, true);
    }
  }

  override render(): TemplateResult {
    const value = this.#account.value;
    if (!value) {
      const state = this.#account.state;
      if (state === "unavailable") return html`<p role="status">${t("account.unavailable")}</p>`;
      if (state === "newer") return html`<p role="alert">${t("account.newerVersion")}</p>`;
      return html`<p role="status">${t("account.loading")}</p>`;
    }
    const step: Step = isStep(this.step) ? this.step : "welcome";
    return html`${this.#progress(step)} ${this.#stepBody(step, value)} ${this.#actions(step)}`;
  }

  #progress(step: Step): TemplateResult | typeof nothing {
    if (this.#editing || step === "welcome") return nothing;
    const index = STEPS.indexOf(step);
    const total = STEPS.length - 1; // "welcome" is not counted
    return html`<div class="progress">
        <p>${t("onboarding.progress", { step: index, total })}</p>
        ${
          step === "done"
            ? nothing
            : html`<a class="finish-later" href="/">${t("onboarding.finishLater")}</a>`
        }
      </div>
      <div class="bar" aria-hidden="true">
        <span style="width: ${Math.round((index / total) * 100)}%"></span>
      </div>`;
  }

  #stepBody(step: Step, value: OnboardingSlice): TemplateResult {
    const o = value.onboarding;
    switch (step) {
      case "welcome":
        return html`<h1>
            ${value.name ? t("onboarding.welcome.titleName", { name: value.name }) : t("onboarding.welcome.title")}
          </h1>
          <p class="lead">${t("onboarding.welcome.body")}</p>
          ${radioGroup(
            "language",
            t("settings.language"),
            LOCALES.map((locale) => ({ value: locale, label: LANGUAGE_NAMES[locale], lang: locale })),
            value.settings.language,
            (language) => this.#change((doc) => (doc.settings.language = language), "Onboarding: language"),
            { width: "10rem" },
          )}`;
      case "goal":
        return html`<h1>${t("onboarding.goal.title")}</h1>
          ${radioGroup(
            "goal",
            t("onboarding.goal.legend"),
            GOAL_CHOICES.map((goal) => ({ value: goal, label: goalLabel(goal), hint: goalHint(goal) })),
            o.goal,
            (goal) => this.#change((doc) => (doc.onboarding.goal = goal), "Onboarding: goal"),
            { layout: "list" },
          )}`;
      case "experience":
        return html`<h1>${t("onboarding.experience.title")}</h1>
          ${radioGroup(
            "experience",
            t("onboarding.experience.legend"),
            EXPERIENCE_CHOICES.map((level) => ({
              value: level,
              label: experienceLabel(level),
              hint: experienceHint(level),
            })),
            o.experience,
            (level) => this.#change((doc) => (doc.onboarding.experience = level), "Onboarding: experience"),
            { layout: "list" },
          )}`;
      case "schedule":
        return html`<h1>${t("onboarding.schedule.title")}</h1>
          ${radioGroup(
            "days",
            t("onboarding.schedule.days"),
            DAYS_CHOICES.map((days) => ({ value: days, label: formatNumber(days) })),
            o.daysPerWeek,
            (days) => this.#change((doc) => (doc.onboarding.daysPerWeek = days), "Onboarding: days per week"),
            { width: "3.5rem", hint: t("onboarding.schedule.daysHint") },
          )}
          ${radioGroup(
            "minutes",
            t("onboarding.schedule.minutes"),
            SESSION_MINUTES_CHOICES.map((minutes) => ({ value: minutes, label: formatMinutes(minutes) })),
            // A length set elsewhere (another device, an older build) that is not offered stays as it is.
            o.sessionMinutes,
            (minutes) =>
              this.#change((doc) => (doc.onboarding.sessionMinutes = minutes), "Onboarding: session length"),
            { width: "6rem" },
          )}`;
      case "equipment":
        return html`<h1>${t("onboarding.equipment.title")}</h1>
          ${checkboxGroup(
            "equipment",
            t("onboarding.equipment.legend"),
            EQUIPMENT_CHOICES.map((item) => ({ value: item, label: equipmentLabel(item) })),
            o.equipment,
            (item, on) => this.#toggleEquipment(item, on),
            { hint: t("onboarding.equipment.hint"), error: this.problem, width: "10rem" },
          )}`;
      case "injuries":
        return html`<h1>${t("onboarding.injuries.title")}</h1>
          <p class="lead">${t("onboarding.injuries.body")}</p>
          ${checkboxGroup(
            "regions",
            t("onboarding.injuries.legend"),
            REGION_CHOICES.map((region) => ({ value: region, label: regionLabel(region) })),
            o.injuries.regions,
            (region, on) =>
              this.#change(
                (doc) => toggleIn(doc.onboarding.injuries.regions, region, on),
                "Onboarding: injuries",
              ),
            { width: "9rem" },
          )}
          <div class="field">
            <label for="injury-notes">${t("onboarding.injuries.notes")}</label>
            <textarea
              id="injury-notes"
              maxlength=${NOTES_MAX}
              aria-describedby="injury-notes-hint"
              .value=${o.injuries.notes}
              @change=${this.#onNotes}
            ></textarea>
            <p class="hint" id="injury-notes-hint">${t("onboarding.injuries.notesHint")}</p>
          </div>`;
      case "exercises":
        return html`<h1>${t("onboarding.exercises.title")}</h1>
          <p class="lead">${t("onboarding.exercises.body")}</p>
          ${this.#exerciseList("liked", o.likedExercises)}
          ${this.#exerciseList("disliked", o.dislikedExercises)}
          <datalist id="exercise-suggestions">
            ${SUGGESTED_EXERCISES.map((key) => html`<option value=${t(key)}></option>`)}
          </datalist>
          <p class="error" role="alert">${this.problem}</p>`;
      case "units":
        return html`<h1>${t("onboarding.units.title")}</h1>
          ${radioGroup(
            "weight-unit",
            t("settings.weightUnit"),
            [
              { value: "kg", label: t("settings.weightUnit.kg") },
              { value: "lb", label: t("settings.weightUnit.lb") },
            ],
            value.settings.weightUnit,
            (unit) => this.#change((doc) => (doc.settings.weightUnit = unit), "Onboarding: weight unit"),
            { width: "8rem" },
          )}
          ${radioGroup(
            "distance-unit",
            t("settings.distanceUnit"),
            [
              { value: "metric", label: t("settings.distanceUnit.metric") },
              { value: "imperial", label: t("settings.distanceUnit.imperial") },
            ],
            value.settings.distanceUnit,
            (unit) => this.#change((doc) => (doc.settings.distanceUnit = unit), "Onboarding: distance unit"),
            { width: "8rem" },
          )}
          <p class="example">
            ${t("onboarding.units.example", {
              weight: formatWeight(20, value.settings),
              distance: formatDistance(5, value.settings),
            })}
          </p>`;
      case "done":
        return this.#summary(value);
    }
  }

  #summary({ onboarding: o, settings }: OnboardingSlice): TemplateResult {
    const equipment = [...new Set(o.equipment)].map(equipmentLabel);
    const limits = [...new Set(o.injuries.regions)].map(regionLabel);
    if (o.injuries.notes.trim()) limits.push(o.injuries.notes.trim());
    const none = t("settings.training.none");
    return html`<h1>${t("onboarding.done.title")}</h1>
      <p class="lead">${t("onboarding.done.body")}</p>
      <dl class="card">
        <dt>${t("onboarding.goal.legend")}</dt>
        <dd>${goalLabel(o.goal)}</dd>
        <dt>${t("onboarding.experience.legend")}</dt>
        <dd>${experienceLabel(o.experience)}</dd>
        <dt>${t("settings.training.schedule")}</dt>
        <dd>${tPlural("today.daysPerWeek", o.daysPerWeek)} · ${formatMinutes(o.sessionMinutes)}</dd>
        <dt>${t("onboarding.equipment.legend")}</dt>
        <dd>${equipment.length ? formatList(equipment) : none}</dd>
        <dt>${t("settings.training.limitations")}</dt>
        <dd>${limits.length ? formatList(limits) : none}</dd>
        <dt>${t("settings.training.liked")}</dt>
        <dd>${o.likedExercises.length ? formatList([...new Set(o.likedExercises)]) : none}</dd>
        <dt>${t("settings.training.disliked")}</dt>
        <dd>${o.dislikedExercises.length ? formatList([...new Set(o.dislikedExercises)]) : none}</dd>
        <dt>${t("settings.weightUnit")}</dt>
        <dd>${t(`settings.weightUnit.${settings.weightUnit}`)}</dd>
      </dl>
      <p>${t("onboarding.done.integrations")}</p>`;
  }

  #exerciseList(kind: "liked" | "disliked", items: readonly string[]): TemplateResult {
    const draft = kind === "liked" ? this.likedDraft : this.dislikedDraft;
    const inputId = `${kind}-input`;
    const unique = [...new Set(items)];
    return html`<div class="exercise-list">
      <h2 id="${kind}-heading">${t(`onboarding.exercises.${kind}`)}</h2>
      ${
        unique.length
          ? html`<ul class="chips" aria-labelledby="${kind}-heading">
              ${unique.map(
                (name) =>
                  html`<li>
                    <span>${name}</span>
                    <button
                      type="button"
                      aria-label=${t("onboarding.exercises.remove", { name })}
                      title=${t("onboarding.exercises.remove", { name })}
                      @click=${() => this.#removeExercise(kind, name)}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p class="hint">${t("onboarding.exercises.empty")}</p>`
      }
      <form class="add" @submit=${(event: SubmitEvent) => this.#addExercise(event, kind)}>
        <label class="visually-hidden" for=${inputId}>${t(`onboarding.exercises.${kind}Input`)}</label>
        <input
          id=${inputId}
          list="exercise-suggestions"
          maxlength=${EXERCISE_MAX}
          autocomplete="off"
          placeholder=${t("onboarding.exercises.placeholder")}
          .value=${draft}
          @input=${(event: InputEvent) => {
            const text = (event.target as HTMLInputElement).value;
            if (kind === "liked") this.likedDraft = text;
            else this.dislikedDraft = text;
          }}
        />
        <button type="submit" class="secondary">${t("onboarding.exercises.add")}</button>
      </form>
    </div>`;
  }

  #actions(step: Step): TemplateResult {
    if (this.#editing) {
      return html`<div class="actions">
        <button class="next" @click=${() => this.#leave("/settings#training")}>
          ${t("onboarding.backToSettings")}
        </button>
      </div>`;
    }
    const index = STEPS.indexOf(step);
    if (step === "welcome") {
      return html`<div class="actions stack">
        <button class="secondary" @click=${this.#skipAll}>${t("onboarding.skipAll")}</button>
        <button class="next" @click=${() => this.#advance(step)}>${t("onboarding.start")}</button>
      </div>`;
    }
    if (step === "done") {
      return html`<div class="actions">
        <button class="secondary" @click=${() => this.#go(STEPS[index - 1] ?? "welcome")}>
          ${t("onboarding.back")}
        </button>
        <button class="next" @click=${this.#finish}>${t("onboarding.finish")}</button>
      </div>`;
    }
    return html`<div class="actions">
      <button class="secondary" @click=${() => this.#go(STEPS[index - 1] ?? "welcome")}>
        ${t("onboarding.back")}
      </button>
      <button class="quiet" @click=${() => this.#skip(step)}>${t("onboarding.skip")}</button>
      <button class="next" @click=${() => this.#advance(step)}>${t("onboarding.next")}</button>
    </div>`;
  }

  #change(fn: (doc: AccountDoc) => void, message: string) {
    this.problem = "";
    this.#account.change(fn, message);
  }

  #toggleEquipment(item: Equipment, on: boolean) {
    const current = this.#account.value?.onboarding.equipment ?? [];
    if (!on && current.filter((e) => e !== item).length === 0) {
      // Nothing at all is not an answer a plan can use; refused, and the box stays checked.
      this.problem = t("onboarding.equipment.none");
      this.requestUpdate();
      return;
    }
    this.#change((doc) => toggleIn(doc.onboarding.equipment, item, on), "Onboarding: equipment");
  }

  #onNotes(event: Event) {
    const notes = (event.target as HTMLTextAreaElement).value.slice(0, NOTES_MAX);
    this.#change((doc) => (doc.onboarding.injuries.notes = notes), "Onboarding: injury notes");
  }

  #addExercise(event: SubmitEvent, kind: "liked" | "disliked") {
    event.preventDefault();
    const o = this.#account.value?.onboarding;
    const name = (kind === "liked" ? this.likedDraft : this.dislikedDraft).trim().slice(0, EXERCISE_MAX);
    if (!o || name === "") return;
    const same = (list: readonly string[]) =>
      list.some((e) => e.toLocaleLowerCase() === name.toLocaleLowerCase());
    const other = kind === "liked" ? o.dislikedExercises : o.likedExercises;
    if (same(other)) {
      this.problem = t(
        kind === "liked" ? "onboarding.exercises.alreadyDisliked" : "onboarding.exercises.alreadyLiked",
        {
          name,
        },
      );
      return;
    }
    if (!same(kind === "liked" ? o.likedExercises : o.dislikedExercises)) {
      this.#change((doc) => {
        (kind === "liked" ? doc.onboarding.likedExercises : doc.onboarding.dislikedExercises).push(name);
      }, `Onboarding: ${kind} exercise`);
    }
    this.problem = "";
    if (kind === "liked") this.likedDraft = "";
    else this.dislikedDraft = "";
  }

  #removeExercise(kind: "liked" | "disliked", name: string) {
    this.#change((doc) => {
      const list = kind === "liked" ? doc.onboarding.likedExercises : doc.onboarding.dislikedExercises;
      removeAll(list, name);
    }, `Onboarding: remove ${kind} exercise`);
  }

  /** Next step; the document remembers it, so the setup resumes there. */
  #advance(step: Step) {
    if (step === "equipment" && (this.#account.value?.onboarding.equipment.length ?? 0) === 0) {
      this.problem = t("onboarding.equipment.none");
      return;
    }
    const next = STEPS[STEPS.indexOf(step) + 1] ?? "done";
    this.#change((doc) => {
      if (!doc.onboarding.completed) doc.onboarding.step = STEPS.indexOf(next);
    }, "Onboarding: next step");
    this.#go(next);
  }

  /** Skips a step: its answers go back to the defaults. */
  #skip(step: Step) {
    const d = defaultOnboarding();
    this.#change((doc) => {
      const o = doc.onboarding;
      if (step === "goal") o.goal = d.goal;
      if (step === "experience") o.experience = d.experience;
      if (step === "schedule") {
        o.daysPerWeek = d.daysPerWeek;
        o.sessionMinutes = d.sessionMinutes;
      }
      if (step === "equipment") replaceList(o.equipment, d.equipment);
      if (step === "injuries") {
        replaceList(o.injuries.regions, d.injuries.regions);
        o.injuries.notes = d.injuries.notes;
      }
      if (step === "exercises") {
        replaceList(o.likedExercises, d.likedExercises);
        replaceList(o.dislikedExercises, d.dislikedExercises);
      }
    }, `Onboarding: skip ${step}`);
    this.#advance(step);
  }

  /** "Skip setup": every answer not given keeps its default; straight to Today. */
  #skipAll() {
    this.#change((doc) => {
      doc.onboarding.completed = true;
      doc.onboarding.step = STEPS.length - 1;
    }, "Onboarding: skipped");
    this.#leave("/");
  }

  #finish() {
    this.#change((doc) => {
      doc.onboarding.completed = true;
      doc.onboarding.step = STEPS.length - 1;
    }, "Onboarding: completed");
    this.#leave("/");
  }

  #go(step: Step, replace = false) {
    this.#navigate(`/onboarding/${step}${location.search}`, replace);
  }

  #leave(path: string) {
    this.#navigate(path, false);
  }

  #navigate(path: string, replace: boolean) {
    navigateTo(path, { replace });
  }
}

function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

/** Adds `item` to a set-like list (once), or removes every copy of it. */
function toggleIn<T>(list: T[], item: T, on: boolean) {
  if (on) {
    if (!list.includes(item)) list.push(item);
  } else {
    removeAll(list, item);
  }
}

function removeAll<T>(list: T[], item: T) {
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === item) list.splice(i, 1);
}

function replaceList<T>(list: T[], items: readonly T[]) {
  list.splice(0, list.length, ...items);
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-onboarding": CadOnboarding;
  }
}
