/**
 * The baseline for the sync-latency benchmark: a plain automerge-repo sync server without authentication, run as
 * its own process (`node --import tsx tests/bench/support/plain-server.ts`, PORT from the environment).
 *
 * It is what issue #2 defines as the baseline — automerge-repo with its WebSocket server adapter and in-memory
 * storage — shaped like automerge-repo's own reference sync server: a Repo with a WebSocketServerAdapter on a `ws`
 * WebSocketServer, an in-memory storage adapter (the repo saves documents as it would to disk, into a Map), and a
 * share policy that announces nothing (automerge-repo-sync-server uses `sharePolicy: async () => false`;
 * otherwise every document would be pushed to every connected peer). Clients find documents by id, exactly as
 * they do against Cadence. `GET /healthz` answers 200 so the benchmark knows when it is up; `GET /metrics` counts
 * sync messages in and out, like Cadence's.
 */
import { Repo } from "@automerge/automerge-repo";
import type { PeerId } from "@automerge/automerge-repo";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import http from "node:http";
import { WebSocketServer } from "ws";
import { MemoryStorage } from "../../support/memory-storage.js";
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
    res.end(
      `plain_documents_loaded ${Object.keys(repo.handles).length}\n` +
        `plain_sync_messages_in_total ${adapter.messagesIn}\nplain_sync_messages_out_total ${adapter.messagesOut}\n`,
    );
    return;
  }
  res.writeHead(404);
  res.end();
});
/** The upstream adapter, counting messages (a counter increment each way). */
class CountingAdapter extends WebSocketServerAdapter {
  messagesIn = 0;
  messagesOut = 0;
  override receiveMessage(...args: Parameters<WebSocketServerAdapter["receiveMessage"]>): void {
    this.messagesIn++;
    super.receiveMessage(...args);
  }
  override send(...args: Parameters<WebSocketServerAdapter["send"]>): void {
    this.messagesOut++;
    super.send(...args);
  }
}

const wss = new WebSocketServer({ server, perMessageDeflate: false });
const adapter = new CountingAdapter(wss as never, 5000);
const repo = new Repo({
  network: [adapter],
  storage: new MemoryStorage(),
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
