/** What an account-deletion hook is told: the account as it was, before its rows are removed. */
export interface DeletedAccount {
  userId: string;
  email: string;
  /** Every document the account owned. */
  docIds: readonly string[];
}

/** Rows a module contributes to a GDPR export: `csv/<section>.csv` and `account.json`'s `<section>`. */
export type ExportRows = Array<Record<string, string | number | boolean | null>>;

/**
 * Extension points for modules that keep their own per-user data (the music integration's tokens, ...):
 *
 * - `onAccountDeleted(name, hook)`: runs during account deletion, before the account's rows are removed;
 *   revoke third-party grants and delete your rows here. A hook that throws leaves the deletion in the failed
 *   state (metric + error log, for an administrator) while everything else is still deleted. Any table with
 *   a `user_id` column is also swept generically afterwards.
 * - `onExport(section, collect)`: adds rows to every GDPR export, e.g. `integrations` without secrets.
 */
export class AccountHooks {
  readonly #deleted = new Map<string, (account: DeletedAccount) => Promise<void> | void>();
  readonly #export = new Map<string, (userId: string) => Promise<ExportRows> | ExportRows>();

  onAccountDeleted(name: string, hook: (account: DeletedAccount) => Promise<void> | void): () => void {
    this.#deleted.set(name, hook);
    return () => this.#deleted.delete(name);
  }

  onExport(section: string, collect: (userId: string) => Promise<ExportRows> | ExportRows): () => void {
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(section)) throw new Error(`bad export section name: ${section}`);
    this.#export.set(section, collect);
    return () => this.#export.delete(section);
  }

  /** Runs every deletion hook; returns the failures (name and message), after all have run. */
  async runDeleted(account: DeletedAccount): Promise<Array<{ name: string; error: string }>> {
    const failures: Array<{ name: string; error: string }> = [];
    for (const [name, hook] of this.#deleted) {
      try {
        await hook(account);
      } catch (err) {
        failures.push({ name, error: String(err) });
      }
    }
    return failures;
  }

  async collectExport(userId: string): Promise<Record<string, ExportRows>> {
    const out: Record<string, ExportRows> = {};
    for (const [section, collect] of this.#export) out[section] = await collect(userId);
    return out;
  }
}
