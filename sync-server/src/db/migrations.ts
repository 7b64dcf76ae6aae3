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
  {
    version: 3,
    name: "accounts and privacy",
    sql: `
      -- Email verification (null: not verified). Provider accounts have no password_hash.
      ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
      -- Google / Apple identities linked to a user: (provider, the provider's stable subject id).
      CREATE TABLE user_identities (
        provider TEXT NOT NULL CHECK (provider IN ('google', 'apple')),
        subject TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        email TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (provider, subject)
      ) WITHOUT ROWID;
      CREATE INDEX user_identities_user ON user_identities(user_id);
      -- OAuth state, PKCE verifier and nonce of a sign-in in progress: stored hashed by state, used once, ~5 min.
      CREATE TABLE oauth_states (
        state_hash BLOB PRIMARY KEY,
        provider TEXT NOT NULL,
        browser_hash BLOB NOT NULL,
        code_verifier TEXT NOT NULL,
        nonce TEXT NOT NULL,
        return_to TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      -- Email verification and password reset tokens: SHA-256 of the token only, single use.
      CREATE TABLE email_tokens (
        hash BLOB PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX email_tokens_user ON email_tokens(user_id, purpose);
      -- GDPR exports: one row per requested export; the zip lives in $DATA_DIR/exports/<id>.zip until expires_at.
      CREATE TABLE data_exports (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'expired')),
        progress INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER,
        error TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        expires_at INTEGER
      );
      CREATE INDEX data_exports_user ON data_exports(user_id, created_at);
      -- Tombstones of deleted accounts: SHA-256 of the deleted ids only, so no row names the user, yet a later
      -- sync, ticket or cookie of theirs is recognised (account_deleted) and their document ids stay unclaimable.
      CREATE TABLE deleted_accounts (user_hash BLOB PRIMARY KEY, deleted_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE deleted_documents (doc_hash BLOB PRIMARY KEY, deleted_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE deleted_credentials (cred_hash BLOB PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      -- Account deletions in progress or failed (kept for resumption and admin attention; removed on success).
      CREATE TABLE account_deletions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        email TEXT NOT NULL,
        doc_ids TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'failed')),
        step TEXT NOT NULL,
        error TEXT,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: "music integration",
    sql: `
      -- Spotify connect attempts: SHA-256 of the state, the hash of the browser-binding cookie, the sealed PKCE
      -- verifier (and, when Spotify's redirect reached another origin than the app's, the sealed code waiting for
      -- the app's confirmation). Single use, about 5 minutes.
      CREATE TABLE music_oauth_states (
        state_hash BLOB PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        browser_hash BLOB NOT NULL,
        code_verifier TEXT NOT NULL,
        app_origin TEXT NOT NULL,
        return_to TEXT NOT NULL,
        code TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX music_oauth_states_user ON music_oauth_states(user_id, created_at);
      -- Each user's Spotify tokens, sealed with AES-256-GCM (key derived from SECRET_KEY). status 'reconnect':
      -- Spotify refused the refresh token, the tokens are gone and the app asks the user to connect again.
      CREATE TABLE music_connections (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        tokens TEXT NOT NULL,
        scope TEXT NOT NULL,
        access_expires_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('connected', 'reconnect')),
        connected_at INTEGER NOT NULL,
        refreshed_at INTEGER,
        updated_at INTEGER NOT NULL
      );
    `,
  },
];
