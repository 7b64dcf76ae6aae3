import type { WorkoutVersion } from "@cadence/shared-schema/workout";
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { DEFAULT_UNITS, formatDateTime, type Units } from "../format.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { ht, htPlural } from "./strings.js";
import { authorWords, versionWords } from "./timeline-words.js";

/** Versions drawn at first and added by each "Show older versions": a 500-change workout stays quick to draw. */
export const TIMELINE_PAGE = 50;

export interface VersionSelectDetail {
  /** The version's heads; null for the current version. */
  readonly heads: readonly string[] | null;
}

/**
 * A workout's version timeline, newest first: when, who and on which device (the server's record, or the
 * change's own claim marked "not yet confirmed"), and what changed in words. The newest page is drawn; older
 * versions come a page at a time. Each earlier version can be opened read-only.
 *
 * @fires version-select - `VersionSelectDetail`: the version to show
 */
@localized()
@customElement("cad-version-timeline")
export class CadVersionTimeline extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      li {
        display: grid;
        gap: var(--cad-space-1);
        padding: var(--cad-space-2) var(--cad-space-3);
        border-inline-start: 4px solid var(--cad-color-border);
        background: var(--cad-color-surface);
        border-radius: var(--cad-radius);
      }
      li[aria-current="true"] {
        border-inline-start-color: var(--cad-color-accent);
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--cad-space-2);
        color: var(--cad-color-muted);
        font-size: 0.875rem;
      }
      .what {
        overflow-wrap: anywhere;
      }
      .badge {
        font-weight: 600;
        color: var(--cad-color-fg);
      }
      .warning {
        color: var(--cad-color-danger);
        font-size: 0.875rem;
        margin: 0;
      }
      button {
        justify-self: start;
      }
      .more {
        margin-block-start: var(--cad-space-3);
      }
    `,
  ];

  /** Oldest first, as WorkoutHistory gives them. */
  @property({ attribute: false }) versions: readonly WorkoutVersion[] = [];
  @property({ attribute: false }) units: Units = DEFAULT_UNITS;
  @property({ attribute: false }) me = { userId: "", displayName: "" };
  @property({ attribute: false }) ownDevices: ReadonlySet<string> = new Set();
  /** The heads of the version shown above, or null for the current one. */
  @property({ attribute: false }) viewing: readonly string[] | null = null;
  @state() private shown = TIMELINE_PAGE;

  #renderStart = 0;

  protected override willUpdate(): void {
    this.#renderStart = performance.now();
  }

  protected override updated(): void {
    // For the history benchmark (tests/bench/history.ts): how long drawing the timeline took.
    performance.mark("cadence:timeline-rendered", {
      detail: {
        ms: performance.now() - this.#renderStart,
        shown: Math.min(this.shown, this.versions.length),
      },
    });
  }

  override render(): TemplateResult {
    const total = this.versions.length;
    const times = new Map<string, string | null>();
    for (const v of this.versions) for (const h of v.hashes) times.set(h, v.time);
    const timeOf = (hash: string) => times.get(hash) ?? null;
    const newest = this.versions.slice(Math.max(0, total - this.shown)).reverse();
    const left = total - newest.length;
    return html`<p class="meta" data-testid="version-count">${htPlural("wh.timeline.count", total)}</p>
      <ol data-testid="timeline">
        ${repeat(
          newest,
          (v) => v.hashes[v.hashes.length - 1],
          (v, i) => this.#version(v, i === 0, timeOf),
        )}
      </ol>
      ${
        left > 0
          ? html`<button type="button" class="secondary more" @click=${this.#showOlder}>
              ${ht("wh.timeline.showOlder", { count: Math.min(left, TIMELINE_PAGE) })}
            </button>`
          : nothing
      }`;
  }

  #version(v: WorkoutVersion, current: boolean, timeOf: (hash: string) => string | null): TemplateResult {
    const author = authorWords(v.author, this.me, this.ownDevices);
    const viewing = this.viewing !== null && v.heads.every((h) => this.viewing!.includes(h));
    const shownAbove = current ? this.viewing === null : viewing;
    const time = v.time ? formatDateTime(v.time, this.units) : ht("wh.timeline.noTime");
    return html`<li data-testid="version" aria-current=${shownAbove ? "true" : "false"}>
      <span class="meta">
        <time datetime=${v.time ?? ""}>${time}</time>
        ${author.who ? html`<span data-testid="version-who">${author.who}</span>` : nothing}
        ${author.device ? html`<span data-testid="version-device">${author.device}</span>` : nothing}
        ${author.unconfirmed ? html`<span>${ht("wh.timeline.unconfirmed")}</span>` : nothing}
      </span>
      <span class="what" data-testid="version-what">${versionWords(v, this.units, timeOf)}</span>
      ${author.warning ? html`<p class="warning">${author.warning}</p>` : nothing}
      ${
        current
          ? html`<span class="badge">${ht("wh.timeline.current")}</span>`
          : viewing
            ? html`<span class="badge">${ht("wh.timeline.viewing")}</span>`
            : html`<button type="button" class="secondary" @click=${() => this.#select(v.heads)}>
                ${ht("wh.timeline.view")}
              </button>`
      }
    </li>`;
  }

  #showOlder() {
    this.shown += TIMELINE_PAGE;
  }

  #select(heads: readonly string[]) {
    this.dispatchEvent(
      new CustomEvent<VersionSelectDetail>("version-select", {
        detail: { heads },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-version-timeline": CadVersionTimeline;
  }
}
