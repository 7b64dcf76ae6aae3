import { css } from "lit";

/**
 * Controls every element shares: 44px targets, visible focus, readable inputs (16px stops iOS zooming), and
 * the colours from the theme tokens (client/src/theme), so both themes and every accent hold their contrast.
 */
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
    outline: var(--cad-focus-width) solid var(--cad-color-focus);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    font-size: max(1rem, 16px);
    border-radius: var(--cad-radius);
  }
  button,
  input:not([type="checkbox"], [type="radio"]),
  select {
    min-height: var(--cad-target-size);
  }
  button {
    min-width: var(--cad-target-size);
    padding: var(--cad-space-2) var(--cad-space-3);
    border: 2px solid var(--cad-color-accent);
    background: var(--cad-color-accent);
    color: var(--cad-color-on-accent);
    font-weight: 600;
    cursor: pointer;
    transition: filter var(--cad-duration);
  }
  button:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  button.secondary {
    background: transparent;
    color: var(--cad-color-accent);
  }
  button.quiet {
    background: transparent;
    border-color: transparent;
    color: var(--cad-color-accent);
    text-decoration: underline;
  }
  button.danger {
    background: var(--cad-color-danger);
    border-color: var(--cad-color-danger);
    color: var(--cad-color-bg);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input:not([type="checkbox"], [type="radio"]),
  select,
  textarea {
    width: 100%;
    padding: var(--cad-space-2) var(--cad-space-3);
    border: 2px solid var(--cad-color-border);
    background: var(--cad-color-bg);
    color: var(--cad-color-fg);
  }
  textarea {
    min-height: 6rem;
    resize: vertical;
  }
  ::placeholder {
    color: var(--cad-color-muted);
    opacity: 1;
  }
  [aria-invalid="true"] {
    border-color: var(--cad-color-danger) !important;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-block-end: var(--cad-space-1);
  }
  a {
    color: var(--cad-color-accent);
    text-underline-offset: 0.15em;
  }
  h1 {
    font-size: 1.75rem;
    line-height: 1.2;
    margin: var(--cad-space-2) 0 var(--cad-space-3);
  }
  h2 {
    font-size: 1.25rem;
    line-height: 1.3;
    margin: 0 0 var(--cad-space-2);
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
  .error:empty {
    display: none;
  }
  .card {
    background: var(--cad-color-surface);
    border-radius: calc(var(--cad-radius) * 2);
    padding: var(--cad-space-3);
    margin-block-end: var(--cad-space-3);
  }
  .link-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: var(--cad-target-size);
    padding: var(--cad-space-2) var(--cad-space-3);
    border-radius: var(--cad-radius);
    border: 2px solid var(--cad-color-accent);
    font-weight: 600;
    text-decoration: none;
  }
  .link-button.primary {
    background: var(--cad-color-accent);
    color: var(--cad-color-on-accent);
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

/**
 * Choices as large tappable options: a fieldset of radio buttons or checkboxes, each label a 44px+ target,
 * the selected one marked by more than colour (a check mark and a thicker border).
 */
export const choiceStyles = css`
  fieldset {
    border: none;
    margin: 0 0 var(--cad-space-3);
    padding: 0;
    min-width: 0;
  }
  .choices {
    display: grid;
    gap: var(--cad-space-2);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--cad-choice-width, 9rem)), 1fr));
  }
  .choices.list {
    grid-template-columns: 1fr;
  }
  .choice {
    position: relative;
    display: flex;
    align-items: center;
    gap: var(--cad-space-2);
    min-height: var(--cad-target-size);
    margin: 0;
    padding: var(--cad-space-2) var(--cad-space-3);
    border: 2px solid var(--cad-color-border);
    border-radius: var(--cad-radius);
    background: var(--cad-color-bg);
    font-weight: 500;
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-color: var(--cad-color-accent);
    border-width: 3px;
    background: var(--cad-color-tint);
    font-weight: 600;
  }
  .choice:has(input:focus-visible) {
    outline: var(--cad-focus-width) solid var(--cad-color-focus);
    outline-offset: 2px;
  }
  .choice:has(input:disabled) {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
    accent-color: var(--cad-color-accent);
  }
  .choice input:focus-visible {
    outline: none;
  }
  .choice-text {
    display: grid;
  }
  .choice-text small {
    color: var(--cad-color-muted);
    font-weight: 400;
    font-size: 0.875rem;
  }
  .group-hint {
    margin: 0 0 var(--cad-space-2);
  }
  fieldset > .error {
    margin: var(--cad-space-2) 0 0;
  }
  .toggle-row {
    margin-block-end: var(--cad-space-3);
  }
  .toggle {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--cad-space-3);
    min-height: var(--cad-target-size);
    margin: 0;
    cursor: pointer;
  }
  .toggle-text {
    font-weight: 600;
  }
  input[role="switch"] {
    appearance: none;
    flex: none;
    position: relative;
    width: 3.25rem;
    height: 1.875rem;
    margin: 0;
    border-radius: 999px;
    border: 2px solid var(--cad-color-border);
    background: var(--cad-color-bg);
    cursor: pointer;
    transition: background var(--cad-duration);
  }
  input[role="switch"]::before {
    content: "";
    position: absolute;
    top: 3px;
    inset-inline-start: 3px;
    width: 1.25rem;
    height: 1.25rem;
    border-radius: 50%;
    background: var(--cad-color-muted);
    transition: inset-inline-start var(--cad-duration);
  }
  input[role="switch"]:checked {
    background: var(--cad-color-accent);
    border-color: var(--cad-color-accent);
  }
  input[role="switch"]:checked::before {
    inset-inline-start: calc(100% - 1.25rem - 3px);
    background: var(--cad-color-on-accent);
  }
  input[role="switch"]:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;
