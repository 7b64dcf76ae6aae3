// `npm start`: install what is missing, build the client when needed, then run the sync server and the
// ai-worker as two processes with prefixed logs. Ctrl-C stops both.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureClientBuild, ensureDependencies, root } from "./prepare.mjs";

ensureDependencies();
ensureClientBuild();

const colours = { server: "\x1b[36m", worker: "\x1b[35m" };
const children = [];

function launch(name, entry) {
  const envFile = fs.existsSync(path.join(root, ".env")) ? ["--env-file=.env"] : [];
  const child = spawn(process.execPath, [...envFile, "--import", "tsx", entry], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `${colours[name]}[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines)
        (stream === child.stderr ? process.stderr : process.stdout).write(prefix + line + "\n");
    });
  }
  child.on("exit", (code, signal) => {
    console.log(`${prefix}exited (${signal ?? code})`);
    if (!stopping) stop(code ?? 1);
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  }, 10_000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on("exit", r))))).then(
    () => {
      clearTimeout(deadline);
      process.exit(code);
    },
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

launch("server", "sync-server/src/main.ts");
launch("worker", "ai-worker/src/main.ts");
