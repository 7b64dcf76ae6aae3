import { consume } from "@lit/context";
import type { DocHandle, Repo } from "@automerge/automerge-repo/slim";
import { MUSIC_PHASES, type MusicDoc, type MusicPhase } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repoContext } from "../context.js";
import { formatList } from "../format.js";
import { localized } from "../i18n/index.js";
import { musicApi, type MusicStatus } from "../music/api.js";
import { completeSpotifyReturn, startSpotifyConnect } from "../music/connect-return.js";
import { connectOutcomeText, explainMusicError } from "../music/errors.js";
import { clearHistory, setBpmTarget } from "../music/music-doc.js";
import { mt, type MusicMessageKey } from "../music/strings.js";
import { controlStyles } from "../styles/shared.js";

const SOURCE_NAMES: Readonly<Record<string, MusicMessageKey>> = {
  spotify: "music.source.spotify",
  provider: "music.source.provider",
  user: "music.source.user",
  file: "music.source.file",
};
const sourceName = (id: string): string => (SOURCE_NAMES[id] ? mt(SOURCE_NAMES[id]) : id);

/**
 * Settings → Music and playback: connect, reconnect or disconnect Spotify (finishing the connect when Spotify sends
 * the browser back here), the tempo sources this server uses, the target tempo per phase, and "Clear music
 * history". Mounted in Settings → Music and playback (`embedded`: the section's own h2 is its heading);
 * `return-to` is where Spotify sends the browser back (default: the current path), where this element finishes the
 * connection (`?spotify=…`) and removes the parameters from the address.
 */
@localized()
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
      .message {
        margin-block: var(--cad-space-2);
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

  @consume({ context: repoContext, subscribe: true })
  @property({ attribute: false })
  repo: Repo | undefined;

  /** The music document, when the host already knows it (account.links.music); otherwise asked of the server. */
  @property({ attribute: false }) musicDocUrl: string | null = null;
  @property({ attribute: "return-to" }) returnTo: string | null = null;
  /** Inside a settings section that already has the heading: no h2 of its own. */
  @property({ type: Boolean }) embedded = false;

  @state() private status: MusicStatus | null = null;
  @state() private message: string | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  @state() private doc: MusicDoc | null = null;
  /** Phases whose BPM inputs hold a value that was refused. */
  @state() private badBpm = new Set<string>();
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
    const back = connectOutcomeText(await completeSpotifyReturn());
    if (back?.ok) this.message = back.text;
    else if (back) this.error = back.text;
    await this.#refresh();
    await this.#openDoc();
  }

  async #refresh(): Promise<void> {
    try {
      this.status = await musicApi.status();
    } catch (err) {
      this.error = explainMusicError(err);
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
      this.error = explainMusicError(err);
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
    const ok = input.value !== "" && setBpmTarget(this.#handle, phase, { ...current, [end]: value });
    const bad = new Set(this.badBpm);
    if (ok) bad.delete(`${phase}-${end}`);
    else bad.add(`${phase}-${end}`);
    this.badBpm = bad;
  }

  override render(): TemplateResult {
    const s = this.status;
    return html`<section aria-labelledby="music-connect-title">
      ${
        this.embedded
          ? html`<h3 id="music-connect-title">${mt("music.settings.spotifyHeading")}</h3>`
          : html`<h2 id="music-connect-title">${mt("music.settings.title")}</h2>`
      }
      <p class="message ok" role="status">${this.message ?? ""}</p>
      <p class="message error" role="alert">${this.error ?? ""}</p>
      ${s === null ? nothing : this.#renderStatus(s)} ${this.#renderTargets()}
      ${
        this.doc
          ? html`<h3>${mt("music.settings.clearHistory")}</h3>
              <p class="hint">${mt("music.settings.historyHint")}</p>
              <div class="row">
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
        <p class="hint">${mt("music.settings.notConfiguredHint")}</p>
        ${s.reason ? html`<p class="hint"><code>${s.reason}</code></p>` : nothing}`;
    }
    const line = s.connected
      ? mt("music.settings.connected")
      : s.needsReconnect
        ? mt("music.settings.needsReconnect")
        : mt("music.settings.notConnected");
    return html`<p data-testid="spotify-state">${line}</p>
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
      <p class="hint">
        ${mt("music.settings.tempoSources", { sources: formatList(s.tempoSources.map(sourceName)) })}
      </p>`;
  }

  #renderTargets(): TemplateResult | typeof nothing {
    const targets = this.doc?.bpmTargets;
    if (!targets) return nothing;
    const invalid = this.badBpm.size > 0;
    return html`<h3>${mt("music.settings.bpmTitle")}</h3>
      <div class="bpm">
        ${MUSIC_PHASES.map((phase) => {
          const r = targets[phase];
          const name = mt(`music.phase.${phase}`);
          const input = (end: "min" | "max", value: number) =>
            html`<input
              type="number"
              inputmode="numeric"
              min="40"
              max="240"
              aria-label=${mt(end === "min" ? "music.settings.bpmMin" : "music.settings.bpmMax", { phase: name })}
              aria-invalid=${this.badBpm.has(`${phase}-${end}`) ? "true" : "false"}
              aria-describedby=${invalid ? "bpm-error" : nothing}
              .value=${String(value)}
              @change=${(e: Event) => this.#bpm(phase, end, e)}
            />`;
          return html`<span aria-hidden="true">${name}</span> ${input("min", Math.min(r.min, r.max))}
            ${input("max", Math.max(r.min, r.max))}`;
        })}
      </div>
      ${invalid ? html`<p id="bpm-error" class="error">${mt("music.settings.bpmInvalid")}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-music-connect": CadMusicConnect;
  }
}
