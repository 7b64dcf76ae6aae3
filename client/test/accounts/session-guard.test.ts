// How a device decides that its session ended elsewhere or its account was deleted, from what the server says.
import { afterEach, describe, expect, it, vi } from "vitest";
import { observeSyncSocket } from "../../src/accounts/account-deleted.js";
import { SessionGuard } from "../../src/accounts/session-guard.js";

type Answer = { status: number; code?: string } | "offline";

function guardWith(answers: Answer[]) {
  const calls: string[] = [];
  const fetchMock = vi.fn(() => {
    const answer = answers.shift() ?? { status: 200 };
    if (answer === "offline") return Promise.reject(new TypeError("Failed to fetch"));
    const body = answer.code ? { error: { code: answer.code, message: "…" } } : {};
    return Promise.resolve(new Response(JSON.stringify(body), { status: answer.status }));
  });
  vi.stubGlobal("fetch", fetchMock);
  const guard = new SessionGuard({
    signedOut: () => calls.push("signed-out"),
    deleted: () => calls.push("deleted"),
  });
  return { guard, calls, fetchMock };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.unstubAllGlobals());

describe("SessionGuard", () => {
  it("treats close code 4003 as a deleted account without asking", () => {
    const { guard, calls, fetchMock } = guardWith([]);
    guard.socketClosed(4003);
    expect(calls).toEqual(["deleted"]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("after 4001 asks /api/me, and a plain 401 means signed out", async () => {
    const { guard, calls, fetchMock } = guardWith([{ status: 401, code: "unauthenticated" }]);
    guard.socketClosed(4001);
    await settle();
    expect(fetchMock).toHaveBeenCalledWith("/api/me", expect.anything());
    expect(calls).toEqual(["signed-out"]);
  });

  it("a 401 account_deleted means deleted; signed in, offline or a server error leave the device alone", async () => {
    const { guard, calls } = guardWith([
      { status: 200 },
      "offline",
      { status: 502 },
      { status: 401, code: "account_deleted" },
    ]);
    for (let i = 0; i < 4; i++) await guard.check();
    expect(calls).toEqual(["deleted"]);
  });

  it("reports once, and nothing after stop()", async () => {
    const { guard, calls } = guardWith([{ status: 401 }, { status: 401 }]);
    await guard.check();
    guard.socketClosed(4003);
    await guard.check();
    expect(calls).toEqual(["signed-out"]);

    const second = guardWith([{ status: 401 }]);
    second.guard.stop();
    second.guard.socketClosed(4003);
    await second.guard.check();
    expect(second.calls).toEqual([]);
  });

  it("asks about a lost connection at most every few seconds, and never about a normal close", async () => {
    const { guard, fetchMock } = guardWith([]);
    guard.socketClosed(1000);
    guard.socketClosed(1006);
    guard.socketClosed(1006);
    guard.socketClosed(1006);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe("observeSyncSocket", () => {
  it("reports every close code, and stops the adapter reconnecting after 4003", () => {
    const reconnects: number[] = [];
    const adapter = { onClose: () => void reconnects.push(1) };
    const codes: number[] = [];
    observeSyncSocket(adapter, (code) => codes.push(code));
    const close = adapter.onClose as (event?: { code?: number }) => void;
    close({ code: 1006 });
    close({ code: 4001 });
    close({ code: 4003 });
    close({ code: 1006 });
    expect(codes).toEqual([1006, 4001, 4003, 1006]);
    expect(reconnects).toHaveLength(2);
  });
});
