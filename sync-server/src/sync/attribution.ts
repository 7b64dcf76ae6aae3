import * as Automerge from "@automerge/automerge";
import type { Db } from "../db/database.js";

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
 */
export class ChangeAttribution {
  readonly #insert;
  readonly #list;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
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
    if (hashes.length > 0) this.record(docId, by, userId, peerId, hashes);
  }

  record(
    docId: string,
    by: Attribution["by"],
    userId: string | null,
    peerId: string,
    hashes: string[],
  ): void {
    const t = this.now();
    this.db.transaction(() => {
      for (const h of hashes) this.#insert.run(docId, h, by, userId, peerId, t);
    })();
  }

  list(docId: string): Attribution[] {
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
const CHUNK_BUNDLE = 3;

function hashesInChunk(chunk: Uint8Array): string[] {
  const type = chunk[8];
  if (type === CHUNK_DOCUMENT)
    return Automerge.getChangesMetaSince(Automerge.load(chunk), []).map((m) => m.hash);
  if (type === CHUNK_BUNDLE) return Automerge.readBundle(chunk).changes.map((c) => c.hash);
  return [Automerge.decodeChange(chunk).hash];
}
