import { ContextConsumer } from "@lit/context";
import type { DocHandle } from "@automerge/automerge-repo/slim";
import { WORKOUT_SCHEMA_VERSION, type WorkoutDoc } from "@cadence/shared-schema";
import {
  WorkoutOpError,
  addSet,
  editNotes,
  editSet,
  editTarget,
  logSet,
  restoreVersion,
  sessionView,
  viewAt,
  type EditContext,
  type WorkoutChange,
} from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { repoContext, sessionContext, unitsContext } from "../context.js";
import { DocController } from "../doc-controller.js";
import { DEFAULT_UNITS, formatDate, formatDateTime, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { prepareForWriting, setLinkStatus, workoutUrlOf } from "../workout/workouts.js";
import type { SetSaveEvent } from "./cad-set-editor.js";
import "./cad-version-timeline.js";
import type { VersionSelectDetail } from "./cad-version-timeline.js";
import "./cad-version-view.js";
import "./cad-workout-sets.js";
import type { CadWorkoutSets } from "./cad-workout-sets.js";
import { ht } from "./strings.js";
import { thisDevicePeers } from "./this-device.js";
import { TimelineController } from "./timeline-controller.js";

/**
 * One workout afterwards (spec flow 13): its exercises and sets, each correctable (what was done and the
 * target, in the user's unit), its notes, and its version timeline. Any earlier version opens read-only and can
 * be restored, as a new change after a confirmation. Every edit is a shared-schema operation applied to the
 * live document, so it carries who and which device, and merges with edits from other devices.
 */
@localized()
@customElement("cad-workout-detail")
export class CadWorkoutDetail extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .back {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
      }
      .sub {
        color: var(--cad-color-muted);
        margin: 0 0 var(--cad-space-3);
      }
      h2:focus {
        outline: none;
      }
      section {
        margin-block-end: var(--cad-space-4);
      }
      .notes-actions {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        margin-block-start: var(--cad-space-2);
      }
      .status:empty {
        display: none;
      }
    `,
  ];

  /** The workout's document id (the route's `:id`). */
  @property() workoutId = "";
  /** The version shown read-only, or null for the current one. */
  @state() private viewing: readonly string[] | null = null;
  @state() private notesDraft: string | null = null;
  @state() private message = "";
  @state() private error = "";
  @query("cad-workout-sets") private sets?: CadWorkoutSets;

  readonly #repo = new ContextConsumer(this, { context: repoContext, subscribe: true });
  readonly #session = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  readonly #units = new ContextConsumer(this, { context: unitsContext, subscribe: true });
  readonly #workout = new DocController<WorkoutDoc>(this, () => ({
    repo: this.#repo.value,
    url: this.workoutId ? workoutUrlOf(this.workoutId) : undefined,
  }));
  readonly #account = new AccountController<null>(this, () => null);
  readonly #timeline = new TimelineController(this);

  get #unitsNow(): Units {
    return this.#units.value ?? DEFAULT_UNITS;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("workoutId")) {
      this.viewing = null;
      this.notesDraft = null;
      this.message = "";
      this.error = "";
    }
    const doc = this.#workout.doc;
    if (this.#workout.state === "ready" && doc && this.#readable(doc))
      this.#timeline.follow(this.workoutId, doc);
  }

  override render(): TemplateResult {
    const back = html`<a class="back" href="/history">← ${ht("wh.detail.back")}</a>`;
    const doc = this.#workout.doc;
    switch (this.#workout.state) {
      case "idle":
      case "loading":
        return html`${back}
          <h1>${ht("wh.list.untitled")}</h1>
          <p role="status">${ht("wh.detail.loading")}</p>`;
      case "unavailable":
        return html`${back}
          <h1>${ht("wh.list.untitled")}</h1>
          <p role="status">${ht("wh.detail.unavailable")}</p>`;
      case "deleted":
        return html`${back}
          <h1>${ht("wh.list.untitled")}</h1>
          <p role="status">${ht("wh.detail.deleted")}</p>`;
      case "failed":
        return html`${back}
          <h1>${ht("wh.list.untitled")}</h1>
          <p class="error" role="alert">${ht("wh.detail.failed")}</p>
          <button @click=${() => this.#workout.retry()}>${ht("wh.detail.retry")}</button>`;
      case "ready":
        break;
    }
    if (!doc || !this.#readable(doc)) {
      return html`${back}
        <h1>${ht("wh.list.untitled")}</h1>
        <p role="status">${ht("wh.detail.newer")}</p>`;
    }
    const units = this.#unitsNow;
    const title = doc.title || ht("wh.list.untitled");
    return html`${back}
      <h1>${title}</h1>
      <p class="sub">${formatDate(doc.date, "long")} · ${ht(`wh.status.${doc.status}`)}</p>
      <p class="status" role="status" data-testid="detail-status">${this.message}</p>
      <p class="error" role="alert">${this.error}</p>
      <section aria-labelledby="sets-heading">
        <h2 id="sets-heading" tabindex="-1">${ht("wh.detail.setsHeading")}</h2>
        ${this.viewing ? this.#version(doc, this.viewing) : this.#current(doc)}
      </section>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">${ht("wh.timeline.heading")}</h2>
        <p class="sub">${ht("wh.timeline.lead")}</p>
        ${this.#timeline.serverUnreachable ? html`<p class="sub">${ht("wh.timeline.serverUnreachable")}</p>` : nothing}
        ${
          this.#timeline.versions === null
            ? html`<p role="status">${ht("wh.timeline.reading")}</p>`
            : html`<cad-version-timeline
                .versions=${this.#timeline.versions}
                .units=${units}
                .me=${{
                  userId: this.#session.value?.user.id ?? "",
                  displayName: this.#session.value?.user.displayName ?? "",
                }}
                .ownDevices=${this.#ownDevices()}
                .viewing=${this.viewing}
                @version-select=${this.#onSelect}
              ></cad-version-timeline>`
        }
      </section>`;
  }

  #current(doc: WorkoutDoc): TemplateResult {
    const notes = this.notesDraft ?? doc.notes;
    return html`<cad-workout-sets
        editable
        .view=${sessionView(doc)}
        .units=${this.#unitsNow}
        @set-save=${this.#onSave}
      ></cad-workout-sets>
      <label for="notes">${ht("wh.detail.notesLabel")}</label>
      <textarea
        id="notes"
        .value=${notes}
        @input=${(e: Event) => (this.notesDraft = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div class="notes-actions">
        <button
          type="button"
          ?disabled=${this.notesDraft === null || this.notesDraft === doc.notes}
          @click=${this.#saveNotes}
        >
          ${ht("wh.detail.saveNotes")}
        </button>
      </div>`;
  }

  #version(doc: WorkoutDoc, heads: readonly string[]): TemplateResult {
    let past: Readonly<WorkoutDoc>;
    try {
      past = viewAt(doc, heads);
    } catch {
      return html`<p class="error" role="alert">${ht("wh.detail.failed")}</p>`;
    }
    return html`<cad-version-view
      .view=${sessionView(past)}
      .notes=${past.notes}
      .time=${this.#timeOf(heads)}
      .units=${this.#unitsNow}
      @restore-confirmed=${() => this.#restore(heads)}
      @version-close=${() => this.#showCurrent()}
    ></cad-version-view>`;
  }

  #readable(doc: WorkoutDoc): boolean {
    return doc.kind === "workout" && doc.schemaVersion <= WORKOUT_SCHEMA_VERSION;
  }

  #ownDevices(): ReadonlySet<string> {
    const userId = this.#session.value?.user.id;
    const own = new Set(userId ? thisDevicePeers(userId) : []);
    const peer = this.#repo.value?.peerId;
    if (peer) own.add(peer);
    return own;
  }

  #timeOf(heads: readonly string[]): string {
    const version = this.#timeline.versions?.find((v) => heads.some((h) => v.hashes.includes(h)));
    return version?.time ? formatDateTime(version.time, this.#unitsNow) : ht("wh.timeline.noTime");
  }

  #context(): EditContext | null {
    const userId = this.#session.value?.user.id;
    const peerId = this.#repo.value?.peerId;
    return userId && peerId ? { by: userId, deviceId: peerId } : null;
  }

  /** Applies operations to the live document; false (with a message) when one does not fit it. */
  #apply(build: (ctx: EditContext, handle: DocHandle<WorkoutDoc>) => WorkoutChange<unknown>[]): boolean {
    const handle = this.#workout.handle;
    const ctx = this.#context();
    if (!handle || !ctx) return false;
    this.error = "";
    try {
      prepareForWriting(handle, ctx);
      for (const op of build(ctx, handle)) handle.change(op.apply, op.options);
    } catch (error) {
      if (!(error instanceof WorkoutOpError)) throw error;
      this.error =
        error.code === "unknown-set" || error.code === "unknown-exercise"
          ? ht("wh.editor.gone")
          : ht("wh.editor.invalid");
      return false;
    }
    this.#followStatus(handle.doc());
    return true;
  }

  /** Keeps the account's link (what lists read) in step when an edit started the workout. */
  #followStatus(doc: WorkoutDoc) {
    const link = this.#account.doc?.links.workouts[this.workoutId];
    if (link && link.status !== doc.status) {
      setLinkStatus((fn, message) => this.#account.change(fn, message), this.workoutId, doc.status);
    }
  }

  #onSave = (event: SetSaveEvent) => {
    const { setId, exerciseKey, done, target } = event.detail;
    const saved = this.#apply((ctx, handle) => {
      const ops: WorkoutChange<unknown>[] = [];
      if (setId === null) {
        if (exerciseKey)
          ops.push(addSet({ exerciseKey, ...(Object.keys(done).length > 0 ? { log: done } : {}) }, ctx));
        return ops;
      }
      if (Object.keys(done).length > 0) {
        ops.push(
          handle.doc().log[setId] ? editSet({ setId, ...done }, ctx) : logSet({ setId, ...done }, ctx),
        );
      }
      if (Object.keys(target).length > 0) ops.push(editTarget({ setId, target }, ctx));
      return ops;
    });
    if (saved) {
      this.sets?.close();
      this.message = ht("wh.detail.saved");
    }
  };

  #saveNotes = () => {
    const text = this.notesDraft;
    if (text === null) return;
    if (this.#apply((ctx) => [editNotes(text, ctx)])) {
      this.notesDraft = null;
      this.message = ht("wh.detail.notesSaved");
    }
  };

  #onSelect = (event: CustomEvent<VersionSelectDetail>) => {
    this.viewing = event.detail.heads;
    this.message = "";
    void this.#focusSets();
  };

  #showCurrent() {
    this.viewing = null;
    void this.#focusSets();
  }

  #restore(heads: readonly string[]) {
    const handle = this.#workout.handle;
    if (!handle) return;
    const before = handle.heads().join();
    const time = this.#timeOf(heads);
    if (!this.#apply((ctx, h) => [restoreVersion(h.doc(), heads, ctx)])) return;
    this.message =
      handle.heads().join() === before ? ht("wh.version.same") : ht("wh.version.restored", { time });
    this.viewing = null;
    void this.#focusSets();
  }

  async #focusSets() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#sets-heading")?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-workout-detail": CadWorkoutDetail;
  }
}
