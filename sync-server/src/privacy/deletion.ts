import fs from "node:fs";
import type { AppContext } from "../context.js";
import { randomId } from "../auth/tokens.js";
import { purgeDocuments } from "./purge-documents.js";
import type { ExportRunner } from "./export/runner.js";

/** Close code for sockets of a deleted account: the device must wipe its local data and not sync again. */
export const ACCOUNT_DELETED_CLOSE_CODE = 4003;

/** Tables the generic sweep leaves alone: the tombstones and the deletion log itself. */
const KEEP = new Set(["deleted_accounts", "deleted_documents", "deleted_credentials", "account_deletions"]);

export interface DeletionResult {
  ok: boolean;
  /** Steps that failed (hooks, leftovers); an administrator sees them in account_deletions and the metrics. */
  failures: string[];
}

/**
 * Account deletion (spec flow 16). In order:
 * 1. one transaction: tombstones (hashes of the user id, every document id, and the unexpired session ids and
 *    sync tickets), then the sessions, tickets, ownership rows and jobs go — from here nothing authenticates
 *    as the user, nobody can open or re-claim their documents, and the worker loses its leases;
 * 2. open sockets of the user close with 4003 `account_deleted`; a running export of theirs is cancelled;
 * 3. modules' `onAccountDeleted` hooks run (e.g. revoking a Spotify grant);
 * 4. every document leaves the repo's memory and every storage chunk is deleted;
 * 5. one transaction: every row of every table with a `user_id` or `doc_id` column that names the user or
 *    their documents, then the user row (foreign keys cascade the rest);
 * 6. export files and (without SMTP) outbox mails to the address are deleted;
 * 7. a check that no chunk, ownership row or user row is left.
 * Progress is recorded in `account_deletions`, so a deletion interrupted by a crash resumes at startup; a
 * deletion with a failed step stays there as `failed` (gauge `cadence_account_deletions_failed`, an error log
 * line), everything else having been deleted. On success the record goes too.
 */
export class AccountDeleter {
  constructor(
    private readonly ctx: AppContext,
    private readonly exports: ExportRunner,
  ) {}

  async deleteAccount(userId: string): Promise<DeletionResult> {
    const user = this.ctx.accountRecords.byId(userId);
    if (!user) return { ok: true, failures: [] };
    const docIds = this.ctx.db
      .prepare<[string], { doc_id: string }>("SELECT doc_id FROM document_owners WHERE user_id = ?")
      .all(userId)
      .map((r) => r.doc_id);
    if (!docIds.includes(user.rootDocId)) docIds.push(user.rootDocId);
    const id = randomId();
    const t = Date.now();
    this.ctx.db
      .prepare(
        "INSERT INTO account_deletions (id, user_id, email, doc_ids, status, step, started_at, updated_at) VALUES (?, ?, ?, ?, 'running', 'start', ?, ?)",
      )
      .run(id, userId, user.email, JSON.stringify(docIds), t, t);
    return this.#run(id, userId, user.email, docIds);
  }

  /** Resumes deletions a crash interrupted (status `running`); call at startup. */
  async resumeInterrupted(): Promise<void> {
    const rows = this.ctx.db
      .prepare<[], { id: string; user_id: string; email: string; doc_ids: string }>(
        "SELECT id, user_id, email, doc_ids FROM account_deletions WHERE status = 'running'",
      )
      .all();
    for (const r of rows) {
      this.ctx.log.warn("resuming an interrupted account deletion", { deletionId: r.id });
      await this.#run(r.id, r.user_id, r.email, JSON.parse(r.doc_ids) as string[]);
    }
  }

  failedCount(): number {
    return (
      this.ctx.db
        .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM account_deletions WHERE status = 'failed'")
        .get()?.n ?? 0
    );
  }

  async #run(id: string, userId: string, email: string, docIds: string[]): Promise<DeletionResult> {
    const { ctx } = this;
    const started = process.hrtime.bigint();
    const failures: string[] = [];
    const step = (name: string) =>
      ctx.db
        .prepare("UPDATE account_deletions SET step = ?, updated_at = ? WHERE id = ?")
        .run(name, Date.now(), id);
    try {
      step("revoke");
      this.#revoke(userId, docIds);
      ctx.sync.connections.closeWhere(
        (c) => c.principal.kind === "user" && c.principal.userId === userId,
        ACCOUNT_DELETED_CLOSE_CODE,
        "account_deleted",
      );
      await this.exports.cancelForUser(userId);

      step("hooks");
      for (const f of await ctx.accountHooks.runDeleted({ userId, email, docIds })) {
        failures.push(`hook ${f.name}: ${f.error}`);
      }

      step("documents");
      const left = await purgeDocuments(ctx, docIds);
      if (left > 0) failures.push(`${left} storage chunks remained`);

      step("rows");
      const exportIds = ctx.db
        .prepare<[string], { id: string }>("SELECT id FROM data_exports WHERE user_id = ?")
        .all(userId)
        .map((r) => r.id);
      this.#sweepRows(userId, docIds);

      step("files");
      for (const e of exportIds) {
        for (const f of [this.exports.fileOf(e), this.exports.fileOf(e) + ".part"])
          fs.rmSync(f, { force: true });
      }
      ctx.mailer.forgetRecipient(email);

      step("verify");
      failures.push(...this.#leftovers(userId, docIds));
    } catch (err) {
      failures.push(`step failed: ${String(err)}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    ctx.accountMetrics.deletionDuration.observe(seconds);
    if (failures.length === 0) {
      ctx.db.prepare("DELETE FROM account_deletions WHERE id = ?").run(id);
      ctx.accountMetrics.deletions.inc({ result: "succeeded" });
      ctx.log.info("account deleted", { deletionId: id, documents: docIds.length, seconds });
      return { ok: true, failures };
    }
    ctx.db
      .prepare("UPDATE account_deletions SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
      .run(failures.join("; ").slice(0, 2000), Date.now(), id);
    ctx.accountMetrics.deletions.inc({ result: "failed" });
    ctx.log.error("ACCOUNT DELETION INCOMPLETE: needs an administrator", { deletionId: id, failures });
    return { ok: false, failures };
  }

  /** Step 1: tombstones, and every credential and access path of the user, in one transaction. */
  #revoke(userId: string, docIds: string[]): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      const sessions = ctx.db
        .prepare<[string], { id: string; last_verified_at: number }>(
          "SELECT id, last_verified_at FROM sessions WHERE user_id = ?",
        )
        .all(userId);
      const tickets = ctx.db
        .prepare<[string, string], { hash: Buffer; expires_at: number }>(
          "SELECT hash, expires_at FROM sync_tickets WHERE principal = ? OR session_id IN (SELECT id FROM sessions WHERE user_id = ?)",
        )
        .all(`user:${userId}`, userId);
      ctx.tombstones.record({
        userId,
        docIds,
        sessions: sessions.map((s) => ({ id: s.id, expiresAt: s.last_verified_at + ctx.sessions.idleMs })),
        tickets: tickets.map((k) => ({
          hashHex: Buffer.from(k.hash).toString("hex"),
          expiresAt: k.expires_at,
        })),
      });
      ctx.db
        .prepare(
          "DELETE FROM sync_tickets WHERE principal = ? OR session_id IN (SELECT id FROM sessions WHERE user_id = ?)",
        )
        .run(`user:${userId}`, userId);
      ctx.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
      ctx.ownership.removeUser(userId);
      ctx.db.prepare("DELETE FROM jobs WHERE user_id = ?").run(userId);
      const byDoc = ctx.db.prepare("DELETE FROM jobs WHERE doc_id = ?");
      for (const d of docIds) byDoc.run(d);
      ctx.db.prepare("DELETE FROM email_tokens WHERE user_id = ?").run(userId);
    })();
  }

  /** Step 5: every row naming the user or their documents, in every table, then the user row. */
  #sweepRows(userId: string, docIds: string[]): void {
    const { db } = this.ctx;
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((r) => r.name)
      .filter((n) => !KEEP.has(n) && n !== "users");
    db.transaction(() => {
      for (const table of tables) {
        const cols = new Set(
          db
            .prepare<[], { name: string }>(`PRAGMA table_info("${table}")`)
            .all()
            .map((c) => c.name),
        );
        if (cols.has("user_id")) db.prepare(`DELETE FROM "${table}" WHERE user_id = ?`).run(userId);
        if (cols.has("doc_id")) {
          const del = db.prepare(`DELETE FROM "${table}" WHERE doc_id = ?`);
          for (const d of docIds) del.run(d);
        }
      }
      db.prepare(`DELETE FROM sync_tickets WHERE principal = ?`).run(`user:${userId}`);
      db.prepare("DELETE FROM users WHERE id = ?").run(userId);
      // The sweep may have deleted ownership rows behind the ownership table's back (rows by doc_id).
      this.ctx.ownership.forget(docIds);
    })();
  }

  #leftovers(userId: string, docIds: string[]): string[] {
    const { db } = this.ctx;
    const out: string[] = [];
    if (db.prepare("SELECT 1 FROM users WHERE id = ?").get(userId)) out.push("the user row remained");
    const owned = db.prepare<[string], { n: number }>(
      "SELECT COUNT(*) AS n FROM document_owners WHERE user_id = ?",
    );
    if ((owned.get(userId)?.n ?? 0) > 0) out.push("ownership rows remained");
    const chunks = db.prepare<[string], { n: number }>(
      "SELECT COUNT(*) AS n FROM storage_chunks WHERE doc_id = ?",
    );
    const n = docIds.reduce((sum, d) => sum + (chunks.get(d)?.n ?? 0), 0);
    if (n > 0) out.push(`${n} storage chunks remained`);
    return out;
  }
}
