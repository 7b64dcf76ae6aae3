import * as Automerge from "@automerge/automerge";
import type { DocHandle, DocumentId } from "@automerge/automerge-repo";
import type { AppContext } from "../context.js";
import { SqliteStorageAdapter } from "../storage/sqlite-storage-adapter.js";

/** How long a read waits for a document the server is still loading (from storage or a peer). */
const SETTLE_MS = 10_000;

/**
 * A document's full Automerge state as the server holds it: every stored snapshot and incremental chunk, merged
 * with the server's in-memory copy when its repo has the document loaded. null when neither has anything.
 *
 * The in-memory copy holds every change the server has acknowledged to a client (ADR 0005: nothing about a
 * document leaves the server before the copy it was made from is saved). The stored chunks alone can lag
 * behind it — automerge-repo saves on a debounce, and a save of an older copy replaces newer chunks — so a
 * reader of storage alone could miss an acknowledged change. The loaded copy is also flushed and made durable
 * first, so what is read is on disk too. A document still loading is waited for (at most SETTLE_MS).
 */
export async function readStoredDocument<T = unknown>(
  ctx: Pick<AppContext, "db" | "sync">,
  docId: string,
): Promise<Automerge.Doc<T> | null> {
  const handle = ctx.sync.loadedHandle<T>(docId as DocumentId);
  if (handle && !handle.isReady()) await settled(handle);
  let memory: Automerge.Doc<T> | null = null;
  if (handle?.isReady()) {
    await ctx.sync.persist(docId as DocumentId);
    // After the flush: whatever arrived meanwhile is included too.
    if (handle.isReady()) memory = handle.doc();
  }
  const storage = new SqliteStorageAdapter(ctx.db);
  const snapshots = await storage.loadRange([docId, "snapshot"]);
  const incrementals = await storage.loadRange([docId, "incremental"]);
  const chunks = [...snapshots, ...incrementals].map((c) => c.data).filter((d): d is Uint8Array => !!d);
  if (chunks.length === 0 && memory === null) return null;
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const binary = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    binary.set(c, at);
    at += c.byteLength;
  }
  const stored = Automerge.loadIncremental(Automerge.init<T>(), binary);
  return memory === null ? stored : Automerge.merge(stored, memory);
}

/** Resolves once `handle` is ready, unavailable, unloaded or deleted, or after SETTLE_MS. */
async function settled(handle: DocHandle<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SETTLE_MS);
  });
  try {
    await Promise.race([
      handle.whenReady(["ready", "unavailable", "unloaded", "deleted"]).catch(() => undefined),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
