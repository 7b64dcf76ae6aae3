// An in-process sync network for convergence tests: replicas are plain Automerge documents exchanging
// Automerge sync messages over links whose delivery the test controls message by message (any order,
// duplicates, drops), with disconnects that lose what is in flight and reconnects that resume from the
// persisted sync state, as automerge-repo does. Devices talk to the server only, as in the app.
import * as A from "@automerge/automerge";
import type { WorkoutDoc } from "../../src/index.js";

export interface Replica {
  readonly name: string;
  doc: A.Doc<WorkoutDoc>;
}

interface Link {
  readonly from: number;
  readonly to: number;
  state: A.SyncState;
  readonly queue: Uint8Array[];
}

export interface NetStats {
  delivered: number;
  duplicated: number;
  dropped: number;
  disconnects: number;
  /** Incremental chunks a storage adapter would have written after receiving (non-empty saves). */
  storedChunks: number;
  /** Of those, chunks written although the message brought nothing new (a duplicate stored again). */
  extraChunks: number;
  /** Changes those chunks held, counted per replica (so a change stored twice counts twice). */
  storedChanges: number;
}

export class SyncNet {
  readonly replicas: Replica[];
  readonly links: Link[] = [];
  readonly #up = new Set<string>();
  readonly stats: NetStats = {
    delivered: 0,
    duplicated: 0,
    dropped: 0,
    disconnects: 0,
    storedChunks: 0,
    extraChunks: 0,
    storedChanges: 0,
  };

  /** `replicas[0]` is the server; every other replica links to it. */
  constructor(replicas: Replica[]) {
    this.replicas = replicas;
    for (let i = 1; i < replicas.length; i++) {
      this.links.push({ from: i, to: 0, state: A.initSyncState(), queue: [] });
      this.links.push({ from: 0, to: i, state: A.initSyncState(), queue: [] });
      this.#up.add(pairKey(0, i));
    }
  }

  isUp(device: number): boolean {
    return this.#up.has(pairKey(0, device));
  }

  /** Messages in flight, all links. */
  inFlight(): number {
    return this.links.reduce((n, l) => n + l.queue.length, 0);
  }

  /** After a replica changed or received something: it tells its connected peers what it has. */
  announce(replica: number): void {
    for (const link of this.links) {
      if (link.from !== replica || !this.#up.has(pairKey(link.from, link.to))) continue;
      const [state, message] = A.generateSyncMessage(this.replicas[link.from]!.doc, link.state);
      link.state = state;
      if (message) link.queue.push(message);
    }
  }

  /**
   * Delivers message `pick` (modulo the queue) of link `linkIndex`; with `duplicate`, a copy stays in flight to
   * arrive again later. Returns false when the link has nothing in flight.
   */
  deliver(linkIndex: number, pick: number, duplicate = false): boolean {
    const link = this.links[linkIndex % this.links.length]!;
    if (link.queue.length === 0) return false;
    const i = pick % link.queue.length;
    const message = link.queue[i]!;
    if (duplicate) this.stats.duplicated++;
    else link.queue.splice(i, 1);
    this.receive(link, message);
    return true;
  }

  /**
   * `link.to` receives `message` from `link.from`, persists what is new the way a storage adapter does
   * (`saveIncremental`), and answers.
   */
  receive(link: { readonly from: number; readonly to: number }, message: Uint8Array): void {
    const back = this.links.find((l) => l.from === link.to && l.to === link.from)!;
    const target = this.replicas[link.to]!;
    const before = A.getHeads(target.doc);
    const [doc, state] = A.receiveSyncMessage(target.doc, back.state, message);
    target.doc = doc;
    back.state = state;
    this.stats.delivered++;
    if (this.trackStorage) {
      const added = A.getChangesMetaSince(doc, before).length;
      const chunk = A.saveIncremental(doc);
      if (chunk.length > 0) {
        this.stats.storedChunks++;
        this.stats.storedChanges += added;
        if (added === 0) this.stats.extraChunks++;
      }
    }
    this.announce(link.to);
  }

  /** Count what a storage adapter would write after each receive (costs a save per message). */
  trackStorage = false;

  /** Loses message `pick` of a link, as a broken connection does (the link is then cut). */
  drop(linkIndex: number, pick: number): void {
    const link = this.links[linkIndex % this.links.length]!;
    if (link.queue.length === 0) return;
    link.queue.splice(pick % link.queue.length, 1);
    this.stats.dropped++;
    this.disconnect(link.from === 0 ? link.to : link.from);
  }

  /** Cuts a device off: what is in flight either way is lost. */
  disconnect(device: number): void {
    if (!this.#up.delete(pairKey(0, device))) return;
    this.stats.disconnects++;
    for (const link of this.links) {
      if (link.from === device || link.to === device) {
        this.stats.dropped += link.queue.length;
        link.queue.length = 0;
      }
    }
  }

  /**
   * Reconnects a device. Both ends resume from their persisted sync state (encode/decode keeps only what
   * automerge-repo stores), or from nothing when `fresh` (a peer that lost its storage).
   */
  reconnect(device: number, fresh = false): void {
    if (this.#up.has(pairKey(0, device))) return;
    this.#up.add(pairKey(0, device));
    for (const link of this.links) {
      if (link.from === device || link.to === device) {
        link.state = fresh ? A.initSyncState() : A.decodeSyncState(A.encodeSyncState(link.state));
      }
    }
    this.announce(device);
    this.announce(0);
  }

  /**
   * Delivers everything in order, link by link, until nothing is in flight (bounded). Returns the number of
   * rounds, or -1 when it did not go quiet.
   */
  quiesce(maxRounds = 200): number {
    for (let round = 0; round < maxRounds; round++) {
      if (this.inFlight() === 0) return round;
      for (let l = 0; l < this.links.length; l++) while (this.deliver(l, 0));
      if (this.inFlight() > 10_000)
        throw new Error(`message storm: ${this.inFlight()} sync messages in flight`);
    }
    return -1;
  }

  /** Reconnects every device (from persisted sync state) and delivers until quiet: the network healed. */
  heal(): number {
    for (let i = 1; i < this.replicas.length; i++) this.reconnect(i);
    for (let i = 0; i < this.replicas.length; i++) this.announce(i);
    return this.quiesce();
  }

  converged(): boolean {
    const heads = this.replicas.map((r) => [...A.getHeads(r.doc)].sort().join());
    return heads.every((h) => h === heads[0]);
  }
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}
