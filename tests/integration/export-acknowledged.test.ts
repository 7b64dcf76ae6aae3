import * as Automerge from "@automerge/automerge";
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo";
import { makeEntryId, newContextJournalDoc } from "@cadence/shared-schema";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccountsServer } from "../support/accounts.js";
import type { AccountShape, ExportedAccount, JournalShape } from "../support/doc-shapes.js";
import { connectClient, httpRequest, registerUser, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";

/**
 * A GDPR export holds every change the server has acknowledged (docs/accounts.md), even when the server's stored
 * chunks lag behind its in-memory copy: a device makes a new document, links it from the account and edits it,
 * waits until the server's sync messages acknowledge all of it (what the app shows as "synced"), and asks for the
 * export at once.
 */
describe("export after an acknowledged sync", () => {
  let server: Awaited<ReturnType<typeof startAccountsServer>>;

  beforeAll(async () => {
    server = await startAccountsServer({ exportTtlHours: 24 }, { registrationsPerIpPerHour: 1000 });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Whether the server's last sync message about `handle` acknowledged every local change (as the app counts). */
  function acknowledged(repo: Repo, handle: DocHandle<unknown>): boolean {
    for (const peer of repo.peers) {
      const storageId = repo.getStorageIdOfPeer(peer);
      const acked = storageId ? handle.getSyncInfo(storageId)?.lastHeads : undefined;
      if (acked && handle.heads().every((h) => acked.includes(h))) return true;
    }
    return false;
  }

  async function exportOf(user: TestUser): Promise<Record<string, string>> {
    const api = (path: string, method = "GET") =>
      httpRequest(server.url, path, { method, headers: { cookie: user.cookie } });
    const started = await api("/api/account/export", "POST");
    expect(started.status).toBe(202);
    const id = (started.json as { export: { id: string } }).export.id;
    const view = await waitFor(async () => {
      const v = (
        (await api(`/api/account/export/${id}`)).json as {
          export: { status: string; downloadUrl: string };
        }
      ).export;
      return v.status === "succeeded" || v.status === "failed" ? v : undefined;
    }, 20_000);
    expect(view.status).toBe("succeeded");
    const zip = unzipSync(new Uint8Array((await httpRequest(server.url, view.downloadUrl)).body));
    return Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
  }

  /** A new user's device: a journal linked from the account and a note in it, acknowledged by the server. */
  async function syncedJournal(note: string) {
    const user = await registerUser(server.url);
    const device = await connectClient(server.url, user);
    const root = await device.find<AccountShape>(user.rootDocUrl as AutomergeUrl);
    const journal = device.create<JournalShape>(newContextJournalDoc(user.userId));
    root.change((d) => {
      d.links.contextJournal = journal.url;
    });
    await waitFor(() => acknowledged(device, journal as DocHandle<unknown>), 10_000);
    const beforeNote = Automerge.clone(journal.doc());
    const id = makeEntryId();
    journal.change((d) => {
      (d.entries as Record<string, unknown>)[id] = { id, text: note, chips: [], scope: "day" };
    });
    await waitFor(
      () =>
        acknowledged(device, root as DocHandle<unknown>) &&
        acknowledged(device, journal as DocHandle<unknown>),
      10_000,
    );
    return { user, device, journal, beforeNote };
  }

  function expectJournalWith(files: Record<string, string>, journalId: string, note: string) {
    const account = JSON.parse(files["account.json"]!) as ExportedAccount;
    expect(account.documents.map((d) => d.docId)).toContain(journalId);
    const file = Object.keys(files).find((n) => n.startsWith("documents/") && n.includes(journalId));
    expect(file, Object.keys(files).join(", ")).toBeDefined();
    expect(files[file!]).toContain(note);
  }

  it("holds the new linked document and its edit, exported right after the acknowledgement", async () => {
    for (let i = 0; i < 5; i++) {
      const note = `plain run ${i}`;
      const { user, device, journal } = await syncedJournal(note);
      expectJournalWith(await exportOf(user), journal.documentId, note);
      await device.shutdown();
    }
  });

  it("holds an acknowledged edit even when the stored chunks lag behind the server's copy", async () => {
    const note = "calves tight after the hill run";
    const { user, device, journal, beforeNote } = await syncedJournal(note);
    const docId = journal.documentId;
    // What a save of an older copy does (automerge-repo's debounced save listener writing a copy from before the
    // last change, as unloading once did): it replaces the stored chunks, so storage alone now lacks the note that
    // the server acknowledged and still holds in memory.
    await server.ctx.sync.repoFor(docId).storageSubsystem!.saveDoc(docId, beforeNote);
    expect(server.ctx.sync.loadedHandle(docId)?.isReady()).toBe(true);

    expectJournalWith(await exportOf(user), journal.documentId, note);
    await device.shutdown();
  });
});
