import { consume } from "@lit/context";
import type { AccountDoc, Onboarding, Settings } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { syncStatusContext } from "../context.js";
import { formatDistance, formatList, formatMinutes, formatTime, formatWeight } from "../format.js";
import { LANGUAGE_NAMES, LOCALES, localized, t, tPlural, type PlainMessageKey } from "../i18n/index.js";
import { equipmentLabel, experienceLabel, goalLabel, regionLabel } from "../labels.js";
import { settingsProblem, withPatch, type SettingsPatch } from "../settings-rules.js";
import { choiceStyles, controlStyles } from "../styles/shared.js";
import type { SyncSnapshot, SyncStatus } from "../sync/sync-status.js";
import { ACCENTS, ACCENT_ORDER } from "../theme/palette.js";
import { resolvedTheme } from "../theme/appearance.js";
import "../accounts/cad-delete-account.js";
import "../accounts/cad-export.js";
import "../accounts/cad-sessions.js";
import { radioGroup, toggle, type Choice } from "./choices.js";
import "./cad-music-connect.js";
import "../nudges/cad-reminder-setting.js";

interface SettingsSlice {
  readonly settings: Settings;
  readonly onboarding: Onboarding;
}

/** The page's sections, in order: id (the URL fragment) and heading. */
const SECTIONS: readonly { id: string; heading: PlainMessageKey }[] = [
  { id: "general", heading: "settings.general.heading" },
  { id: "appearance", heading: "settings.appearance.heading" },
  { id: "training", heading: "settings.training.heading" },
  { id: "data", heading: "settings.data.heading" },
  { id: "music", heading: "settings.music.heading" },
  { id: "privacy", heading: "settings.privacy.heading" },
  { id: "health", heading: "settings.health.heading" },
  { id: "heart-rate", heading: "settings.heartRate.heading" },
];

/** A moment of a training session, for the 12/24-hour example (18:30). */
const EXAMPLE_TIME = new Date(2025, 0, 6, 18, 30);

/**
 * Settings (spec "Settings page", phase 1): every choice is saved into the account document the moment it is
 * made, so it applies at once here and on the user's other devices (cad-app applies it). A choice that would
 * make an invalid combination is refused with a message next to it and nothing is saved. Phase-2 sections
 * are shown as "coming later", without controls. Privacy & Account holds the accounts elements (sessions, data
 * export, deletion); their `signed-out` and `account-deleted` events bubble to cad-app.
 *
 * @fires clear-cache-request - the user confirmed "Clear local cache"; cad-app does it.
 */
@localized()
@customElement("cad-settings")
export class CadSettings extends LitElement {
  static override styles = [
    controlStyles,
    choiceStyles,
    css`
      :host {
        display: block;
      }
      .intro {
        color: var(--cad-color-muted);
        margin: 0 0 var(--cad-space-3);
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--cad-space-1) var(--cad-space-2);
        list-style: none;
        margin: 0 0 var(--cad-space-4);
        padding: 0;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
        padding: 0 var(--cad-space-2);
      }
      section {
        scroll-margin-top: 4rem;
        margin-block-end: var(--cad-space-4);
      }
      section > h2 {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--cad-space-2);
      }
      h2:focus {
        outline: none;
      }
      .badge {
        font-size: 0.8125rem;
        font-weight: 700;
        padding: 0 var(--cad-space-2);
        border-radius: 999px;
        border: 2px solid var(--cad-color-fg);
        color: var(--cad-color-fg);
      }
      .example {
        margin: 0 0 var(--cad-space-3);
        padding: var(--cad-space-2) var(--cad-space-3);
        border-inline-start: 4px solid var(--cad-color-accent);
        background: var(--cad-color-bg);
      }
      .swatch {
        width: 1.5rem;
        height: 1.5rem;
        border-radius: 50%;
        flex: none;
        border: 2px solid var(--cad-color-fg);
      }
      dl.answers {
        display: grid;
        grid-template-columns: minmax(8rem, max-content) 1fr auto;
        gap: var(--cad-space-1) var(--cad-space-3);
        align-items: center;
        margin: 0 0 var(--cad-space-3);
      }
      dl.answers dt {
        font-weight: 600;
      }
      dl.answers dd {
        margin: 0;
      }
      dl.answers a {
        display: inline-flex;
        align-items: center;
        min-height: var(--cad-target-size);
      }
      @media (max-width: 30rem) {
        dl.answers {
          grid-template-columns: 1fr auto;
        }
        dl.answers dd.value {
          grid-column: 1;
        }
        dl.answers dt {
          grid-column: 1 / -1;
          margin-top: var(--cad-space-2);
        }
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
        margin-block-end: var(--cad-space-3);
      }
      .row p {
        margin: 0;
      }
      .later {
        margin: 0 0 var(--cad-space-2);
      }
      ul.plain {
        margin: 0;
        padding-inline-start: 1.25rem;
      }
      .saved {
        position: sticky;
        bottom: 5rem;
        min-height: 1.5em;
        margin: 0;
        color: var(--cad-color-success);
        font-weight: 600;
      }
      dialog {
        max-width: min(32rem, calc(100vw - 2rem));
        padding: var(--cad-space-4);
        border: 2px solid var(--cad-color-border);
        border-radius: calc(var(--cad-radius) * 2);
        background: var(--cad-color-bg);
        color: var(--cad-color-fg);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.6);
      }
      .warning {
        padding: var(--cad-space-2) var(--cad-space-3);
        border-inline-start: 4px solid var(--cad-color-danger);
        background: var(--cad-color-surface);
        font-weight: 600;
      }
      .dialog-actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: var(--cad-space-2);
        margin-top: var(--cad-space-3);
      }
    `,
  ];

  @consume({ context: syncStatusContext, subscribe: true })
  @state()
  private syncStatus: SyncStatus | undefined;

  @state() private snapshot: SyncSnapshot | undefined;
  /** The refusal message per control id (invalid combinations). */
  @state() private refusals: Readonly<Record<string, string>> = {};
  @state() private savedNote = "";
  @state() private clearing = false;

  @query("#clear-dialog") private clearDialog!: HTMLDialogElement;

  readonly #account = new AccountController<SettingsSlice>(this, (doc: AccountDoc) => ({
    settings: doc.settings,
    onboarding: doc.onboarding,
  }));
  #unsubscribe: (() => void) | undefined;
  #scrolledToHash = false;
  readonly #reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("syncStatus" as keyof CadSettings)) {
      this.#unsubscribe?.();
      this.snapshot = this.syncStatus?.snapshot;
      this.#unsubscribe = this.syncStatus?.subscribe((snapshot) => (this.snapshot = snapshot));
    }
  }

  protected override updated(): void {
    // A link to /settings#music lands on that section once it has rendered.
    if (!this.#scrolledToHash && this.#account.value && location.hash.length > 1) {
      this.#scrolledToHash = true;
      this.#goTo(location.hash.slice(1), false);
    }
  }

  override render(): TemplateResult {
    const slice = this.#account.value;
    return html`<h1>${t("settings.title")}</h1>
      <p class="intro">${t("settings.intro")}</p>
      ${slice ? this.#page(slice) : this.#status()}`;
  }

  #status(): TemplateResult {
    const state = this.#account.state;
    if (state === "unavailable") return html`<p role="status">${t("account.unavailable")}</p>`;
    if (state === "newer") return html`<p role="alert">${t("account.newerVersion")}</p>`;
    if (state === "failed") {
      return html`<p role="alert">${t("app.openFailed")}</p>
        <button @click=${() => this.#account.retry()}>${t("app.retry")}</button>`;
    }
    return html`<p role="status">${t("account.loading")}</p>`;
  }

  #page({ settings, onboarding }: SettingsSlice): TemplateResult {
    return html`<nav aria-label=${t("settings.sectionsLabel")}>
        <ul>
          ${SECTIONS.map(
            (section) =>
              html`<li>
                <a href="#${section.id}" @click=${(event: Event) => this.#onSectionLink(event, section.id)}
                  >${t(section.heading)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      ${this.#general(settings)} ${this.#appearance(settings)} ${this.#training(onboarding)}
      ${this.#data(settings)} ${this.#music(settings)} ${this.#privacy(settings)} ${this.#later()}
      <p class="saved" role="status">${this.savedNote}</p>
      ${this.#clearDialogTemplate()}`;
  }

  #section(id: string, heading: PlainMessageKey, body: TemplateResult, badge?: string): TemplateResult {
    return html`<section class="card" id=${id} aria-labelledby="${id}-heading">
      <h2 id="${id}-heading" tabindex="-1">
        ${t(heading)}${badge ? html`<span class="badge">${badge}</span>` : nothing}
      </h2>
      ${body}
    </section>`;
  }

  #general(s: Settings): TemplateResult {
    const languages: Choice<Settings["language"]>[] = LOCALES.map((locale) => ({
      value: locale,
      label: LANGUAGE_NAMES[locale],
      lang: locale,
    }));
    return this.#section(
      "general",
      "settings.general.heading",
      html`${radioGroup("language", t("settings.language"), languages, s.language, (language) =>
          this.#save({ language }, "language", "Change language"),
        )}
        ${radioGroup(
          "weight-unit",
          t("settings.weightUnit"),
          [
            { value: "kg", label: t("settings.weightUnit.kg") },
            { value: "lb", label: t("settings.weightUnit.lb") },
          ],
          s.weightUnit,
          (weightUnit) => this.#save({ weightUnit }, "weight-unit", "Change weight unit"),
          { width: "8rem" },
        )}
        ${radioGroup(
          "distance-unit",
          t("settings.distanceUnit"),
          [
            { value: "metric", label: t("settings.distanceUnit.metric") },
            { value: "imperial", label: t("settings.distanceUnit.imperial") },
          ],
          s.distanceUnit,
          (distanceUnit) => this.#save({ distanceUnit }, "distance-unit", "Change measurement system"),
          { width: "8rem" },
        )}
        ${radioGroup(
          "clock",
          t("settings.clock"),
          [
            { value: 24, label: t("settings.clock.24"), hint: formatTime(EXAMPLE_TIME, { clock: 24 }) },
            { value: 12, label: t("settings.clock.12"), hint: formatTime(EXAMPLE_TIME, { clock: 12 }) },
          ],
          s.clock,
          (clock) => this.#save({ clock }, "clock", "Change time format"),
          { width: "8rem" },
        )}
        <p class="example" data-testid="units-example">
          ${t("settings.example", {
            weight: formatWeight(100, s),
            distance: formatDistance(5, s),
            time: formatTime(EXAMPLE_TIME, s),
          })}
        </p>`,
    );
  }

  #appearance(s: Settings): TemplateResult {
    const theme = resolvedTheme(s.theme);
    const accents: Choice<Settings["accent"]>[] = ACCENT_ORDER.map((accent) => ({
      value: accent,
      label: t(`settings.accent.${accent}`),
      lead: html`<span class="swatch" style="background: ${ACCENTS[accent][theme].accent}"></span>`,
    }));
    return this.#section(
      "appearance",
      "settings.appearance.heading",
      html`${radioGroup(
        "theme",
        t("settings.theme"),
        [
          { value: "light", label: t("settings.theme.light") },
          { value: "dark", label: t("settings.theme.dark") },
          { value: "system", label: t("settings.theme.system") },
        ],
        s.theme,
        (value) => this.#save({ theme: value }, "theme", "Change theme"),
        { width: "8rem" },
      )}
      ${radioGroup("accent", t("settings.accent"), accents, s.accent, (accent) =>
        this.#save({ accent }, "accent", "Change accent colour"),
      )}
      ${radioGroup(
        "font-size",
        t("settings.fontSize"),
        [
          { value: "S", label: t("settings.fontSize.S") },
          { value: "M", label: t("settings.fontSize.M") },
          { value: "L", label: t("settings.fontSize.L") },
        ],
        s.fontSize,
        (fontSize) => this.#save({ fontSize }, "font-size", "Change font size"),
        { width: "9rem" },
      )}
      ${toggle(
        "animations",
        t("settings.animations"),
        s.animations,
        (animations) => this.#save({ animations }, "animations", "Change animations"),
        {
          hint: this.#reducedMotion.matches
            ? t("settings.animations.reducedBySystem")
            : t("settings.animations.hint"),
        },
      )}`,
    );
  }

  #training(o: Onboarding): TemplateResult {
    const equipment = [...new Set(o.equipment)].map(equipmentLabel);
    const regions = [...new Set(o.injuries.regions)].map(regionLabel);
    const limitations = [...regions, ...(o.injuries.notes.trim() ? [o.injuries.notes.trim()] : [])];
    const row = (label: PlainMessageKey, value: string, step: string) =>
      html`<dt>${t(label)}</dt>
        <dd class="value">${value}</dd>
        <dd>
          <a href="/onboarding/${step}?return=settings"
            >${t("settings.training.change")}<span class="visually-hidden"> ${t(label)}</span></a
          >
        </dd>`;
    const none = t("settings.training.none");
    return this.#section(
      "training",
      "settings.training.heading",
      html`<p class="hint group-hint">${t("settings.training.hint")}</p>
        <dl class="answers">
          ${row("onboarding.goal.legend", goalLabel(o.goal), "goal")}
          ${row("onboarding.experience.legend", experienceLabel(o.experience), "experience")}
          ${row(
            "settings.training.schedule",
            `${tPlural("today.daysPerWeek", o.daysPerWeek)} · ${formatMinutes(o.sessionMinutes)}`,
            "schedule",
          )}
          ${row("onboarding.equipment.legend", equipment.length ? formatList(equipment) : none, "equipment")}
          ${row("settings.training.limitations", limitations.length ? formatList(limitations) : none, "injuries")}
          ${row(
            "settings.training.liked",
            o.likedExercises.length ? formatList([...new Set(o.likedExercises)]) : none,
            "exercises",
          )}
          ${row(
            "settings.training.disliked",
            o.dislikedExercises.length ? formatList([...new Set(o.dislikedExercises)]) : none,
            "exercises",
          )}
        </dl>
        <cad-reminder-setting></cad-reminder-setting>
        <a class="link-button" href="/onboarding/welcome?return=settings"
          >${t("settings.training.rerun")}</a
        >`,
    );
  }

  #data(s: Settings): TemplateResult {
    const unsynced = this.snapshot?.unsynced ?? 0;
    return this.#section(
      "data",
      "settings.data.heading",
      html`${radioGroup(
          "sync-mode",
          t("settings.sync"),
          [
            { value: "realtime", label: t("settings.sync.realtime"), hint: t("settings.sync.realtime.hint") },
            { value: "daily", label: t("settings.sync.daily"), hint: t("settings.sync.daily.hint") },
            { value: "manual", label: t("settings.sync.manual"), hint: t("settings.sync.manual.hint") },
          ],
          s.sync,
          (sync) => this.#save({ sync }, "sync-mode", "Change sync frequency"),
          { layout: "list", error: this.refusals["sync-mode"] },
        )}
        ${toggle(
          "offline-mode",
          t("settings.offlineMode"),
          s.offlineMode,
          (offlineMode) => this.#save({ offlineMode }, "offline-mode", "Change offline mode"),
          { hint: t("settings.offlineMode.hint"), error: this.refusals["offline-mode"] },
        )}
        <div class="row">
          <p>
            <strong>${t("settings.clearCache")}</strong><br /><span class="hint"
              >${unsynced > 0 ? tPlural("settings.clearCache.pending", unsynced) : t("settings.clearCache.hint")}</span
            >
          </p>
          <button class="secondary" ?disabled=${this.clearing} @click=${this.#openClearDialog}>
            ${t("settings.clearCache.button")}
          </button>
        </div>`,
    );
  }

  #music(s: Settings): TemplateResult {
    return this.#section(
      "music",
      "settings.music.heading",
      html`${toggle(
          "session-mix",
          t("settings.music.sessionMix"),
          s.music.sessionMix,
          (sessionMix) => this.#save({ music: { sessionMix } }, "session-mix", "Change Session Mix"),
          { hint: t("settings.music.sessionMix.hint"), error: this.refusals["session-mix"] },
        )}
        ${toggle(
          "bpm-matching",
          t("settings.music.bpmMatching"),
          s.music.bpmMatching,
          (bpmMatching) => this.#save({ music: { bpmMatching } }, "bpm-matching", "Change BPM matching"),
          { hint: t("settings.music.bpmMatching.hint"), error: this.refusals["bpm-matching"] },
        )} <cad-music-connect embedded return-to="/settings#music"></cad-music-connect>`,
    );
  }

  #privacy(s: Settings): TemplateResult {
    return this.#section(
      "privacy",
      "settings.privacy.heading",
      html`${toggle(
          "consent-analytics",
          t("settings.privacy.analytics"),
          s.consent.analytics,
          (analytics) =>
            this.#save({ consent: { analytics } }, "consent-analytics", "Change analytics consent"),
          { hint: t("settings.privacy.analytics.hint") },
        )}
        ${toggle(
          "consent-ai",
          t("settings.privacy.aiContext"),
          s.consent.aiContext,
          (aiContext) => this.#save({ consent: { aiContext } }, "consent-ai", "Change AI context consent"),
          { hint: t("settings.privacy.aiContext.hint") },
        )}
        <div class="row">
          <p>
            <strong>${t("settings.privacy.profile")}</strong><br /><span class="hint"
              >${t("settings.privacy.profile.hint")}</span
            >
          </p>
          <a class="link-button" href="/account">${t("settings.privacy.profile.link")}</a>
        </div>
        <cad-sessions></cad-sessions>
        <cad-export></cad-export>
        <cad-delete-account></cad-delete-account>`,
    );
  }

  #later(): TemplateResult {
    const badge = t("settings.comingLater");
    return html`${this.#section(
      "health",
      "settings.health.heading",
      html`<p class="later">${t("settings.health.body")}</p>
        <ul class="plain">
          <li>Apple Health</li>
          <li>Samsung Health · Health Connect</li>
          <li>Google Fit</li>
          <li>Fitbit</li>
          <li>Garmin Connect</li>
          <li>Polar Flow</li>
        </ul>`,
      badge,
    )}
    ${this.#section("heart-rate", "settings.heartRate.heading", html`<p class="later">${t("settings.heartRate.body")}</p>`, badge)}`;
  }

  #clearDialogTemplate(): TemplateResult {
    const unsynced = this.snapshot?.unsynced ?? 0;
    const offline = this.snapshot?.connection === "offline";
    return html`<dialog id="clear-dialog" aria-labelledby="clear-title" aria-describedby="clear-body">
      <h2 id="clear-title">${t("settings.clearCache.confirmTitle")}</h2>
      <p id="clear-body">${t("settings.clearCache.confirmBody")}</p>
      ${unsynced > 0 ? html`<p class="warning" role="alert">${tPlural("settings.clearCache.warning", unsynced)}</p>` : nothing}
      ${offline ? html`<p class="warning">${t("settings.clearCache.offlineWarning")}</p>` : nothing}
      <div class="dialog-actions">
        <button class="secondary" autofocus @click=${() => this.clearDialog.close()}>
          ${t("common.cancel")}
        </button>
        ${
          unsynced > 0 && !offline
            ? html`<button class="secondary" @click=${this.#syncFirst}>${t("sync.now")}</button>`
            : nothing
        }
        <button class="danger" @click=${this.#confirmClear}>
          ${unsynced > 0 ? t("settings.clearCache.anyway") : t("settings.clearCache.button")}
        </button>
      </div>
    </dialog>`;
  }

  /** Saves `patch` unless it makes an invalid combination; says which, next to the control, if it does. */
  #save(patch: SettingsPatch, controlId: string, message: string) {
    const current = this.#account.value?.settings;
    if (!current) return;
    const problem = settingsProblem(withPatch(current, patch));
    if (problem) {
      this.refusals = { [controlId]: t(problem.message) };
      this.savedNote = "";
      this.requestUpdate(); // re-renders the control with the saved value
      return;
    }
    this.refusals = {};
    const saved = this.#account.change((doc) => applyPatch(doc.settings, patch), message);
    this.savedNote = saved ? t("settings.saved") : "";
  }

  #onSectionLink(event: Event, id: string) {
    event.preventDefault();
    history.replaceState(null, "", `#${id}`);
    this.#goTo(id, true);
  }

  #goTo(id: string, smooth: boolean) {
    const section = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!section) return;
    const motion = document.documentElement.dataset.motion === "reduce" || !smooth ? "auto" : "smooth";
    section.scrollIntoView({ behavior: motion, block: "start" });
    section.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
  }

  #openClearDialog() {
    this.clearDialog.showModal();
  }

  async #syncFirst() {
    await this.syncStatus?.syncNow();
  }

  #confirmClear() {
    this.clearDialog.close();
    this.clearing = true;
    this.dispatchEvent(new CustomEvent("clear-cache-request", { bubbles: true, composed: true }));
  }
}

/** Writes each changed field on its own, so a concurrent change to another field on another device survives. */
function applyPatch(settings: Settings, patch: SettingsPatch) {
  const { music, consent, ...top } = patch;
  Object.assign(settings, top);
  if (music) Object.assign(settings.music, music);
  if (consent) Object.assign(settings.consent, consent);
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-settings": CadSettings;
  }
  interface HTMLElementEventMap {
    "clear-cache-request": CustomEvent<void>;
  }
}
