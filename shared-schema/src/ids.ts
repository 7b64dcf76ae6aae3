// Identity formats from the platform contract, and random ids that work in browsers (even outside secure
// contexts, where crypto.randomUUID is missing) and in Node 20: only globalThis.crypto.getRandomValues is used.
import * as z from "zod";

const USER_ID_RE = /^[a-z2-7]{26}$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Random part of a peerId: 8+ chars of [a-z0-9] (contract); the upper bound only keeps ids sane. */
const PEER_RANDOM = "[a-z0-9]{8,64}";

/** userId: 26 characters of lowercase base32, random. */
export const UserIdSchema = z.string().regex(USER_ID_RE, "Invalid user id: expected 26 of [a-z2-7]");

export function isUserId(value: unknown): value is string {
  return typeof value === "string" && USER_ID_RE.test(value);
}

/** Random characters from `alphabet` without modulo bias (bytes that would bias the result are redrawn). */
export function randomString(alphabet: string, length: number): string {
  if (alphabet.length < 2 || alphabet.length > 256)
    throw new RangeError("alphabet must have 2-256 characters");
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** A new random userId (the server assigns these at registration). */
export function makeUserId(): string {
  return randomString(BASE32, 26);
}

/** The prefix every peerId of this user's browsers and Node clients starts with: `u-<userId>-`. */
export function clientPeerIdPrefix(userId: string): string {
  if (!isUserId(userId)) throw new TypeError("clientPeerIdPrefix: not a user id");
  return `u-${userId}-`;
}

/** A fresh client peerId for this user: `u-<userId>-<16 random [a-z0-9]>`. */
export function makeClientPeerId(userId: string): string {
  return clientPeerIdPrefix(userId) + randomString(LOWER_ALNUM, 16);
}

const CLIENT_PEER_RE = new RegExp(`^u-([a-z2-7]{26})-${PEER_RANDOM}$`);
const WORKER_PEER_RE = new RegExp(`^svc-worker-${PEER_RANDOM}$`);
const SERVER_PEER_RE = new RegExp(`^server-${PEER_RANDOM}$`);

/**
 * True only for a well-formed client peerId of exactly this user. The sync server uses it to refuse a `join`
 * whose peerId does not belong to the authenticated user.
 */
export function peerIdBelongsTo(peerId: string, userId: string): boolean {
  const match = CLIENT_PEER_RE.exec(peerId);
  return match !== null && isUserId(userId) && match[1] === userId;
}

export function makeWorkerPeerId(): string {
  return "svc-worker-" + randomString(LOWER_ALNUM, 16);
}

export function makeServerPeerId(): string {
  return "server-" + randomString(LOWER_ALNUM, 16);
}

export type PeerIdentity =
  | { readonly role: "client"; readonly userId: string }
  | { readonly role: "worker" }
  | { readonly role: "server" };

/** Who a peerId claims to be, or null when it has none of the contract's forms. */
export function parsePeerId(peerId: string): PeerIdentity | null {
  const client = CLIENT_PEER_RE.exec(peerId);
  if (client?.[1] !== undefined) return { role: "client", userId: client[1] };
  if (WORKER_PEER_RE.test(peerId)) return { role: "worker" };
  if (SERVER_PEER_RE.test(peerId)) return { role: "server" };
  return null;
}

/** A new id for a map entry in a document (log entry, context entry, playlist...): 20 chars of base32. */
export function makeEntryId(): string {
  return randomString(BASE32, 20);
}

/** A random RFC 9562 version 4 UUID (DocRequest ids are UUIDs), built from getRandomValues. */
export function makeUuid(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
