import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { migrations } from "./migrations.js";

export type Db = Database.Database;

/**
 * Opens (creating if needed) the server's single SQLite file and brings its schema up to date.
 *
 * Durability: WAL with `synchronous = FULL`. Every commit is fsynced, so a change the server has acknowledged
 * survives a process crash (kill -9) and a power loss; NORMAL would only survive the former. The sync path's writes
 * (document chunks, attribution) go through db/group-commit.ts instead: one commit per turn of the event loop and
 * the WAL synced off the event loop, with the same guarantee. See docs/adr/0001-storage.md and 0005.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
