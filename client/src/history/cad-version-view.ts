import type { SessionView } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { DEFAULT_UNITS, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-workout-sets.js";
import { ht } from "./strings.js";

/**
 * An earlier version of a workout, read-only: its sets and notes as they were, with "Restore this version"
 * (after a confirmation) and "Back to the current version".
 *
 * @fires restore-confirmed - the person confirmed the restore
 * @fires version-close - back to the current version
 */
@localized()
@customElement("cad-version-view")
export class CadVersionView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        padding: var(--cad-space-3);
        border: 2px solid var(--cad-color-accent);
        border-radius: var(--cad-radius);
        background: var(--cad-color-tint);
        margin-block-end: var(--cad-space-3);
      }
      .banner p {
        margin: 0 0 var(--cad-space-2);
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      .notes {
        white-space: pre-wrap;
      }
      dialog {
        max-width: min(28rem, calc(100vw - 2rem));
        border: none;
        border-radius: calc(var(--cad-radius) * 2);
        background: var(--cad-color-surface);
        color: var(--cad-color-fg);
        padding: var(--cad-space-4);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
    `,
  ];

  @property({ attribute: false }) view: SessionView | null = null;
  @property({ attribute: false }) notes = "";
  /** When the version was made, formatted. */
  @property() time = "";
  @property({ attribute: false }) units: Units = DEFAULT_UNITS;
  @query("dialog") private dialog!: HTMLDialogElement;

  override render(): TemplateResult {
    return html`<div class="banner" data-testid="version-banner">
        <p>${ht("wh.version.banner", { time: this.time })}</p>
        <div class="actions">
          <button type="button" @click=${this.#ask}>${ht("wh.version.restore")}</button>
          <button type="button" class="secondary" @click=${this.#close}>${ht("wh.version.back")}</button>
        </div>
      </div>
      <cad-workout-sets .view=${this.view} .units=${this.units}></cad-workout-sets>
      ${
        this.notes
          ? html`<h3>${ht("wh.detail.notesLabel")}</h3>
              <p class="notes" data-testid="version-notes">${this.notes}</p>`
          : nothing
      }
      <dialog aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.#onDialogClose}>
        <h2 id="confirm-title">${ht("wh.version.confirmTitle")}</h2>
        <p id="confirm-body">${ht("wh.version.confirmBody", { time: this.time })}</p>
        <form method="dialog" class="actions">
          <button value="restore">${ht("wh.version.confirm")}</button>
          <button value="cancel" class="secondary" autofocus>${ht("wh.version.cancel")}</button>
        </form>
      </dialog>`;
  }

  #ask() {
    this.dialog.returnValue = "";
    this.dialog.showModal();
  }

  #onDialogClose() {
    if (this.dialog.returnValue !== "restore") return;
    this.dispatchEvent(new CustomEvent("restore-confirmed", { bubbles: true, composed: true }));
  }

  #close() {
    this.dispatchEvent(new CustomEvent("version-close", { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-version-view": CadVersionView;
  }
}
