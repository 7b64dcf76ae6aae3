import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

/** The start screen. A placeholder until the training plan lands here. */
@customElement("cad-home")
export class CadHome extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h1 {
        font-size: 1.75rem;
        margin: var(--cad-space-2) 0 var(--cad-space-3);
      }
    `,
  ];

  override render(): TemplateResult {
    return html`<h1>${t("home.title")}</h1>
      <p>${t("home.placeholder")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-home": CadHome;
  }
}
