/**
 * The baseline for the sync-latency benchmark: a plain automerge-repo sync server without authentication, run as
 * its own process (`node --import tsx tests/bench/support/plain-server.ts`, PORT from the environment).
 *
 * It is what automerge-repo's own reference sync server does, minus storage: a Repo with a WebSocketServerAdapter
 * on a `ws` WebSocketServer, no storage adapter (documents live in memory only), and a share policy that announces
 * nothing (automerge-repo-sync-server uses `sharePolicy: async () => false`; otherwise every document would be
 * pushed to every connected peer). Clients find documents by id, exactly as they do against Cadence.
 * `GET /healthz` answers 200 so the benchmark knows when it is up.
 */
import { Repo } from "@automerge/automerge-repo";
import type { PeerId } from "@automerge/automerge-repo";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import http from "node:http";
import { WebSocketServer } from "ws";
import { installBenchHooks } from "./child-hooks.js";

installBenchHooks();

const port = Number(process.env.PORT ?? 0);
const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
    return;
  }
  if (req.url === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`plain_documents_loaded ${Object.keys(repo.handles).length}\n`);
    return;
  }
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
const repo = new Repo({
  network: [new WebSocketServerAdapter(wss as never, 5000)],
  peerId: `plain-server-${process.pid}` as PeerId,
  shareConfig: { announce: () => Promise.resolve(false), access: () => Promise.resolve(true) },
});

server.listen(port, "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    wss.close();
    server.close();
    void repo.shutdown().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
