import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/database.js";
import { SqliteStorageAdapter } from "../src/storage/sqlite-storage-adapter.js";

// automerge-repo's own acceptance suite, run against a real SQLite file per test.
runStorageAdapterTests(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadence-storage-"));
  const db = openDatabase(path.join(dir, "cadence.db"));
  return Promise.resolve({
    adapter: new SqliteStorageAdapter(db),
    teardown: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}, "SqliteStorageAdapter");
