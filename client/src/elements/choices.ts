/**
 * Templates for the choices onboarding and Settings share: a radio group, a checkbox group and an on/off
 * switch, each a native input inside its label (so the whole row is the target, and the name is the text),
 * grouped in a fieldset whose legend names the group. Style them with `choiceStyles`.
 */
import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";

export interface Choice<T> {
  readonly value: T;
  readonly label: string;
  readonly hint?: string;
  /** Extra content before the label (a colour swatch). */
  readonly lead?: TemplateResult;
  /** The language of the label, when it is not the page's (language names). */
  readonly lang?: string;
}

export interface GroupOptions {
  /** Shown under the legend and tied to the group (aria-describedby). */
  readonly hint?: string;
  /** A message about the last attempt (an invalid combination), announced when it appears. */
  readonly error?: string;
  readonly layout?: "grid" | "list";
  /** Minimum width of one option (grid layout), e.g. "6rem" for short labels. */
  readonly width?: string;
}

export function radioGroup<T extends string | number>(
  id: string,
  legend: string,
  choices: readonly Choice<T>[],
  selected: T | undefined,
  onPick: (value: T) => void,
  options: GroupOptions = {},
): TemplateResult {
  return group(id, legend, options, (describedBy) =>
    choices.map(
      (choice) =>
        html`<label class="choice">
          ${
            // live(): after a refused choice the group re-renders with the saved value checked again.
            html`<input
              type="radio"
              name=${id}
              value=${String(choice.value)}
              .checked=${live(choice.value === selected)}
              aria-describedby=${describedBy || nothing}
              @change=${() => onPick(choice.value)}
            />`
          }
          ${choice.lead ?? nothing}
          <span class="choice-text" lang=${choice.lang ?? nothing}
            >${choice.label}${choice.hint ? html`<small>${choice.hint}</small>` : nothing}</span
          >
        </label>`,
    ),
  );
}

export function checkboxGroup<T extends string>(
  id: string,
  legend: string,
  choices: readonly Choice<T>[],
  selected: readonly T[],
  onToggle: (value: T, on: boolean) => void,
  options: GroupOptions = {},
): TemplateResult {
  return group(id, legend, options, (describedBy) =>
    choices.map(
      (choice) =>
        html`<label class="choice">
          <input
            type="checkbox"
            name=${id}
            value=${choice.value}
            .checked=${live(selected.includes(choice.value))}
            aria-describedby=${describedBy || nothing}
            @change=${(event: Event) => onToggle(choice.value, (event.target as HTMLInputElement).checked)}
          />
          <span class="choice-text"
            >${choice.label}${choice.hint ? html`<small>${choice.hint}</small>` : nothing}</span
          >
        </label>`,
    ),
  );
}

/** An on/off setting: a checkbox with the switch role, its label and hint beside it. */
export function toggle(
  id: string,
  label: string,
  on: boolean,
  onChange: (on: boolean) => void,
  options: { hint?: string; error?: string; disabled?: boolean } = {},
): TemplateResult {
  const describedBy = [options.hint && `${id}-hint`, options.error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  return html`<div class="toggle-row">
    <label class="toggle" for=${id}>
      <span class="toggle-text">${label}</span>
      <input
        id=${id}
        type="checkbox"
        role="switch"
        .checked=${live(on)}
        ?disabled=${options.disabled ?? false}
        aria-describedby=${describedBy || nothing}
        @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)}
      />
    </label>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : nothing}
    <p class="error" id="${id}-error" role="alert">${options.error ?? ""}</p>
  </div>`;
}

function group(
  id: string,
  legend: string,
  options: GroupOptions,
  body: (describedBy: string) => TemplateResult[],
): TemplateResult {
  const describedBy = [options.hint && `${id}-hint`, options.error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  const style = options.width ? `--cad-choice-width: ${options.width}` : nothing;
  return html`<fieldset id=${id}>
    <legend>${legend}</legend>
    ${options.hint ? html`<p class="hint group-hint" id="${id}-hint">${options.hint}</p>` : nothing}
    <div class="choices ${options.layout === "list" ? "list" : ""}" style=${style}>${body(describedBy)}</div>
    <p class="error" id="${id}-error" role="alert">${options.error ?? ""}</p>
  </fieldset>`;
}
