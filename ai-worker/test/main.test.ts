// The real entry point as a child process: it must survive a hostile or absent server and exit 0 on signals.
// Spawned as `node --import tsx`, not through the `tsx` CLI: the CLI relays signals to its child and SIGKILLs it
// when the child does not acknowledge within 30 ms, which happens on a loaded machine (exit 143, not ours).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FakeCadenceServer, freePort, until } from "./fake-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function runMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "ai-worker/src/main.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanup.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return { child, output: () => out, exited };
}

async function fakeServer(): Promise<FakeCadenceServer> {
  const server = new FakeCadenceServer();
  cleanup.push(() => server.close());
  await server.start();
  return server;
}

describe("main.ts", () => {
  it("processes a job, then exits 0 on SIGTERM without logging secrets", async () => {
    const server = await fakeServer();
    const run = runMain({ CADENCE_SERVER_URL: server.url, WORKER_TOKEN: server.token });
    await until(() => run.output().includes("sync: connected to server-fake"), "connected", 20_000);
    const { job } = server.createRequest("echo", { text: "from a child process" });
    server.enqueue(job);
    await until(() => server.completed.length === 1, "job completed");
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).toBe(0);
    const output = run.output();
    expect(output).toMatch(/^INFO .*SIGTERM received/m);
    expect(output).not.toContain(server.token);
    for (const ticket of server.ticketsIssued) expect(output).not.toContain(ticket);
    for (const line of output.trim().split("\n")) expect(line).toMatch(/^(DEBUG|INFO|WARN|ERROR) /);
  });

  it("waits for an absent server and token file, and exits 0 on SIGINT", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cadence-worker-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const run = runMain({ PORT: String(await freePort()), DATA_DIR: dataDir });
    await until(
      () => (run.output().match(/no worker token yet/g) ?? []).length >= 3,
      "token retries",
      20_000,
    );
    run.child.kill("SIGINT");
    expect(await run.exited, run.output()).toBe(0);
  });

  it("keeps running while the server refuses the upgrade with 401, and exits 0 on SIGTERM", async () => {
    const server = await fakeServer();
    server.upgradeMode = "401";
    const run = runMain({ CADENCE_SERVER_URL: server.url, WORKER_TOKEN: server.token });
    await until(() => server.upgradeAttempts >= 3, "refused upgrades", 20_000);
    expect(run.child.exitCode, run.output()).toBeNull();
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain("HTTP 401");
  });
});
