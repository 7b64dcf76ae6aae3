import { css } from "lit";

/** Controls every element shares: 44px targets, visible focus, readable inputs (16px stops iOS zooming). */
export const controlStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--cad-focus-ring);
    outline-offset: 2px;
  }
  button,
  input {
    font: inherit;
    font-size: max(1rem, 16px);
    min-height: var(--cad-target-size);
    border-radius: var(--cad-radius);
  }
  button {
    min-width: var(--cad-target-size);
    padding: var(--cad-space-2) var(--cad-space-3);
    border: 2px solid var(--cad-color-accent);
    background: var(--cad-color-accent);
    color: var(--cad-color-on-accent);
    font-weight: 600;
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--cad-color-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input {
    width: 100%;
    padding: var(--cad-space-2) var(--cad-space-3);
    border: 2px solid var(--cad-color-border);
    background: var(--cad-color-bg);
    color: var(--cad-color-fg);
  }
  input[aria-invalid="true"] {
    border-color: var(--cad-color-danger);
  }
  label {
    display: block;
    font-weight: 600;
    margin-block-end: var(--cad-space-1);
  }
  a {
    color: var(--cad-color-accent);
  }
  .field {
    margin-block-end: var(--cad-space-3);
  }
  .hint {
    color: var(--cad-color-muted);
    font-size: 0.875rem;
    margin: var(--cad-space-1) 0 0;
  }
  .error {
    color: var(--cad-color-danger);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
