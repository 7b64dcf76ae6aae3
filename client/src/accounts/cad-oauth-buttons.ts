import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { localized } from "../i18n/index.js";
import { controlStyles } from "../styles/shared.js";
import { getProviders, oauthStartUrl, type Providers } from "./api.js";
import { s } from "./strings.js";

/**
 * "Continue with Google" / "Continue with Apple" below an "or", for the providers this server has configured
 * (none: renders nothing). They are plain links: the browser leaves for the provider and comes back signed in, to
 * `/onboarding?new=1` for a new account or to `return-to` for a returning one, or to `/?auth_error=<code>`.
 */
@localized()
@customElement("cad-oauth-buttons")
export class CadOAuthButtons extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--cad-space-2);
      }
      a.link-button {
        text-align: center;
      }
      .or {
        display: flex;
        align-items: center;
        gap: var(--cad-space-2);
        margin: var(--cad-space-2) 0;
        color: var(--cad-color-muted);
      }
      .or::before,
      .or::after {
        content: "";
        flex: 1;
        border-block-start: 1px solid var(--cad-color-border);
      }
    `,
  ];

  @property({ attribute: "return-to" }) returnTo = "/";
  @state() private providers: Providers | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    getProviders()
      .then((p) => (this.providers = p))
      .catch(() => (this.providers = null));
  }

  override render() {
    const p = this.providers;
    if (!p || (!p.google && !p.apple)) return nothing;
    return html`
      <p class="or">${s("or")}</p>
      ${
        p.google
          ? html`<a class="link-button" href=${oauthStartUrl("google", this.returnTo)}
              >${s("continueWithGoogle")}</a
            >`
          : nothing
      }
      ${
        p.apple
          ? html`<a class="link-button" href=${oauthStartUrl("apple", this.returnTo)}
              >${s("continueWithApple")}</a
            >`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-oauth-buttons": CadOAuthButtons;
  }
}
