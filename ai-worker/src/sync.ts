// The worker's automerge-repo: in memory, syncing only the documents of the job it holds, through the
// ticketed WebSocket adapter; plus the check that the server has acknowledged our changes.
import { randomBytes } from "node:crypto";
import { hasOurChanges, type SyncState } from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import type { DocHandle, DocumentId, PeerId, RepoConfig } from "@automerge/automerge-repo";
import type { TicketSocketAdapter } from "./ticket-socket.js";

export { TicketSocketAdapter, syncSocketUrl, type TicketSocketOptions } from "./ticket-socket.js";

/** `svc-worker-<12 random [a-z0-9]>`, the form the sync server accepts from the worker. */
export function workerPeerId(): PeerId {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const random = Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join("");
  return `svc-worker-${random}` as PeerId;
}

/**
 * The documents the worker may sync: only those of the job it currently holds. Messages about any other
 * document are answered "unavailable" and never loaded, so a finished job's document stays evicted.
 */
export class DocumentGate {
  readonly #open = new Set<DocumentId>();

  allow(documentId: DocumentId): void {
    this.#open.add(documentId);
  }

  release(documentId: DocumentId): void {
    this.#open.delete(documentId);
  }

  has(documentId: DocumentId | undefined): boolean {
    return documentId !== undefined && this.#open.has(documentId);
  }
}

/** An in-memory Repo (no storage: the server's copy is the durable one) that syncs through `adapter`. */
export function createSyncRepo(adapter: TicketSocketAdapter, peerId: PeerId, gate: DocumentGate): Repo {
  const shareConfig: NonNullable<RepoConfig["shareConfig"]> = {
    announce: (_peer, documentId) => Promise.resolve(gate.has(documentId)),
    access: (_peer, documentId) => Promise.resolve(gate.has(documentId)),
  };
  return new Repo({ network: [adapter], peerId, isEphemeral: true, shareConfig });
}

/**
 * Resolves true once the server's sync state shows it has every change of `handle`'s document (Automerge's
 * `hasOurChanges`: our heads are covered by the heads both sides share), false after `timeoutMs` or on abort.
 * The server only advances the shared heads after it has applied our changes and said so in a sync message.
 */
export function waitForServerToHave(
  repo: Repo,
  handle: DocHandle<unknown>,
  serverPeerId: () => PeerId | undefined,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (value: boolean): void => {
      clearTimeout(timer);
      repo.synchronizer.off("sync-state", onSyncState);
      options.signal?.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onSyncState = ({ peerId, documentId, syncState }: SyncStateEvent): void => {
      if (documentId !== handle.documentId || peerId !== serverPeerId()) return;
      try {
        if (hasOurChanges(handle.doc(), syncState)) finish(true);
      } catch {
        // the handle was unloaded under us; keep waiting until the timeout
      }
    };
    const onAbort = (): void => finish(false);
    const timer = setTimeout(() => finish(false), options.timeoutMs);
    if (options.signal?.aborted) return finish(false);
    repo.synchronizer.on("sync-state", onSyncState);
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The payload of the synchronizer's "sync-state" event (the type is not exported by automerge-repo 2.5.6). */
interface SyncStateEvent {
  peerId: PeerId;
  documentId: DocumentId;
  syncState: SyncState;
}
