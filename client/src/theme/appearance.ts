/**
 * Applies the Appearance settings to the page at once: theme (light / dark / following the system), accent,
 * font size, and motion (off when the user turns animations off or the system asks for reduced motion).
 * Everything is custom properties and attributes on <html>: they inherit into every shadow root, so no
 * element needs to know. The last applied appearance is remembered on this device, so the next start paints
 * in it before the account document has loaded.
 */
import type { Settings } from "@cadence/shared-schema";
import { ACCENTS, BASE, type ResolvedTheme } from "./palette.js";

export type Appearance = Pick<Settings, "theme" | "accent" | "fontSize" | "animations">;

export const DEFAULT_APPEARANCE: Appearance = {
  theme: "system",
  accent: "teal",
  fontSize: "M",
  animations: true,
};

const REMEMBERED_KEY = "cadence.appearance";
const FONT_SCALE: Record<Appearance["fontSize"], string> = { S: "87.5%", M: "100%", L: "118.75%" };

const darkQuery = matchMedia("(prefers-color-scheme: dark)");
const reducedMotionQuery = matchMedia("(prefers-reduced-motion: reduce)");
let current: Appearance = DEFAULT_APPEARANCE;
let listening = false;

/**
 * Applies `appearance` now, and keeps following the system's colour scheme and motion preference. Remembered
 * for the next start unless `remember` is false (signed out: the defaults, and nothing kept of the last user).
 */
export function applyAppearance(appearance: Appearance, { remember: keep = true } = {}): void {
  current = {
    theme: appearance.theme,
    accent: appearance.accent,
    fontSize: appearance.fontSize,
    animations: appearance.animations,
  };
  render();
  if (keep) remember(current);
  if (!listening) {
    listening = true;
    darkQuery.addEventListener("change", render);
    reducedMotionQuery.addEventListener("change", render);
  }
}

/** The appearance this device last showed (or the defaults). */
export function rememberedAppearance(): Appearance {
  try {
    const stored = localStorage.getItem(REMEMBERED_KEY);
    if (stored === null) return DEFAULT_APPEARANCE;
    const value = JSON.parse(stored) as Partial<Appearance>;
    return { ...DEFAULT_APPEARANCE, ...value };
  } catch {
    return DEFAULT_APPEARANCE;
  }
}

export function resolvedTheme(theme: Appearance["theme"] = current.theme): ResolvedTheme {
  if (theme === "system") return darkQuery.matches ? "dark" : "light";
  return theme;
}

function render() {
  const theme = resolvedTheme();
  const base = BASE[theme];
  const accent = (ACCENTS[current.accent] ?? ACCENTS.teal)[theme];
  const root = document.documentElement;
  const reduceMotion = !current.animations || reducedMotionQuery.matches;
  const tokens: Record<string, string> = {
    "--cad-color-bg": base.bg,
    "--cad-color-surface": base.surface,
    "--cad-color-fg": base.fg,
    "--cad-color-muted": base.muted,
    "--cad-color-border": base.border,
    "--cad-color-danger": base.danger,
    "--cad-color-success": base.success,
    "--cad-color-warning": base.warning,
    "--cad-color-accent": accent.accent,
    "--cad-color-on-accent": accent.onAccent,
    "--cad-color-tint": accent.tint,
    "--cad-duration": reduceMotion ? "0ms" : "180ms",
  };
  for (const [name, value] of Object.entries(tokens)) root.style.setProperty(name, value);
  root.style.colorScheme = theme;
  root.style.fontSize = FONT_SCALE[current.fontSize] ?? "100%";
  root.dataset.theme = theme;
  root.dataset.accent = current.accent;
  root.dataset.motion = reduceMotion ? "reduce" : "full";
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    meta.content = base.bg;
    meta.removeAttribute("media");
  }
}

function remember(appearance: Appearance) {
  try {
    localStorage.setItem(REMEMBERED_KEY, JSON.stringify(appearance));
  } catch {
    // Storage full or disabled: the next start paints in the defaults until the account loads.
  }
}
