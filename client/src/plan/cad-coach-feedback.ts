/**
 * Coach feedback after a finished session (spec flow 10), on Today: for the latest workout finished in the last
 * day, the feedback the worker wrote into it (the model's words, or the rules'). When the workout has neither
 * feedback nor a feedback request, this device asks for it (a `feedback` request in the workout document);
 * until the answer arrives, the same rule-based feedback the worker would give is shown, computed here.
 */
import { ContextConsumer } from "@lit/context";
import { newDocRequest, type AccountDoc, type WorkoutDoc } from "@cadence/shared-schema";
import { feedbackFacts, ruleFeedback } from "@cadence/shared-schema/requests";
import { encodeChangeMessage } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { repoContext, sessionContext } from "../context.js";
import { DocController } from "../doc-controller.js";
import { currentLocale, localized, type Locale } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { pt } from "./plan-i18n.js";

const RECENT_MS = 24 * 3600_000;

/** Writes a feedback request into a finished workout (call it where a session is finished). */
export function feedbackRequestChange(
  locale: Locale,
  by: string,
  deviceId: string,
): { apply: (doc: WorkoutDoc) => void; options: { message: string; time: number } } {
  const request = newDocRequest("feedback", { v: 1, locale }, { deviceId });
  return {
    apply: (doc) => {
      const pending = Object.values(doc.requests).some((r) => r.kind === "feedback" && r.status !== "failed");
      if (!pending) doc.requests[request.id] = request;
    },
    options: {
      message: encodeChangeMessage({ by, deviceId, action: "requestFeedback" }),
      time: Math.floor(Date.now() / 1000),
    },
  };
}

@localized()
@customElement("cad-coach-feedback")
export class CadCoachFeedback extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      p {
        white-space: pre-line;
      }
    `,
  ];

  readonly #repo = new ContextConsumer(this, { context: repoContext, subscribe: true });
  readonly #session = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  readonly #account = new DocController<AccountDoc>(this, () => ({
    repo: this.#repo.value,
    url: this.#session.value?.rootDocUrl,
  }));
  readonly #workout = new DocController<WorkoutDoc>(this, () => ({
    repo: this.#repo.value,
    url: this.#latestFinishedUrl() ?? undefined,
  }));
  #asked = new Set<string>();

  #latestFinishedUrl(): string | null {
    const links = Object.values(this.#account.doc?.links.workouts ?? {});
    const yesterday = new Date(Date.now() - RECENT_MS).toISOString().slice(0, 10);
    const done = links.filter((l) => l.status === "completed" && l.date >= yesterday);
    return (
      done.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.url < b.url ? -1 : 1))[0]?.url ??
      null
    );
  }

  override updated(): void {
    const doc = this.#workout.doc;
    const handle = this.#workout.handle;
    const repo = this.#repo.value;
    const userId = this.#session.value?.user.id;
    if (!doc || !handle || !repo || !userId || doc.status !== "completed" || doc.feedback) return;
    const finished = doc.finishedAt ? Date.parse(doc.finishedAt) : 0;
    if (Date.now() - finished > RECENT_MS || this.#asked.has(handle.documentId)) return;
    const pending = Object.values(doc.requests).some((r) => r.kind === "feedback" && r.status !== "failed");
    this.#asked.add(handle.documentId);
    if (pending) return;
    const change = feedbackRequestChange(currentLocale(), userId, repo.peerId);
    this.#workout.change(change.apply, change.options.message);
  }

  override render(): TemplateResult | typeof nothing {
    const doc = this.#workout.doc;
    if (!doc || doc.status !== "completed") return nothing;
    const fb = doc.feedback;
    const local = fb ? null : ruleFeedback(feedbackFacts(doc), currentLocale());
    return html`<section class="card" aria-labelledby="feedback-heading" data-testid="coach-feedback">
      <h2 id="feedback-heading">${pt("feedback.heading")}</h2>
      ${
        fb
          ? html`<p>${fb.text}</p>`
          : html`<p class="hint" role="status">${pt("feedback.waiting")}</p>
              <p>${local!.summary} ${local!.suggestion}</p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-coach-feedback": CadCoachFeedback;
  }
}
