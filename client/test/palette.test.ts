// WCAG 2.1 AA contrast for both themes and every accent colour (1.4.3 text, 1.4.11 non-text).
import { describe, expect, it } from "vitest";
import { ACCENTS, ACCENT_ORDER, BASE, contrast } from "../src/theme/palette.js";

const TEXT = 4.5;
const NON_TEXT = 3;

describe("contrast", () => {
  it("is computed as WCAG defines it", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});

describe.each(["light", "dark"] as const)("the %s theme", (theme) => {
  const base = BASE[theme];

  it("keeps text readable on the page and on cards", () => {
    for (const background of [base.bg, base.surface]) {
      for (const text of [base.fg, base.muted, base.danger, base.success, base.warning]) {
        expect({ text, background, ratio: contrast(text, background) >= TEXT }).toEqual({
          text,
          background,
          ratio: true,
        });
      }
    }
  });

  it("draws control borders that stand out", () => {
    expect(contrast(base.border, base.bg)).toBeGreaterThanOrEqual(NON_TEXT);
    expect(contrast(base.border, base.surface)).toBeGreaterThanOrEqual(NON_TEXT);
  });

  it.each(ACCENT_ORDER)("with the %s accent keeps links, buttons, chips and focus readable", (accent) => {
    const colors = ACCENTS[accent][theme];
    // Links and outlined buttons: accent text on the page and on cards.
    expect(contrast(colors.accent, base.bg)).toBeGreaterThanOrEqual(TEXT);
    expect(contrast(colors.accent, base.surface)).toBeGreaterThanOrEqual(TEXT);
    // Filled buttons: text on the accent.
    expect(contrast(colors.onAccent, colors.accent)).toBeGreaterThanOrEqual(TEXT);
    // Selected choices: text (and hints) on the tint, and the tint's accent border against the page.
    expect(contrast(base.fg, colors.tint)).toBeGreaterThanOrEqual(TEXT);
    expect(contrast(base.muted, colors.tint)).toBeGreaterThanOrEqual(TEXT);
    expect(contrast(colors.accent, colors.tint)).toBeGreaterThanOrEqual(NON_TEXT);
  });
});
