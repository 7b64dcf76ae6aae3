import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-empty-state.js";

/**
 * Trends over weeks: volume, strength and load. An empty state with next steps until the dashboard issue
 * fills it.
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
        margin: 0;
      }
    `,
  ];

  override render(): TemplateResult {
    return html`<h1>${t("progress.title")}</h1>
      <cad-empty-state icon="progress" heading=${t("progress.emptyHeading")}>
        <p>${t("progress.emptyBody")}</p>
        <a slot="actions" class="link-button primary" href="/history">${t("progress.actionHistory")}</a>
      </cad-empty-state>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-progress": CadProgress;
  }
}
