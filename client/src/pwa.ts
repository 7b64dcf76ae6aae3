/**
 * The service worker (built by vite-plugin-pwa with Workbox, see vite.config.ts): registration, the
 * "Reload to update" signal when a new version has installed and is waiting, and the caches.
 *
 * The precache (`workbox-precache-*`) holds only the built app, the same for every user, so logout keeps it
 * (the next person can start offline too) and deletes every other cache. Turning offline mode off
 * unregisters the worker and deletes the precache as well.
 */
import { registerSW } from "virtual:pwa-register";

const PRECACHE_PREFIX = "workbox-precache";
/** How often an open app asks the server whether a new version was deployed. */
const UPDATE_CHECK_MS = 30 * 60 * 1000;

type Listener = () => void;

let updateSW: ((reloadPage?: boolean) => Promise<void>) | undefined;
let updateWaiting = false;
const updateListeners = new Set<Listener>();

/** Whether the browser can run the app offline at all. */
export const serviceWorkerSupported = "serviceWorker" in navigator;

/** Registers the service worker (offline mode on). Safe to call again. */
export function enableOffline(): void {
  if (!serviceWorkerSupported || updateSW) return;
  updateSW = registerSW({
    immediate: true,
    onNeedRefresh() {
      updateWaiting = true;
      for (const listener of updateListeners) listener();
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => {
        if (navigator.onLine) registration.update().catch(() => undefined);
      };
      setInterval(check, UPDATE_CHECK_MS);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") check();
      });
    },
    onRegisterError(error: unknown) {
      console.error("cadence: registering the service worker failed", error);
    },
  });
}

/** Offline mode off: no service worker, no cached app; the next start needs the network. */
export async function disableOffline(): Promise<void> {
  updateSW = undefined;
  if (!serviceWorkerSupported) return;
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((registration) => registration.unregister()));
  await deleteCaches(() => true);
}

/** A new version has installed and waits for "Reload to update". */
export function updateAvailable(): boolean {
  return updateWaiting;
}

export function onUpdateAvailable(listener: Listener): () => void {
  updateListeners.add(listener);
  return () => updateListeners.delete(listener);
}

/** Activates the waiting version and reloads the page into it. */
export async function applyUpdate(): Promise<void> {
  if (!updateSW || !serviceWorkerSupported) {
    location.reload();
    return;
  }
  // workbox-window reloads only when the page was already controlled when it registered; a page whose very
  // first visit installed the worker would stay on the old version, so the reload is ours.
  navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
  await updateSW(true);
}

/** Deletes the caches that can hold anything of a user (all but the app's precache). */
export function deleteUserCaches(): Promise<void> {
  return deleteCaches((name) => !name.startsWith(PRECACHE_PREFIX));
}

async function deleteCaches(which: (name: string) => boolean): Promise<void> {
  if (!("caches" in globalThis)) return;
  const names = await caches.keys();
  await Promise.all(names.filter(which).map((name) => caches.delete(name)));
}
