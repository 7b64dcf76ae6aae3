import type { PeerId } from "@automerge/automerge-repo";
import { afterEach, describe, expect, it } from "vitest";
import { JobsClient } from "../src/jobs-client.js";
import { TicketSocketAdapter } from "../src/ticket-socket.js";
import { workerToken } from "../src/token.js";
import { captureLogger, FakeCadenceServer, freePort, until } from "./fake-server.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fakeServer(port?: number): Promise<FakeCadenceServer> {
  const server = new FakeCadenceServer();
  cleanup.push(() => server.close());
  await server.start(port);
  return server;
}

function adapterFor(serverUrl: string, token: string) {
  const { log, lines } = captureLogger();
  const client = new JobsClient({ serverUrl, token: workerToken(token, log) });
  const adapter = new TicketSocketAdapter({
    serverUrl,
    getTicket: (signal) => client.syncTicket(signal),
    log,
    backoff: { initialMs: 20, maxMs: 200 },
    keepAliveMs: 200,
  });
  const events: string[] = [];
  adapter.on("peer-candidate", ({ peerId }) => events.push(`up:${peerId}`));
  adapter.on("peer-disconnected", ({ peerId }) => events.push(`down:${peerId}`));
  cleanup.push(() => adapter.disconnect());
  adapter.connect("svc-worker-test1234" as PeerId, { isEphemeral: true });
  return { adapter, lines, events };
}

describe("TicketSocketAdapter", () => {
  it("keeps retrying while the server is down and connects once it comes up", async () => {
    const port = await freePort();
    const token = "test-worker-token-7f3a9c2e51";
    const { adapter, lines, events } = adapterFor(`http://127.0.0.1:${port}`, token);
    await until(() => lines.filter((l) => l.includes("reconnecting in")).length >= 3, "several retries");
    expect(adapter.connected).toBe(false);
    const server = await fakeServer(port);
    await until(() => adapter.connected, "connected after the server came up");
    expect(events).toEqual(["up:server-fake"]);
    expect(server.ticketReuses).toBe(0);
  });

  it("survives 401 and 500 upgrades, with a fresh ticket for every attempt", async () => {
    const server = await fakeServer();
    server.upgradeMode = "401";
    const { adapter, lines } = adapterFor(server.url, server.token);
    await until(() => server.upgradeAttempts >= 3, "three refused upgrades");
    server.upgradeMode = "500";
    const before = server.upgradeAttempts;
    await until(() => server.upgradeAttempts >= before + 2, "two more refused upgrades");
    expect(lines.some((l) => l.includes("HTTP 401"))).toBe(true);
    expect(lines.some((l) => l.includes("HTTP 500"))).toBe(true);
    server.upgradeMode = "accept";
    await until(() => adapter.connected, "connected once upgrades are accepted");
    expect(new Set(server.ticketsIssued).size).toBe(server.ticketsIssued.length);
    expect(server.ticketsIssued.length).toBeGreaterThanOrEqual(server.upgradeAttempts);
    expect(server.ticketReuses).toBe(0);
  });

  it("backs off exponentially, capped", async () => {
    const server = await fakeServer();
    server.upgradeMode = "500";
    const { lines } = adapterFor(server.url, server.token);
    await until(() => server.upgradeAttempts >= 7, "seven attempts");
    const delays = lines
      .map((l) => /reconnecting in (\d+) ms/.exec(l)?.[1])
      .filter((d): d is string => d !== undefined)
      .map(Number);
    expect(delays.length).toBeGreaterThanOrEqual(6);
    // equal jitter: each delay lies in [base/2, base] with base = min(200, 20 * 2^n)
    delays.slice(0, 6).forEach((d, n) => {
      const base = Math.min(200, 20 * 2 ** n);
      expect(d).toBeGreaterThanOrEqual(base / 2);
      expect(d).toBeLessThanOrEqual(base);
    });
  });

  it("survives the ticket endpoint failing (401 token, 500)", async () => {
    const server = await fakeServer();
    server.httpMode = "500";
    const { adapter } = adapterFor(server.url, server.token);
    await until(() => server.requests.length >= 2, "ticket requests under 500");
    server.httpMode = "401";
    const before = server.requests.length;
    await until(() => server.requests.length >= before + 2, "ticket requests under 401");
    expect(server.upgradeAttempts).toBe(0);
    server.httpMode = "ok";
    await until(() => adapter.connected, "connected once tickets are issued");
  });

  it("reconnects after the server drops the connection or restarts", async () => {
    const server = await fakeServer();
    const { adapter, events } = adapterFor(server.url, server.token);
    await until(() => adapter.connected, "first connection");
    server.upgradeMode = "drop";
    await server.goDown();
    await until(() => !adapter.connected, "noticed the drop");
    await server.start();
    await until(() => server.upgradeAttempts >= 3, "dropped reconnect attempts");
    expect(adapter.connected).toBe(false);
    server.upgradeMode = "accept";
    await until(() => adapter.connected, "reconnected");
    expect(events).toEqual(["up:server-fake", "down:server-fake", "up:server-fake"]);
  });

  it("treats send() on a closed socket as a no-op and stops retrying after disconnect()", async () => {
    const port = await freePort();
    const { adapter, lines } = adapterFor(`http://127.0.0.1:${port}`, "test-worker-token-7f3a9c2e51");
    const message = {
      type: "sync",
      senderId: "svc-worker-test1234",
      targetId: "server-fake",
      documentId: "x",
      data: new Uint8Array([1]),
    } as unknown as Parameters<TicketSocketAdapter["send"]>[0];
    expect(() => adapter.send(message)).not.toThrow();
    expect(lines.some((l) => l.includes("dropping outgoing message"))).toBe(true);
    adapter.disconnect();
    const attempts = lines.filter((l) => l.includes("reconnecting in")).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.filter((l) => l.includes("reconnecting in")).length).toBe(attempts);
  });

  it("never writes the token or a ticket to the log", async () => {
    const server = await fakeServer();
    server.upgradeMode = "401";
    const { adapter, lines } = adapterFor(server.url, server.token);
    await until(() => server.upgradeAttempts >= 2, "refused attempts");
    server.upgradeMode = "accept";
    await until(() => adapter.connected, "connected");
    const text = lines.join("\n");
    expect(text).not.toContain(server.token);
    for (const ticket of server.ticketsIssued) expect(text).not.toContain(ticket);
  });
});
