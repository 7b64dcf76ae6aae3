import * as Automerge from "@automerge/automerge";
import crypto from "node:crypto";
import type { Db } from "../db/database.js";
import { groupCommitFor } from "../db/group-commit.js";
import type { GroupCommit } from "../db/group-commit.js";

interface PendingRecord {
  docId: string;
  by: Attribution["by"];
  userId: string | null;
  peerId: string;
  hashes: string[];
  at: number;
}

export interface Attribution {
  hash: string;
  by: "user" | "worker" | "server";
  userId: string | null;
  deviceId: string;
  receivedAt: string;
}

/**
 * Records which authenticated principal and peer (device) delivered each change hash of a document. Actor ids,
 * timestamps and messages inside a change are chosen by the client; this record is made by the server from the
 * socket's authenticated identity, so the history view can say who made a change with the server's word for it.
 * The first delivery of a hash wins (a change relayed later by another device is not re-attributed).
 *
 * Records are written through the connection's group commit, in the same transaction as the document chunks
 * written in the same turn of the event loop; the sync service waits for that commit before it sends anything
 * about the document, so an acknowledged change always has its record.
 */
export class ChangeAttribution {
  readonly #insert;
  readonly #list;
  readonly #commits: GroupCommit;
  /** Records whose write failed, by document, to be written again by its recovery (`retryFailed`). */
  readonly #failed = new Map<string, PendingRecord[]>();
  /** Told, synchronously, about a document whose records could not be written. */
  onFailed: ((docId: string) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#commits = groupCommitFor(db);
    this.#insert = db.prepare(
      "INSERT OR IGNORE INTO change_attribution (doc_id, hash, principal, user_id, peer_id, received_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#list = db.prepare<
      [string],
      {
        hash: string;
        principal: Attribution["by"];
        user_id: string | null;
        peer_id: string;
        received_at: number;
      }
    >(
      "SELECT hash, principal, user_id, peer_id, received_at FROM change_attribution WHERE doc_id = ? ORDER BY received_at",
    );
  }

  /**
   * Records the changes a sync message carries that the server does not have yet (`known`). A sync message
   * holds change chunks: single changes, several changes concatenated into one chunk (a v2 message), or a whole
   * document or bundle chunk when the sender chose to send everything.
   *
   * This runs for every incoming sync message, so the chunks are read by `syncMessageChanges` (a strict reader
   * of the wire format, no copies) rather than by Automerge's wasm `decodeSyncMessage`, which is used only for
   * a message that reader declines. Malformed messages are left to the repo to reject: nothing is recorded.
   *
   * Returns the hashes of every change the message carries, known or not (none for a malformed message, which
   * the repo cannot apply either).
   */
  recordSyncMessage(
    docId: string,
    by: Attribution["by"],
    userId: string | null,
    peerId: string,
    data: Uint8Array,
    known: (hash: string) => boolean,
  ): string[] {
    let hashes: string[];
    try {
      const changes = syncMessageChanges(data) ?? Automerge.decodeSyncMessage(data).changes;
      if (changes.length === 0) return [];
      hashes = changes.flatMap(hashesInChunk);
    } catch {
      return [];
    }
    const fresh = hashes.filter((h) => !known(h));
    if (fresh.length > 0) void this.record(docId, by, userId, peerId, fresh);
    return hashes;
  }

  /** Queues the records; they commit with the next group commit (`durable()` of the storage adapter). */
  record(
    docId: string,
    by: Attribution["by"],
    userId: string | null,
    peerId: string,
    hashes: string[],
  ): Promise<void> {
    return this.#write({ docId, by, userId, peerId, hashes, at: this.now() });
  }

  /**
   * Writes again the records of a document whose write failed (its recovery, sync-service.ts). Until they are
   * written, `onFailed` keeps the document from being acknowledged.
   */
  retryFailed(docId: string): void {
    const records = this.#failed.get(docId);
    if (!records) return;
    this.#failed.delete(docId);
    for (const r of records) void this.#write(r);
  }

  #write(r: PendingRecord): Promise<void> {
    const written = this.#commits.enqueue(
      () => {
        for (const h of r.hashes) this.#insert.run(r.docId, h, r.by, r.userId, r.peerId, r.at);
      },
      () => {
        // Kept to write again; the document is acknowledged no more until they are (`onFailed`).
        const kept = this.#failed.get(r.docId) ?? [];
        kept.push(r);
        this.#failed.set(r.docId, kept);
        this.onFailed?.(r.docId);
      },
    );
    // Callers may not wait for it; a failed write fails `durable()`, and `onFailed` marks its document.
    written.catch(() => undefined);
    return written;
  }

  list(docId: string): Attribution[] {
    this.#commits.commitNow();
    return this.#list.all(docId).map((r) => ({
      hash: r.hash,
      by: r.principal,
      userId: r.user_id,
      deviceId: r.peer_id,
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  }
}

// Automerge storage chunks: 4 magic bytes, 4 checksum bytes, the chunk type, then the data's length (LEB128).
const CHUNK_DOCUMENT = 0;
const CHUNK_CHANGE = 1;
const CHUNK_COMPRESSED_CHANGE = 2;
const CHUNK_BUNDLE = 3;
const MAGIC = [0x85, 0x6f, 0x4a, 0x83];

function hashesInChunk(chunk: Uint8Array): string[] {
  const type = chunk[8];
  if (type === CHUNK_DOCUMENT)
    return Automerge.getChangesMetaSince(Automerge.load(chunk), []).map((m) => m.hash);
  if (type === CHUNK_BUNDLE) return Automerge.readBundle(chunk).changes.map((c) => c.hash);
  // A v2 sync message sends several changes as one chunk of concatenated change chunks.
  const parts = splitChangeChunks(chunk);
  if (parts !== null && parts.length > 1) return parts.map(changeHash);
  return [changeHash(chunk)];
}

/**
 * Splits concatenated change chunks (plain or compressed) at their headers' lengths, or null when `bytes` is not
 * exactly that (then it is hashed as one chunk, as before).
 */
function splitChangeChunks(bytes: Uint8Array): Uint8Array[] | null {
  const parts: Uint8Array[] = [];
  const r = new Reader(bytes);
  while (r.pos < bytes.length) {
    const start = r.pos;
    if (bytes.length - start < 10 || !MAGIC.every((b, i) => bytes[start + i] === b)) return null;
    const type = bytes[start + 8];
    if (type !== CHUNK_CHANGE && type !== CHUNK_COMPRESSED_CHANGE) return null;
    r.pos = start + 9;
    const len = r.uint();
    if (len < 0 || len > r.remaining()) return null;
    r.pos += len;
    parts.push(bytes.subarray(start, r.pos));
  }
  return parts;
}

// Sync messages, as read from automerge's rust/automerge/src/sync.rs (3.4.1) and checked against the installed
// @automerge/automerge (3.5.0) by sync-server/test/sync-message.test.ts:
//
//   type byte      0x42 (v1) or 0x43 (v2); both have the layout below
//   heads          uLEB count, then count × 32-byte change hashes
//   need           the same
//   have           uLEB count, then per entry: last_sync (as heads), then a uLEB-length-prefixed Bloom filter:
//                  empty, or uLEB32 entries, bits per entry, probes, then ceil(entries × bits / 8) bytes
//   changes        uLEB count, then per entry a uLEB length and that many bytes: a storage chunk (v1: one change
//                  each; v2: a single entry holding concatenated changes or a whole document)
//   flags          optional, to the end: uLEB length, then bytes 0x01/0x02 (old capability bytes) or bitfield
//                  bytes with the high bit set
//
// Automerge's decoder rejects overlong (non-canonical) or oversized LEB128 numbers, truncated fields and
// malformed Bloom filters, and ignores whatever follows the flags.
const SYNC_MESSAGE_V1 = 0x42;
const SYNC_MESSAGE_V2 = 0x43;
const HASH_BYTES = 32;

/**
 * The change chunks of an automerge sync message, as subarrays of `data` (not copies), byte-equal and in the
 * same order as `Automerge.decodeSyncMessage(data).changes`. Returns null — the caller then asks Automerge —
 * for anything it does not fully understand or that Automerge might reject: an unknown type byte, a truncated
 * field, a non-canonical or oversized LEB128 number, a Bloom filter whose length does not match its header,
 * an empty change entry, an empty or unknown flags section, or any byte after the flags. It never throws and
 * never reads outside `data`.
 */
export function syncMessageChanges(data: Uint8Array): Uint8Array[] | null {
  // Automerge's decoder runs in 32-bit wasm; keep every length far from where its arithmetic could differ.
  if (data.length < 1 || data.length > 0x7fffffff) return null;
  if (data[0] !== SYNC_MESSAGE_V1 && data[0] !== SYNC_MESSAGE_V2) return null;
  const r = new Reader(data);
  r.pos = 1;
  if (!r.skipHashes() || !r.skipHashes()) return null; // heads, need
  const haves = r.uint();
  if (haves < 0 || haves > r.remaining()) return null;
  for (let i = 0; i < haves; i++) {
    if (!r.skipHashes()) return null; // last_sync
    const len = r.uint();
    if (len < 0 || len > r.remaining() || !r.skipBloom(r.pos + len)) return null;
  }
  const count = r.uint();
  if (count < 0 || count > r.remaining()) return null;
  const changes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.uint();
    if (len <= 0 || len > r.remaining()) return null;
    changes.push(data.subarray(r.pos, r.pos + len));
    r.pos += len;
  }
  if (r.pos === data.length) return changes; // no flags (an older peer)
  const flags = r.uint();
  if (flags <= 0 || flags !== r.remaining()) return null;
  for (let p = r.pos; p < data.length; p++) {
    const b = data[p]!;
    if (b !== 0x01 && b !== 0x02 && b < 0x80) return null;
  }
  return changes;
}

/** A position in a byte array; every read checks bounds and reports failure instead of throwing. */
class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  remaining(): number {
    return this.bytes.length - this.pos;
  }

  /**
   * A canonical unsigned LEB128 number of at most 5 bytes (below 2^35), or -1 if it is truncated, overlong (a
   * final 0 byte after the first, which Automerge rejects) or longer. Advances only on success.
   */
  uint(end = this.bytes.length): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const p = this.pos + i;
      if (p >= end) return -1;
      const byte = this.bytes[p]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0 && i > 0) return -1;
        this.pos = p + 1;
        return value;
      }
      scale *= 128;
    }
    return -1;
  }

  /** Skips a uLEB count and that many change hashes. */
  skipHashes(): boolean {
    const n = this.uint();
    if (n < 0 || n * HASH_BYTES > this.remaining()) return false;
    this.pos += n * HASH_BYTES;
    return true;
  }

  /**
   * Skips a Bloom filter that ends exactly at `end`: empty, or three 32-bit uLEB numbers (entries, bits per
   * entry, probes) and a bit array of ceil(entries × bits per entry / 8) bytes (in doubles, as Automerge does).
   */
  skipBloom(end: number): boolean {
    if (this.pos === end) return true;
    const entries = this.uint(end);
    const bitsPerEntry = entries < 0 ? -1 : this.uint(end);
    const probes = bitsPerEntry < 0 ? -1 : this.uint(end);
    if (probes < 0 || entries > 0xffffffff || bitsPerEntry > 0xffffffff || probes > 0xffffffff) return false;
    if (Math.ceil((entries * bitsPerEntry) / 8) !== end - this.pos) return false;
    this.pos = end;
    return true;
  }
}

/**
 * The hash of one change chunk. For an uncompressed change (what sync messages carry) it is the SHA-256 of the
 * chunk from its type byte on, and its first 4 bytes are the chunk's checksum: computed directly, without
 * decoding the change's operations. Anything else (a compressed change, a checksum mismatch) is decoded.
 */
export function changeHash(chunk: Uint8Array): string {
  if (chunk.length > 9 && chunk[8] === CHUNK_CHANGE && MAGIC.every((b, i) => chunk[i] === b)) {
    const hash = crypto.createHash("sha256").update(chunk.subarray(8)).digest();
    if (hash[0] === chunk[4] && hash[1] === chunk[5] && hash[2] === chunk[6] && hash[3] === chunk[7]) {
      return hash.toString("hex");
    }
  }
  return Automerge.decodeChange(chunk).hash;
}
