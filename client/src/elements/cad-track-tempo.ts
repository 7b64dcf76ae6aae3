import type { TrackTempo } from "@cadence/shared-schema";
import {
  MAX_BELIEVABLE_BPM,
  MIN_BELIEVABLE_BPM,
  believableBpm,
  tapTempo,
} from "@cadence/shared-schema/music";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { mt } from "../music/strings.js";
import { controlStyles } from "../styles/shared.js";

export type TempoEntrySource = TrackTempo["source"];

export interface TrackTempoDetail {
  uri: string;
  bpm: number;
  source: TempoEntrySource;
}

/** Taps further apart than this start a new series (as in `tapTempo`). */
const TAP_PAUSE_MS = 2000;

/**
 * "Set tempo" for one track: tap along (4 taps or more; the running BPM is announced), type a BPM (40–240), or
 * estimate it from an audio file the person chooses (decoded and analysed on this device; the file never leaves
 * it). Writes nothing itself: the host stores the tempo in the music document.
 *
 * @fires track-tempo - detail: TrackTempoDetail, when the person confirms a tempo
 * @fires close - the person closed the panel without saving
 */
@localized()
@customElement("cad-track-tempo")
export class CadTrackTempo extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        border-inline-start: 4px solid var(--cad-color-accent);
        padding: var(--cad-space-2) 0 var(--cad-space-2) var(--cad-space-3);
        margin-block: var(--cad-space-2);
      }
      h4 {
        margin: 0 0 var(--cad-space-2);
        font-size: 1rem;
      }
      .way {
        margin-block-end: var(--cad-space-3);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        align-items: center;
      }
      .row input[type="number"] {
        width: 7rem;
      }
      .status {
        margin: var(--cad-space-1) 0 0;
        font-variant-numeric: tabular-nums;
      }
      progress {
        width: 10rem;
      }
    `,
  ];

  @property() uri = "";
  @property() name = "";

  @state() private taps: number[] = [];
  @state() private typedError: string | null = null;
  @state() private file:
    | { state: "estimating" }
    | { state: "found"; bpm: number }
    | { state: "none" }
    | {
        state: "failed";
      }
    | null = null;

  @query("input[type=number]") private typedInput!: HTMLInputElement;

  get #tapped(): number | null {
    return tapTempo(this.taps);
  }

  #tap = (e: Event) => {
    const now = e.timeStamp || performance.now();
    const last = this.taps.at(-1);
    // A pause starts a new series, so the count shown is the series that counts.
    this.taps = last !== undefined && now - last > TAP_PAUSE_MS ? [now] : [...this.taps, now].slice(-16);
  };

  #emit(bpm: number, source: TempoEntrySource): void {
    this.dispatchEvent(
      new CustomEvent<TrackTempoDetail>("track-tempo", {
        detail: { uri: this.uri, bpm, source },
        bubbles: true,
        composed: true,
      }),
    );
  }

  #submitTyped = (e: SubmitEvent) => {
    e.preventDefault();
    const value = this.typedInput.valueAsNumber;
    if (!believableBpm(value)) {
      this.typedError = mt("music.settings.bpmInvalid");
      this.typedInput.focus();
      return;
    }
    this.typedError = null;
    this.#emit(value, "typed");
  };

  #pickFile = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.file = { state: "estimating" };
    try {
      // Loaded on first use: the decoder and estimator are not part of the Music screen's first paint.
      const { estimateTempoFromFile } = await import("../music/tempo-file.js");
      const found = await estimateTempoFromFile(file);
      this.file =
        found && believableBpm(found.bpm)
          ? { state: "found", bpm: Math.round(found.bpm * 10) / 10 }
          : { state: "none" };
    } catch {
      this.file = { state: "failed" };
    }
  };

  #close = () => {
    this.dispatchEvent(new CustomEvent("close", { bubbles: true, composed: true }));
  };

  override render(): TemplateResult {
    const tapped = this.#tapped;
    return html`<div role="group" aria-labelledby="tempo-heading">
      <h4 id="tempo-heading">${mt("music.tempo.heading", { name: this.name })}</h4>

      <div class="way">
        <p class="hint">${mt("music.tempo.tapHint")}</p>
        <div class="row">
          <button type="button" class="secondary" @click=${this.#tap}>${mt("music.tempo.tap")}</button>
          ${
            tapped !== null
              ? html`<button type="button" @click=${() => this.#emit(tapped, "tap")}>
                  ${mt("music.tempo.use", { bpm: tapped })}
                </button>`
              : nothing
          }
        </div>
        <p class="status" role="status" aria-live="polite" data-testid="tap-status">
          ${
            this.taps.length === 0
              ? ""
              : tapped === null
                ? mt("music.tempo.tapMore", { count: this.taps.length })
                : mt("music.tempo.tapped", { bpm: tapped, count: this.taps.length })
          }
        </p>
      </div>

      <form class="way" novalidate @submit=${this.#submitTyped}>
        <div class="row">
          <label
            >${mt("music.tempo.typedLabel")}
            <input
              type="number"
              inputmode="decimal"
              min=${MIN_BELIEVABLE_BPM}
              max=${MAX_BELIEVABLE_BPM}
              step="0.1"
              aria-invalid=${this.typedError ? "true" : "false"}
              aria-describedby="typed-error"
          /></label>
          <button type="submit">${mt("music.tempo.save")}</button>
        </div>
        <p id="typed-error" class="error" role="alert">${this.typedError ?? ""}</p>
      </form>

      <div class="way">
        <label
          >${mt("music.tempo.file")}
          <input
            type="file"
            accept="audio/*"
            @change=${this.#pickFile}
            ?disabled=${this.file?.state === "estimating"}
        /></label>
        <p class="hint">${mt("music.tempo.fileHint")}</p>
        ${this.#fileStatus()}
      </div>

      <button type="button" class="secondary" @click=${this.#close}>${mt("music.tempo.close")}</button>
    </div>`;
  }

  #fileStatus(): TemplateResult {
    const f = this.file;
    let body: TemplateResult | string = "";
    if (f?.state === "estimating")
      body = html`<progress aria-label=${mt("music.tempo.estimating")}></progress>
        ${mt("music.tempo.estimating")}`;
    else if (f?.state === "found") {
      const bpm = f.bpm;
      body = html`${mt("music.tempo.estimated", { bpm })}
        <button type="button" @click=${() => this.#emit(bpm, "file")}>
          ${mt("music.tempo.use", { bpm })}
        </button>`;
    } else if (f?.state === "none") body = mt("music.tempo.none");
    else if (f?.state === "failed") body = mt("music.tempo.fileFailed");
    return html`<p class="status" role="status" aria-live="polite" data-testid="file-status">${body}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-track-tempo": CadTrackTempo;
  }
}
