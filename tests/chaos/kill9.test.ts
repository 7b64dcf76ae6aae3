import * as Automerge from "@automerge/automerge";
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo";
import { parseAutomergeUrl } from "@automerge/automerge-repo";
import type { AccountDoc } from "@cadence/shared-schema";
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ChildServer } from "../support/child-server.js";
import { connectClient, freePort, registerUser, tempDir, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";

/**
 * Durability under `kill -9`.
 *
 * "Acknowledged" means: the server has sent this client a sync message whose heads include the change. The
 * server persists a document before a sync message about it leaves for a peer whose changes in it are not on
 * disk yet (SocketRouter.send awaits SyncService.persist, which flushes to SQLite and waits until the WAL is
 * synced; ADR 0007), so heads in such a message are on disk. We detect it on the client side by decoding every sync message the server sends for the document
 * and looking for the heads our edit produced. We chose this over "a second client sees the change" because it
 * is the definition itself: no second peer whose own timing could hide or fake an acknowledgement, and it holds
 * for a single device, which is the case that matters.
 *
 * Each cycle a new user streams edits (one item appended to onboarding.likedExercises per edit, a real account
 * field), waiting for each edit's acknowledgement before making the next, while the server is killed at a random
 * moment. The server restarts on the same DATA_DIR and a fresh client (new peer, no local storage) of every
 * user so far must see every edit that was acknowledged.
 */

const CYCLES = Number(process.env.CHAOS_CYCLES ?? 5);
/** The account schema allows at most 500 liked exercises; stay valid. */
const MAX_EDITS_PER_CYCLE = 450;
const KILL_DELAY_MS: [number, number] = [100, 1500];
const ACK_TIMEOUT_MS = 10_000;

type Account = AccountDoc;

/** Watches the sync messages the server sends a repo and tells which of our edits it has acknowledged. */
class AckTracker {
  /** Head hash after each edit → the edit's index. */
  readonly #editOf = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  acknowledged = -1;
  messages = 0;

  constructor(repo: Repo, documentId: string) {
    repo.networkSubsystem.on("message", (msg) => {
      if (msg.type !== "sync" || msg.documentId !== documentId) return;
      this.messages++;
      const { heads } = Automerge.decodeSyncMessage(msg.data);
      for (const h of heads) {
        const edit = this.#editOf.get(h);
        if (edit !== undefined && edit > this.acknowledged) this.acknowledged = edit;
      }
      for (const w of this.#waiters) w();
    });
  }

  /** Records the heads edit `index` produced (the client is the only writer, so history is linear). */
  recordEdit(index: number, heads: string[]): void {
    for (const h of heads) this.#editOf.set(h, index);
  }

  /** Resolves true once edit `index` is acknowledged, false if `stop()` turns true first. */
  until(index: number, stop: () => boolean, timeoutMs = ACK_TIMEOUT_MS): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.acknowledged >= index) finish(true);
        else if (stop()) finish(false);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        clearInterval(poll);
        reject(new Error(`edit ${index} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      // Messages wake us at once; the poll only notices `stop` (the kill) when no message comes.
      const poll = setInterval(check, 10);
      const finish = (v: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.#waiters.delete(check);
        resolve(v);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

interface CycleLog {
  cycle: number;
  user: TestUser;
  killDelayMs: number;
  sent: string[];
  acknowledged: string[];
  serverMessages: number;
}

describe("durability under kill -9", () => {
  const dataDir = tempDir("cadence-chaos-");
  let server: ChildServer | null = null;

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `loses no acknowledged edit across ${CYCLES} kill -9 cycles`,
    async () => {
      const port = await freePort();
      server = await ChildServer.start({ port, dataDir });
      const logs: CycleLog[] = [];
      const report: string[] = [];
      /** Acknowledged edits a fresh client did not see, over all users and restarts (counted once each). */
      const lostEdits = new Set<string>();

      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const running: ChildServer = server;
        const user = await registerUser(running.url);
        const documentId = parseAutomergeUrl(user.rootDocUrl as AutomergeUrl).documentId;
        const repo = await connectClient(running.url, user);
        const tracker = new AckTracker(repo, documentId);
        const handle: DocHandle<Account> = await repo.find<Account>(user.rootDocUrl as AutomergeUrl);
        const [lo, hi] = KILL_DELAY_MS;
        const log: CycleLog = {
          cycle,
          user,
          killDelayMs: lo + Math.floor(Math.random() * (hi - lo)),
          sent: [],
          acknowledged: [],
          serverMessages: 0,
        };
        logs.push(log);

        let killed = false;
        // The one fixed wait in this test: the random moment of the kill.
        const killer = new Promise<void>((resolve) => setTimeout(resolve, log.killDelayMs)).then(async () => {
          await running.kill9();
          killed = true;
        });

        for (let i = 0; i < MAX_EDITS_PER_CYCLE && !killed; i++) {
          const item = `c${cycle}-edit-${i}`;
          handle.change((d) => {
            d.onboarding.likedExercises.push(item);
          });
          log.sent.push(item);
          tracker.recordEdit(i, Automerge.getHeads(handle.doc()));
          if (!(await tracker.until(i, () => killed))) break;
          log.acknowledged.push(item);
        }
        await killer;
        expect(running.exited?.signal).toBe("SIGKILL");
        log.serverMessages = tracker.messages;
        // Drop the client before the restart, so it cannot heal the server by re-sending its edits.
        await repo.shutdown();

        server = await ChildServer.start({ port, dataDir });
        const restarted: ChildServer = server;

        // A fresh client of every user so far must see everything that was acknowledged to them.
        for (const past of logs) {
          const fresh = await connectClient(restarted.url, past.user);
          const h = await fresh.find<Account>(past.user.rootDocUrl as AutomergeUrl);
          const list = () => h.doc().onboarding.likedExercises;
          await waitFor(() => past.acknowledged.every((x) => list().includes(x)), 5000).catch(
            () => undefined,
          );
          const seen = list();
          const lost = past.acknowledged.filter((x) => !seen.includes(x));
          // Appends from one writer survive as a prefix of what was sent, in order.
          expect(seen).toEqual(past.sent.slice(0, seen.length));
          if (past === log) {
            const unacknowledgedKept = seen.length - past.acknowledged.length + lost.length;
            report.push(
              `cycle ${cycle}: kill after ${past.killDelayMs} ms, sent ${past.sent.length}, ` +
                `acknowledged ${past.acknowledged.length}, survived ${seen.length} ` +
                `(${unacknowledgedKept} unacknowledged kept), acknowledged-then-lost ${lost.length}`,
            );
          }
          const newlyLost = lost.filter((x) => !lostEdits.has(x));
          if (newlyLost.length > 0) {
            report.push(`  user of cycle ${past.cycle} lost: ${newlyLost.slice(0, 10).join(", ")}`);
          }
          for (const x of lost) lostEdits.add(x);
          await fresh.shutdown();
        }
      }

      const acknowledged = logs.reduce((n, l) => n + l.acknowledged.length, 0);
      report.push(`total: ${acknowledged} acknowledged edits, acknowledged-then-lost ${lostEdits.size}`);
      console.log(`[kill9] ${report.join("\n[kill9] ")}`);
      // The test must have exercised something: edits acknowledged before the kills.
      expect(acknowledged).toBeGreaterThan(0);
      expect(lostEdits.size, server.output).toBe(0);
    },
    60_000 + CYCLES * 30_000,
  );
});
