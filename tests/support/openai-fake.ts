// A loopback OpenAI-compatible endpoint for tests and benchmarks: `POST /v1/chat/completions` with a strict
// `json_schema` response_format, answered by a scripted reply (a JSON answer, raw content, a refusal, an HTTP
// status, or nothing for a while). The real `openai` client talks to it through `baseURL`. It records every
// request, so tests can check what the model was (and was not) told.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeRequest {
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } };
    [key: string]: unknown;
  };
  /** The JSON in the last user message, parsed when it is JSON. */
  user: unknown;
  /** Everything sent, as text (for "never contains" checks). */
  raw: string;
  headers: http.IncomingHttpHeaders;
}

export type FakeReply =
  /** A completion whose content is `JSON.stringify(body)`. */
  | { kind: "json"; body: unknown; delayMs?: number }
  /** A completion with this exact content (e.g. malformed JSON). */
  | { kind: "content"; content: string; delayMs?: number; finishReason?: "stop" | "length" }
  | { kind: "refusal"; refusal: string; delayMs?: number }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string; delayMs?: number };

export type FakeHandler = (request: FakeRequest, index: number) => FakeReply | Promise<FakeReply>;

export class OpenAIFake {
  readonly requests: FakeRequest[] = [];
  #handler: FakeHandler;
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    handler: FakeHandler,
  ) {
    this.#handler = handler;
  }

  /** The `baseURL` for the openai client (ends in /v1). */
  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  setHandler(handler: FakeHandler): void {
    this.#handler = handler;
  }

  static async start(handler: FakeHandler, port = 0): Promise<OpenAIFake> {
    let fake: OpenAIFake | undefined = undefined;
    const server = http.createServer((req, res) => void fake!.handle(req, res));
    fake = new OpenAIFake(server, handler);
    server.on("connection", (s) => {
      fake.#sockets.add(s);
      s.on("close", () => fake.#sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return fake;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return send(404, {
        error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" },
      });
    }
    let body: FakeRequest["body"];
    try {
      body = JSON.parse(raw) as FakeRequest["body"];
    } catch {
      return send(400, { error: { message: "invalid JSON body", type: "invalid_request_error" } });
    }
    const format = body.response_format;
    if (format?.type !== "json_schema" || format.json_schema?.strict !== true || !format.json_schema.schema) {
      return send(400, {
        error: { message: "expected a strict json_schema response_format", type: "invalid_request_error" },
      });
    }
    const last = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
    let user: unknown = last?.content;
    try {
      user = JSON.parse(String(last?.content)) as unknown;
    } catch {
      // Not JSON: keep the text.
    }
    const request: FakeRequest = { body, user, raw, headers: req.headers };
    this.requests.push(request);
    const reply = await this.#handler(request, this.requests.length - 1);
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reply.delayMs);
        res.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (res.destroyed || res.writableEnded) return;
    if (reply.kind === "status") {
      return send(
        reply.status,
        {
          error: { message: reply.message ?? `fake error ${reply.status}`, type: "server_error", code: null },
        },
        reply.headers,
      );
    }
    const message =
      reply.kind === "refusal"
        ? { role: "assistant", content: null, refusal: reply.refusal }
        : {
            role: "assistant",
            content: reply.kind === "json" ? JSON.stringify(reply.body) : reply.content,
            refusal: null,
          };
    send(200, {
      id: `chatcmpl-fake-${this.requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? "fake",
      choices: [
        {
          index: 0,
          message,
          logprobs: null,
          finish_reason: reply.kind === "content" ? (reply.finishReason ?? "stop") : "stop",
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}
