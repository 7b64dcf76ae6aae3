/**
 * Everything this device keeps for a signed-in user, and how to erase it on logout.
 */

const DATABASE_PREFIX = "cadence-";

/** The IndexedDB database holding a user's Automerge documents. */
export function userDatabaseName(userId: string): string {
  return DATABASE_PREFIX + userId;
}

/** Cache Storage names of the service worker's precache: the built app, identical for every user. */
const APP_PRECACHE_PREFIX = "workbox-precache";

/**
 * Deletes the user's IndexedDB databases (the repo's, and any later `cadence-<userId>-…` ones), Web Storage
 * and every cache but the app's precache (which holds only the built app, so the next person can start
 * offline too). Call it after the repo has shut down and closed its database; another tab that still holds
 * the database open delays the deletion until it closes, so this does not wait longer than `waitMs`.
 */
export async function wipeLocalData(userId: string, waitMs = 3000): Promise<void> {
  await deleteLocalDocuments(userId, waitMs);
  localStorage.clear();
  sessionStorage.clear();
  if ("caches" in globalThis) {
    const keys = await caches.keys();
    await Promise.all(
      keys.filter((key) => !key.startsWith(APP_PRECACHE_PREFIX)).map((key) => caches.delete(key)),
    );
  }
}

/**
 * Deletes this device's copy of the user's documents ("Clear local cache"); the server's copy is untouched
 * and syncs back. Call it with the repo closed.
 */
export async function deleteLocalDocuments(userId: string, waitMs = 3000): Promise<void> {
  const names = await userDatabaseNames(userId);
  await Promise.all(names.map((name) => deleteDatabase(name, waitMs)));
}

async function userDatabaseNames(userId: string): Promise<string[]> {
  const own = userDatabaseName(userId);
  const names = new Set([own]);
  if (typeof indexedDB.databases === "function") {
    for (const { name } of await indexedDB.databases()) {
      if (name !== undefined && (name === own || name.startsWith(own + "-"))) names.add(name);
    }
  }
  return [...names];
}

function deleteDatabase(name: string, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // Blocked by an open connection elsewhere: the deletion stays queued and completes once it closes.
    request.onblocked = () => setTimeout(resolve, waitMs);
  });
}
