import type { DocumentId } from "@automerge/automerge-repo";
import type { AppContext } from "../context.js";

/**
 * Removes documents from the server: out of the repos' memory and every storage chunk (snapshots, incremental
 * changes, sync states). automerge-repo's delete resets a handle to an empty document and emits
 * "heads-changed", which its throttled save listener would write back as a fresh snapshot (the removeFromCache
 * trap of docs/adr/0001-storage.md); the listeners are detached first. Chunks are then deleted by the indexed
 * `doc_id` column, and once more after the repo's 100 ms save throttle, in case a save was already in flight.
 * Returns the chunks still present afterwards (0 on success).
 */
export async function purgeDocuments(
  ctx: Pick<AppContext, "db" | "sync">,
  docIds: readonly string[],
  settleMs = 300,
): Promise<number> {
  for (const id of docIds) {
    // Normally in its owner's shard only; every shard is asked, as ownership may already be gone.
    for (const repo of ctx.sync.repos) {
      const handle = repo.handles[id as DocumentId];
      if (!handle) continue;
      handle.removeAllListeners("heads-changed");
      handle.removeAllListeners("change");
      try {
        repo.delete(id as DocumentId);
      } catch {
        // Already gone from the repo: storage is handled below either way.
      }
    }
    ctx.sync.deleted(id as DocumentId);
  }
  const remove = ctx.db.prepare("DELETE FROM storage_chunks WHERE doc_id = ?");
  const count = ctx.db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id = ?",
  );
  const sweep = ctx.db.transaction((ids: readonly string[]) => {
    for (const id of ids) remove.run(id);
  });
  sweep(docIds);
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  sweep(docIds);
  return docIds.reduce((n, id) => n + (count.get(id)?.n ?? 0), 0);
}
