import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { clockText, leftMs, type Countdown } from "./countdown.js";
import { wt } from "./strings.js";

/**
 * The rest (or work interval) countdown: time left in large figures with a bar, −15 s / +15 s and Skip (for
 * work: Stop, which logs the time done). The figures are a `timer` (not read out every second); the player's
 * live region says when it is over. It updates itself, once per displayed second (the player around it does
 * not re-render while it runs), and moves the bar in the same steps: no animation keeps frames coming.
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

  @property({ attribute: false }) countdown: Countdown | null = null;
  /** What comes next ("Squat, set 2"), shown under the figures. */
  @property() next = "";

  #timer: ReturnType<typeof setInterval> | null = null;
  /** The text last rendered: a tick renders only when it would change. */
  #shown = "";

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      const c = this.countdown;
      if (c && clockText(leftMs(c, Date.now())) !== this.#shown) this.requestUpdate();
    }, 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  override render(): TemplateResult | typeof nothing {
    const c = this.countdown;
    if (!c) return nothing;
    const kind = c.kind;
    const paused = c.endsAt === null;
    const left = leftMs(c, Date.now());
    const share = c.totalMs > 0 ? Math.min(1, left / c.totalMs) : 0;
    const heading = kind === "rest" ? wt("player.rest") : wt("player.work");
    this.#shown = clockText(left);
    return html`<section class="box ${kind}" aria-labelledby="cd-h" data-testid="countdown" data-kind=${kind}>
      <h2 id="cd-h">${heading}${paused ? ` · ${wt("player.paused")}` : ""}</h2>
      <div class="left" role="timer" aria-label=${heading} data-testid="countdown-left">${this.#shown}</div>
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
          ${kind === "rest" ? wt("player.skipRest") : wt("player.stopWork")}
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
