import type { AccountDoc } from "@cadence/shared-schema";
import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement } from "lit/decorators.js";
import { AccountController } from "../account.js";
import { formatDate } from "../format.js";
import { currentLocale, localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { listWorkouts, type WorkoutListEntry } from "../workout/workouts.js";
import "../elements/cad-empty-state.js";
import { ht } from "./strings.js";

/** "March 2026": the heading of a month's group, from a `YYYY-MM-DD` day. */
function monthOf(date: string): string {
  const [y, m] = date.split("-").map(Number);
  if (!y || !m) return date;
  return new Intl.DateTimeFormat(currentLocale(), { month: "long", year: "numeric" }).format(
    new Date(y, m - 1, 1),
  );
}

/** Entries (newest first) grouped by month, in order. */
function byMonth(entries: readonly WorkoutListEntry[]): { month: string; entries: WorkoutListEntry[] }[] {
  const groups: { key: string; month: string; entries: WorkoutListEntry[] }[] = [];
  for (const entry of entries) {
    const key = entry.date.slice(0, 7);
    let group = groups[groups.length - 1];
    if (!group || group.key !== key) {
      group = { key, month: monthOf(entry.date), entries: [] };
      groups.push(group);
    }
    group.entries.push(entry);
  }
  return groups;
}

/**
 * The account's workouts (`links.workouts`, read without opening each document), newest first and grouped by
 * month: date, title and status, each opening its detail and version timeline. An empty state says where
 * workouts come from.
 */
@localized()
@customElement("cad-history-list")
export class CadHistoryList extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .lead {
        color: var(--cad-color-muted);
        margin: 0 0 var(--cad-space-3);
      }
      section {
        margin-block-end: var(--cad-space-3);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      a.workout {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0 var(--cad-space-2);
        align-items: center;
        min-height: var(--cad-target-size);
        padding: var(--cad-space-2) var(--cad-space-3);
        border-radius: var(--cad-radius);
        background: var(--cad-color-surface);
        color: var(--cad-color-fg);
        text-decoration: none;
      }
      a.workout:hover .title {
        text-decoration: underline;
      }
      .title {
        font-weight: 600;
      }
      .date {
        color: var(--cad-color-muted);
        font-size: 0.875rem;
        grid-column: 1;
      }
      .status {
        grid-row: 1 / span 2;
        grid-column: 2;
        font-size: 0.875rem;
        font-weight: 600;
        padding: var(--cad-space-1) var(--cad-space-2);
        border: 1px solid var(--cad-color-border);
        border-radius: 999px;
      }
    `,
  ];

  readonly #account = new AccountController<WorkoutListEntry[]>(this, (doc: AccountDoc) => listWorkouts(doc));

  override render(): TemplateResult {
    const entries = this.#account.value;
    const state = this.#account.state;
    if (!entries) {
      const waiting = state === "loading" || state === "idle";
      return html`<p role="status">${waiting ? ht("wh.list.loading") : ht("wh.list.unavailable")}</p>`;
    }
    if (entries.length === 0) {
      return html`<cad-empty-state icon="history" heading=${ht("wh.list.emptyHeading")}>
        <p>${ht("wh.list.emptyBody")}</p>
        <a slot="actions" class="link-button primary" href="/">${ht("wh.list.actionToday")}</a>
        <a slot="actions" class="link-button" href="/workout">${ht("wh.list.actionWorkout")}</a>
      </cad-empty-state>`;
    }
    return html`<p class="lead">${ht("wh.list.lead")}</p>
      ${byMonth(entries).map(
        (group, i) =>
          html`<section aria-labelledby="month-${i}">
            <h2 id="month-${i}">${group.month}</h2>
            <ul>
              ${group.entries.map((entry) => this.#entry(entry))}
            </ul>
          </section>`,
      )}`;
  }

  #entry(entry: WorkoutListEntry): TemplateResult {
    const title = entry.title || ht("wh.list.untitled");
    const date = formatDate(entry.date, "long");
    return html`<li>
      <a class="workout" href="/history/${entry.id}" data-testid="history-entry" data-status=${entry.status}>
        <span class="title">${title}</span>
        <span class="date">${date}</span>
        <span class="status">${ht(`wh.status.${entry.status}`)}</span>
      </a>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-history-list": CadHistoryList;
  }
}
