import type { Settings } from "@cadence/shared-schema";
import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { localized, t } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-empty-state.js";

/**
 * Music: Spotify, Session Mix playlists and BPM matching. Connecting Spotify is the music issue's (which
 * replaces this element); until then the screen says so and shows the playback preferences already saved.
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
      p {
        margin: 0;
      }
      dl {
        display: grid;
        grid-template-columns: 1fr max-content;
        gap: var(--cad-space-1) var(--cad-space-3);
        margin: 0 0 var(--cad-space-3);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      section {
        margin-block-start: var(--cad-space-4);
      }
    `,
  ];

  readonly #account = new AccountController<Settings["music"]>(this, (doc) => ({ ...doc.settings.music }));

  override render(): TemplateResult {
    const music = this.#account.value;
    const onOff = (on: boolean) => (on ? t("common.on") : t("common.off"));
    return html`<h1>${t("music.title")}</h1>
      <cad-empty-state icon="music" heading=${t("music.emptyHeading")}>
        <p>${t("music.emptyBody")}</p>
      </cad-empty-state>
      <section class="card" aria-labelledby="playback-heading">
        <h2 id="playback-heading">${t("music.preferencesHeading")}</h2>
        ${
          music
            ? html`<dl>
                <dt>${t("settings.music.sessionMix")}</dt>
                <dd>${onOff(music.sessionMix)}</dd>
                <dt>${t("settings.music.bpmMatching")}</dt>
                <dd>${onOff(music.sessionMix && music.bpmMatching)}</dd>
              </dl>`
            : html`<p role="status">${t("account.loading")}</p>`
        }
        <a href="/settings#music">${t("music.changePreferences")}</a>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-music": CadMusic;
  }
}
