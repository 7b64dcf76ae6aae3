/**
 * Combinations of settings that do not make sense together. Settings refuses to save one and says why (spec
 * flow 18: "Invalid setting combination → UI message prevents save until resolved").
 *
 * The document itself cannot forbid them (two devices can each make one valid change whose merge is one of
 * these), so readers also interpret them safely: BPM matching counts only with Session Mix on, and daily or
 * manual sync keeps the service worker registered.
 */
import type { Settings } from "@cadence/shared-schema";
import type { PlainMessageKey } from "./i18n/index.js";

export interface SettingsProblem {
  /** The message saying why, and what to do instead. */
  readonly message: PlainMessageKey;
}

export function settingsProblem(settings: Settings): SettingsProblem | undefined {
  // Daily and manual sync keep changes on this device for hours: that needs the app and data offline.
  if (settings.sync !== "realtime" && !settings.offlineMode) {
    return { message: "settings.invalid.syncNeedsOffline" };
  }
  // BPM matching picks tracks for the Session Mix's phases; without a Session Mix it has nothing to match.
  if (settings.music.bpmMatching && !settings.music.sessionMix) {
    return { message: "settings.invalid.bpmNeedsSessionMix" };
  }
  return undefined;
}

/** `settings` with `patch` applied (nested sections merged), to check before saving. */
export function withPatch(settings: Settings, patch: SettingsPatch): Settings {
  return {
    ...settings,
    ...patch,
    music: { ...settings.music, ...patch.music },
    consent: { ...settings.consent, ...patch.consent },
  };
}

export type SettingsPatch = Partial<Omit<Settings, "music" | "consent">> & {
  readonly music?: Partial<Settings["music"]>;
  readonly consent?: Partial<Settings["consent"]>;
};
