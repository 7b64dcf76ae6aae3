/**
 * The context window (spec UX): a sticky, collapsible panel on Today (sticky while folded). The recovery picker stays visible; below
 * it, quick chips and free text are parsed on the device (the deterministic parser, four languages) into the
 * planner's signals, shown and editable before they are used; a scope (today's session, this week, always);
 * and today's notes, each deletable. Fires `context-note` with a ContextNoteDraft, `context-delete` with
 * `{ id }`, `context-toggle` with `{ collapsed }` when the person opens or closes it, and lets
 * `recovery-change` from the picker bubble.
 */
import {
  BODY_REGIONS,
  CONTEXT_CHIPS,
  FOCUS_TAGS,
  SORENESS_AREAS,
  TRAINING_FLAGS,
  emptyPlanContext,
  parseContext,
  type PlanContext,
  type RecoveryLevel,
} from "@cadence/shared-schema/plan";
import type { ContextEntry } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { currentLocale, localized } from "../i18n/index.js";
import { regionLabel } from "../labels.js";
import { controlStyles } from "../styles/shared.js";
import "./cad-recovery-picker.js";
import { pt, type PlanKey } from "./plan-i18n.js";
import type { ContextNoteDraft } from "./today-plan-controller.js";

const SCALES = ["energy", "mood", "sleepQuality", "stress", "motivation"] as const;
type Scale = (typeof SCALES)[number];
type Override =
  | { key: Scale; value: number | null }
  | { key: "sleepHours"; value: number | null }
  | { key: `soreness.${(typeof SORENESS_AREAS)[number]}`; value: number | null }
  | { key: "pain" | "focus" | "flags"; value: string[] };

const SCOPES = ["session", "week", "always"] as const;

@localized()
@customElement("cad-context-window")
export class CadContextWindow extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      /* Folded, it is a bar that stays in view below the shell's sticky header (z-index 3, above it); open, it
         scrolls with the page, so a long form never covers the plan under it. */
      :host([collapsed]) {
        position: sticky;
        top: var(--cad-header-height, 3.5rem);
        z-index: 2;
      }
      .panel {
        background: var(--cad-color-surface);
        border: 1px solid var(--cad-color-border);
        border-radius: calc(var(--cad-radius) * 2);
        padding: var(--cad-space-2) var(--cad-space-3);
        box-shadow: 0 2px 6px rgb(0 0 0 / 0.08);
      }
      .head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
      }
      h2 {
        margin: 0;
        font-size: 1.1rem;
      }
      h3 {
        font-size: 1rem;
        margin: var(--cad-space-2) 0 var(--cad-space-1);
      }
      .body {
        padding-block-start: var(--cad-space-2);
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 var(--cad-space-2);
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-1);
      }
      .chips button {
        border-radius: 999px;
        background: transparent;
        color: var(--cad-color-fg);
        border-color: var(--cad-color-border);
        font-weight: 500;
      }
      .chips button[aria-pressed="true"] {
        background: var(--cad-color-accent);
        border-color: var(--cad-color-accent);
        color: var(--cad-color-on-accent);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: var(--cad-space-2);
      }
      .grid label {
        font-weight: 500;
        font-size: 0.875rem;
      }
      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-1) var(--cad-space-3);
      }
      .checks label {
        display: flex;
        align-items: center;
        gap: var(--cad-space-1);
        font-weight: 500;
        min-height: var(--cad-target-size);
        margin: 0;
      }
      .checks input {
        width: 1.25rem;
        height: 1.25rem;
      }
      .scopes {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-1) var(--cad-space-3);
      }
      .scopes label {
        display: flex;
        align-items: center;
        gap: var(--cad-space-1);
        font-weight: 500;
        margin: 0;
        min-height: var(--cad-target-size);
      }
      ul.entries {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.entries li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
        border-bottom: 1px solid var(--cad-color-border);
        padding: var(--cad-space-1) 0;
      }
      .scope-badge {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @property() recovery: RecoveryLevel = "normal";
  @property({ attribute: false }) entries: readonly ContextEntry[] = [];
  @property({ type: Boolean }) consent = false;
  @property({ type: Boolean }) disabled = false;
  /** Collapsed shows only the heading and the recovery picker. */
  @property({ type: Boolean, reflect: true }) collapsed = false;

  @state() private text = "";
  @state() private chips: readonly string[] = [];
  @state() private overrides: readonly Override[] = [];
  @state() private scope: ContextEntry["scope"] = "session";

  /** What the parser read, with the person's changes on top. */
  get signals(): PlanContext {
    const s = structuredClone(parseContext(this.text, this.chips).signals);
    for (const o of this.overrides) {
      if (o.key === "pain") s.pain = o.value as PlanContext["pain"];
      else if (o.key === "focus") s.focus = o.value as PlanContext["focus"];
      else if (o.key === "flags") s.flags = o.value as PlanContext["flags"];
      else if (o.key.startsWith("soreness."))
        s.soreness[o.key.slice(9) as keyof PlanContext["soreness"]] = o.value as number | null;
      else s[o.key as Scale | "sleepHours"] = o.value as number | null;
    }
    return s;
  }

  override render(): TemplateResult {
    return html`<aside class="panel" aria-labelledby="context-heading" data-testid="context-window">
      <div class="head">
        <h2 id="context-heading">${pt("context.heading")}</h2>
        <button
          class="secondary"
          aria-expanded=${String(!this.collapsed)}
          aria-controls="context-body"
          @click=${this.#toggle}
        >
          ${this.collapsed ? pt("context.expand") : pt("context.collapse")}
        </button>
      </div>
      <cad-recovery-picker .value=${this.recovery} ?disabled=${this.disabled}></cad-recovery-picker>
      <div class="body" id="context-body" ?hidden=${this.collapsed}>
        ${this.collapsed ? nothing : this.#body()}
      </div>
    </aside>`;
  }

  #body(): TemplateResult {
    const locale = currentLocale();
    const signals = this.signals;
    const said = JSON.stringify(signals) !== JSON.stringify(emptyPlanContext());
    return html`<fieldset>
        <legend>${pt("context.chips")}</legend>
        <div class="chips">
          ${CONTEXT_CHIPS.map(
            (c) =>
              html`<button
                type="button"
                aria-pressed=${String(this.chips.includes(c.id))}
                @click=${() => this.#toggleChip(c.id)}
              >
                ${c.labels[locale]}
              </button>`,
          )}
        </div>
      </fieldset>
      <div class="field">
        <label for="context-text">${pt("context.text")}</label>
        <textarea
          id="context-text"
          .value=${this.text}
          aria-describedby="context-text-hint"
          @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint" id="context-text-hint">${pt("context.textHint")}</p>
      </div>
      <section aria-labelledby="parsed-heading" data-testid="context-parsed">
        <h3 id="parsed-heading">${pt("context.parsed")}</h3>
        ${said ? nothing : html`<p class="hint">${pt("context.nothingParsed")}</p>`}
        <div class="grid">
          ${SCALES.map((k) => this.#scale(k, `signal.${k}`, signals[k]))}
          <div>
            <label for="sig-sleepHours">${pt("signal.sleepHours")}</label>
            <input
              id="sig-sleepHours"
              type="number"
              min="0"
              max="24"
              step="0.5"
              inputmode="decimal"
              .value=${signals.sleepHours === null ? "" : String(signals.sleepHours)}
              @change=${(e: Event) => {
                const raw = (e.target as HTMLInputElement).value;
                const n = Number(raw);
                this.#override({
                  key: "sleepHours",
                  value: raw === "" || !Number.isFinite(n) ? null : Math.min(24, Math.max(0, n)),
                });
              }}
            />
          </div>
        </div>
        <h3>${pt("signal.soreness")}</h3>
        <div class="grid">
          ${SORENESS_AREAS.map((a) => this.#scale(`soreness.${a}`, `area.${a}`, signals.soreness[a]))}
        </div>
        ${this.#checks("pain", pt("signal.pain"), BODY_REGIONS, signals.pain, (r) => regionLabel(r))}
        ${this.#checks("focus", pt("signal.focus"), FOCUS_TAGS, signals.focus, (f) => pt(`focus.${f}`))}
        ${this.#checks("flags", pt("signal.flags"), TRAINING_FLAGS, signals.flags, (f) => pt(`flag.${f}`))}
      </section>
      <fieldset>
        <legend>${pt("context.scope")}</legend>
        <div class="scopes">
          ${SCOPES.map(
            (s) =>
              html`<label
                ><input
                  type="radio"
                  name="scope"
                  value=${s}
                  .checked=${this.scope === s}
                  @change=${() => (this.scope = s)}
                />${pt(`context.scope.${s}`)}</label
              >`,
          )}
        </div>
      </fieldset>
      <button
        ?disabled=${this.disabled || (!said && this.text.trim() === "" && this.chips.length === 0)}
        @click=${this.#add}
      >
        ${pt("context.add")}
      </button>
      <p class="hint">
        ${this.consent ? pt("context.consentOn") : pt("context.consentOff")}
        <a href="/settings#privacy">${pt("context.privacyLink")}</a>
      </p>
      <h3>${pt("context.entries")}</h3>
      ${
        this.entries.length === 0
          ? html`<p class="hint">${pt("context.noEntries")}</p>`
          : html`<ul class="entries" data-testid="context-entries">
              ${this.entries.map(
                (e) =>
                  html`<li>
                    <span>
                      ${e.text.trim() || `${e.chips.map(chipLabel).join(", ")} ${pt("context.tagsOnly")}`}
                      <span class="scope-badge">· ${pt(`context.scope.${e.scope}`)}</span>
                    </span>
                    <button
                      class="quiet"
                      aria-label=${`${pt("context.delete")}: ${e.text.trim().slice(0, 40) || e.chips.join(", ")}`}
                      @click=${() => this.#emit("context-delete", { id: e.id })}
                    >
                      ${pt("context.delete")}
                    </button>
                  </li>`,
              )}
            </ul>`
      }`;
  }

  #scale(key: Scale | `soreness.${string}`, labelKey: PlanKey, value: number | null): TemplateResult {
    const id = `sig-${key.replace(".", "-")}`;
    return html`<div>
      <label for=${id}>${pt(labelKey)}</label>
      <select
        id=${id}
        @change=${(e: Event) => {
          const raw = (e.target as HTMLSelectElement).value;
          this.#override({ key: key as Scale, value: raw === "" ? null : Number(raw) });
        }}
      >
        <option value="" ?selected=${value === null}>${pt("context.notSet")}</option>
        ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n} ?selected=${value === n}>${n}</option>`)}
      </select>
    </div>`;
  }

  #checks<T extends string>(
    key: "pain" | "focus" | "flags",
    legend: string,
    all: readonly T[],
    chosen: readonly string[],
    label: (v: T) => string,
  ): TemplateResult {
    return html`<fieldset>
      <legend>${legend}</legend>
      <div class="checks">
        ${all.map(
          (v) =>
            html`<label
              ><input
                type="checkbox"
                .checked=${chosen.includes(v)}
                @change=${(e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const next = on ? [...new Set([...chosen, v])] : chosen.filter((c) => c !== v);
                  this.#override({ key, value: next });
                }}
              />${label(v)}</label
            >`,
        )}
      </div>
    </fieldset>`;
  }

  #toggle = (): void => {
    this.collapsed = !this.collapsed;
    this.#emit("context-toggle", { collapsed: this.collapsed });
  };

  #override(o: Override): void {
    this.overrides = [...this.overrides.filter((x) => x.key !== o.key), o];
  }

  #toggleChip(id: string): void {
    this.chips = this.chips.includes(id) ? this.chips.filter((c) => c !== id) : [...this.chips, id];
  }

  #add = (): void => {
    const draft: ContextNoteDraft = {
      text: this.text.trim(),
      chips: [...this.chips],
      signals: this.signals,
      edited: this.overrides.length > 0,
      scope: this.scope,
    };
    this.#emit("context-note", draft);
    this.text = "";
    this.chips = [];
    this.overrides = [];
    this.scope = "session";
  };

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

function chipLabel(id: string): string {
  const chip = CONTEXT_CHIPS.find((c) => c.id === id || c.id === id.replace(/\s+/g, "_"));
  return chip ? chip.labels[currentLocale()] : id;
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-context-window": CadContextWindow;
  }
}
