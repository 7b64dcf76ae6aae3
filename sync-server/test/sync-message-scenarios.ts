// Random automerge sync sessions for the sync-message tests: two or three peers edit concurrently and exchange
// real sync messages (Automerge.generateSyncMessage / receiveSyncMessage), including first syncs after a
// (re)connect, where a peer may send its whole document. Every delivered message is handed to a callback.
import * as Automerge from "@automerge/automerge";
import fc from "fast-check";

export interface Shape {
  map?: Record<string, number | string>;
  list?: number[];
  text?: string;
}

export type Op =
  | { op: "set"; key: string; value: number | string }
  | { op: "push"; value: number }
  | { op: "delete" }
  | { op: "text"; at: number; s: string }
  | { op: "long"; n: number };

export type Action =
  | { kind: "edit"; peer: number; changes: Op[][] }
  | { kind: "sync"; a: number; b: number; messages: number }
  | { kind: "reconnect"; a: number; b: number };

export interface Scenario {
  peers: number;
  /** shared: every peer starts from the same history; independent: each made its own; empty: peer 0 has nothing. */
  start: "shared" | "independent" | "empty";
  history: number;
  actions: Action[];
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("set" as const),
    key: fc.constantFrom("a", "b", "c", "d"),
    value: fc.oneof(fc.integer(), fc.string({ maxLength: 12 })),
  }),
  fc.record({ op: fc.constant("push" as const), value: fc.integer() }),
  fc.record({ op: fc.constant("delete" as const) }),
  fc.record({
    op: fc.constant("text" as const),
    at: fc.nat(),
    s: fc.string({ minLength: 1, maxLength: 20 }),
  }),
  fc.record({ op: fc.constant("long" as const), n: fc.integer({ min: 300, max: 4000 }) }),
);

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      peer: fc.nat(2),
      // Mostly one change at a time (the common case), sometimes several before the next sync.
      changes: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 1 }),
        },
        {
          weight: 1,
          arbitrary: fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
        },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("sync" as const),
      a: fc.nat(2),
      b: fc.nat(2),
      messages: fc.integer({ min: 1, max: 8 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("reconnect" as const), a: fc.nat(2), b: fc.nat(2) }),
  },
);

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  peers: fc.integer({ min: 2, max: 3 }),
  start: fc.constantFrom("shared" as const, "independent" as const, "empty" as const),
  history: fc.integer({ min: 0, max: 40 }),
  actions: fc.array(action, { minLength: 1, maxLength: 14 }),
});

export function applyOp(d: Shape, o: Op): void {
  switch (o.op) {
    case "set":
      d.map ??= {};
      d.map[o.key] = o.value;
      return;
    case "push":
      d.list ??= [];
      d.list.push(o.value);
      return;
    case "delete":
      if (d.list && d.list.length > 0) d.list.splice(0, 1);
      return;
    case "text": {
      d.text ??= "";
      Automerge.splice(d, ["text"], o.at % (d.text.length + 1), 0, o.s);
      return;
    }
    case "long":
      d.map ??= {};
      d.map.long = "x".repeat(o.n);
      return;
  }
}

export type OnMessage = (
  from: number,
  to: number,
  message: Uint8Array,
  receiverBefore: Automerge.Doc<Shape>,
) => void;

export class SyncNet {
  readonly docs: Automerge.Doc<Shape>[] = [];
  /** Hashes of the changes each peer made itself during the actions. */
  readonly made: Set<string>[] = [];
  readonly #states = new Map<string, Automerge.SyncState>();

  constructor(
    readonly scenario: Scenario,
    private readonly onMessage: OnMessage,
  ) {
    const { peers, start, history } = scenario;
    const grow = (doc: Automerge.Doc<Shape>, n: number, tag: number) => {
      for (let i = 0; i < n; i++)
        doc = Automerge.change(doc, (d) => applyOp(d, { op: "push", value: tag * 1000 + i }));
      return doc;
    };
    if (start === "independent") {
      for (let p = 0; p < peers; p++) this.docs.push(grow(Automerge.init<Shape>(), history + 1, p));
    } else {
      const origin = grow(Automerge.init<Shape>(), history + 1, 9);
      for (let p = 0; p < peers; p++) {
        this.docs.push(start === "empty" && p === 0 ? Automerge.init<Shape>() : Automerge.clone(origin));
      }
    }
  }

  #state(from: number, to: number): Automerge.SyncState {
    const key = `${from}>${to}`;
    let s = this.#states.get(key);
    if (!s) {
      s = Automerge.initSyncState();
      this.#states.set(key, s);
    }
    return s;
  }

  /** Generates and delivers one message from → to; false if there was nothing to send. */
  step(from: number, to: number): boolean {
    const [state, message] = Automerge.generateSyncMessage(this.docs[from]!, this.#state(from, to));
    this.#states.set(`${from}>${to}`, state);
    if (!message) return false;
    const before = this.docs[to]!;
    this.onMessage(from, to, message, before);
    const [doc, theirs] = Automerge.receiveSyncMessage(before, this.#state(to, from), message);
    this.docs[to] = doc;
    this.#states.set(`${to}>${from}`, theirs);
    return true;
  }

  run(a: Action): void {
    const n = this.scenario.peers;
    if (a.kind === "edit") {
      const p = a.peer % n;
      for (const ops of a.changes) {
        this.docs[p] = Automerge.change(this.docs[p]!, (d) => ops.forEach((o) => applyOp(d, o)));
        const change = Automerge.getLastLocalChange(this.docs[p]);
        if (change) (this.made[p] ??= new Set()).add(Automerge.decodeChange(change).hash);
      }
    } else {
      const x = a.a % n;
      const y = (x + 1 + (a.b % (n - 1))) % n;
      if (a.kind === "reconnect") {
        this.#states.delete(`${x}>${y}`);
        this.#states.delete(`${y}>${x}`);
      } else {
        for (let i = 0; i < a.messages; i++) this.step(i % 2 === 0 ? x : y, i % 2 === 0 ? y : x);
      }
    }
  }

  /** Syncs every pair until nobody has anything to send (all peers then have the same heads). */
  settle(): void {
    const n = this.scenario.peers;
    for (let round = 0; round < 50; round++) {
      let sent = false;
      for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) if (x !== y && this.step(x, y)) sent = true;
      if (!sent) return;
    }
    throw new Error("sync did not settle");
  }

  play(): this {
    for (const a of this.scenario.actions) this.run(a);
    this.settle();
    return this;
  }
}

/** Storage chunk type byte (after 4 magic and 4 checksum bytes): 0 document, 1 change, 2 compressed, 3 bundle. */
export const chunkType = (chunk: Uint8Array): number | undefined => chunk[8];
