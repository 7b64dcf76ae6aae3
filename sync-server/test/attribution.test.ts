// ChangeAttribution.recordSyncMessage on real sync sessions: it records, for every message the server receives,
// the hashes of the changes the message carries that the server did not have, as it did when every message went
// through Automerge.decodeSyncMessage — and now also when one chunk holds several concatenated changes.
import * as Automerge from "@automerge/automerge";
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../src/db/database.js";
import { openDatabase } from "../src/db/database.js";
import { groupCommitFor } from "../src/db/group-commit.js";
import { ChangeAttribution, changeHash } from "../src/sync/attribution.js";
import { scenarioArb, SyncNet } from "./sync-message-scenarios.js";
import type { Shape } from "./sync-message-scenarios.js";

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cadence-attribution-"));
  db = openDatabase(path.join(dir, "cadence.db"));
});

afterEach(async () => {
  await groupCommitFor(db).close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The attribution path before syncMessageChanges, kept here as the reference ("before"). */
function hashesBefore(data: Uint8Array, known: (hash: string) => boolean): string[] {
  try {
    const message = Automerge.decodeSyncMessage(data);
    return message.changes
      .flatMap((chunk) => {
        if (chunk[8] === 0)
          return Automerge.getChangesMetaSince(Automerge.load(chunk), []).map((m) => m.hash);
        if (chunk[8] === 3) return Automerge.readBundle(chunk).changes.map((c) => c.hash);
        return [changeHash(chunk)];
      })
      .filter((h) => !known(h));
  } catch {
    return [];
  }
}

const hashesOf = (doc: Automerge.Doc<Shape>) => Automerge.getChangesMetaSince(doc, []).map((m) => m.hash);

/** Calls recordSyncMessage and returns the hashes it handed to `record` (none if it did not call it). */
function recorded(
  attribution: ChangeAttribution,
  docId: string,
  data: Uint8Array,
  known: (h: string) => boolean,
): string[] {
  const record = vi.spyOn(attribution, "record");
  try {
    attribution.recordSyncMessage(docId, "user", null, "peer-x", data, known);
    expect(record.mock.calls.length).toBeLessThanOrEqual(1);
    return record.mock.calls[0]?.[4] ?? [];
  } finally {
    record.mockRestore();
  }
}

/** Two peers in sync on a document of `history` changes. */
function syncedPair(history: number) {
  const messages: Uint8Array[] = [];
  const net = new SyncNet({ peers: 2, start: "shared", history, actions: [] }, (_f, _t, m) =>
    messages.push(m),
  );
  net.settle();
  return { net, messages };
}

describe("ChangeAttribution.recordSyncMessage", () => {
  it("records exactly the changes the server gained, and the same hashes as before wherever that worked", () => {
    const seen = { messages: 0, withChanges: 0, sameAsBefore: 0, missedBefore: 0 };
    let run = 0;
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const docId = `doc-${run++}`;
        const attribution = new ChangeAttribution(db);
        // Peer 0 plays the server: every message it receives goes through recordSyncMessage first.
        const net = new SyncNet(scenario, (_from, to, message, before) => {
          if (to !== 0) return;
          seen.messages++;
          const known = (h: string) => Automerge.hasHeads(before, [h]);
          const ours = recorded(attribution, docId, message, known);
          const theirs = hashesBefore(message, known);
          if (ours.length > 0) seen.withChanges++;
          if (theirs.length > 0) {
            seen.sameAsBefore++;
            expect(ours).toEqual(theirs);
          } else if (ours.length > 0) {
            // Before, a chunk of several concatenated changes failed to decode and nothing was recorded.
            seen.missedBefore++;
            expect(Automerge.decodeSyncMessage(message).changes).toHaveLength(1);
          }
        });
        const initial = new Set(hashesOf(net.docs[0]!));
        net.play();
        // Everything the server gained is attributed, and nothing else.
        const gained = hashesOf(net.docs[0]!).filter((h) => !initial.has(h) && !net.made[0]?.has(h));
        const attributed = attribution.list(docId).map((r) => r.hash);
        expect(new Set(attributed)).toEqual(new Set(gained));
        expect(attributed).toHaveLength(new Set(attributed).size);
      }),
      { numRuns: 40 },
    );
    expect(seen.sameAsBefore).toBeGreaterThan(20);
    expect(seen.missedBefore).toBeGreaterThan(0);
  });

  it("records every change of a v2 message whose one chunk holds several changes (before: none)", () => {
    const { net, messages } = syncedPair(30);
    const server = net.docs[0]!;
    const serverHas = new Set(hashesOf(server));
    const known = (h: string) => serverHas.has(h);
    net.run({
      kind: "edit",
      peer: 1,
      changes: [
        [{ op: "set", key: "a", value: 1 }],
        [{ op: "push", value: 2 }],
        [{ op: "text", at: 0, s: "hi" }],
      ],
    });
    const n = messages.length;
    expect(net.step(1, 0)).toBe(true);
    const message = messages[n]!;
    expect(message[0]).toBe(0x43);
    const chunks = Automerge.decodeSyncMessage(message).changes;
    expect(chunks).toHaveLength(1);
    expect(chunks[0]![8]).toBe(1);
    const made = hashesOf(net.docs[1]!).filter((h) => !known(h));
    expect(made).toHaveLength(3);
    expect(hashesBefore(message, known)).toEqual([]);
    const attribution = new ChangeAttribution(db);
    expect(recorded(attribution, "doc-1", message, known)).toEqual(made);
    expect(new Set(attribution.list("doc-1").map((r) => r.hash))).toEqual(new Set(made));
  });

  it("records a single change with the principal and device, once; a later delivery is not re-attributed", () => {
    const { net, messages } = syncedPair(30);
    const server = net.docs[0]!;
    const serverHas = new Set(hashesOf(server));
    const known = (h: string) => serverHas.has(h);
    net.run({ kind: "edit", peer: 1, changes: [[{ op: "set", key: "b", value: "x" }]] });
    const n = messages.length;
    net.step(1, 0);
    const message = messages[n]!;
    const hash = changeHash(Automerge.getLastLocalChange(net.docs[1]!)!);
    const attribution = new ChangeAttribution(db, () => Date.UTC(2026, 0, 2));
    attribution.recordSyncMessage("doc-1", "worker", null, "peer-w", message, known);
    attribution.recordSyncMessage("doc-1", "user", null, "peer-u", message, known);
    expect(attribution.list("doc-1")).toEqual([
      { hash, by: "worker", userId: null, deviceId: "peer-w", receivedAt: "2026-01-02T00:00:00.000Z" },
    ]);
    // Once the server has it, it is not recorded again.
    expect(recorded(attribution, "doc-1", message, (h) => h === hash)).toEqual([]);
  });

  it("falls back to Automerge's decoder for a message the reader declines, recording the same hashes", () => {
    const { net, messages } = syncedPair(30);
    const server = net.docs[0]!;
    const serverHas = new Set(hashesOf(server));
    const known = (h: string) => serverHas.has(h);
    net.run({ kind: "edit", peer: 1, changes: [[{ op: "push", value: 7 }]] });
    const n = messages.length;
    net.step(1, 0);
    // A byte after the flags: Automerge ignores it, our reader declines.
    const message = new Uint8Array([...messages[n]!, 0x05]);
    const hash = changeHash(Automerge.getLastLocalChange(net.docs[1]!)!);
    expect(recorded(new ChangeAttribution(db), "doc-1", message, known)).toEqual([hash]);
    expect(hashesBefore(message, known)).toEqual([hash]);
  });

  it("records nothing for a malformed message, without throwing", () => {
    const { net, messages } = syncedPair(5);
    net.run({ kind: "edit", peer: 1, changes: [[{ op: "push", value: 7 }]] });
    const n = messages.length;
    net.step(1, 0);
    const attribution = new ChangeAttribution(db);
    const full = messages[n]!;
    for (const bad of [
      full.subarray(0, full.length - 20),
      new Uint8Array([0x43, 0xff]),
      new Uint8Array([]),
    ]) {
      expect(recorded(attribution, "doc-1", bad, () => false)).toEqual([]);
    }
    expect(attribution.list("doc-1")).toEqual([]);
  });
});
