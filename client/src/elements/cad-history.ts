import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-empty-state.js";

/**
 * Past workouts, newest first. An empty state with next steps until the workout issue fills it.
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
      p {
        margin: 0;
      }
    `,
  ];

  override render(): TemplateResult {
    return html`<h1>${t("history.title")}</h1>
      <cad-empty-state icon="history" heading=${t("history.emptyHeading")}>
        <p>${t("history.emptyBody")}</p>
        <a slot="actions" class="link-button primary" href="/workout">${t("history.actionWorkout")}</a>
      </cad-empty-state>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-history": CadHistory;
  }
}
