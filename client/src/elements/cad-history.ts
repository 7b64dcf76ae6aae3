import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import "../history/cad-history-list.js";
import "../history/cad-workout-detail.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

/**
 * History: the list of past workouts (`/history`), or one workout with its sets, corrections and version
 * timeline (`/history/:id`). The screens themselves live in `src/history/`.
 */
@localized()
@customElement("cad-history")
export class CadHistory extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** A workout's document id, or "" for the list. */
  @property() workoutId = "";

  override render(): TemplateResult {
    if (this.workoutId) return html`<cad-workout-detail .workoutId=${this.workoutId}></cad-workout-detail>`;
    return html`<h1>${t("history.title")}</h1>
      <cad-history-list></cad-history-list>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-history": CadHistory;
  }
}
