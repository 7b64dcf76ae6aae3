import { consume } from "@lit/context";
import type { AccountDoc } from "@cadence/shared-schema";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { unitsContext } from "../context.js";
import { DEFAULT_UNITS, formatDate, formatList, formatMinutes, formatWeight, type Units } from "../format.js";
import { localized, t, tPlural } from "../i18n/index.js";
import { equipmentLabel, goalLabel } from "../labels.js";
import { controlStyles } from "../styles/shared.js";
import "../nudges/cad-nudges.js";
import "../plan/cad-today-plan.js";
import "./cad-empty-state.js";

type TodaySlice = Pick<AccountDoc["onboarding"], "completed" | "goal" | "daysPerWeek" | "sessionMinutes"> & {
  readonly name: string;
  readonly equipment: readonly string[];
};

/**
 * The start screen: today's date, a greeting, where the plan will appear (an empty state until the planner
 * issue fills it), and the training setup the plan will be built from, straight from the account document.
 */
@localized()
@customElement("cad-today")
export class CadToday extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .date {
        color: var(--cad-color-muted);
        margin: 0;
        text-transform: capitalize;
      }
      h1 {
        margin-top: 0;
      }
      .setup dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--cad-space-1) var(--cad-space-3);
        margin: 0 0 var(--cad-space-3);
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      p {
        margin: 0 0 var(--cad-space-2);
      }
      section {
        margin-block-end: var(--cad-space-4);
      }
    `,
  ];

  @consume({ context: unitsContext, subscribe: true })
  @state()
  private units: Units = DEFAULT_UNITS;

  readonly #account = new AccountController<TodaySlice>(this, (doc) => ({
    name: doc.profile.displayName,
    completed: doc.onboarding.completed,
    goal: doc.onboarding.goal,
    daysPerWeek: doc.onboarding.daysPerWeek,
    sessionMinutes: doc.onboarding.sessionMinutes,
    equipment: [...doc.onboarding.equipment],
  }));

  override render(): TemplateResult {
    const today = this.#account.value;
    return html`<p class="date">${formatDate(new Date(), "long")}</p>
      <h1>${t("today.title")}</h1>
      ${today ? this.#content(today) : this.#status()}`;
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

  #content(today: TodaySlice): TemplateResult {
    const equipment = [...new Set(today.equipment)].map(equipmentLabel);
    return html`<p class="greeting" data-testid="greeting">
        ${today.name ? t("today.greeting", { name: today.name }) : t("today.greetingNoName")}
      </p>
      <cad-nudges></cad-nudges>
      ${
        today.completed
          ? nothing
          : html`<section class="card" aria-labelledby="finish-heading">
              <h2 id="finish-heading">${t("today.finishSetupHeading")}</h2>
              <p>${t("today.finishSetupBody")}</p>
              <a class="link-button primary" href="/onboarding">${t("today.finishSetupAction")}</a>
            </section>`
      }
      <section aria-label=${t("today.planLabel")}>
        <cad-today-plan></cad-today-plan>
      </section>
      <section class="card setup" aria-labelledby="setup-heading">
        <h2 id="setup-heading">${t("today.setupHeading")}</h2>
        <dl>
          <dt>${t("today.setupGoal")}</dt>
          <dd>${goalLabel(today.goal)}</dd>
          <dt>${t("today.setupSchedule")}</dt>
          <dd>
            ${tPlural("today.daysPerWeek", today.daysPerWeek)} ·
            ${t("today.sessionLength", { minutes: formatMinutes(today.sessionMinutes) })}
          </dd>
          <dt>${t("today.setupEquipment")}</dt>
          <dd>${equipment.length ? formatList(equipment) : t("today.noEquipment")}</dd>
          <dt>${t("today.setupUnits")}</dt>
          <dd>${t("today.unitsExample", { weight: formatWeight(20, this.units) })}</dd>
        </dl>
        <a href="/settings#training">${t("today.editSetup")}</a>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-today": CadToday;
  }
}
