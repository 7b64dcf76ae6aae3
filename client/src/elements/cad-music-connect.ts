import { consume } from "@lit/context";
import type { DocHandle, Repo } from "@automerge/automerge-repo/slim";
import { MUSIC_PHASES, type MusicDoc, type MusicPhase } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repoContext } from "../context.js";
import { MusicApiError, musicApi, type MusicStatus } from "../music/api.js";
import { completeSpotifyReturn, startSpotifyConnect } from "../music/connect-return.js";
import { clearHistory, setBpmTarget } from "../music/music-doc.js";
import { mt } from "../music/strings.js";
import { controlStyles } from "../styles/shared.js";

/**
 * Settings → Music & Playback: connect, reconnect or disconnect Spotify (finishing the connect when Spotify sends
 * the browser back here), the tempo sources this server uses, the target tempo per phase, and "Clear music
 * history". Mount it where the settings route renders the Music & Playback section; `returnTo` is the path
 * Spotify should come back to (default: the current path).
 */
@customElement("cad-music-connect")
export class CadMusicConnect extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.25rem;
        margin: 0 0 var(--cad-space-2);
      }
      h3 {
        font-size: 1rem;
        margin: var(--cad-space-3) 0 var(--cad-space-2);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        align-items: center;
        margin-block: var(--cad-space-2);
      }
      .bpm {
        display: grid;
        grid-template-columns: max-content 6rem 6rem;
        gap: var(--cad-space-1) var(--cad-space-2);
        align-items: center;
      }
      .bpm input {
        min-width: 0;
      }
      [role="status"] {
        margin-block: var(--cad-space-2);
      }
    `,
  ];

  @consume({ context: repoContext, subscribe: true })
  @property({ attribute: false })
  repo: Repo | undefined;

  /** The music document, when the host already knows it (account.links.music); otherwise asked of the server. */
  @property({ attribute: false }) musicDocUrl: string | null = null;
  @property() returnTo: string | null = null;

  @state() private status: MusicStatus | null = null;
  @state() private message: string | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  @state() private doc: MusicDoc | null = null;
  #handle: DocHandle<MusicDoc> | null = null;
  #onChange = () => {
    this.doc = this.#handle?.doc() ?? null;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#handle?.off("change", this.#onChange);
  }

  async #start(): Promise<void> {
    const back = await completeSpotifyReturn();
    if (back?.outcome === "connected") this.message = mt("music.settings.connected");
    else if (back?.outcome === "denied") this.message = mt("music.settings.denied");
    else if (back?.outcome === "error") this.error = back.message ?? mt("music.settings.failed");
    await this.#refresh();
    await this.#openDoc();
  }

  async #refresh(): Promise<void> {
    try {
      this.status = await musicApi.status();
    } catch (err) {
      this.error = err instanceof MusicApiError ? err.message : String(err);
    }
  }

  async #openDoc(): Promise<void> {
    if (!this.repo) return;
    try {
      const url = this.musicDocUrl ?? (await musicApi.musicDocument()).musicDocUrl;
      this.#handle = await this.repo.find<MusicDoc>(url as never);
      this.#handle.on("change", this.#onChange);
      this.#onChange();
    } catch {
      // Offline or no document yet: the BPM and history controls stay hidden.
    }
  }

  async #run(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = null;
    try {
      await task();
    } catch (err) {
      this.error = err instanceof MusicApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  #connect = () => this.#run(() => startSpotifyConnect(this.returnTo ?? window.location.pathname));

  #disconnect = () =>
    this.#run(async () => {
      await musicApi.disconnect();
      this.message = mt("music.settings.disconnected");
      await this.#refresh();
    });

  #clear = () => {
    if (!this.#handle || !window.confirm(mt("music.settings.clearConfirm"))) return;
    clearHistory(this.#handle);
    this.message = mt("music.settings.cleared");
  };

  #bpm(phase: MusicPhase, end: "min" | "max", event: Event): void {
    const input = event.target as HTMLInputElement;
    const value = Number(input.value);
    const current = this.doc?.bpmTargets[phase];
    if (!this.#handle || !current) return;
    const ok = setBpmTarget(this.#handle, phase, { ...current, [end]: value });
    input.setAttribute("aria-invalid", ok ? "false" : "true");
  }

  override render(): TemplateResult {
    const s = this.status;
    return html`<section aria-labelledby="music-title">
      <h2 id="music-title">${mt("music.settings.title")}</h2>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      ${s === null ? nothing : this.#renderStatus(s)} ${this.#renderTargets()}
      ${
        this.doc
          ? html`<div class="row">
              <button class="secondary" type="button" @click=${this.#clear}>
                ${mt("music.settings.clearHistory")}
              </button>
            </div>`
          : nothing
      }
    </section>`;
  }

  #renderStatus(s: MusicStatus): TemplateResult {
    if (!s.configured) {
      return html`<p>${mt("music.settings.notConfigured")}</p>
        ${s.reason ? html`<p class="hint">${s.reason}</p>` : nothing}`;
    }
    const line = s.connected
      ? mt("music.settings.connected")
      : s.needsReconnect
        ? mt("music.settings.needsReconnect")
        : mt("music.settings.notConnected");
    return html`<p>${line}</p>
      <div class="row">
        ${
          s.connected
            ? html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${this.#disconnect}>
                ${mt("music.settings.disconnect")}
              </button>`
            : html`<button type="button" ?disabled=${this.busy} @click=${this.#connect}>
                ${s.needsReconnect ? mt("music.settings.reconnect") : mt("music.settings.connect")}
              </button>`
        }
      </div>
      <p class="hint">${mt("music.settings.premiumNote")}</p>
      <p class="hint">${mt("music.settings.tempoSources", { sources: s.tempoSources.join(", ") })}</p>`;
  }

  #renderTargets(): TemplateResult | typeof nothing {
    const targets = this.doc?.bpmTargets;
    if (!targets) return nothing;
    return html`<h3>${mt("music.settings.bpmTitle")}</h3>
      <div class="bpm">
        ${MUSIC_PHASES.map((phase) => {
          const r = targets[phase];
          const name = mt(`music.phase.${phase}`);
          return html`<span>${name}</span>
            <input
              type="number"
              inputmode="numeric"
              min="40"
              max="240"
              aria-label="${name} min"
              .value=${String(Math.min(r.min, r.max))}
              @change=${(e: Event) => this.#bpm(phase, "min", e)}
            />
            <input
              type="number"
              inputmode="numeric"
              min="40"
              max="240"
              aria-label="${name} max"
              .value=${String(Math.max(r.min, r.max))}
              @change=${(e: Event) => this.#bpm(phase, "max", e)}
            />`;
        })}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-music-connect": CadMusicConnect;
  }
}
