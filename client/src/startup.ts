/**
 * What happens before the first render: paint in the appearance this device last showed, load the language
 * it last spoke (or the browser's), and register the service worker unless the user turned offline mode off.
 */
import { startLocale, useLocale } from "./i18n/index.js";
import { disableOffline, enableOffline } from "./pwa.js";
import { applyAppearance, rememberedAppearance } from "./theme/appearance.js";

const OFFLINE_KEY = "cadence.offline";

export async function start(): Promise<void> {
  applyAppearance(rememberedAppearance());
  if (offlineModeRemembered()) enableOffline();
  await useLocale(startLocale()).catch((error: unknown) => {
    // A locale chunk that cannot load (offline before it was ever cached): English rather than nothing.
    console.error("cadence: loading the language failed", error);
  });
}

/** Applies the account's offline mode: registers the service worker, or removes it and its caches. */
export async function rememberOfflineMode(on: boolean): Promise<void> {
  try {
    localStorage.setItem(OFFLINE_KEY, on ? "on" : "off");
  } catch {
    // Storage disabled: the next start registers the worker, and the account turns it off again.
  }
  if (on) enableOffline();
  else
    await disableOffline().catch((error: unknown) =>
      console.error("cadence: disabling offline failed", error),
    );
}

function offlineModeRemembered(): boolean {
  try {
    return localStorage.getItem(OFFLINE_KEY) !== "off";
  } catch {
    return true;
  }
}
