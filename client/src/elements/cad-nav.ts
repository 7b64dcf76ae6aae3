import { LitElement, css, html, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { localized, t, type PlainMessageKey } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { icon, type IconName } from "./icons.js";

interface Destination {
  readonly href: string;
  readonly label: PlainMessageKey;
  readonly icon: IconName;
}

/** The main destinations; Settings and Account sit in the header beside them. */
export const DESTINATIONS: readonly Destination[] = [
  { href: "/", label: "nav.today", icon: "today" },
  { href: "/workout", label: "nav.workout", icon: "workout" },
  { href: "/history", label: "nav.history", icon: "history" },
  { href: "/progress", label: "nav.progress", icon: "progress" },
  { href: "/music", label: "nav.music", icon: "music" },
];

/**
 * The main navigation: a bar along the bottom of a phone's screen, within reach of a thumb, and a column at
 * the side on wider screens. Each destination is a link with an icon and a visible label; the current one
 * has aria-current="page" and is marked by more than colour (a bar and bold text).
 */
@localized()
@customElement("cad-nav")
export class CadNav extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      nav {
        height: 100%;
      }
      ul {
        display: flex;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        flex: 1 1 0;
        min-width: 0;
      }
      a {
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: 2px;
        min-height: 3.5rem;
        padding: var(--cad-space-1) 2px;
        color: var(--cad-color-muted);
        text-decoration: none;
        font-size: 0.75rem;
        font-weight: 500;
        line-height: 1.2;
        text-align: center;
        overflow-wrap: anywhere;
        position: relative;
      }
      a[aria-current="page"] {
        color: var(--cad-color-accent);
        font-weight: 700;
      }
      a[aria-current="page"]::before {
        content: "";
        position: absolute;
        inset-inline: 20%;
        top: 0;
        height: 3px;
        border-radius: 0 0 3px 3px;
        background: var(--cad-color-accent);
      }
      a:focus-visible {
        outline-offset: -4px;
      }
      @media (min-width: 60rem) {
        ul {
          flex-direction: column;
          gap: var(--cad-space-1);
          padding: var(--cad-space-3) var(--cad-space-2);
        }
        a {
          flex-direction: row;
          justify-content: flex-start;
          gap: var(--cad-space-3);
          min-height: var(--cad-target-size);
          padding: var(--cad-space-2) var(--cad-space-3);
          border-radius: var(--cad-radius);
          font-size: 1rem;
          color: var(--cad-color-fg);
        }
        a[aria-current="page"] {
          background: var(--cad-color-tint);
          color: var(--cad-color-fg);
        }
        a[aria-current="page"]::before {
          inset-inline: 0 auto;
          top: 20%;
          bottom: 20%;
          width: 4px;
          height: auto;
          border-radius: 0 3px 3px 0;
        }
      }
    `,
  ];

  /** The current path (cad-app's router). */
  @property() path = "/";

  override render(): TemplateResult {
    return html`<nav aria-label=${t("nav.label")}>
      <ul>
        ${DESTINATIONS.map(
          (d) =>
            html`<li>
              <a href=${d.href} aria-current=${this.#isCurrent(d.href) ? "page" : "false"}
                >${icon(d.icon)}<span>${t(d.label)}</span></a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  #isCurrent(href: string): boolean {
    return href === "/" ? this.path === "/" : this.path === href || this.path.startsWith(href + "/");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-nav": CadNav;
  }
}
