import { consume } from "@lit/context";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { syncStatusContext } from "../context.js";
import { t, tPlural } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import type { SyncSnapshot, SyncStatus } from "../sync-status.js";

/**
 * Online / offline / connecting, and how many peers this device is connected to, announced politely when it
 * changes. "Syncing" is shown beside it but kept out of the live region: it flickers with every change.
 */
@customElement("cad-sync-status")
export class CadSyncStatus extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: var(--cad-space-2);
        min-height: var(--cad-target-size);
        font-size: 0.875rem;
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
      .dot.offline {
        background: transparent;
        border: 2px solid var(--cad-color-muted);
      }
      .syncing {
        color: var(--cad-color-muted);
      }
    `,
  ];

  @consume({ context: syncStatusContext, subscribe: true })
  @state()
  private status: SyncStatus | undefined;

  @state() private snapshot: SyncSnapshot | undefined;

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
    const { connection, peers, syncing } = snapshot;
    const text =
      connection === "connected"
        ? `${t("sync.connected")} · ${tPlural("sync.peers", peers)}`
        : connection === "offline"
          ? t("sync.offline")
          : t("sync.connecting");
    return html`<span class="dot ${connection}" aria-hidden="true"></span>
      <span role="status" aria-live="polite"
        ><span class="visually-hidden">${t("sync.label")}: </span>${text}</span
      >
      ${syncing ? html`<span class="syncing">${t("sync.syncing")}</span>` : nothing}`;
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
