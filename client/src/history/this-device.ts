/**
 * Which sync peer ids are this device's own. A repo's peer id (`u-<userId>-<random>`) is fresh each time the
 * repo opens (two tabs must not share one), while the server's attribution names the peer that delivered each
 * change: so every peer id this browser has used for a user is remembered here, and the history shows those
 * changes as "This device". Kept in Web Storage, which logout clears with the rest of the user's local data.
 */

const MAX_REMEMBERED = 500;

function storageKey(userId: string): string {
  return `cadence-own-peers-${userId}`;
}

function read(userId: string): string[] {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string") : [];
  } catch {
    return [];
  }
}

/** Remembers `peerId` as one of this device's (call when the user's repo opens). */
export function rememberThisDevice(userId: string, peerId: string): void {
  const known = read(userId);
  if (known.includes(peerId)) return;
  known.push(peerId);
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(known.slice(-MAX_REMEMBERED)));
  } catch {
    // Storage full or disabled: this session's changes still show as this device while the page is open.
  }
}

/** The peer ids this device has used for `userId`. */
export function thisDevicePeers(userId: string): ReadonlySet<string> {
  return new Set(read(userId));
}
