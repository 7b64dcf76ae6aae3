/**
 * Every colour Cadence draws with, per theme, and the accent palette. Kept in code (not only CSS) so that
 * test/palette.test.ts can check WCAG 2.1 AA contrast for both themes and every accent: text on the page and
 * on cards ≥ 4.5:1, text on an accent button ≥ 4.5:1, borders of controls ≥ 3:1.
 */
import type { Settings } from "@cadence/shared-schema";

export type Accent = Settings["accent"];
export type ResolvedTheme = "light" | "dark";

export interface BaseColors {
  /** Page background. */
  readonly bg: string;
  /** Cards, the navigation bar and other raised areas. */
  readonly surface: string;
  readonly fg: string;
  /** Secondary text. */
  readonly muted: string;
  /** Borders of inputs and cards (non-text contrast). */
  readonly border: string;
  readonly danger: string;
  readonly success: string;
  readonly warning: string;
}

export interface AccentColors {
  readonly accent: string;
  /** Text and icons drawn on the accent. */
  readonly onAccent: string;
  /** A tint of the accent for selected chips and the current tab. */
  readonly tint: string;
}

export const BASE: Readonly<Record<ResolvedTheme, BaseColors>> = {
  light: {
    bg: "#ffffff",
    surface: "#f3f4f6",
    fg: "#111827",
    muted: "#4b5563",
    border: "#6b7280",
    danger: "#b91c1c",
    success: "#166534",
    warning: "#92400e",
  },
  dark: {
    bg: "#0b0f17",
    surface: "#1a2130",
    fg: "#f3f4f6",
    muted: "#b4bcc9",
    border: "#7b8598",
    danger: "#fca5a5",
    success: "#86efac",
    warning: "#fcd34d",
  },
};

/** The accents in the order the picker shows them (the schema's order). */
export const ACCENT_ORDER: readonly Accent[] = ["teal", "blue", "violet", "rose", "orange", "green"];

export const ACCENTS: Readonly<Record<Accent, Readonly<Record<ResolvedTheme, AccentColors>>>> = {
  teal: {
    light: { accent: "#0f6b63", onAccent: "#ffffff", tint: "#e0f2f1" },
    dark: { accent: "#5eead4", onAccent: "#0b0f17", tint: "#123a37" },
  },
  blue: {
    light: { accent: "#1d4ed8", onAccent: "#ffffff", tint: "#e0e9ff" },
    dark: { accent: "#93c5fd", onAccent: "#0b0f17", tint: "#172b4d" },
  },
  violet: {
    light: { accent: "#6d28d9", onAccent: "#ffffff", tint: "#ede9fe" },
    dark: { accent: "#c4b5fd", onAccent: "#0b0f17", tint: "#2a2250" },
  },
  rose: {
    light: { accent: "#be123c", onAccent: "#ffffff", tint: "#ffe4e9" },
    dark: { accent: "#fda4af", onAccent: "#0b0f17", tint: "#4a1d2a" },
  },
  orange: {
    light: { accent: "#a33a0b", onAccent: "#ffffff", tint: "#ffedd5" },
    dark: { accent: "#fdba74", onAccent: "#0b0f17", tint: "#43260f" },
  },
  green: {
    light: { accent: "#166534", onAccent: "#ffffff", tint: "#dcfce7" },
    dark: { accent: "#86efac", onAccent: "#0b0f17", tint: "#133a22" },
  },
};

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
