/**
 * A Lit ReactiveController that opens one Automerge document and re-renders its host when it changes (local
 * or remote). The host says where the document is through `source`, read before each update, so a new url or
 * repo (another user signing in) switches documents. With `select`, the host re-renders only when its slice
 * of the document changes (a settings screen does not redraw for a new request in the same document).
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type {
  AutomergeUrl,
  ChangeFn,
  Doc,
  DocHandle,
  DocHandleChangePayload,
  Repo,
} from "@automerge/automerge-repo/slim";

/**
 * "unavailable": neither this device nor a connected peer has the document (yet). The handle stays
 * subscribed, so the document appears by itself once a peer that has it connects.
 * "failed": loading broke (storage error); `error` says why, `retry()` tries again.
 */
export type DocState = "idle" | "loading" | "ready" | "unavailable" | "deleted" | "failed";

export interface DocSource {
  readonly repo: Repo | undefined;
  readonly url: string | undefined;
}

export class DocController<T> implements ReactiveController {
  /** The document, once loaded; immutable: change it through `change()`. */
  doc: Doc<T> | undefined;
  state: DocState = "idle";
  /** Why loading failed, when it did. */
  error: unknown;

  readonly #host: ReactiveControllerHost;
  readonly #source: () => DocSource;
  readonly #select: ((doc: Doc<T>) => unknown) | undefined;
  /** The serialized slice the host last rendered. */
  #slice: string | undefined;
  #repo: Repo | undefined;
  #url: string | undefined;
  #handle: DocHandle<T> | undefined;
  /** Bumped on every switch, so a find() that resolves late for an old source is ignored. */
  #generation = 0;

  constructor(host: ReactiveControllerHost, source: () => DocSource, select?: (doc: Doc<T>) => unknown) {
    this.#host = host;
    this.#source = source;
    this.#select = select;
    host.addController(this);
  }

  /** The handle, once loaded: for what `change()` does not cover (heads, history). */
  get handle(): DocHandle<T> | undefined {
    return this.#handle;
  }

  hostConnected(): void {
    this.#follow(true);
  }

  hostUpdate(): void {
    this.#follow(false);
  }

  hostDisconnected(): void {
    this.#release();
    this.#repo = undefined;
    this.#url = undefined;
  }

  /** Applies `fn` to the document; returns false when there is no document to change. */
  change(fn: ChangeFn<T>, message?: string): boolean {
    if (!this.#handle || this.state !== "ready") return false;
    this.#handle.change(fn, message === undefined ? {} : { message });
    return true;
  }

  /** Opens the document again (after "failed"). */
  retry(): void {
    this.#follow(true);
  }

  #follow(force: boolean) {
    const { repo, url } = this.#source();
    if (!force && repo === this.#repo && url === this.#url) return;
    this.#release();
    this.#repo = repo;
    this.#url = url;
    if (!repo || !url) {
      this.#set("idle");
      return;
    }
    const generation = this.#generation;
    this.#set("loading");
    // No abort signal: in automerge-repo 2.5.6 an aborted find drops the storage load it was waiting for, and
    // the cached handle then times out to "unavailable" although the document is on this device.
    repo.find<T>(url as AutomergeUrl, { allowableStates: ["ready", "unavailable"] }).then(
      (handle) => {
        if (generation !== this.#generation) return;
        this.#handle = handle;
        handle.on("change", this.#onChange);
        handle.on("delete", this.#onDelete);
        if (handle.isReady()) {
          this.doc = handle.doc();
          if (this.#select) this.#slice = sliceKey(this.#select, this.doc);
          this.#set("ready");
        } else {
          this.#set("unavailable");
        }
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.error = error;
        this.#set("failed");
      },
    );
  }

  // Also how an unavailable document arrives: the handle emits "change" just before it turns ready.
  #onChange = ({ doc }: DocHandleChangePayload<T>) => {
    const wasReady = this.state === "ready";
    this.doc = doc;
    this.state = "ready";
    if (this.#select && wasReady) {
      const slice = sliceKey(this.#select, doc);
      if (slice === this.#slice) return;
      this.#slice = slice;
    } else if (this.#select) {
      this.#slice = sliceKey(this.#select, doc);
    }
    this.#host.requestUpdate();
  };

  #onDelete = () => {
    this.#release();
    this.#set("deleted");
  };

  #release() {
    this.#generation++;
    this.#handle?.off("change", this.#onChange);
    this.#handle?.off("delete", this.#onDelete);
    this.#handle = undefined;
    this.doc = undefined;
    this.error = undefined;
    this.#slice = undefined;
  }

  #set(state: DocState) {
    this.state = state;
    this.#host.requestUpdate();
  }
}

function sliceKey<T>(select: (doc: Doc<T>) => unknown, doc: Doc<T>): string {
  try {
    return JSON.stringify(select(doc)) ?? "";
  } catch {
    return String(Math.random()); // unserializable slice: always re-render
  }
}
