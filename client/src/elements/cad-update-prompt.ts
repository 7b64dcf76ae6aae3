import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized, t } from "../i18n/index.js";
import { applyUpdate, onUpdateAvailable, updateAvailable } from "../pwa.js";
import { controlStyles } from "../styles/shared.js";

/**
 * "Reload to update": shown when a newly deployed version has installed in the background. The running
 * session keeps its version (nothing breaks mid-workout) until the user chooses to reload, or dismisses the
 * offer until the next start.
 */
@localized()
@customElement("cad-update-prompt")
export class CadUpdatePrompt extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .toast {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-2) var(--cad-space-3);
        padding: var(--cad-space-3);
        border-radius: calc(var(--cad-radius) * 2);
        background: var(--cad-color-surface);
        color: var(--cad-color-fg);
        border: 2px solid var(--cad-color-accent);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      }
      p {
        margin: 0;
        flex: 1 1 12rem;
      }
      .actions {
        display: flex;
        gap: var(--cad-space-2);
      }
    `,
  ];

  @state() private available = updateAvailable();
  @state() private dismissed = false;
  @state() private reloading = false;

  #stop: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stop = onUpdateAvailable(() => (this.available = true));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
  }

  override render(): TemplateResult {
    const show = this.available && !this.dismissed;
    return html`<div role="status">
      ${
        show
          ? html`<div class="toast">
              <p>${t("update.available")}</p>
              <div class="actions">
                <button class="secondary" @click=${() => (this.dismissed = true)}>
                  ${t("update.later")}
                </button>
                <button ?disabled=${this.reloading} @click=${this.#reload}>${t("update.reload")}</button>
              </div>
            </div>`
          : nothing
      }
    </div>`;
  }

  async #reload() {
    this.reloading = true;
    await applyUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-update-prompt": CadUpdatePrompt;
  }
}
