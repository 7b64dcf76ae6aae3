import { consume } from "@lit/context";
import type { AccountDoc } from "@cadence/shared-schema";
import { canonicalPlanRequest } from "@cadence/shared-schema/requests";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { sessionContext, syncStatusContext, unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatTime, type Units } from "../format.js";
import type { Session } from "../api.js";
import { localized } from "../i18n/index.js";
import type { SyncSnapshot, SyncStatus } from "../sync/sync-status.js";
import { controlStyles } from "../styles/shared.js";
import { localDate } from "../workout/workouts.js";
import { activeNudges, NudgeDismissals, type Nudge, type NudgeInputs } from "./nudges.js";
import { nt, ntPlural } from "./strings.js";

type Slice = Pick<NudgeInputs, "links" | "daysPerWeek" | "reminderTime" | "planReady">;

/** How often the clock is read, so the daily reminder appears at its time while the app stays open. */
const TICK_MS = 30_000;

/**
 * Gentle nudges on Today while the app is open: today's plan or workout is ready, the daily reminder at the
 * chosen time, a week streak at risk, changes not yet synced. Each can be dismissed for the rest of the day
 * (src/nudges/nudges.ts says where that is kept). The list is a polite live region: a nudge that appears while
 * the person is on Today is announced once.
 */
@localized()
@customElement("cad-nudges")
export class CadNudges extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-2);
        background: var(--cad-color-tint);
        color: var(--cad-color-fg);
        border-radius: calc(var(--cad-radius) * 2);
        padding: var(--cad-space-2) var(--cad-space-3);
        margin-block-end: var(--cad-space-2);
      }
      li p {
        flex: 1 1 16rem;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: var(--cad-space-2);
        align-items: center;
      }
      button.quiet {
        color: var(--cad-color-fg);
      }
    `,
  ];

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private session: Session | undefined;

  @consume({ context: syncStatusContext, subscribe: true })
  @state()
  private syncStatus: SyncStatus | undefined;

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  @state() private snapshot: SyncSnapshot | undefined;
  @state() private now = new Date();
  @state() private syncError = false;

  readonly #account = new AccountController<Slice>(this, (doc: AccountDoc) => {
    const today = localDate();
    const request = canonicalPlanRequest(doc, today);
    return {
      links: Object.fromEntries(
        Object.entries(doc.links.workouts).map(([id, l]) => [id, { date: l.date, status: l.status }]),
      ),
      daysPerWeek: doc.onboarding.daysPerWeek,
      reminderTime: doc.settings.reminderTime,
      planReady: request !== null && request.status !== "failed",
    };
  });
  #unsubscribe: (() => void) | undefined;
  #subscribedTo: SyncStatus | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => (this.now = new Date()), TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#subscribedTo = undefined;
  }

  protected override willUpdate(): void {
    if (this.syncStatus !== this.#subscribedTo) {
      this.#unsubscribe?.();
      this.#subscribedTo = this.syncStatus;
      this.#unsubscribe = this.syncStatus?.subscribe((snapshot) => (this.snapshot = snapshot));
      this.snapshot = this.syncStatus?.snapshot;
    }
  }

  override render(): TemplateResult | typeof nothing {
    const slice = this.#account.value;
    const userId = this.session?.user.id;
    if (!slice || !userId) return nothing;
    const today = localDate(this.now);
    const dismissals = new NudgeDismissals(userId);
    const time = `${String(this.now.getHours()).padStart(2, "0")}:${String(this.now.getMinutes()).padStart(2, "0")}`;
    const snapshot = this.snapshot;
    const nudges = activeNudges({
      ...slice,
      today,
      time,
      unsynced: snapshot?.unsynced ?? 0,
      connected: snapshot?.connection === "connected",
    }).filter((n) => !dismissals.isDismissed(n.kind, today));
    return html`<section aria-label=${nt("nudges.label")} data-testid="nudges">
      <ul role="status">
        ${nudges.map((n) => this.#nudge(n, () => this.#dismiss(dismissals, n, today)))}
      </ul>
    </section>`;
  }

  #nudge(nudge: Nudge, dismiss: () => void): TemplateResult {
    const text = this.#text(nudge);
    return html`<li data-testid="nudge" data-kind=${nudge.kind}>
      <p>${text}</p>
      <div class="actions">
        ${this.#action(nudge)}
        <button class="quiet" aria-label=${nt("nudges.dismissNamed", { what: text })} @click=${dismiss}>
          ${nt("nudges.dismiss")}
        </button>
      </div>
    </li>`;
  }

  #text(nudge: Nudge): string {
    switch (nudge.kind) {
      case "plan-ready":
        return nt("nudges.planReady");
      case "workout-ready":
        return nt("nudges.workoutReady");
      case "reminder":
        return nt("nudges.reminder", {
          time: formatTime(new Date(`2000-01-01T${nudge.time}:00`), this.units),
        });
      case "streak-at-risk":
        return ntPlural("nudges.streak", nudge.needed, { weeks: nudge.weeks, needed: nudge.needed });
      case "unsynced":
        return this.syncError
          ? `${ntPlural("nudges.unsynced", nudge.count)} ${nt("nudges.syncFailed")}`
          : ntPlural("nudges.unsynced", nudge.count);
    }
  }

  #action(nudge: Nudge): TemplateResult | typeof nothing {
    if (nudge.kind === "workout-ready" || nudge.kind === "reminder") {
      return html`<a class="link-button primary" href="/workout">${nt("nudges.openWorkout")}</a>`;
    }
    if (nudge.kind === "unsynced" && this.syncStatus) {
      const status = this.syncStatus;
      return html`<button
        ?disabled=${this.snapshot?.roundRunning === true}
        @click=${async () => {
          this.syncError = (await status.syncNow()) !== "synced";
        }}
      >
        ${nt("nudges.syncNow")}
      </button>`;
    }
    return nothing;
  }

  #dismiss(dismissals: NudgeDismissals, nudge: Nudge, today: string): void {
    dismissals.dismiss(nudge.kind, today);
    this.requestUpdate();
    // Focus would otherwise fall to the page: keep it in the list, or on the Today heading when it is empty.
    void this.updateComplete.then(() => {
      const next = this.renderRoot.querySelector<HTMLElement>("li button, li a");
      next?.focus();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-nudges": CadNudges;
  }
}
