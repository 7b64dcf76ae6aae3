import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";

/** Shown for any path no route claims. */
@localized()
@customElement("cad-not-found")
export class CadNotFound extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      a {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
      }
    `,
  ];

  /** The path that matched nothing. */
  @property() path = "";

  override render(): TemplateResult {
    return html`<h1>${t("notFound.title")}</h1>
      <p>${t("notFound.body", { path: this.path })}</p>
      <a href="/">${t("notFound.home")}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-not-found": CadNotFound;
  }
}
