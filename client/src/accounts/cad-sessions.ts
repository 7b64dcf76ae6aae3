import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { isAccountDeleted } from "./account-deleted.js";
import { listSessions, signOutOtherSessions, signOutSession, type SessionInfo } from "./api.js";
import { errorText, fire, subsectionStyles } from "./element-support.js";
import { s, when } from "./strings.js";

/**
 * Where the user is signed in (device, last active, this device), with "Sign out" for every other session and
 * "Sign out all other devices". Signing a session out closes its sync sockets on the server; that device shows
 * the sign-in screen on its next contact. This device signs out with "Log out" on the Account screen, which
 * first sends what is not yet synced.
 *
 * @fires account-deleted - the server says the account no longer exists; the app wipes this device.
 */
@localized()
@customElement("cad-sessions")
export class CadSessions extends LitElement {
  static override styles = [
    controlStyles,
    subsectionStyles,
    css`
      ul {
        list-style: none;
        margin: 0 0 var(--cad-space-3);
        padding: 0;
        display: grid;
        gap: var(--cad-space-2);
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--cad-space-2);
        padding: var(--cad-space-2) var(--cad-space-3);
        border: 1px solid var(--cad-color-border);
        border-radius: var(--cad-radius);
      }
      .device {
        font-weight: 600;
      }
      .meta {
        color: var(--cad-color-muted);
        font-size: 0.9em;
      }
      .badge {
        margin-inline-start: var(--cad-space-2);
        font-weight: 400;
        color: var(--cad-color-success);
      }
    `,
  ];

  @state() private sessions: SessionInfo[] | null = null;
  @state() private error = "";
  @state() private notice = "";
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.sessions = await listSessions();
      this.error = "";
    } catch (error) {
      this.handle(error);
    }
  }

  private handle(error: unknown): void {
    if (isAccountDeleted(error)) fire(this, "account-deleted");
    this.error = errorText(error);
  }

  private async signOut(session: SessionInfo): Promise<void> {
    this.busy = true;
    try {
      await signOutSession(session.id);
      await this.load();
    } catch (error) {
      this.handle(error);
    } finally {
      this.busy = false;
    }
  }

  private async signOutOthers(): Promise<void> {
    this.busy = true;
    try {
      const n = await signOutOtherSessions();
      this.notice = s("sessionsOthersDone", { n });
      await this.load();
    } catch (error) {
      this.handle(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const list = this.sessions;
    return html`
      <h3>${s("sessionsTitle")}</h3>
      ${list === null && !this.error ? html`<p>${s("loading")}</p>` : nothing}
      ${
        list
          ? html`<ul>
              ${list.map(
                (x) =>
                  html`<li>
                    <div>
                      <div class="device">
                        ${x.device}${x.current ? html`<span class="badge">${s("sessionsThis")}</span>` : nothing}
                      </div>
                      <div class="meta">
                        ${
                          x.syncConnections > 0 || x.current
                            ? s("sessionsActive")
                            : s("sessionsLastSeen", { date: when(x.lastSeenAt) })
                        }
                        · ${s("sessionsSince", { date: when(x.createdAt) })}
                      </div>
                    </div>
                    ${
                      x.current
                        ? nothing
                        : html`<button
                            class="secondary"
                            ?disabled=${this.busy}
                            aria-label=${s("sessionsSignOutOf", { device: x.device })}
                            @click=${() => void this.signOut(x)}
                          >
                            ${s("sessionsSignOut")}
                          </button>`
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        list && list.length > 1
          ? html`<button ?disabled=${this.busy} @click=${() => void this.signOutOthers()}>
              ${s("sessionsSignOutOthers")}
            </button>`
          : list
            ? html`<p class="hint">${s("sessionsOnlyThis")}</p>`
            : nothing
      }
      <p class="hint" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.error}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-sessions": CadSessions;
  }
}
