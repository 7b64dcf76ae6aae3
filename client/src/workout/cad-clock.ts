import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { clockText } from "./countdown.js";

const TICK_MS = 250;

/**
 * A running clock's text (`m:ss`), which updates itself: `read(now)` gives the milliseconds to show, and only
 * this element re-renders, and only when the text changes. The player around it renders once per change of
 * the workout, not four times a second (a whole-player render on every tick delayed the taps behind it).
 * A `role="timer"`, which screen readers do not read out every second.
 */
@customElement("cad-clock")
export class CadClock extends LitElement {
  static override styles = css`
    :host {
      display: inline;
      font-variant-numeric: tabular-nums;
    }
  `;

  /** Milliseconds to show at `now` (epoch ms): time left, or time elapsed. */
  @property({ attribute: false }) read: (now: number) => number = () => 0;
  /** The timer's accessible name. */
  @property() label = "";

  #timer: ReturnType<typeof setInterval> | null = null;
  #text = "";

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  override willUpdate(): void {
    this.#text = clockText(this.read(Date.now()));
  }

  override render(): TemplateResult {
    return html`<span role="timer" aria-label=${this.label}>${this.#text}</span>`;
  }

  #tick(): void {
    if (clockText(this.read(Date.now())) !== this.#text) this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-clock": CadClock;
  }
}
