import { PlanSchema, type Plan } from "@cadence/shared-schema/plan";
import { signalsFromPlanInput, type MixPhaseInput, type MixSignals } from "@cadence/shared-schema/music";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { musicApi, type MusicStatus, type SessionMixResult } from "../music/api.js";
import { BeatPlayer } from "../music/beat-player.js";
import { completeSpotifyReturn, hasSpotifyReturn } from "../music/connect-return.js";
import { connectOutcomeText, explainMusicError } from "../music/errors.js";
import { mt } from "../music/strings.js";
import { beatsForPhases, mixPhasesOfPlan, type PhaseBeat } from "../music/today-mix.js";
import { TodayPlanController } from "../plan/today-plan-controller.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-empty-state.js";
import "./cad-player-music.js";
import "./cad-session-mix.js";

/**
 * Music: today's Session Mix (`cad-session-mix` fed with today's plan phases, BPM ranges and context signals),
 * what Spotify's state allows (not set up on this server, not connected, connected), and Cadence's generated beats
 * per phase, which play here without Spotify, Premium or a device. Connecting lives in Settings → Music &
 * Playback; if Spotify sends the browser back here, this finishes the connection.
 */
@localized()
@customElement("cad-music")
export class CadMusic extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      section {
        margin-block-start: var(--cad-space-4);
      }
      h2 {
        margin-block-start: 0;
      }
      .note {
        margin: 0 0 var(--cad-space-2);
      }
      .beats {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
      }
      .message:empty {
        display: none;
      }
      .ok {
        color: var(--cad-color-success);
        font-weight: 600;
      }
    `,
  ];

  readonly #plan = new TodayPlanController(this);
  readonly #beats = new BeatPlayer();

  @state() private status: MusicStatus | null = null;
  @state() private statusError: string | null = null;
  @state() private returnMessage: { text: string; ok: boolean } | null = null;
  @state() private playingBeat: string | null = null;
  @state() private lastMix: SessionMixResult | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.#beats.close();
    this.playingBeat = null;
  }

  async #start(): Promise<void> {
    if (hasSpotifyReturn()) this.returnMessage = connectOutcomeText(await completeSpotifyReturn());
    await this.#loadStatus();
  }

  #loadStatus = async (): Promise<void> => {
    this.statusError = null;
    try {
      this.status = await musicApi.status();
    } catch (err) {
      this.statusError = explainMusicError(err);
    }
  };

  /** Today's plan: the accepted workout's (it may have been edited), else the plan Today shows. */
  get #todayPlan(): Pick<Plan, "phases"> | null {
    const accepted = PlanSchema.safeParse(this.#plan.workout.doc?.plan ?? null);
    if (accepted.success) return accepted.data;
    return this.#plan.view?.plan ?? null;
  }

  get #signals(): MixSignals {
    const day = this.#plan.day;
    return signalsFromPlanInput(day.context, day.recovery);
  }

  override render(): TemplateResult {
    const plan = this.#todayPlan;
    const phases = plan ? mixPhasesOfPlan(plan) : null;
    return html`<h1>${t("music.title")}</h1>
      ${
        this.returnMessage
          ? html`<p
              class=${this.returnMessage.ok ? "ok" : "error"}
              role=${this.returnMessage.ok ? "status" : "alert"}
            >
              ${this.returnMessage.text}
            </p>`
          : nothing
      }
      ${this.#spotify(phases)} ${this.#beatSection(phases)}`;
  }

  #spotify(phases: MixPhaseInput[] | null): TemplateResult {
    const s = this.status;
    if (this.statusError) {
      return html`<p role="alert">${mt("music.screen.statusFailed")} ${this.statusError}</p>
        <button type="button" @click=${this.#loadStatus}>${mt("music.screen.retry")}</button>`;
    }
    if (s === null) return html`<p role="status">${mt("music.screen.loading")}</p>`;
    if (!s.configured) {
      return html`<cad-empty-state icon="music" heading=${mt("music.screen.notConfiguredHeading")}>
        <p>${mt("music.screen.notConfiguredBody")}</p>
        <a slot="actions" class="link-button" href="/settings#music">${mt("music.screen.musicSettings")}</a>
      </cad-empty-state>`;
    }
    if (!s.connected) {
      return html`<cad-empty-state
        icon="music"
        heading=${s.needsReconnect ? mt("music.screen.reconnectHeading") : mt("music.screen.notConnectedHeading")}
      >
        <p>${s.needsReconnect ? mt("music.error.reconnect") : mt("music.screen.notConnectedBody")}</p>
        <a slot="actions" class="link-button primary" href="/settings#music"
          >${mt("music.screen.openSettings")}</a
        >
      </cad-empty-state>`;
    }
    const music = this.#plan.account.doc?.settings.music;
    if (music && !music.sessionMix) {
      return html`<section class="card" aria-labelledby="mix-off">
        <h2 id="mix-off">${mt("music.mix.title")}</h2>
        <p class="note">${mt("music.screen.sessionMixOff")}</p>
        <a class="link-button" href="/settings#music">${mt("music.screen.turnOn")}</a>
      </section>`;
    }
    const restDay = phases !== null && phases.length === 0;
    return html`<section class="card">
        ${this.#planNote(phases)}
        <cad-session-mix
          .phases=${phases && phases.length > 0 ? phases : null}
          .workoutUrl=${this.#plan.todayWorkoutUrl}
          .musicDocUrl=${this.#plan.account.doc?.links.music ?? null}
          .signals=${this.#signals}
          .mode=${restDay ? "cooldown" : "full"}
          @session-mix=${(e: CustomEvent<SessionMixResult>) => (this.lastMix = e.detail)}
        ></cad-session-mix>
      </section>
      ${
        this.lastMix
          ? html`<section class="card">
              <cad-player-music
                .mix=${this.lastMix.mix}
                .playlistUri=${this.lastMix.playlist?.uri ?? null}
                .phase=${this.lastMix.mix.phases[0]?.kind ?? null}
                .workoutUrl=${this.#plan.todayWorkoutUrl}
                .musicDocUrl=${this.#plan.account.doc?.links.music ?? this.lastMix.musicDocUrl}
              ></cad-player-music>
            </section>`
          : nothing
      }`;
  }

  #planNote(phases: MixPhaseInput[] | null): TemplateResult {
    if (phases === null) {
      return html`<p class="note hint">
        ${mt("music.screen.noPlan")} <a href="/">${mt("music.screen.toToday")}</a>
      </p>`;
    }
    if (phases.length === 0) return html`<p class="note hint">${mt("music.screen.restDay")}</p>`;
    return html`<p class="note hint">${mt("music.screen.fromPlan")}</p>`;
  }

  #beatSection(phases: MixPhaseInput[] | null): TemplateResult {
    const beats = beatsForPhases(phases);
    return html`<section class="card" aria-labelledby="beats-heading">
      <h2 id="beats-heading">${mt("music.screen.beatsHeading")}</h2>
      <p class="note">${mt("music.screen.beatsBody")}</p>
      <div class="beats">
        ${beats.map((b) => {
          const id = `${b.kind}-${b.bpm}`;
          const playing = this.playingBeat === id;
          return html`<button
            type="button"
            class="secondary"
            aria-pressed=${playing ? "true" : "false"}
            @click=${() => void this.#toggleBeat(b, id)}
          >
            ${mt("music.screen.playBeat", { phase: mt(`music.phase.${b.kind}`), bpm: b.bpm })}
          </button>`;
        })}
        ${
          this.playingBeat
            ? html`<button type="button" @click=${() => this.#stopBeat()}>
                ${mt("music.screen.stopBeat")}
              </button>`
            : nothing
        }
      </div>
    </section>`;
  }

  async #toggleBeat(beat: PhaseBeat, id: string): Promise<void> {
    if (this.playingBeat === id) {
      this.#stopBeat();
      return;
    }
    // A phase's length of beat; the player stops by itself at the end.
    await this.#beats.play(beat.bpm, 30 * 60_000, () => (this.playingBeat = null));
    this.playingBeat = id;
  }

  #stopBeat(): void {
    this.#beats.stop();
    this.playingBeat = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-music": CadMusic;
  }
}
