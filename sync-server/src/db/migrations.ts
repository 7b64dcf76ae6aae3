/**
 * Versioned schema migrations, applied in order and recorded in SQLite's `user_version`.
 * Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT,
        display_name TEXT NOT NULL,
        root_doc_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        secret_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        last_verified_at INTEGER NOT NULL,
        user_agent TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE sync_tickets (
        hash BLOB PRIMARY KEY,
        principal TEXT NOT NULL,
        session_id TEXT,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE document_owners (
        doc_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX document_owners_user ON document_owners(user_id);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_expires_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX jobs_claimable ON jobs(status, created_at);
      CREATE INDEX jobs_user ON jobs(user_id, created_at);
      CREATE TABLE storage_chunks (
        key TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX storage_chunks_doc ON storage_chunks(doc_id);
    `,
  },
  {
    version: 2,
    name: "change attribution",
    sql: `
      -- Which authenticated principal delivered each change of a document, as the server saw it. The client's
      -- actor ids and change messages are self-declared; these rows are what the server can vouch for.
      CREATE TABLE change_attribution (
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        principal TEXT NOT NULL CHECK (principal IN ('user', 'worker', 'server')),
        user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        peer_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, hash)
      ) WITHOUT ROWID;
      CREATE INDEX change_attribution_user ON change_attribution(user_id);
    `,
  },
];
