import { describe, expect, it } from "vitest";
import {
  EntryIdSchema,
  clientPeerIdPrefix,
  isUserId,
  makeClientPeerId,
  makeEntryId,
  makeServerPeerId,
  makeUserId,
  makeUuid,
  makeWorkerPeerId,
  parsePeerId,
  peerIdBelongsTo,
  randomString,
} from "../src/index.js";
import * as z from "zod";

const alice = makeUserId();
const bob = makeUserId();

describe("user ids", () => {
  it("are 26 chars of lowercase base32", () => {
    expect(alice).toMatch(/^[a-z2-7]{26}$/);
    expect(isUserId(alice)).toBe(true);
    for (const bad of [
      alice.toUpperCase(),
      alice.slice(1),
      alice + "a",
      alice.replace(/.$/, "1"),
      42,
      null,
    ]) {
      expect(isUserId(bad)).toBe(false);
    }
  });
});

describe("client peerIds", () => {
  it("start with u-<userId>- and belong to that user only", () => {
    const peerId = makeClientPeerId(alice);
    expect(peerId.startsWith(clientPeerIdPrefix(alice))).toBe(true);
    expect(peerIdBelongsTo(peerId, alice)).toBe(true);
    expect(peerIdBelongsTo(peerId, bob)).toBe(false);
  });

  it("reject another user's prefix, however it is dressed up", () => {
    const forged = [
      `u-${bob}-abcdefgh`,
      `u-${alice}${bob}-abcdefgh`,
      `u-${alice}-`,
      `u-${alice}-short`,
      `u-${alice}-ABCDEFGH`,
      `u-${alice}-abcd-efgh`,
      `u-${alice}-abcdefgh\n`,
      ` u-${alice}-abcdefgh`,
      `x-${alice}-abcdefgh`,
      "svc-worker-abcdefgh",
    ];
    for (const peerId of forged) expect(peerIdBelongsTo(peerId, alice), peerId).toBe(false);
    expect(peerIdBelongsTo(`u-${alice}-abcdefgh`, alice)).toBe(true);
  });

  it("refuse to build a prefix for something that is not a user id", () => {
    expect(() => clientPeerIdPrefix("alice")).toThrow(TypeError);
    expect(() => makeClientPeerId("")).toThrow(TypeError);
    expect(peerIdBelongsTo("u--abcdefgh", "")).toBe(false);
  });

  it("are unique", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => makeClientPeerId(alice)));
    expect(ids.size).toBe(1000);
  });
});

describe("parsePeerId", () => {
  it("recognises the contract's three forms and nothing else", () => {
    expect(parsePeerId(makeClientPeerId(alice))).toEqual({ role: "client", userId: alice });
    expect(parsePeerId(makeWorkerPeerId())).toEqual({ role: "worker" });
    expect(parsePeerId(makeServerPeerId())).toEqual({ role: "server" });
    for (const other of [
      "",
      "server-",
      "svc-worker-x",
      "worker-abcdefgh",
      `u-${alice}`,
      "server-abcdefgh/x",
    ]) {
      expect(parsePeerId(other), other).toBeNull();
    }
  });
});

describe("random ids", () => {
  it("makeUuid gives RFC 9562 version 4 UUIDs", () => {
    for (let i = 0; i < 100; i++) {
      const id = makeUuid();
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe("4");
    }
  });

  it("makeEntryId fits EntryIdSchema", () => {
    expect(EntryIdSchema.safeParse(makeEntryId()).success).toBe(true);
  });

  it("randomString uses only its alphabet and the requested length", () => {
    const s = randomString("abc", 500);
    expect(s).toMatch(/^[abc]{500}$/);
    for (const ch of "abc") expect(s.split(ch).length - 1).toBeGreaterThan(100);
    expect(() => randomString("a", 3)).toThrow(RangeError);
  });
});
