/**
 * DIAGNOSTIC ONLY: the Cadence server with a proposed fix applied in-process, to measure what the fix would buy
 * before anyone changes sync-server. Nothing here is shipped; the figures it produces are labelled diagnostic.
 *
 * BENCH_DIAG=owner-cache: OwnershipTable.ownerOf answers from an in-memory map once a document has an owner
 * (ownership never moves once claimed). automerge-repo asks the share policy's `access` about every connected peer
 * for every incoming sync message (CollectionSynchronizer.receiveMessage → #documentGenerousPeers), and Cadence's
 * `access` runs one SQLite query per call, so each message costs one query per connected peer.
 */
import { OwnershipTable } from "../../../sync-server/src/authz/ownership.js";
import { installBenchHooks } from "./child-hooks.js";

installBenchHooks();

const diag = new Set((process.env.BENCH_DIAG ?? "").split(",").filter(Boolean));
if (diag.has("owner-cache")) {
  const cache = new Map<string, string>();
  const proto = OwnershipTable.prototype;
  const uncached = Object.getOwnPropertyDescriptor(proto, "ownerOf")!.value as (
    docId: string,
  ) => string | null;
  proto.ownerOf = function (this: OwnershipTable, docId: string): string | null {
    const hit = cache.get(docId);
    if (hit !== undefined) return hit;
    const owner = uncached.call(this, docId);
    if (owner !== null) cache.set(docId, owner);
    return owner;
  };
}

await import("../../../sync-server/src/main.js");
