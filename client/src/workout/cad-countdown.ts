import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { clockText } from "./countdown.js";
import { wt } from "./strings.js";

/**
 * The rest (or work interval) countdown: time left in large figures with a bar, −15 s / +15 s and Skip (for
 * work: Stop, which logs the time done). The figures are a `timer` (not read out every second); the player's
 * live region says when it is over.
 *
 * @fires adjust - `{ seconds }`
 * @fires skip
 */
@localized()
@customElement("cad-countdown")
export class CadCountdown extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .box {
        border: 3px solid var(--cad-color-accent);
        border-radius: calc(var(--cad-radius) * 2);
        padding: var(--cad-space-3);
        background: var(--cad-color-surface);
      }
      .box.work {
        border-color: var(--cad-color-fg);
      }
      h2 {
        margin: 0;
      }
      .left {
        font-size: clamp(3rem, 14vw, 5rem);
        font-weight: 800;
        font-variant-numeric: tabular-nums;
        line-height: 1.1;
        margin: var(--cad-space-1) 0;
      }
      .bar {
        height: 0.5rem;
        border-radius: 0.25rem;
        background: var(--cad-color-border);
        overflow: hidden;
        margin-block-end: var(--cad-space-3);
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--cad-color-accent);
      }
      .actions {
        display: flex;
        gap: var(--cad-space-2);
        flex-wrap: wrap;
      }
      .actions button {
        flex: 1 1 5rem;
        min-height: 3.5rem;
      }
    `,
  ];

  @property() kind: "rest" | "work" = "rest";
  @property({ type: Number }) leftMs = 0;
  @property({ type: Number }) totalMs = 0;
  @property({ type: Boolean }) paused = false;
  /** What comes next ("Squat, set 2"), shown under the figures. */
  @property() next = "";

  override render(): TemplateResult {
    const share = this.totalMs > 0 ? Math.min(1, this.leftMs / this.totalMs) : 0;
    const heading = this.kind === "rest" ? wt("player.rest") : wt("player.work");
    return html`<section
      class="box ${this.kind}"
      aria-labelledby="cd-h"
      data-testid="countdown"
      data-kind=${this.kind}
    >
      <h2 id="cd-h">${heading}${this.paused ? ` · ${wt("player.paused")}` : ""}</h2>
      <div class="left" role="timer" aria-label=${heading} data-testid="countdown-left">
        ${clockText(this.leftMs)}
      </div>
      <div class="bar" aria-hidden="true"><span style="width: ${(share * 100).toFixed(1)}%"></span></div>
      ${this.next ? html`<p>${wt("player.nextUp", { what: this.next })}</p>` : nothing}
      <div class="actions">
        <button class="secondary" aria-label=${wt("player.minus15Label")} @click=${() => this.#adjust(-15)}>
          ${wt("player.minus15")}
        </button>
        <button class="secondary" aria-label=${wt("player.plus15Label")} @click=${() => this.#adjust(15)}>
          ${wt("player.plus15")}
        </button>
        <button @click=${() => this.dispatchEvent(new CustomEvent("skip"))}>
          ${this.kind === "rest" ? wt("player.skipRest") : wt("player.stopWork")}
        </button>
      </div>
    </section>`;
  }

  #adjust(seconds: number): void {
    this.dispatchEvent(new CustomEvent("adjust", { detail: { seconds } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-countdown": CadCountdown;
  }
}
