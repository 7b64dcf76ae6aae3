import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-empty-state.js";

/**
 * The workout screen: where a planned session is started, sets are logged and rest is timed. Until the
 * planner and the workout logger land (later issues replace this element), an empty state with next steps.
 */
@localized()
@customElement("cad-workout")
export class CadWorkout extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      p {
        margin: 0;
      }
    `,
  ];

  override render(): TemplateResult {
    return html`<h1>${t("workout.title")}</h1>
      <cad-empty-state icon="workout" heading=${t("workout.emptyHeading")}>
        <p>${t("workout.emptyBody")}</p>
        <a slot="actions" class="link-button primary" href="/">${t("workout.actionToday")}</a>
        <a slot="actions" class="link-button" href="/settings#training">${t("workout.actionPreferences")}</a>
      </cad-empty-state>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-workout": CadWorkout;
  }
}
