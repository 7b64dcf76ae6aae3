import type { SetTarget } from "@cadence/shared-schema";
import type { SessionView, SetView } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { DEFAULT_UNITS, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-set-editor.js";
import { ht } from "./strings.js";
import { logValuesWords } from "./timeline-words.js";

function targetWords(target: SetTarget | null, units: Units): string {
  if (
    !target ||
    (target.reps === null && target.weightKg === null && target.rpe === null && target.durationSec === null)
  )
    return ht("wh.detail.noTarget");
  return ht("wh.detail.target", { values: logValuesWords(target, units) });
}

/**
 * A workout's exercises and sets: target and what was done per set. Read-only for an earlier version; with
 * `editable`, each set has an "Edit" button opening `cad-set-editor` in place, and each exercise "Add a set".
 * Saving is the host's job (it listens for `set-save`); after a save the host calls `close()`.
 */
@localized()
@customElement("cad-workout-sets")
export class CadWorkoutSets extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      section {
        margin-block-end: var(--cad-space-3);
      }
      h3 {
        font-size: 1.0625rem;
        margin: 0 0 var(--cad-space-2);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      .set {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        flex-wrap: wrap;
        padding: var(--cad-space-2) var(--cad-space-3);
        border: 1px solid var(--cad-color-border);
        border-radius: var(--cad-radius);
      }
      .set-text {
        flex: 1 1 12rem;
        display: grid;
      }
      .set-name {
        font-weight: 600;
      }
      .muted {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      .add {
        margin-block-start: var(--cad-space-2);
      }
    `,
  ];

  @property({ attribute: false }) view: SessionView | null = null;
  @property({ attribute: false }) units: Units = DEFAULT_UNITS;
  @property({ type: Boolean }) editable = false;
  /** The set being edited, or `new:<exerciseKey>` for a new set. */
  @state() private editing: string | null = null;

  /** Closes the editor (after the host saved). */
  close(): void {
    this.editing = null;
  }

  override render(): TemplateResult {
    const view = this.view;
    if (!view || view.exercises.length === 0) return html`<p>${ht("wh.detail.noExercises")}</p>`;
    return html`${view.exercises.map(
      (exercise) =>
        html`<section data-testid="exercise" data-exercise=${exercise.name}>
          <h3>${exercise.name}</h3>
          <ol>
            ${exercise.sets.map((set) => this.#set(exercise.key, exercise.name, set))}
          </ol>
          ${this.editable && exercise.key !== null ? this.#addSet(exercise.key, exercise.name) : nothing}
        </section>`,
    )}`;
  }

  #set(exerciseKey: string | null, exercise: string, set: SetView): TemplateResult {
    const name = set.target ? ht("wh.detail.set", { n: set.number }) : ht("wh.detail.extraSet");
    if (this.editing === set.id) {
      return html`<li>
        <cad-set-editor
          .setId=${set.id}
          .exerciseKey=${exerciseKey}
          .heading=${ht("wh.editor.heading", { n: set.number, exercise })}
          .log=${set.log}
          .target=${set.target}
          .units=${this.units}
          @set-cancel=${this.#closeAndFocus(set.id)}
        ></cad-set-editor>
      </li>`;
    }
    const done = set.log
      ? set.log.completed === false
        ? ht("wh.detail.skipped")
        : logValuesWords({ ...set.log, durationSec: set.log.durationSec ?? null }, this.units)
      : ht("wh.detail.notLogged");
    return html`<li
      class="set"
      data-testid="set"
      data-set=${`${exercise} ${set.number}`}
      data-logged=${set.log ? "yes" : "no"}
    >
      <span class="set-text">
        <span class="set-name">${name}</span>
        <span data-testid="set-done">${done}</span>
        ${set.target ? html`<span class="muted" data-testid="set-target">${targetWords(set.target, this.units)}</span>` : nothing}
      </span>
      ${
        this.editable
          ? html`<button
              type="button"
              class="secondary"
              id="edit-${set.id}"
              aria-label=${ht("wh.detail.editLabel", { n: set.number, exercise })}
              @click=${() => (this.editing = set.id)}
            >
              ${ht("wh.detail.edit")}
            </button>`
          : nothing
      }
    </li>`;
  }

  #addSet(exerciseKey: string, exercise: string): TemplateResult {
    const id = `new:${exerciseKey}`;
    if (this.editing === id) {
      return html`<div class="add">
        <cad-set-editor
          .exerciseKey=${exerciseKey}
          .heading=${ht("wh.editor.newHeading", { exercise })}
          .units=${this.units}
          @set-cancel=${this.#closeAndFocus(id)}
        ></cad-set-editor>
      </div>`;
    }
    return html`<div class="add">
      <button
        type="button"
        class="secondary"
        id="add-${exerciseKey}"
        aria-label=${ht("wh.detail.addSetLabel", { exercise })}
        @click=${() => (this.editing = id)}
      >
        ${ht("wh.detail.addSet")}
      </button>
    </div>`;
  }

  /** Closes the editor and puts focus back on the button that opened it. */
  #closeAndFocus(id: string) {
    return () => {
      this.editing = null;
      void this.updateComplete.then(() => {
        const selector = id.startsWith("new:") ? `[id="add-${id.slice(4)}"]` : `[id="edit-${id}"]`;
        this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
      });
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-workout-sets": CadWorkoutSets;
  }
}
