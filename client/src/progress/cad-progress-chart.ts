import { LitElement, css, html, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import { localized } from "../i18n/index.js";
import type * as ChartSetup from "./chart-setup.js";
import { controlStyles } from "../styles/shared.js";
import { pt } from "./strings.js";

/** One line or bar series; `null` is a gap (a week without data). */
export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Drawn against the right-hand axis (a second unit, e.g. RPE beside %). */
  readonly secondAxis?: boolean;
  /** Shown in the table only (monotony, strain): context for the drawn figures. */
  readonly tableOnly?: boolean;
  /** How a value reads in the table and tooltip (units, locale). */
  readonly format: (value: number) => string;
}

let chartModule: Promise<typeof ChartSetup> | undefined;
const loadChart = () => (chartModule ??= import("./chart-setup.js"));

/**
 * A chart of figures over time, drawn by chart.js in the theme's colours, with the same figures as a table
 * for screen readers and anyone who prefers numbers (a disclosure under the chart). The canvas is an image
 * whose label summarises the latest value; the table is the accessible alternative. Colours come from the
 * theme's custom properties and are re-read when the theme or accent changes.
 */
@localized()
@customElement("cad-progress-chart")
export class CadProgressChart extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
      }
      figcaption {
        font-weight: 600;
        margin-block-end: var(--cad-space-2);
      }
      .canvas {
        position: relative;
        height: 12rem;
      }
      details {
        margin-block-start: var(--cad-space-2);
      }
      summary {
        cursor: pointer;
        min-height: var(--cad-target-size);
        display: flex;
        align-items: center;
        color: var(--cad-color-accent);
        font-weight: 600;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: end;
        padding: var(--cad-space-1) var(--cad-space-2);
        border-bottom: 1px solid var(--cad-color-border);
      }
      th:first-child,
      td:first-child {
        text-align: start;
      }
    `,
  ];

  @property() heading = "";
  @property() type: "bar" | "line" = "bar";
  /** The first column's heading (Week, Date). */
  @property() labelHeading = "";
  @property({ attribute: false }) labels: readonly string[] = [];
  @property({ attribute: false }) series: readonly ChartSeries[] = [];

  #chart: ChartType | undefined;
  #observer: MutationObserver | undefined;
  #drawing = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // applyAppearance() writes the theme into attributes and custom properties on <html>.
    this.#observer = new MutationObserver(() => this.#redraw());
    this.#observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme", "data-accent", "data-motion", "style", "lang"],
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#chart?.destroy();
    this.#chart = undefined;
  }

  // Every update redraws, a locale change too (@localized re-renders): tooltips format in the new language.
  protected override updated(_changed: PropertyValues<this>): void {
    this.#redraw();
  }

  override render(): TemplateResult {
    const drawn = this.series.filter((s) => !s.tableOnly);
    return html`<figure>
      <figcaption id="caption">${this.heading}</figcaption>
      <div class="canvas"><canvas role="img" aria-label=${this.#summary(drawn)}></canvas></div>
      <details>
        <summary>${pt("progress.chart.table")}</summary>
        <div class="table-wrap">
          <table aria-labelledby="caption">
            <thead>
              <tr>
                <th scope="col">${this.labelHeading}</th>
                ${this.series.map((s) => html`<th scope="col">${s.label}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${this.labels.map(
                (label, i) =>
                  html`<tr>
                    <th scope="row">${label}</th>
                    ${this.series.map((s) => {
                      const v = s.values[i];
                      return html`<td>
                        ${v === null || v === undefined ? pt("progress.noValue") : s.format(v)}
                      </td>`;
                    })}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }

  #summary(drawn: readonly ChartSeries[]): string {
    const parts = drawn.map((s) => {
      let last: number | null = null;
      let label = "";
      s.values.forEach((v, i) => {
        if (v !== null) {
          last = v;
          label = this.labels[i] ?? "";
        }
      });
      return last === null
        ? `${s.label}: ${pt("progress.noValue")}`
        : `${s.label}: ${s.format(last)} (${label})`;
    });
    return `${this.heading}. ${pt("progress.chart.latest")}: ${parts.join("; ")}`;
  }

  #redraw(): void {
    const canvas = this.renderRoot.querySelector("canvas");
    if (!canvas) return;
    const generation = ++this.#drawing;
    loadChart().then(
      ({ Chart }) => {
        if (generation !== this.#drawing || !this.isConnected) return;
        this.#chart?.destroy();
        this.#chart = new Chart(canvas, this.#config());
      },
      (error: unknown) => console.error("cadence: the chart library could not be loaded", error),
    );
  }

  #config(): ChartConfiguration {
    const style = getComputedStyle(this);
    const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const fg = token("--cad-color-fg", "#111827");
    const muted = token("--cad-color-muted", "#6b7280");
    const grid = token("--cad-color-border", "#d1d5db");
    const palette = [token("--cad-color-accent", "#0f766e"), token("--cad-color-warning", "#b45309")];
    const motion = document.documentElement.dataset.motion !== "reduce";
    const drawn = this.series.filter((s) => !s.tableOnly);
    const twoAxes = drawn.some((s) => s.secondAxis);
    const axis = (position: "left" | "right") => ({
      position,
      beginAtZero: this.type === "bar",
      ticks: { color: muted },
      grid: { color: grid, drawOnChartArea: position === "left" },
    });
    return {
      type: this.type,
      data: {
        labels: [...this.labels],
        datasets: drawn.map((s, i) => ({
          label: s.label,
          data: [...s.values],
          yAxisID: s.secondAxis ? "y2" : "y",
          borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length],
          spanGaps: true,
          pointRadius: 3,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: motion ? { duration: 180 } : false,
        color: fg,
        scales: {
          x: { ticks: { color: muted, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
          y: axis("left"),
          ...(twoAxes ? { y2: axis("right") } : {}),
        },
        plugins: {
          legend: { display: drawn.length > 1, labels: { color: fg } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const s = drawn[item.datasetIndex];
                const v = item.parsed.y;
                return s && typeof v === "number" ? `${s.label}: ${s.format(v)}` : "";
              },
            },
          },
        },
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cad-progress-chart": CadProgressChart;
  }
}
