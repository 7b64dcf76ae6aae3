import type { Db } from "../db/database.js";
import { hashSecret, randomSecret } from "./tokens.js";

/** Who a sync connection acts for: a user (through one of their sessions) or the ai-worker service. */
export type Principal = { kind: "user"; userId: string; sessionId: string } | { kind: "worker" };

/**
 * One-time sync tickets for clients that cannot send a cookie with a WebSocket upgrade (Node clients, the
 * ai-worker). A ticket is worthless after one use and expires within `ttlMs`, so it may travel in the URL.
 */
export class TicketStore {
  readonly #insert;
  readonly #take;
  readonly #purge;

  constructor(
    db: Db,
    readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#insert = db.prepare(
      "INSERT INTO sync_tickets (hash, principal, session_id, expires_at) VALUES (?, ?, ?, ?)",
    );
    this.#take = db.prepare<[Buffer], { principal: string; session_id: string | null; expires_at: number }>(
      "DELETE FROM sync_tickets WHERE hash = ? RETURNING principal, session_id, expires_at",
    );
    this.#purge = db.prepare("DELETE FROM sync_tickets WHERE expires_at <= ?");
  }

  issue(principal: Principal): { ticket: string; expiresAt: number } {
    const ticket = randomSecret();
    const expiresAt = this.now() + this.ttlMs;
    const who = principal.kind === "worker" ? "worker" : `user:${principal.userId}`;
    const session = principal.kind === "user" ? principal.sessionId : null;
    this.#purge.run(this.now());
    this.#insert.run(Buffer.from(hashSecret(ticket)), who, session, expiresAt);
    return { ticket, expiresAt };
  }

  /** Consumes a ticket: returns its principal once, and never again. */
  redeem(ticket: string): Principal | null {
    const row = this.#take.get(Buffer.from(hashSecret(ticket)));
    if (!row || row.expires_at <= this.now()) return null;
    if (row.principal === "worker") return { kind: "worker" };
    if (row.principal.startsWith("user:") && row.session_id) {
      return { kind: "user", userId: row.principal.slice(5), sessionId: row.session_id };
    }
    return null;
  }
}
