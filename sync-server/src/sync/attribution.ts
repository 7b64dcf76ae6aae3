import * as Automerge from "@automerge/automerge";
import crypto from "node:crypto";
import type { Db } from "../db/database.js";
import { groupCommitFor } from "../db/group-commit.js";
import type { GroupCommit } from "../db/group-commit.js";

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
   * holds single changes, or a whole document or bundle chunk when the sender chose to send everything.
   * Malformed messages are left to the repo to reject.
   */
  recordSyncMessage(
    docId: string,
    by: Attribution["by"],
    userId: string | null,
    peerId: string,
    data: Uint8Array,
    known: (hash: string) => boolean,
  ): void {
    let hashes: string[];
    try {
      const message = Automerge.decodeSyncMessage(data);
      if (message.changes.length === 0) return;
      hashes = message.changes.flatMap(hashesInChunk).filter((h) => !known(h));
    } catch {
      return;
    }
    if (hashes.length > 0) void this.record(docId, by, userId, peerId, hashes);
  }

  /** Queues the records; they commit with the next group commit (`durable()` of the storage adapter). */
  record(
    docId: string,
    by: Attribution["by"],
    userId: string | null,
    peerId: string,
    hashes: string[],
  ): Promise<void> {
    const t = this.now();
    const written = this.#commits.enqueue(() => {
      for (const h of hashes) this.#insert.run(docId, h, by, userId, peerId, t);
    });
    // Callers may not wait for it; a failed write still fails `durable()`, so nothing is acknowledged.
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

// Automerge storage chunks: 4 magic bytes, 4 checksum bytes, then the chunk type.
const CHUNK_DOCUMENT = 0;
const CHUNK_CHANGE = 1;
const CHUNK_BUNDLE = 3;
const MAGIC = [0x85, 0x6f, 0x4a, 0x83];

function hashesInChunk(chunk: Uint8Array): string[] {
  const type = chunk[8];
  if (type === CHUNK_DOCUMENT)
    return Automerge.getChangesMetaSince(Automerge.load(chunk), []).map((m) => m.hash);
  if (type === CHUNK_BUNDLE) return Automerge.readBundle(chunk).changes.map((c) => c.hash);
  return [changeHash(chunk)];
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
