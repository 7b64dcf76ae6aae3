import { consume } from "@lit/context";
import type { DocHandle, Repo } from "@automerge/automerge-repo/slim";
import { MIX_MODES, type MixMode, type MusicDoc } from "@cadence/shared-schema";
import type {
  MixPhaseInput,
  MixSignals,
  MixTrack,
  PhaseMix,
  ScoreTerm,
  SessionMixBody,
} from "@cadence/shared-schema/music";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repoContext, syncStatusContext } from "../context.js";
import { localized } from "../i18n/index.js";
import { musicApi, type SessionMixResult } from "../music/api.js";
import { explainMusicError, musicErrorText } from "../music/errors.js";
import {
  phaseNotes,
  readinessText,
  shortfallText,
  targetText,
  termText,
  warningText,
  whyText,
} from "../music/explain.js";
import { setTrackTempo } from "../music/music-doc.js";
import { mt, type MusicMessageKey } from "../music/strings.js";
import { controlStyles } from "../styles/shared.js";
import type { SyncStatus } from "../sync/sync-status.js";
import type { TrackTempoDetail } from "./cad-track-tempo.js";
import "./cad-track-tempo.js";

const MODE_KEYS: Readonly<Record<MixMode, MusicMessageKey>> = {
  warmup: "music.mix.mode.warmup",
  full: "music.mix.mode.full",
  cooldown: "music.mix.mode.cooldown",
};

/** How long a mix waits for a tempo just set here to reach the server, which mixes from its copy of the document. */
const SYNC_WAIT_MS = 5000;

/**
 * "Generate Session Mix" for today's plan: pick warm-up only, full session or recovery; the server mixes (Session
 * Mix v1), saves the playlist to Spotify and records it; this shows each phase with its tracks and, per track,
 * "why this track" (every score term with its reason), plus what could not be filled and why.
 *
 * Give it the plan's phases (`phases`: kind, BPM range, minutes — e.g. from the planner's `planSeconds`), the
 * workout document's url and today's context signals. Fires `session-mix` with the result (the workout player
 * takes `mix` and `playlistUri` from it).
 *
 * On a Spotify track, "Set tempo" (or "Correct tempo") opens `cad-track-tempo`: the tempo tapped, typed or
 * estimated from a file goes into the music document's `tempos`, which the next mix reads.
 *
 * @fires session-mix - detail: SessionMixResult
 */
@localized()
@customElement("cad-session-mix")
export class CadSessionMix extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 var(--cad-space-3);
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      legend {
        font-weight: 600;
        margin-block-end: var(--cad-space-1);
      }
      fieldset label {
        display: flex;
        min-height: var(--cad-target-size);
        gap: var(--cad-space-1);
        align-items: center;
        font-weight: 400;
      }
      fieldset input {
        width: auto;
        min-height: auto;
      }
      h3 {
        font-size: 1.05rem;
        margin: var(--cad-space-3) 0 var(--cad-space-1);
      }
      ol {
        padding-inline-start: 1.25rem;
        margin: 0;
      }
      li {
        margin-block: var(--cad-space-2);
      }
      .meta {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.875rem;
        margin-block: var(--cad-space-1);
      }
      td {
        padding: 2px var(--cad-space-2) 2px 0;
        vertical-align: top;
      }
      td.points {
        text-align: end;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      button.link {
        min-height: auto;
        min-width: auto;
        padding: 0;
        border: 0;
        background: none;
        color: var(--cad-color-accent);
        font-weight: 400;
        text-decoration: underline;
      }
      .shortfall {
        border-inline-start: 4px solid var(--cad-color-danger);
        padding-inline-start: var(--cad-space-2);
      }
    `,
  ];

  @consume({ context: repoContext, subscribe: true })
  @property({ attribute: false })
  repo: Repo | undefined;

  @consume({ context: syncStatusContext, subscribe: true })
  @property({ attribute: false })
  syncStatus: SyncStatus | undefined;

  @property({ attribute: false }) phases: MixPhaseInput[] | null = null;
  /** The music document (the account's link); until it is known, the one the last mix answered with. */
  @property({ attribute: false }) musicDocUrl: string | null = null;
  @property({ attribute: false }) workoutUrl: string | null = null;
  @property({ attribute: false }) signals: MixSignals | null = null;
  @property() mode: MixMode = "full";

  @state() private busy = false;
  @state() private result: SessionMixResult | null = null;
  @state() private error: string | null = null;
  @state() private open = new Set<string>();
  /** The track whose "Set tempo" panel is open. */
  @state() private tempoFor: string | null = null;
  /** Tempos set here since the last mix, per track, to say so on the track. */
  @state() private tempoSaved = new Map<string, { bpm: number } | { failed: true }>();

  #handle: { url: string; handle: DocHandle<MusicDoc> } | null = null;

  #generate = async () => {
    this.busy = true;
    this.error = null;
    try {
      // The server mixes from its copy of the music document: let a tempo just set here reach it first.
      if (this.tempoSaved.size > 0) await this.#settled();
      this.result = await musicApi.sessionMix({
        mode: this.mode,
        ...(this.phases ? { phases: this.phases } : {}),
        ...(this.workoutUrl ? { workoutUrl: this.workoutUrl } : {}),
        ...(this.signals ? { signals: this.#cleanSignals(this.signals) } : {}),
      });
      this.tempoSaved = new Map();
      this.tempoFor = null;
      this.dispatchEvent(
        new CustomEvent("session-mix", { detail: this.result, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.error = explainMusicError(err);
    } finally {
      this.busy = false;
    }
  };

  #play = async () => {
    if (!this.result?.playlist) return;
    this.error = null;
    try {
      await musicApi.play({ contextUri: this.result.playlist.uri });
    } catch (err) {
      this.error = explainMusicError(err);
    }
  };

  /** The signals that have a value (the server validates their ranges and answers 400 otherwise). */
  #cleanSignals(s: MixSignals): NonNullable<SessionMixBody["signals"]> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(s) as Array<[keyof MixSignals, number | null | undefined]>) {
      if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
    }
    return out;
  }

  /** Until this device's changes are acknowledged by the server (or a few seconds, or offline: at once). */
  async #settled(): Promise<void> {
    const sync = this.syncStatus;
    if (!sync) return;
    const done = (s: SyncStatus["snapshot"]) => s.unsynced === 0 || s.connection !== "connected";
    if (done(sync.snapshot)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, SYNC_WAIT_MS);
      const stop = sync.subscribe((s) => {
        if (done(s)) finish();
      });
      function finish() {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  }

  async #musicDoc(): Promise<DocHandle<MusicDoc> | null> {
    const url = this.musicDocUrl ?? this.result?.musicDocUrl ?? null;
    if (!this.repo || !url) return null;
    if (this.#handle?.url === url) return this.#handle.handle;
    try {
      const handle = await this.repo.find<MusicDoc>(url as never);
      this.#handle = { url, handle };
      return handle;
    } catch {
      return null;
    }
  }

  #saveTempo = async (e: CustomEvent<TrackTempoDetail>) => {
    const { uri, bpm, source } = e.detail;
    const handle = await this.#musicDoc();
    const ok = handle !== null && setTrackTempo(handle, uri, bpm, source);
    this.tempoSaved = new Map(this.tempoSaved).set(
      uri,
      ok ? { bpm: Math.round(bpm * 10) / 10 } : { failed: true },
    );
    await this.#closeTempo(uri);
  };

  async #closeTempo(uri: string): Promise<void> {
    this.tempoFor = null;
    await this.updateComplete;
    // Back to the button that opened the panel.
    this.renderRoot.querySelector<HTMLButtonElement>(`button[data-tempo-for="${CSS.escape(uri)}"]`)?.focus();
  }

  #toggle(uri: string): void {
    const next = new Set(this.open);
    if (next.has(uri)) next.delete(uri);
    else next.add(uri);
    this.open = next;
  }

  override render(): TemplateResult {
    return html`<section aria-labelledby="mix-title">
      <h2 id="mix-title">${mt("music.mix.title")}</h2>
      <fieldset>
        <legend>${mt("music.mix.modeLegend")}</legend>
        ${MIX_MODES.map(
          (m) =>
            html`<label
              ><input
                type="radio"
                name="mode"
                .checked=${this.mode === m}
                @change=${() => (this.mode = m)}
              />${mt(MODE_KEYS[m])}</label
            >`,
        )}
      </fieldset>
      <button type="button" ?disabled=${this.busy} @click=${this.#generate}>
        ${this.busy ? mt("music.mix.generating") : mt("music.mix.generate")}
      </button>
      <p role="alert" class="error">${this.error ?? ""}</p>
      ${this.result ? this.#renderResult(this.result) : nothing}
    </section>`;
  }

  #renderResult(r: SessionMixResult): TemplateResult {
    return html`<div aria-live="polite">
      ${
        r.playlist
          ? html`<p>
              <span>${mt("music.mix.saved", { name: r.playlist.name })}</span>
              ${r.playlist.url ? html`<a href=${r.playlist.url} target="_blank" rel="noopener">${mt("music.mix.openInSpotify")}</a>` : nothing}
              <button class="secondary" type="button" @click=${this.#play}>${mt("music.mix.play")}</button>
            </p>`
          : nothing
      }
      ${
        r.playlistError
          ? html`<p class="error" data-testid="playlist-error">
              ${r.playlist ? mt("music.mix.partlySaved", { added: r.tracksAdded }) : mt("music.mix.notSaved")}
              ${musicErrorText(r.playlistError.code, r.playlistError.message)}
            </p>`
          : nothing
      }
      <p class="meta">${readinessText(r.mix.readiness)}</p>
      ${r.mix.phases.map((p) => this.#renderPhase(p))}
      ${
        r.warnings.length
          ? html`<ul class="meta">
              ${r.warnings.map((w) => html`<li>${warningText(w)}</li>`)}
            </ul>`
          : nothing
      }
    </div>`;
  }

  #renderPhase(p: PhaseMix): TemplateResult {
    return html`<h3>
        ${mt("music.mix.phaseHeading", { phase: mt(`music.phase.${p.kind}`), min: p.range.min, max: p.range.max })}
      </h3>
      <p class="meta">${targetText(p)}</p>
      ${
        p.shortfall
          ? html`<p class="shortfall"><strong>${mt("music.mix.shortfall")}</strong>: ${shortfallText(p)}</p>`
          : nothing
      }
      ${phaseNotes(p).map((n) => html`<p class="meta">${n}</p>`)}
      <ol aria-label=${mt(`music.phase.${p.kind}`)} data-phase=${p.kind}>
        ${p.tracks.map((t) => this.#renderTrack(t))}
      </ol>`;
  }

  #tempo(t: MixTrack): string {
    if (t.bpm === null) return mt("music.mix.unknownTempo");
    if (t.relation === "half_time" || t.relation === "double_time") {
      const relation = mt(t.relation === "half_time" ? "music.mix.halfTime" : "music.mix.doubleTime");
      return mt("music.mix.bpmShifted", { bpm: t.bpm, effective: t.effectiveBpm ?? t.bpm, relation });
    }
    return mt("music.mix.bpm", { bpm: t.bpm });
  }

  #renderTrack(t: MixTrack): TemplateResult {
    const open = this.open.has(t.uri);
    return html`<li>
      <div><strong>${t.name}</strong> — ${t.artists.join(", ")}</div>
      <div class="meta">
        ${this.#tempo(t)} ·
        ${mt("music.mix.points", { points: t.score })}${t.onSpotify ? nothing : html` · ${mt("music.mix.beat")}`}
      </div>
      <div class="meta">${whyText(t)}</div>
      <button
        class="link"
        type="button"
        aria-expanded=${open ? "true" : "false"}
        @click=${() => this.#toggle(t.uri)}
      >
        ${mt("music.mix.why")}
      </button>
      ${open ? this.#renderTerms(t.terms) : nothing} ${t.onSpotify ? this.#renderTempo(t) : nothing}
    </li>`;
  }

  #renderTempo(t: MixTrack): TemplateResult {
    const saved = this.tempoSaved.get(t.uri);
    if (this.tempoFor === t.uri) {
      return html`<cad-track-tempo
        .uri=${t.uri}
        .name=${t.name}
        @track-tempo=${this.#saveTempo}
        @close=${() => void this.#closeTempo(t.uri)}
      ></cad-track-tempo>`;
    }
    return html`<div>
      <button class="link" type="button" data-tempo-for=${t.uri} @click=${() => (this.tempoFor = t.uri)}>
        ${t.bpm === null && !(saved && "bpm" in saved) ? mt("music.tempo.set") : mt("music.tempo.correct")}
      </button>
      ${
        saved
          ? html`<span class=${"bpm" in saved ? "meta" : "error"} role="status">
              ${"bpm" in saved ? mt("music.tempo.saved", { bpm: saved.bpm }) : mt("music.tempo.saveFailed")}
            </span>`
          : nothing
      }
    </div>`;
  }

  #renderTerms(terms: readonly ScoreTerm[]): TemplateResult {
    return html`<table>
      <tbody>
        ${terms.map(
          (term) =>
            html`<tr>
              <td>${mt(`music.term.${term.id}`)}</td>
              <td class="points">
                ${term.scored ? (term.points > 0 ? `+${term.points}` : String(term.points)) : mt("music.mix.notScored")}
              </td>
              <td>${termText(term)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-session-mix": CadSessionMix;
  }
}
