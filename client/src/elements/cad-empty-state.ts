import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { controlStyles } from "../styles/shared.js";
import { icon, type IconName } from "./icons.js";

/**
 * What a screen shows before it has anything: an icon, a heading (an h2 under the screen's h1), what will
 * appear here, and the next steps the user can take now (slotted links or buttons).
 *
 * @slot - the explanation
 * @slot actions - next steps
 */
@customElement("cad-empty-state")
export class CadEmptyState extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .empty {
        display: grid;
        justify-items: center;
        text-align: center;
        gap: var(--cad-space-2);
        padding: var(--cad-space-4) var(--cad-space-3);
        border: 2px dashed var(--cad-color-border);
        border-radius: calc(var(--cad-radius) * 2);
      }
      .icon-circle {
        display: grid;
        place-items: center;
        width: 4rem;
        height: 4rem;
        border-radius: 50%;
        background: var(--cad-color-tint);
        color: var(--cad-color-fg);
      }
      h2 {
        margin: var(--cad-space-2) 0 0;
      }
      .body {
        max-width: 32rem;
        color: var(--cad-color-fg);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: var(--cad-space-2);
        margin-top: var(--cad-space-2);
      }
    `,
  ];

  @property() heading = "";
  @property() icon: IconName = "today";

  override render(): TemplateResult {
    return html`<div class="empty">
      <div class="icon-circle">${icon(this.icon, 32)}</div>
      <h2>${this.heading}</h2>
      <div class="body"><slot></slot></div>
      <div class="actions"><slot name="actions"></slot></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-empty-state": CadEmptyState;
  }
}
