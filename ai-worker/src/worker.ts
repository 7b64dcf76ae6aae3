// The job loop: claim (long-poll) -> open the job's document -> run the handler -> write the result into the
// request -> wait until the server has the change -> complete. Failures become `fail` calls: retry when another
// attempt could succeed, no retry when the request itself is wrong.
import { isValidAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import type { AutomergeUrl, DocHandle, DocumentId, Repo } from "@automerge/automerge-repo";
import { Backoff, sleep } from "./backoff.js";
import type { WorkerConfig } from "./config.js";
import {
  PermanentJobError,
  type CompleteReport,
  type HandlerRegistry,
  type JobHandler,
  type JobResult,
} from "./handlers/index.js";
import type { WorkerStatus } from "./health.js";
import { describeApiError, type ApiError, type Job, type JobsClient } from "./jobs-client.js";
import { Lease } from "./lease.js";
import { errorMessage, type Logger } from "./log.js";
import { readRequest, updateRequest, type RequestStatus, type RequestsDoc } from "./requests.js";
import { waitForServerToHave, type DocumentGate, type TicketSocketAdapter } from "./sync.js";

export interface WorkerLoopDeps {
  client: JobsClient;
  repo: Repo;
  sync: TicketSocketAdapter;
  gate: DocumentGate;
  handlers: HandlerRegistry;
  status: WorkerStatus;
  log: Logger;
  config: Pick<
    WorkerConfig,
    "claimWaitMs" | "findTimeoutMs" | "ackTimeoutMs" | "shutdownGraceMs" | "backoff"
  >;
}

type Outcome =
  | { type: "complete"; note: string; report?: CompleteReport }
  | { type: "fail"; reason: string; retry: boolean };

const fail = (retry: boolean, reason: string): Outcome => ({ type: "fail", retry, reason });

/** A handler still running after this long is shown as "working" in its request. */
const WORKING_AFTER_MS = 200;

/** A 204 faster than this means the server did not long-poll; pause so we do not spin. */
const MIN_EMPTY_POLL_MS = 500;

export class WorkerLoop {
  readonly #d: WorkerLoopDeps;
  readonly #log: Logger;
  readonly #stop = new AbortController();
  readonly #backoff: Backoff;
  #loop: Promise<void> | undefined;
  #current: { abort: AbortController; done: Promise<void> } | undefined;
  #waitingForToken = false;
  #lastClaimError: string | undefined;

  constructor(deps: WorkerLoopDeps) {
    this.#d = deps;
    this.#log = deps.log;
    this.#backoff = new Backoff(deps.config.backoff);
  }

  get stopping(): boolean {
    return this.#stop.signal.aborted;
  }

  start(): void {
    this.#loop ??= this.#run().catch((error: unknown) => {
      // #run handles its own errors; this is the last line of defence against a bug killing the process.
      this.#log.error("worker loop crashed", { error: errorMessage(error) });
    });
  }

  /** Stops claiming; lets the current job finish within shutdownGraceMs, else releases it (fail, retry). */
  async stop(): Promise<void> {
    this.#stop.abort();
    const current = this.#current;
    if (current) {
      const grace = sleep(this.#d.config.shutdownGraceMs).then(() => false);
      const finished = await Promise.race([current.done.then(() => true), grace]);
      if (!finished) {
        this.#log.info("shutdown: releasing the current job");
        current.abort.abort(new Error("worker shutting down"));
      }
    }
    await this.#loop;
  }

  async #run(): Promise<void> {
    const kinds = [...this.#d.handlers.keys()];
    this.#log.info("worker loop started", { kinds });
    while (!this.stopping) {
      if (!this.#d.sync.connected) {
        this.#log.debug("waiting for the sync connection before claiming");
        await this.#d.sync.whenConnected(this.#stop.signal);
        continue;
      }
      const started = Date.now();
      const claim = await this.#d.client.claim(kinds, this.#d.config.claimWaitMs, this.#stop.signal);
      if (!claim.ok) {
        if (claim.error.type !== "aborted") await this.#pauseAfter(claim.error);
        continue;
      }
      this.#backoff.reset();
      this.#waitingForToken = false;
      this.#lastClaimError = undefined;
      if (!claim.value) {
        if (Date.now() - started < MIN_EMPTY_POLL_MS) await sleep(1_000, this.#stop.signal);
        continue;
      }
      const abort = new AbortController();
      const done = this.#runJob(claim.value, abort);
      this.#current = { abort, done };
      await done;
      this.#current = undefined;
    }
    this.#log.info("worker loop stopped");
  }

  async #pauseAfter(error: ApiError): Promise<void> {
    const delay = Math.max(this.#backoff.next(), error.type === "http" ? (error.retryAfterMs ?? 0) : 0);
    if (error.type === "no-token") {
      // Expected while the server starts: say it once, then quietly keep looking.
      if (!this.#waitingForToken) this.#log.info(`${describeApiError(error)}; waiting for the server`);
      else this.#log.debug(describeApiError(error));
      this.#waitingForToken = true;
    } else {
      const why = describeApiError(error);
      this.#d.status.recordError(`claim: ${why}`);
      // A failure that repeats (server down for minutes) is logged at warn once, then at debug.
      this.#log[why === this.#lastClaimError ? "debug" : "warn"](
        `claim failed: ${why}; retrying in ${delay} ms`,
      );
      this.#lastClaimError = why;
    }
    await sleep(delay, this.#stop.signal);
  }

  async #runJob(job: Job, abort: AbortController): Promise<void> {
    const fields = { job: job.id, kind: job.kind, request: job.requestId, attempts: job.attempts };
    this.#log.info("job claimed", fields);
    const lease = new Lease(job, this.#d.client, this.#log, (reason) => abort.abort(new Error(reason)));
    lease.start();
    const ctx: JobRun = {
      job,
      signal: abort.signal,
      documentId: undefined,
      handle: undefined,
      wroteWorking: false,
    };
    let outcome: Outcome;
    try {
      outcome = await this.#process(ctx);
    } catch (error) {
      const reason = abort.signal.aborted ? errorMessage(abort.signal.reason) : errorMessage(error);
      outcome = fail(!(error instanceof PermanentJobError), reason);
    } finally {
      lease.stop();
    }
    if (lease.lost) outcome = fail(true, lease.lost);
    else if (outcome.type === "fail" && outcome.retry && ctx.wroteWorking && ctx.handle) {
      await this.#requeue(ctx.handle, job);
    }

    await this.#report(job, outcome);
    if (outcome.type === "complete") {
      this.#d.status.jobsDone += 1;
      this.#log.info(`job complete (${outcome.note})`, fields);
    } else {
      this.#d.status.jobsFailed += 1;
      this.#d.status.recordError(`job ${job.id}: ${outcome.reason}`);
      this.#log.warn(`job failed: ${outcome.reason}`, { ...fields, retry: outcome.retry });
    }
    if (ctx.documentId) {
      this.#d.gate.release(ctx.documentId);
      await this.#evict(ctx.documentId);
    }
  }

  async #process(ctx: JobRun): Promise<Outcome> {
    const { job, signal } = ctx;
    const handler = this.#d.handlers.get(job.kind);
    if (!handler) return fail(false, `no handler for job kind "${job.kind}"`);
    const url = job.docUrl;
    if (!isValidAutomergeUrl(url)) return fail(false, "job docUrl is not an automerge URL");

    const handle = await this.#open(url, signal, ctx);
    ctx.handle = handle;
    const request = readRequest(handle.doc(), job.requestId);
    if (request === null) return fail(false, `request ${job.requestId} is not in the document`);
    if (request instanceof Error) return fail(false, request.message);
    if (request.kind !== job.kind) return fail(false, `request kind "${request.kind}" is not "${job.kind}"`);
    if (request.status === "done") return { type: "complete", note: "request was already done" };
    if (request.status === "failed") return fail(false, `request already failed: ${request.error ?? "?"}`);

    signal.throwIfAborted();
    // "working" only for answers that take a while (a model call): a quick answer goes out as "done" at once,
    // instead of waiting out automerge-repo's 100 ms sync throttle behind a "working" nobody would see.
    const working = setTimeout(() => {
      if (signal.aborted) return;
      this.#write(handle, job, "working", {});
      ctx.wroteWorking = true;
    }, WORKING_AFTER_MS);

    let result: JobResult;
    try {
      const document = JSON.parse(JSON.stringify(handle.doc() ?? {})) as Record<string, unknown>;
      result = await abortable(
        handler.run({ job, input: request.input, signal, log: this.#log, document }),
        signal,
      );
    } catch (error) {
      clearTimeout(working);
      if (!(error instanceof PermanentJobError) || signal.aborted) throw error;
      this.#write(handle, job, "failed", { result: null, error: error.message });
      if (!(await this.#serverHas(handle, signal))) {
        return fail(true, "failure not acknowledged by the server");
      }
      return fail(false, error.message);
    }

    clearTimeout(working);
    signal.throwIfAborted();
    const stored = JSON.parse(JSON.stringify(result)) as JobResult;
    this.#write(
      handle,
      job,
      "done",
      { result: handler.encodeResult?.(stored) ?? stored, error: null },
      handler,
    );
    if (!(await this.#serverHas(handle, signal))) {
      return fail(true, `result not acknowledged by the server within ${this.#d.config.ackTimeoutMs} ms`);
    }
    return { type: "complete", note: "done", report: handler.report?.(stored) };
  }

  /** repo.find with a timeout; a handle stuck "unavailable" from an earlier attempt is revived by reconnecting. */
  async #open(url: AutomergeUrl, signal: AbortSignal, ctx: JobRun): Promise<DocHandle<RequestsDoc>> {
    const deadline = AbortSignal.timeout(this.#d.config.findTimeoutMs);
    const both = AbortSignal.any([signal, deadline]);
    const { documentId } = parseAutomergeUrl(url);
    this.#d.gate.allow(documentId);
    ctx.documentId = documentId;
    try {
      const cached = this.#d.repo.handles[documentId] as DocHandle<RequestsDoc> | undefined;
      if (cached?.state === "unavailable") {
        this.#d.sync.reconnect(`document ${documentId} was unavailable earlier; asking the server again`);
        await abortable(cached.whenReady(["ready"]), both);
        return cached;
      }
      return await this.#d.repo.find<RequestsDoc>(url, { signal: both });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new Error(`document not available within ${this.#d.config.findTimeoutMs} ms`);
      }
      throw new Error(`cannot open the document: ${errorMessage(error)}`);
    }
  }

  #write(
    handle: DocHandle<RequestsDoc>,
    job: Job,
    status: RequestStatus,
    fields: { result?: JobResult | null; error?: string | null },
    handler?: JobHandler,
  ): void {
    const now = new Date();
    handle.change(
      (doc) => {
        updateRequest(doc, job.requestId, { status, ...fields }, now);
        if (handler?.applyToDocument && fields.result) {
          handler.applyToDocument(doc as Record<string, unknown>, fields.result, {
            requestId: job.requestId,
            now,
          });
        }
      },
      {
        message: `ai-worker ${this.#d.repo.peerId}: ${job.kind} request ${job.requestId} -> ${status}`,
        time: Math.floor(now.getTime() / 1000),
      },
    );
  }

  #serverHas(handle: DocHandle<RequestsDoc>, signal: AbortSignal): Promise<boolean> {
    return waitForServerToHave(this.#d.repo, handle, () => this.#d.sync.serverPeerId, {
      timeoutMs: this.#d.config.ackTimeoutMs,
      signal,
    });
  }

  /** Best effort: a released job goes back to the queue, so the request should not keep saying "working". */
  async #requeue(handle: DocHandle<RequestsDoc>, job: Job): Promise<void> {
    try {
      if (!handle.isReady() || readStatus(handle, job.requestId) !== "working") return;
      this.#write(handle, job, "queued", {});
      await waitForServerToHave(this.#d.repo, handle, () => this.#d.sync.serverPeerId, { timeoutMs: 2_000 });
    } catch (error) {
      this.#log.debug("could not set the request back to queued", { error: errorMessage(error) });
    }
  }

  /**
   * complete / fail, retried a few times within a deadline (short while shutting down): losing this call only
   * costs a lease timeout and an idempotent rerun.
   */
  async #report(job: Job, outcome: Outcome): Promise<void> {
    const backoff = new Backoff({ initialMs: 250, maxMs: 2_000 });
    const deadline = AbortSignal.timeout(this.stopping ? 5_000 : 30_000);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const res =
        outcome.type === "complete"
          ? await this.#d.client.complete(job.id, deadline, outcome.report)
          : await this.#d.client.fail(job.id, { reason: outcome.reason, retry: outcome.retry }, deadline);
      if (res.ok) return;
      const why = describeApiError(res.error);
      const permanent = res.error.type === "http" && res.error.status < 500 && res.error.status !== 429;
      if (permanent || attempt === 4 || deadline.aborted) {
        this.#log.warn(`could not report job ${outcome.type}: ${why}; the lease will expire instead`, {
          job: job.id,
        });
        return;
      }
      await sleep(backoff.next(), deadline);
    }
  }

  /** Stop syncing a finished job's document: the worker may only hold documents it has a lease for. */
  async #evict(documentId: DocumentId): Promise<void> {
    const handle = this.#d.repo.handles[documentId];
    if (!handle?.isReady()) return; // removeFromCache throws on handles that are not ready (2.5.6)
    try {
      await Promise.race([this.#d.repo.removeFromCache(documentId), sleep(1_000)]);
    } catch (error) {
      this.#log.debug("could not evict document", { documentId, error: errorMessage(error) });
    }
  }
}

interface JobRun {
  job: Job;
  signal: AbortSignal;
  documentId: DocumentId | undefined;
  handle: DocHandle<RequestsDoc> | undefined;
  wroteWorking: boolean;
}

function readStatus(handle: DocHandle<RequestsDoc>, requestId: string): string | undefined {
  return handle.doc().requests?.[requestId]?.status;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
