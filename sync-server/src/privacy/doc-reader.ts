import * as Automerge from "@automerge/automerge";
import type { DocumentId } from "@automerge/automerge-repo";
import type { AppContext } from "../context.js";
import { SqliteStorageAdapter } from "../storage/sqlite-storage-adapter.js";

/**
 * A document's full Automerge state as stored, without loading it into the server's repo: the in-memory copy is
 * flushed first when the repo has it, then every snapshot and incremental chunk is read and combined, as
 * automerge-repo's storage subsystem does. null when nothing is stored under that id.
 */
export async function readStoredDocument<T = unknown>(
  ctx: Pick<AppContext, "db" | "sync">,
  docId: string,
): Promise<Automerge.Doc<T> | null> {
  const handle = ctx.sync.repo.handles[docId as DocumentId];
  if (handle?.isReady()) await ctx.sync.persist(docId as DocumentId);
  const storage = new SqliteStorageAdapter(ctx.db);
  const snapshots = await storage.loadRange([docId, "snapshot"]);
  const incrementals = await storage.loadRange([docId, "incremental"]);
  const chunks = [...snapshots, ...incrementals].map((c) => c.data).filter((d): d is Uint8Array => !!d);
  if (chunks.length === 0) return null;
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const binary = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    binary.set(c, at);
    at += c.byteLength;
  }
  return Automerge.loadIncremental(Automerge.init<T>(), binary);
}
