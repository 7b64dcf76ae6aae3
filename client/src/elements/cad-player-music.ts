import { consume } from "@lit/context";
import type { DocHandle, Repo } from "@automerge/automerge-repo/slim";
import type { MusicDoc, MusicPhase } from "@cadence/shared-schema";
import { isFallbackUri, type SessionMix } from "@cadence/shared-schema/music";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repoContext } from "../context.js";
import { localized } from "../i18n/index.js";
import { MusicApiError, musicApi, type DeviceView, type PlaybackView } from "../music/api.js";
import { BeatPlayer } from "../music/beat-player.js";
import { explainMusicError } from "../music/errors.js";
import { isSkip, observe, type Watching } from "../music/listening.js";
import { recordFeedback, type FeedbackAction } from "../music/music-doc.js";
import { mt } from "../music/strings.js";
import { controlStyles } from "../styles/shared.js";

const POLL_MS = 5000;

/**
 * Music inside the workout player: what plays now, play/pause/next, choosing a Spotify device, a like button;
 * skips, likes and full listens go into the music document (this device writes them, offline too), so the next
 * Session Mix learns from them. When Spotify cannot play (no Premium, no device, not connected) and the current
 * phase has generated beats from the curated pool, it plays those itself.
 *
 * Give it the Session Mix result (`mix`, `playlistUri` from `cad-session-mix`'s `session-mix` event, or a stored
 * one), the current `phase` of the workout, the workout's url and the music document's url. When `phase` changes
 * while the mix's playlist is playing, it jumps to that phase's first track (and a playing beat changes tempo).
 */
@localized()
@customElement("cad-player-music")
export class CadPlayerMusic extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .now {
        display: flex;
        gap: var(--cad-space-2);
        align-items: center;
        min-height: 56px;
      }
      .now img {
        width: 48px;
        height: 48px;
        border-radius: var(--cad-radius);
      }
      .title {
        font-weight: 600;
      }
      .meta {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        align-items: center;
        margin-block: var(--cad-space-2);
      }
      select {
        font: inherit;
        min-height: var(--cad-target-size);
        border-radius: var(--cad-radius);
        border: 2px solid var(--cad-color-border);
        background: var(--cad-color-bg);
        color: var(--cad-color-fg);
        padding-inline: var(--cad-space-2);
      }
    `,
  ];

  @consume({ context: repoContext, subscribe: true })
  @property({ attribute: false })
  repo: Repo | undefined;

  @property({ attribute: false }) mix: SessionMix | null = null;
  @property({ attribute: false }) playlistUri: string | null = null;
  @property({ attribute: false }) phase: MusicPhase | null = null;
  @property({ attribute: false }) workoutUrl: string | null = null;
  @property({ attribute: false }) musicDocUrl: string | null = null;

  @state() private playback: PlaybackView | null = null;
  @state() private devices: DeviceView[] = [];
  @state() private error: string | null = null;
  @state() private beat: { uri: string; bpm: number } | null = null;
  @state() private note: string | null = null;

  #timer: ReturnType<typeof setInterval> | null = null;
  #beats = new BeatPlayer();
  #handle: DocHandle<MusicDoc> | null = null;
  /** The track being watched for a full listen, and the furthest share of it seen. */
  #watching: Watching | null = null;
  #onVisibility = () => {
    if (document.visibilityState === "visible") void this.#poll();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.#onVisibility);
    this.#timer = setInterval(() => {
      if (document.visibilityState === "visible") void this.#poll();
    }, POLL_MS);
    void this.#poll();
    void this.#loadDevices();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Follow the workout: a new phase starts that phase's part of the mix.
    if (changed.has("phase") && changed.get("phase") !== undefined && this.phase)
      void this.#followPhase(this.phase);
  }

  async #followPhase(phase: MusicPhase): Promise<void> {
    const tracks = this.mix?.phases.find((p) => p.kind === phase)?.tracks ?? [];
    if (this.#beats.playing) {
      const beat = tracks.find((t) => isFallbackUri(t.uri) && t.bpm !== null);
      if (beat?.bpm) {
        this.beat = { uri: beat.uri, bpm: beat.bpm };
        await this.#beats.play(beat.uri, beat.durationMs);
        this.requestUpdate();
      }
      return;
    }
    const first = tracks.find((t) => t.onSpotify && !isFallbackUri(t.uri));
    const ours = this.playlistUri !== null && this.playback?.contextUri === this.playlistUri;
    if (!first || !ours || !this.playback?.isPlaying || this.playlistUri === null) return;
    const contextUri = this.playlistUri;
    await this.#command(() => musicApi.play({ contextUri, offsetUri: first.uri }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.#onVisibility);
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    void this.#beats.close();
  }

  async #musicDoc(): Promise<DocHandle<MusicDoc> | null> {
    if (this.#handle) return this.#handle;
    if (!this.repo || !this.musicDocUrl) return null;
    try {
      this.#handle = await this.repo.find<MusicDoc>(this.musicDocUrl as never);
    } catch {
      this.#handle = null;
    }
    return this.#handle;
  }

  /** Writes feedback into the music document (works offline); without it, through the server. */
  async #feedback(trackUri: string, action: FeedbackAction, phase: MusicPhase | null): Promise<void> {
    const handle = await this.#musicDoc();
    if (handle) {
      recordFeedback(handle, { trackUri, action, phase, workoutUrl: this.workoutUrl });
      return;
    }
    try {
      await musicApi.feedback({ trackUri, action, phase, workoutUrl: this.workoutUrl });
    } catch {
      // Feedback is a hint for the next mix; losing one while offline is acceptable.
    }
  }

  async #poll(): Promise<void> {
    try {
      const p = await musicApi.playback();
      this.#track(p);
      this.playback = p;
      this.error = null;
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Full listens: a track seen at ≥ 90 % that then changes counts as complete. */
  #track(p: PlaybackView): void {
    const { watching, completed } = observe(this.#watching, p, this.phase);
    if (completed) void this.#feedback(completed.uri, "complete", completed.phase);
    this.#watching = watching;
  }

  async #loadDevices(): Promise<void> {
    try {
      this.devices = (await musicApi.devices()).devices;
    } catch (err) {
      this.#fail(err);
    }
  }

  #fail(err: unknown): void {
    this.note = null;
    this.error = explainMusicError(err);
    if (!(err instanceof MusicApiError)) return;
    // Spotify cannot play here: offer the phase's generated beats, if the mix has some.
    if (
      ["premium_required", "no_active_device", "spotify_not_connected", "spotify_not_configured"].includes(
        err.code,
      )
    ) {
      this.#offerBeat();
    }
  }

  #offerBeat(): void {
    const phase = this.mix?.phases.find((p) => p.kind === this.phase) ?? this.mix?.phases[0];
    const beat = phase?.tracks.find((t) => isFallbackUri(t.uri) && t.bpm !== null);
    this.beat = beat && beat.bpm !== null ? { uri: beat.uri, bpm: beat.bpm } : null;
  }

  async #command(run: () => Promise<void>): Promise<void> {
    try {
      await run();
      this.error = null;
      await this.#poll();
    } catch (err) {
      this.#fail(err);
    }
  }

  #togglePlay = () =>
    this.#command(async () => {
      if (this.playback?.isPlaying) await musicApi.pause();
      else if (this.playlistUri && this.playback?.contextUri !== this.playlistUri)
        await musicApi.play({ contextUri: this.playlistUri });
      else await musicApi.play();
    });

  #next = () =>
    this.#command(async () => {
      const p = this.playback;
      if (p?.track && isSkip(p)) {
        void this.#feedback(p.track.uri, "skip", this.phase);
        this.#watching = null;
      }
      await musicApi.next();
    });

  #like = () => {
    const uri = this.playback?.track?.uri ?? this.beat?.uri;
    if (!uri) return;
    void this.#feedback(uri, "like", this.phase);
    this.note = mt("music.player.liked");
  };

  #device = (event: Event) => {
    const id = (event.target as HTMLSelectElement).value;
    if (id) void this.#command(() => musicApi.transfer(id, this.playback?.isPlaying ?? true));
  };

  #playBeat = async () => {
    if (!this.beat) return;
    if (this.#beats.playing) {
      this.#beats.pause();
    } else {
      const track = this.mix?.phases.flatMap((p) => p.tracks).find((t) => t.uri === this.beat?.uri);
      await this.#beats.play(this.beat.uri, track?.durationMs ?? 180_000);
    }
    this.requestUpdate();
  };

  override render(): TemplateResult {
    const p = this.playback;
    const track = p?.track ?? null;
    return html`<section aria-label=${mt("music.player.label")}>
      <div class="now" aria-live="polite">
        ${track?.imageUrl ? html`<img src=${track.imageUrl} alt="" />` : nothing}
        <div>
          <div class="title">
            ${track ? track.name : this.#beats.playing ? mt("music.player.beat", { bpm: this.#beats.bpm }) : mt("music.player.nothing")}
          </div>
          ${track ? html`<div class="meta">${track.artists.join(", ")}${p?.device ? ` · ${p.device.name}` : ""}</div>` : nothing}
        </div>
      </div>
      <div class="controls">
        <button type="button" @click=${this.#togglePlay}>
          ${p?.isPlaying ? mt("music.player.pause") : mt("music.player.play")}
        </button>
        <button class="secondary" type="button" @click=${this.#next}>${mt("music.player.next")}</button>
        <button class="secondary" type="button" ?disabled=${!track && !this.beat} @click=${this.#like}>
          ${mt("music.player.like")}
        </button>
        ${
          this.devices.length
            ? html`<label class="visually-hidden" for="device">${mt("music.player.device")}</label>
                <select id="device" @change=${this.#device}>
                  ${this.devices.map(
                    (d) =>
                      html`<option
                        value=${d.id ?? ""}
                        ?selected=${d.isActive}
                        ?disabled=${d.id === null || d.isRestricted}
                      >
                        ${d.name}
                      </option>`,
                  )}
                </select>`
            : nothing
        }
      </div>
      <p role="status" class="meta" data-testid="player-message">${this.error ?? this.note ?? ""}</p>
      ${
        this.beat
          ? html`<button class="secondary" type="button" @click=${this.#playBeat}>
              ${this.#beats.playing ? mt("music.player.pause") : mt("music.player.beat", { bpm: this.beat.bpm })}
            </button>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-player-music": CadPlayerMusic;
  }
}
