import { css } from "lit";
import { ApiError, NetworkError } from "../api.js";
import { s } from "./strings.js";

/** Dispatches a bubbling, composed event from an accounts element (the app listens on any ancestor). */
export function fire<T>(from: HTMLElement, type: string, detail?: T): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** What to show for a failed request: the server's own message, or "offline". */
export function errorText(error: unknown): string {
  if (error instanceof NetworkError) return s("offline");
  if (error instanceof ApiError) return error.message;
  return String(error);
}

/** A text field of a submitted form ("" when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * A part of Settings → Privacy & Account: an h3 under the section's h2, set off from the part above it.
 */
export const subsectionStyles = css`
  :host {
    display: block;
    margin-block-start: var(--cad-space-4);
    padding-block-start: var(--cad-space-3);
    border-block-start: 1px solid var(--cad-color-border);
  }
  h3 {
    font-size: 1.125rem;
    line-height: 1.3;
    margin: 0 0 var(--cad-space-2);
  }
`;
