import type { DocHandle } from "@automerge/automerge-repo";
import { validateDocument } from "@cadence/shared-schema";
import type { OwnershipTable } from "../authz/ownership.js";
import type { Logger } from "../log.js";
import type { JobQueue } from "./queue.js";

interface RequestLike {
  id: string;
  kind: string;
  status: string;
}
interface DocWithRequests {
  kind?: unknown;
  requests?: Record<string, RequestLike>;
}

/**
 * Turns requests that devices write into documents into durable jobs. Watches each document the server has
 * loaded; a request in state "requested" becomes a job (idempotent by request id, so two devices or a replayed
 * change never make two) and the request moves to "queued", or to "failed" with a "try again at" time when a
 * quota is full. A document that fails its schema is never acted upon.
 */
export class RequestBridge {
  readonly #attached = new WeakSet<DocHandle<unknown>>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly ownership: OwnershipTable,
    private readonly supportedKinds: ReadonlySet<string>,
    private readonly log: Logger,
    private readonly onInvalidDocument: () => void,
    /** Told after each change the bridge makes, so the server's own changes are attributed to it. */
    private readonly onOwnChange: (handle: DocHandle<unknown>) => void = () => undefined,
  ) {}

  attach(handle: DocHandle<unknown>): void {
    if (this.#attached.has(handle)) return;
    this.#attached.add(handle);
    handle.on("change", () => this.scan(handle));
    this.scan(handle);
  }

  scan(handle: DocHandle<unknown>): void {
    const doc = handle.doc() as DocWithRequests | undefined;
    if (!doc?.requests || typeof doc.requests !== "object") return;
    const pending = Object.values(doc.requests).filter((r) => r && r.status === "requested");
    if (pending.length === 0) return;
    const checked = validateDocument(String(doc.kind) as never, doc);
    if (!checked.ok) {
      this.onInvalidDocument();
      this.log.warn("ignoring requests in a document that fails its schema", { docId: handle.documentId });
      return;
    }
    const owner = this.ownership.ownerOf(handle.documentId);
    if (!owner) return;
    const updates: Array<{
      id: string;
      status: "queued" | "failed";
      error: string | null;
      retryAt?: string;
    }> = [];
    for (const req of pending) {
      if (!this.supportedKinds.has(req.kind)) {
        updates.push({
          id: req.id,
          status: "failed",
          error: `Requests of kind "${req.kind}" are not supported.`,
        });
        continue;
      }
      const res = this.jobs.enqueue({
        requestId: req.id,
        kind: req.kind,
        docId: handle.documentId,
        userId: owner,
      });
      if (res.ok) {
        if (res.job.status === "queued" || res.job.status === "running") {
          updates.push({ id: req.id, status: "queued", error: null });
        }
      } else {
        const when = new Date(res.retryAt).toISOString();
        updates.push({
          id: req.id,
          status: "failed",
          error:
            res.reason === "user_quota"
              ? `You have reached the hourly limit of requests. Try again at ${when}.`
              : `The server is busy. Try again at ${when}.`,
          retryAt: when,
        });
      }
    }
    if (updates.length === 0) return;
    handle.change(
      (d) => {
        const reqs = (d as DocWithRequests).requests;
        const now = new Date().toISOString();
        for (const u of updates) {
          const r = reqs?.[u.id] as (RequestLike & Record<string, unknown>) | undefined;
          if (!r || r.status !== "requested") continue;
          r.status = u.status;
          r.updatedAt = now;
          if (u.error !== null) r.error = u.error;
          if (u.retryAt !== undefined) r.retryAt = u.retryAt;
        }
      },
      {
        message: JSON.stringify({ by: "server", action: "requests-accepted" }),
        time: Math.floor(Date.now() / 1000),
      },
    );
    this.onOwnChange(handle);
  }

  /** Marks the request of a job the queue gave up on as failed, so no device waits forever. */
  markFailed(handle: DocHandle<unknown>, requestId: string, reason: string): void {
    handle.change(
      (d) => {
        const r = (d as DocWithRequests).requests?.[requestId] as
          (RequestLike & Record<string, unknown>) | undefined;
        if (!r || r.status === "done" || r.status === "failed") return;
        r.status = "failed";
        r.error = reason;
        r.updatedAt = new Date().toISOString();
      },
      {
        message: JSON.stringify({ by: "server", action: "request-failed" }),
        time: Math.floor(Date.now() / 1000),
      },
    );
    this.onOwnChange(handle);
  }
}
