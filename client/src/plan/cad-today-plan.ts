/**
 * Today's plan area: the context window (sticky) with the recovery picker, "Generate today's plan", the request's
 * state (requested → generating → ready / failed with the reason and "try again at"), the plan by phases with
 * "why today looks like this", and regenerate / edit / accept. While there is no answer (offline, queued,
 * generating, failed) the rule plan this device made for the same request is shown, so a plan is there at
 * once and only one plan is ever shown for a request. Mount it in the Today screen: `<cad-today-plan>`.
 */
import { consume } from "@lit/context";
import { estimatePlanMinutes, recoveryLevelOf, type Plan } from "@cadence/shared-schema/plan";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatTime, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-context-window.js";
import "./cad-coach-feedback.js";
import "./cad-plan-view.js";
import type { RecoveryChangeEvent } from "./cad-recovery-picker.js";
import type { PlanEditEvent } from "./cad-plan-view.js";
import { pt } from "./plan-i18n.js";
import { TodayPlanController, type ContextNoteDraft } from "./today-plan-controller.js";

@localized()
@customElement("cad-today-plan")
export class CadTodayPlan extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .plan {
        margin-block-start: var(--cad-space-3);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-2);
        margin-block: var(--cad-space-3);
      }
      .status {
        margin: 0 0 var(--cad-space-1);
      }
      .source {
        color: var(--cad-color-muted);
        margin: 0 0 var(--cad-space-2);
      }
      .notice {
        border-inline-start: 4px solid var(--cad-color-accent);
        padding-inline-start: var(--cad-space-2);
      }
      .morning {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        font-weight: 500;
        min-height: var(--cad-target-size);
      }
      .morning input {
        width: 1.25rem;
        height: 1.25rem;
      }
    `,
  ];

  readonly #plan = new TodayPlanController(this);

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  @state() private editing = false;
  /** The context window's open state as the person set it; null: open until today has a plan, then closed. */
  @state() private contextCollapsed: boolean | null = null;
  /** The person's edits of the shown plan, for the request they were made on. */
  @state() private draft: { requestId: string; plan: Plan } | null = null;

  protected override willUpdate(): void {
    // Edits belong to the request they were made on: a new request (regenerate, another device) drops them.
    const id = this.#plan.view?.request?.id;
    if (this.draft && this.draft.requestId !== id) {
      this.draft = null;
      this.editing = false;
    }
  }

  override render(): TemplateResult {
    const ctrl = this.#plan;
    if (!ctrl.ready) return html``;
    return html`<cad-context-window
        .recovery=${ctrl.recoveryLevel}
        .entries=${ctrl.entries}
        .consent=${ctrl.consent}
        ?disabled=${ctrl.busy}
        ?collapsed=${this.contextCollapsed ?? (ctrl.view?.status ?? "none") !== "none"}
        @context-toggle=${(e: CustomEvent<{ collapsed: boolean }>) => (this.contextCollapsed = e.detail.collapsed)}
        @recovery-change=${(e: RecoveryChangeEvent) => void ctrl.setRecovery(e.detail.level)}
        @context-note=${(e: CustomEvent<ContextNoteDraft>) => void ctrl.addNote(e.detail)}
        @context-delete=${(e: CustomEvent<{ id: string }>) => ctrl.deleteNote(e.detail.id)}
      ></cad-context-window>
      <section class="plan" aria-labelledby="plan-heading" data-testid="today-plan">
        <h2 id="plan-heading">${pt("plan.heading")}</h2>
        ${this.#content()}
        <label class="morning">
          <input
            type="checkbox"
            .checked=${ctrl.eachMorning}
            @change=${(e: Event) => (ctrl.eachMorning = (e.target as HTMLInputElement).checked)}
          />
          ${pt("plan.eachMorning")}
        </label>
      </section>
      <cad-coach-feedback></cad-coach-feedback>`;
  }

  #content(): TemplateResult {
    const ctrl = this.#plan;
    const view = ctrl.view;
    if (!view || view.status === "none" || !view.request) {
      return html`<p class="hint">${pt("plan.generateHint")}</p>
        <button ?disabled=${ctrl.busy} @click=${() => void ctrl.generate()}>${pt("plan.generate")}</button>
        ${ctrl.error ? html`<p class="error" role="alert">${ctrl.error}</p>` : nothing}`;
    }
    const request = view.request;
    const draft = this.draft?.requestId === request.id ? this.draft.plan : null;
    const accepted = ctrl.acceptedRequestId === request.id && !draft;
    // Once accepted, show what today's workout got (it may carry the person's edits).
    const acceptedPlan = accepted ? (ctrl.workout.doc?.plan as Plan | null | undefined) : null;
    const plan = draft ?? acceptedPlan ?? view.plan;
    const recovery = recoveryLevelOf(request.input.planInput.recovery.bias);
    return html`<p class="status" role="status" data-testid="plan-status" data-status=${view.status}>
        ${this.#statusText(view.status, view.error, view.retryAt)}
      </p>
      <p
        class="source"
        data-testid="plan-source"
        data-source=${view.origin === "device" ? "device" : (view.source ?? "")}
      >
        ${
          view.origin === "device"
            ? pt("plan.source.device")
            : view.source
              ? pt(`plan.source.${view.source}`)
              : nothing
        }
        ${view.fallbackReason ? html`<br />${pt("plan.fallback", { reason: view.fallbackReason })}` : nothing}
      </p>
      ${ctrl.stale ? html`<p class="notice" data-testid="plan-stale">${pt("plan.stale")}</p>` : nothing}
      <cad-plan-view
        .plan=${plan}
        .recovery=${recovery}
        .corrections=${view.origin === "worker" ? (request.result?.corrections ?? []) : []}
        ?editing=${this.editing}
        @plan-edit=${(e: PlanEditEvent) => {
          const edited = e.detail.plan;
          this.draft = {
            requestId: request.id,
            plan: { ...edited, estimatedMinutes: estimatePlanMinutes(edited) },
          };
        }}
      ></cad-plan-view>
      <div class="actions">
        <button class="secondary" ?disabled=${ctrl.busy} @click=${this.#regenerate}>
          ${pt("plan.regenerate")}
        </button>
        <button
          class="secondary"
          ?disabled=${!plan || plan.phases.length === 0}
          @click=${() => (this.editing = !this.editing)}
        >
          ${this.editing ? pt("plan.doneEditing") : pt("plan.edit")}
        </button>
        <button
          ?disabled=${ctrl.busy || !plan || plan.phases.length === 0 || accepted}
          @click=${() => void this.#accept(plan)}
        >
          ${pt("plan.accept")}
        </button>
      </div>
      ${
        accepted
          ? html`<p class="notice" data-testid="plan-accepted">
              ${pt("plan.accepted")} <a href="/workout">${pt("plan.openWorkout")}</a>
            </p>`
          : nothing
      }
      ${
        ctrl.error
          ? html`<p class="error" role="alert">
              ${ctrl.error === "has-logs" ? pt("plan.hasLogs") : pt("plan.acceptFailed", { reason: ctrl.error })}
            </p>`
          : nothing
      }`;
  }

  #statusText(status: string, error: string | null, retryAt: string | null): string {
    if (status === "failed") {
      const retry = retryAt ? ` ${pt("plan.status.retryAt", { time: formatTime(retryAt, this.units) })}` : "";
      return pt("plan.status.failed", { reason: error ?? "" }) + retry;
    }
    if (status === "requested" || status === "queued" || status === "working" || status === "done") {
      return pt(`plan.status.${status}`);
    }
    return status;
  }

  #regenerate = (): void => {
    this.draft = null;
    this.editing = false;
    void this.#plan.generate();
  };

  async #accept(plan: Plan | null): Promise<void> {
    if (!plan) return;
    await this.#plan.accept(plan);
    if (!this.#plan.error) {
      this.draft = null;
      this.editing = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-today-plan": CadTodayPlan;
  }
}
