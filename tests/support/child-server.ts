import type { ChildProcess } from "node:child_process";
import { ChildProcessUnderTest } from "./child-process.js";

export interface ChildServerOptions {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  /** The server's entry module, relative to the repository root. */
  entry?: string;
}

/** The real sync server as its own process (`node --import tsx sync-server/src/main.ts`). */
export class ChildServer extends ChildProcessUnderTest {
  private constructor(
    child: ChildProcess,
    readonly url: string,
  ) {
    super(child, "server");
  }

  /** Starts the server and resolves once /healthz answers. */
  static async start(opts: ChildServerOptions): Promise<ChildServer> {
    const child = ChildProcessUnderTest.spawnEntry(opts.entry ?? "sync-server/src/main.ts", {
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: opts.dataDir,
      CLIENT_DIR: "",
      ARGON2_MEMORY_KIB: "1024",
      LOG_LEVEL: "warn",
      ...opts.env,
    });
    const server = new ChildServer(child, `http://127.0.0.1:${opts.port}`);
    await server.ready(async () => (await fetch(`${server.url}/healthz`)).ok);
    return server;
  }
}
