import { consume } from "@lit/context";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { syncStatusContext, unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatDateTime, formatTime, type Units } from "../format.js";
import { localized, t, tPlural } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import type { SyncSnapshot, SyncStatus } from "../sync/sync-status.js";

/**
 * Where this device's changes stand: online, offline, syncing, or how many changes have not reached the
 * server; with "Sync now" when the user syncs manually or daily. Only connection changes are announced (in a
 * polite live region): the count changes with every edit and would drown a screen reader.
 */
@localized()
@customElement("cad-sync-status")
export class CadSyncStatus extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-1) var(--cad-space-2);
        min-height: var(--cad-target-size);
        font-size: 0.875rem;
      }
      .state {
        display: inline-flex;
        align-items: center;
        gap: var(--cad-space-2);
      }
      .dot {
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 50%;
        flex: none;
        background: var(--cad-color-warning);
      }
      .dot.connected {
        background: var(--cad-color-success);
      }
      .dot.paused {
        background: var(--cad-color-muted);
      }
      .dot.offline {
        background: transparent;
        border: 2px solid var(--cad-color-muted);
      }
      .dot.pending {
        background: var(--cad-color-warning);
      }
      button {
        padding: 0 var(--cad-space-2);
        font-size: 0.875rem;
      }
      .error {
        font-size: 0.875rem;
        flex-basis: 100%;
      }
    `,
  ];

  @consume({ context: syncStatusContext, subscribe: true })
  @state()
  private status: SyncStatus | undefined;

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  @state() private snapshot: SyncSnapshot | undefined;
  @state() private roundFailed = false;

  #unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("status" as keyof CadSyncStatus)) this.#subscribe();
  }

  override render(): TemplateResult | typeof nothing {
    const snapshot = this.snapshot;
    if (!snapshot) return nothing;
    const { connection, unsynced, mode, roundRunning } = snapshot;
    const manual = mode !== "realtime";
    const dot = unsynced > 0 && connection !== "offline" ? "pending" : connection;
    return html`<span class="state" data-connection=${connection} data-unsynced=${unsynced}>
        <span class="dot ${dot}" aria-hidden="true"></span>
        <span>${this.#text(snapshot)}</span>
      </span>
      <span class="visually-hidden" role="status">${t("sync.label")}: ${this.#connectionText(snapshot)}</span>
      ${
        manual
          ? html`<button
              class="secondary"
              ?disabled=${roundRunning || connection === "offline"}
              aria-busy=${roundRunning ? "true" : "false"}
              @click=${this.#syncNow}
            >
              ${roundRunning ? t("sync.syncing") : t("sync.now")}
            </button>`
          : nothing
      }
      <p class="error" role="alert">${this.roundFailed ? t("sync.failed") : ""}</p>`;
  }

  #text(snapshot: SyncSnapshot): string {
    const { connection, unsynced, syncing, roundRunning, lastSyncedAt } = snapshot;
    if (unsynced > 0) {
      const pending = tPlural("sync.unsynced", unsynced);
      return connection === "offline" ? `${t("sync.offline")} · ${pending}` : pending;
    }
    if (connection === "offline") return t("sync.offline");
    if (syncing || roundRunning) return t("sync.syncing");
    if (connection === "connecting") return t("sync.connecting");
    if (connection === "connected") return t("sync.online");
    if (!lastSyncedAt) return t("sync.neverSynced");
    const today = new Date().toDateString() === new Date(lastSyncedAt).toDateString();
    return t("sync.lastSynced", {
      time: today ? formatTime(lastSyncedAt, this.units) : formatDateTime(lastSyncedAt, this.units),
    });
  }

  /** What the live region says: the connection only. */
  #connectionText({ connection }: SyncSnapshot): string {
    if (connection === "offline") return t("sync.offline");
    if (connection === "paused") return t("sync.paused");
    if (connection === "connecting") return t("sync.connecting");
    return t("sync.online");
  }

  async #syncNow() {
    if (!this.status) return;
    this.roundFailed = false;
    const result = await this.status.syncNow();
    this.roundFailed = result === "unreachable";
  }

  #subscribe() {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const status = this.status;
    this.snapshot = status?.snapshot;
    if (status) this.#unsubscribe = status.subscribe((snapshot) => (this.snapshot = snapshot));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-sync-status": CadSyncStatus;
  }
}
