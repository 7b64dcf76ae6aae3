import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { isAccountDeleted } from "./account-deleted.js";
import { getExport, listExports, requestExport, type ExportInfo } from "./api.js";
import { errorText, fire, subsectionStyles } from "./element-support.js";
import { s, when } from "./strings.js";

const POLL_MS = 1000;

/**
 * "Download your data" (spec flow 15): asks the server for an export, shows its progress, and offers the
 * signed download link when it is ready (a fresh link each time the status is read; each works for an hour).
 *
 * @fires account-deleted - the server says the account no longer exists; the app wipes this device.
 */
@localized()
@customElement("cad-export")
export class CadExport extends LitElement {
  static override styles = [
    controlStyles,
    subsectionStyles,
    css`
      progress {
        width: 100%;
        height: 0.75rem;
      }
    `,
  ];

  @state() private current: ExportInfo | null = null;
  @state() private error = "";
  @state() private busy = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  private async load(): Promise<void> {
    try {
      const all = await listExports();
      this.current = all[0] ?? null;
      this.error = "";
      this.poll();
    } catch (error) {
      this.handle(error);
    }
  }

  private poll(): void {
    clearTimeout(this.#timer);
    const e = this.current;
    if (!e || (e.status !== "queued" && e.status !== "running") || !this.isConnected) return;
    this.#timer = setTimeout(() => {
      getExport(e.id)
        .then((next) => {
          this.current = next;
          this.poll();
        })
        .catch((error: unknown) => this.handle(error));
    }, POLL_MS);
  }

  private handle(error: unknown): void {
    if (isAccountDeleted(error)) fire(this, "account-deleted");
    this.error = errorText(error);
  }

  private async start(): Promise<void> {
    this.busy = true;
    try {
      this.current = await requestExport();
      this.error = "";
      this.poll();
    } catch (error) {
      this.handle(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const e = this.current;
    const working = e?.status === "queued" || e?.status === "running";
    return html`
      <h3>${s("exportTitle")}</h3>
      <p class="hint">${s("exportIntro")}</p>
      ${
        working
          ? html`<p role="status">
                ${e.status === "queued" ? s("exportQueued") : s("exportWorking", { n: e.progress })}
              </p>
              <progress max="100" .value=${e.progress} aria-label=${s("exportTitle")}></progress>`
          : nothing
      }
      ${
        e?.status === "succeeded" && e.downloadUrl
          ? html`<p role="status">${s("exportReady")}</p>
              <p><a class="link-button primary" href=${e.downloadUrl} download>${s("exportDownload")}</a></p>
              ${e.expiresAt ? html`<p class="hint">${s("exportKept", { date: when(e.expiresAt) })}</p>` : nothing}`
          : nothing
      }
      ${e?.status === "failed" ? html`<p class="error" role="alert">${e.error ?? s("exportFailed")}</p>` : nothing}
      ${e?.status === "expired" ? html`<p class="hint">${s("exportExpired")}</p>` : nothing}
      ${
        working
          ? nothing
          : html`<button ?disabled=${this.busy} @click=${() => void this.start()}>
              ${e ? s("exportAgain") : s("exportStart")}
            </button>`
      }
      <p class="error" role="alert">${this.error}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-export": CadExport;
  }
}
