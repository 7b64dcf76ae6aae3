import type { DocumentId } from "@automerge/automerge-repo";
import { JobCompleteBodySchema, JobFailBodySchema, WorkerClaimBodySchema } from "@cadence/shared-schema";
import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context.js";
import type { Job } from "../jobs/queue.js";
import type { Router } from "./router.js";
import { ApiError, readJson, readOptionalJson, sendJson, sendNoContent } from "./respond.js";
import { isWorker } from "./session-cookie.js";

/**
 * The id a worker sees is a lease token, `<job id>.<attempt>`: after a lease runs out and another worker claims
 * the job again, the first worker's token no longer matches, so it cannot renew, complete or fail the new lease.
 */
const leaseToken = (j: Job) => `${j.id}.${j.attempts}`;

const view = (j: Job) => ({
  id: leaseToken(j),
  requestId: j.requestId,
  kind: j.kind,
  docUrl: `automerge:${j.docId}`,
  attempts: j.attempts,
  leaseExpiresAt: new Date(j.leaseExpiresAt ?? Date.now()).toISOString(),
});

/** The ai-worker's side of the job queue: claim (long-poll), heartbeat, complete, fail. */
export function workerRoutes(router: Router, ctx: AppContext): void {
  const requireWorker = (req: Parameters<typeof isWorker>[1]) => {
    if (!isWorker(ctx, req)) {
      ctx.metrics.authFailures.inc({ reason: "worker_credential" });
      throw new ApiError(401, "unauthenticated", "A valid worker credential is required.");
    }
  };

  /** The job id behind a lease token, or "" (matches no job) when the token is not the job's current lease. */
  const heldJob = (token: string): string => {
    const dot = token.lastIndexOf(".");
    const jobId = token.slice(0, dot);
    const job = dot > 0 ? ctx.jobs.get(jobId) : null;
    return job && String(job.attempts) === token.slice(dot + 1) ? jobId : "";
  };

  router.on("POST", "/api/worker/jobs/claim", async (req, res) => {
    requireWorker(req);
    const body = await readJson(req, WorkerClaimBodySchema);
    const deadline = Date.now() + (body.waitMs ?? 0);
    let job = ctx.jobs.claim(body.kinds);
    while (!job && Date.now() < deadline && !req.socket.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(1000, Math.max(0, deadline - Date.now())));
        const off = ctx.jobs.onAvailable(done);
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
      job = ctx.jobs.claim(body.kinds);
    }
    if (!job) return sendNoContent(res);
    if (req.socket.destroyed) {
      // The worker went away while waiting: hand the job back at once.
      ctx.jobs.fail(job.id, "worker disconnected before receiving the job", true);
      return;
    }
    sendJson(res, 200, { job: view(job) });
  });

  router.on("POST", "/api/worker/jobs/:id/heartbeat", async (req, res, p) => {
    requireWorker(req);
    await readOptionalJson(req, JobCompleteBodySchema);
    const job = ctx.jobs.heartbeat(heldJob(p.id!));
    if (!job) throw new ApiError(409, "lease_lost", "This job is not leased to you any more.");
    sendJson(res, 200, { leaseExpiresAt: new Date(job.leaseExpiresAt ?? Date.now()).toISOString() });
  });

  router.on("POST", "/api/worker/jobs/:id/complete", async (req, res, p) => {
    requireWorker(req);
    const body = hasBody(req) ? await readJson(req, JobCompleteBodySchema) : {};
    const job = ctx.jobs.complete(heldJob(p.id!));
    if (!job) throw new ApiError(409, "lease_lost", "This job is not leased to you any more.");
    if (body.source) {
      const labels = { kind: job.kind, source: body.source };
      ctx.metrics.aiJobs.inc(labels);
      if (body.latencyMs !== undefined) ctx.metrics.aiLatency.observe(body.latencyMs / 1000, labels);
      if (body.fallback) ctx.metrics.aiFallbacks.inc({ kind: job.kind, reason: body.fallback });
    }
    sendNoContent(res);
  });

  router.on("POST", "/api/worker/jobs/:id/fail", async (req, res, p) => {
    requireWorker(req);
    const body = await readJson(req, JobFailBodySchema);
    const job = ctx.jobs.fail(heldJob(p.id!), body.reason, body.retry);
    if (!job) throw new ApiError(409, "lease_lost", "This job is not leased to you any more.");
    if (job.status === "failed") await markRequestFailed(ctx, job);
    sendNoContent(res);
  });
}

/** Whether a request carries a body (same test as readOptionalJson). */
function hasBody(req: IncomingMessage): boolean {
  const h = req.headers;
  return !(
    h["content-type"] === undefined &&
    h["transfer-encoding"] === undefined &&
    !Number(h["content-length"])
  );
}

/** Tells the document a job has failed for good, so devices show the reason instead of waiting. */
export async function markRequestFailed(ctx: AppContext, job: Job): Promise<void> {
  try {
    const handle = await ctx.sync.find(job.docId as DocumentId, { allowableStates: ["ready"] });
    ctx.bridge.markFailed(handle, job.requestId, job.lastError ?? "The request failed.");
  } catch (err) {
    ctx.log.warn("could not mark a failed request in its document", { jobId: job.id, err: String(err) });
  }
}
