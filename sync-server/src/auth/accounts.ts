import type { Db } from "../db/database.js";
import type { PasswordHasher } from "./passwords.js";
import { randomId } from "./tokens.js";

export interface User {
  id: string;
  email: string;
  displayName: string;
  rootDocId: string;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  root_doc_id: string;
  password_hash: string | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  rootDocId: r.root_doc_id,
});

/** Users with email + password credentials. */
export class AccountStore {
  readonly #byEmail;
  readonly #byId;
  readonly #insert;

  constructor(
    db: Db,
    private readonly passwords: PasswordHasher,
  ) {
    this.#byEmail = db.prepare<[string], UserRow>("SELECT * FROM users WHERE email = ?");
    this.#byId = db.prepare<[string], UserRow>("SELECT * FROM users WHERE id = ?");
    this.#insert = db.prepare(
      "INSERT INTO users (id, email, password_hash, display_name, root_doc_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
  }

  newUserId(): string {
    return randomId();
  }

  emailTaken(email: string): boolean {
    return this.#byEmail.get(normaliseEmail(email)) !== undefined;
  }

  /** Inserts a user; returns null when the email is taken (a concurrent registration won). */
  insert(user: User, passwordHash: string): User | null {
    try {
      this.#insert.run(
        user.id,
        normaliseEmail(user.email),
        passwordHash,
        user.displayName,
        user.rootDocId,
        Date.now(),
      );
      return user;
    } catch (err) {
      if (String(err).includes("UNIQUE")) return null;
      throw err;
    }
  }

  /** The user whose email and password match, or null; takes the same time whether or not the email exists. */
  async verify(email: string, password: string): Promise<User | null> {
    const row = this.#byEmail.get(normaliseEmail(email));
    const hash = row?.password_hash ?? (await this.passwords.dummyHash);
    const ok = await this.passwords.verify(hash, password);
    return row && row.password_hash && ok ? toUser(row) : null;
  }

  byId(id: string): User | null {
    const row = this.#byId.get(id);
    return row ? toUser(row) : null;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
