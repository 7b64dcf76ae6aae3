// R3: idempotent delivery. Both devices edit offline, then every sync message is delivered two or three times
// and out of order until the network is quiet. A duplicate must change nothing: no change is applied or stored
// twice (extra stored chunks = 0, stored changes = changes that were new), and all replicas end with equal heads.
import * as A from "@automerge/automerge";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addSet, editNotes, editSet, logSet, removeSet, sessionView } from "../../src/workout/index.js";
import { apply, Clock, context } from "./helpers.js";
import { runScenario } from "./scenario.js";
import type { SyncNet } from "./sync-net.js";

/** Shuffles with a small LCG seeded by the test, so a failing seed replays. */
function shuffled<T>(items: T[], seed: number): T[] {
  let x = seed >>> 0 || 1;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Delivers every message in flight 2-3 times in a shuffled order, round after round, until quiet. */
function floodWithDuplicates(net: SyncNet, seed: number): number {
  let rounds = 0;
  while (net.inFlight() > 0 && rounds < 100) {
    rounds++;
    const batch: Array<{ link: (typeof net.links)[number]; message: Uint8Array }> = [];
    for (const link of net.links) {
      for (const message of link.queue.splice(0)) {
        const copies = 2 + ((seed + batch.length) % 2);
        for (let c = 0; c < copies; c++) batch.push({ link, message });
      }
    }
    for (const { link, message } of shuffled(batch, seed + rounds)) net.receive(link, message);
  }
  return rounds;
}

describe("idempotent delivery (R3)", () => {
  it("stores no change twice and converges when every message arrives 2-3 times, out of order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), (seed, edits) => {
        // Start from the convergence scenario's synced origin, then cut both devices off.
        const { net, made: origin } = runScenario([]);
        net.disconnect(1);
        net.disconnect(2);
        const clock = new Clock();
        for (const device of [1, 2]) {
          const replica = net.replicas[device]!;
          const ctx = context(device === 1 ? "phone" : "tablet", clock, device === 1 ? "p" : "t");
          for (let i = 0; i < edits; i++) {
            clock.advance(30);
            const sets = sessionView(replica.doc).exercises.flatMap((e) => e.sets);
            const set = sets[(seed + i * 7 + device) % sets.length]!;
            const ops = [
              () => logSet({ setId: set.id, reps: (seed + i) % 12, weightKg: 100 }, ctx),
              () =>
                addSet({ exerciseKey: sessionView(replica.doc).exercises[0]!.key!, log: { reps: 3 } }, ctx),
              () =>
                set.log ? editSet({ setId: set.id, rpe: 8 }, ctx) : logSet({ setId: set.id, reps: 1 }, ctx),
              () => editNotes(`${replica.doc.notes}${device}`, ctx),
              () => removeSet(set.id, ctx),
            ];
            replica.doc = apply(replica.doc, ops[(seed + i + device) % ops.length]!());
          }
        }
        for (const replica of net.replicas) A.saveIncremental(replica.doc); // storage is up to date
        const expected = new Set(
          net.replicas.flatMap((r) => A.getChangesMetaSince(r.doc, []).map((m) => m.hash)),
        );
        net.trackStorage = true;
        net.reconnect(1);
        net.reconnect(2);
        floodWithDuplicates(net, seed);
        expect(net.stats.duplicated + net.stats.delivered).toBeGreaterThan(0);
        expect(net.stats.extraChunks).toBe(0);
        for (const replica of net.replicas) expect(A.stats(replica.doc).numChanges).toBe(expected.size);
        const heads = net.replicas.map((r) => [...A.getHeads(r.doc)].sort().join());
        expect(new Set(heads).size).toBe(1);
        // Each replica stored each change it lacked exactly once: 2 devices' edits reach 2 other replicas each.
        expect(net.stats.storedChanges).toBe(2 * (expected.size - origin.size));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
