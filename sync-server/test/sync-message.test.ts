// The attribution path's own reader of automerge sync messages (syncMessageChanges) against Automerge's wasm
// decoder: on every message Automerge generates it must yield exactly decodeSyncMessage's change chunks; on
// anything else it must either do the same or decline (null), never throw, never read outside its input.
import * as Automerge from "@automerge/automerge";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syncMessageChanges } from "../src/sync/attribution.js";
import { chunkType, scenarioArb, SyncNet } from "./sync-message-scenarios.js";
import type { Scenario } from "./sync-message-scenarios.js";

/** A view of `bytes` that throws on any index read outside it, so an out-of-bounds read cannot go unnoticed. */
function strictView(bytes: Uint8Array): Uint8Array {
  return new Proxy(bytes, {
    get(target, prop) {
      if (typeof prop === "string" && /^-?\d/.test(prop)) {
        const i = Number(prop);
        if (!Number.isInteger(i) || i < 0 || i >= target.length) {
          throw new RangeError(`read at ${prop} of ${target.length} bytes`);
        }
        return target[i];
      }
      if (prop === "subarray") {
        return (start: number, end: number) => {
          if (!(start >= 0 && end >= start && end <= target.length)) {
            throw new RangeError(`subarray(${start}, ${end}) of ${target.length} bytes`);
          }
          return target.subarray(start, end);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Automerge's answer: the change chunks, or "rejected" when its decoder throws. */
function decoded(message: Uint8Array): Uint8Array[] | "rejected" {
  try {
    return Automerge.decodeSyncMessage(message).changes;
  } catch {
    return "rejected";
  }
}

const same = (a: Uint8Array[], b: Uint8Array[]) =>
  a.length === b.length && a.every((c, i) => Buffer.from(c).equals(Buffer.from(b[i]!)));

/**
 * The reader's contract on any input: no throw, no read outside the input; null, or exactly Automerge's chunks
 * (then Automerge must accept the message too). Returns whether it declined.
 */
function agreesOrDeclines(message: Uint8Array): boolean {
  const ours = syncMessageChanges(strictView(message));
  if (ours === null) return true;
  const theirs = decoded(message);
  if (theirs === "rejected") throw new Error(`accepted a message Automerge rejects: ${hex(message)}`);
  if (!same(ours, theirs)) throw new Error(`chunks differ from Automerge's for ${hex(message)}`);
  return false;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Collects every message of a played scenario. */
function messagesOf(scenario: Scenario): Uint8Array[] {
  const messages: Uint8Array[] = [];
  new SyncNet(scenario, (_from, _to, m) => messages.push(m)).play();
  return messages;
}

/** One small synced pair, then one edit: the typical single-change message (and a few others). */
function typicalMessages(): { single: Uint8Array; all: Uint8Array[] } {
  const all: Uint8Array[] = [];
  const net = new SyncNet({ peers: 2, start: "shared", history: 20, actions: [] }, (_f, _t, m) =>
    all.push(m),
  );
  net.settle();
  net.run({ kind: "edit", peer: 0, changes: [[{ op: "set", key: "a", value: 1 }]] });
  const n = all.length;
  net.step(0, 1);
  net.settle();
  return { single: all[n]!, all };
}

describe("syncMessageChanges", () => {
  it("yields exactly decodeSyncMessage's change chunks for every message Automerge generates", () => {
    const seen = { messages: 0, declined: 0, empty: 0, single: 0, concatenated: 0, document: 0 };
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const message of messagesOf(scenario)) {
          seen.messages++;
          const theirs = Automerge.decodeSyncMessage(message).changes;
          const ours = syncMessageChanges(strictView(message));
          if (ours === null) {
            seen.declined++;
            continue;
          }
          expect(ours.map(hex)).toEqual(theirs.map(hex));
          if (theirs.length === 0) seen.empty++;
          else if (theirs.length === 1 && chunkType(theirs[0]!) === 0) seen.document++;
          else if (theirs.length === 1 && isOneChange(theirs[0]!)) seen.single++;
          else seen.concatenated++;
        }
      }),
      { numRuns: 60 },
    );
    // The fast path is real: nothing Automerge sends is left to the wasm decoder, least of all single changes.
    expect(seen.declined).toBe(0);
    expect(seen.single).toBeGreaterThan(10);
    expect(seen.empty).toBeGreaterThan(10);
    expect(seen.concatenated).toBeGreaterThan(0);
    expect(seen.document).toBeGreaterThan(0);
  });

  it("reads v1 messages with zero, one or many separate change chunks, with and without flags (older peers)", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.nat(), fc.boolean(), (scenario, from, count, flags) => {
        const messages: Uint8Array[] = [];
        const net = new SyncNet(scenario, (_f, _t, m) => messages.push(m)).play();
        const all = Automerge.getAllChanges(net.docs[0]!);
        const start = from % all.length;
        const changes = all.slice(start, start + (count % 8));
        // Heads, need and have (with its Bloom filter) of a real message; the wasm encoder writes the rest.
        const { heads, need, have } = Automerge.decodeSyncMessage(messages.at(-1)!);
        const v1 = {
          heads,
          need,
          have,
          changes,
          type: "v1",
          ...(flags ? { supportedCapabilities: [] } : {}),
        };
        const message = Automerge.encodeSyncMessage(v1);
        expect(message[0]).toBe(0x42);
        const ours = syncMessageChanges(strictView(message));
        expect(ours?.map(hex)).toEqual(changes.map(hex));
        expect(ours?.map(hex)).toEqual(Automerge.decodeSyncMessage(message).changes.map(hex));
      }),
      { numRuns: 25 },
    );
  });

  it("returns subarrays of the message (no copies), also when the message is itself a view into a larger buffer", () => {
    const { single } = typicalMessages();
    const buffer = new Uint8Array(single.length + 64).fill(0xee);
    buffer.set(single, 32);
    const view = buffer.subarray(32, 32 + single.length);
    const chunks = syncMessageChanges(view)!;
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.buffer).toBe(buffer.buffer);
    expect(chunks[0]!.byteOffset).toBeGreaterThanOrEqual(32);
    expect(chunks[0]!.byteOffset + chunks[0]!.length).toBeLessThanOrEqual(32 + single.length);
    expect(hex(chunks[0]!)).toBe(hex(Automerge.decodeSyncMessage(single).changes[0]!));
  });

  it("declines or agrees on every truncation of real messages, never throwing or reading out of bounds", () => {
    const { all } = typicalMessages();
    const messages = [...all, ...messagesOf({ peers: 2, start: "independent", history: 5, actions: [] })];
    let accepted = 0;
    for (const message of messages) {
      for (let n = 0; n < message.length; n++) if (!agreesOrDeclines(message.subarray(0, n))) accepted++;
    }
    // Only the prefixes that end right after the change list are whole (flag-less) messages.
    expect(accepted).toBeLessThanOrEqual(messages.length);
  });

  it("declines or agrees on corrupted real messages and random bytes, never throwing or reading out of bounds", () => {
    const { all } = typicalMessages();
    const base = fc.constantFrom(...all);
    const corrupted = fc.oneof(
      fc.tuple(base, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([m, at, b]) => {
        const c = m.slice();
        c[at % c.length] = b;
        return c;
      }),
      fc.tuple(base, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 6 })).map(([m, at, ins]) => {
        const i = at % (m.length + 1);
        return new Uint8Array([...m.subarray(0, i), ...ins, ...m.subarray(i)]);
      }),
      fc.tuple(base, fc.nat(), fc.integer({ min: 1, max: 6 })).map(([m, at, n]) => {
        const i = at % m.length;
        return new Uint8Array([...m.subarray(0, i), ...m.subarray(i + n)]);
      }),
      fc
        .tuple(fc.constantFrom(0x42, 0x43, 0x44, 0x00), fc.uint8Array({ maxLength: 80 }))
        .map(([t, rest]) => new Uint8Array([t, ...rest])),
      fc.uint8Array({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(corrupted, (message) => {
        agreesOrDeclines(message);
      }),
      { numRuns: 3000 },
    );
  });

  it("declines what it does not know, even where Automerge would accept it", () => {
    const { single } = typicalMessages();
    const changes = Automerge.decodeSyncMessage(single).changes;
    // Sanity: the message as sent is read.
    expect(syncMessageChanges(single)?.map(hex)).toEqual(changes.map(hex));
    // An unknown message type byte.
    expect(syncMessageChanges(new Uint8Array([0x44, ...single.subarray(1)]))).toBeNull();
    // Bytes after the flags (Automerge ignores them; they could be a field we do not know).
    const trailing = new Uint8Array([...single, 0x01]);
    expect(decoded(trailing)).not.toBe("rejected");
    expect(syncMessageChanges(trailing)).toBeNull();
    // An empty flags section, and a flags byte of unknown meaning.
    const body = single.subarray(0, single.length - 3);
    expect(hex(single.subarray(-3))).toMatch(/^0202[89a-f][0-9a-f]$/);
    expect(syncMessageChanges(new Uint8Array([...body, 0x00]))).toBeNull();
    expect(syncMessageChanges(new Uint8Array([...body, 0x01, 0x07]))).toBeNull();
    // Nothing at all, or only the type byte.
    expect(syncMessageChanges(new Uint8Array([]))).toBeNull();
    expect(syncMessageChanges(new Uint8Array([0x43]))).toBeNull();
  });

  it("declines non-canonical and oversized LEB128 numbers and hostile counts", () => {
    // heads, need, have, changes: all empty; then a flags section.
    const ok = new Uint8Array([0x43, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x84]);
    expect(syncMessageChanges(ok)).toEqual([]);
    expect(decoded(ok)).toEqual([]);
    // An overlong zero (0x80 0x00) as the heads count: Automerge rejects it, so must we.
    const overlong = new Uint8Array([0x43, 0x80, 0x00, 0x00, 0x00, 0x00]);
    expect(decoded(overlong)).toBe("rejected");
    expect(syncMessageChanges(overlong)).toBeNull();
    // A count far beyond the data, and a LEB128 number that never ends.
    expect(syncMessageChanges(new Uint8Array([0x43, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBeNull();
    expect(syncMessageChanges(new Uint8Array([0x43, ...new Array<number>(20).fill(0xff)]))).toBeNull();
    // One change entry of length 2^32 + 1 (a 32-bit decoder could wrap it to 1).
    const wrap = new Uint8Array([0x43, 0, 0, 0, 1, 0x81, 0x80, 0x80, 0x80, 0x10, 0xaa]);
    expect(syncMessageChanges(wrap)).toBeNull();
    // An empty change entry: decline (Automerge would hand over an empty chunk).
    expect(syncMessageChanges(new Uint8Array([0x43, 0, 0, 0, 1, 0]))).toBeNull();
  });

  it("checks Bloom filters as Automerge does: an empty filter, or a header and exactly its bit array", () => {
    const withBloom = (bloom: number[]) => new Uint8Array([0x43, 0, 0, 1, 0, bloom.length, ...bloom, 0]);
    // 3 entries × 10 bits → 4 bytes.
    const valid = [3, 10, 7, 1, 2, 3, 4];
    for (const bloom of [[], valid]) {
      expect(decoded(withBloom(bloom))).toEqual([]);
      expect(syncMessageChanges(withBloom(bloom))).toEqual([]);
    }
    // A bit array too short: Automerge rejects.
    expect(decoded(withBloom([3, 10, 7, 1, 2, 3]))).toBe("rejected");
    expect(syncMessageChanges(withBloom([3, 10, 7, 1, 2, 3]))).toBeNull();
    // Too long: Automerge ignores the rest, we decline.
    expect(decoded(withBloom([...valid, 9]))).toEqual([]);
    expect(syncMessageChanges(withBloom([...valid, 9]))).toBeNull();
    // A header number of 2^32 (entries, bits per entry or probes) with an empty bit array: Automerge rejects.
    const u33 = [0x80, 0x80, 0x80, 0x80, 0x10];
    for (const big of [
      [...u33, 0, 7],
      [0, ...u33, 7],
      [0, 10, ...u33],
    ]) {
      expect(decoded(withBloom(big))).toBe("rejected");
      expect(syncMessageChanges(withBloom(big))).toBeNull();
    }
    // Zero entries with an explicit header is accepted by both.
    expect(decoded(withBloom([0, 10, 7]))).toEqual([]);
    expect(syncMessageChanges(withBloom([0, 10, 7]))).toEqual([]);
  });
});

/** Whether a chunk is exactly one change (a v2 message's chunk may hold several, concatenated). */
function isOneChange(chunk: Uint8Array): boolean {
  try {
    Automerge.decodeChange(chunk);
    return true;
  } catch {
    return false;
  }
}
