/**
 * The signed-in user's account document for one element: the repo and the session come from context (cad-app
 * provides them; cad-app itself passes `source`), the document from a DocController, and the element names
 * the slice it renders (`select`), so it re-renders only when that slice changes.
 */
import { ContextConsumer } from "@lit/context";
import type { ChangeFn, Doc } from "@automerge/automerge-repo/slim";
import type { AccountDoc } from "@cadence/shared-schema";
import type { ReactiveControllerHost, ReactiveElement } from "lit";
import { repoContext, sessionContext } from "./context.js";
import { DocController, type DocSource, type DocState } from "./doc-controller.js";

/**
 * The account schema version this build reads and writes: shared-schema's ACCOUNT_SCHEMA_VERSION, repeated so
 * the shell's first bundle does not carry zod and every schema (test/account.test.ts keeps them equal).
 */
export const ACCOUNT_VERSION = 1;

/** DocState, plus "newer": the document was written by a newer Cadence, which this build must not edit. */
export type AccountState = DocState | "newer";

export class AccountController<S> {
  readonly #session: ContextConsumer<typeof sessionContext, ReactiveElement> | undefined;
  readonly #doc: DocController<AccountDoc>;
  readonly #select: (doc: Doc<AccountDoc>) => S;

  constructor(
    host: ReactiveControllerHost & ReactiveElement,
    select: (doc: Doc<AccountDoc>) => S,
    source?: () => DocSource,
  ) {
    this.#select = select;
    let from = source;
    if (!from) {
      const repo = new ContextConsumer(host, { context: repoContext, subscribe: true });
      const session = new ContextConsumer(host, { context: sessionContext, subscribe: true });
      this.#session = session;
      from = () => ({ repo: repo.value, url: session.value?.rootDocUrl });
    }
    this.#doc = new DocController<AccountDoc>(host, from, (doc) => (isReadable(doc) ? select(doc) : null));
  }

  get state(): AccountState {
    const { state, doc } = this.#doc;
    if (state === "ready" && doc && !isReadable(doc)) return "newer";
    return state;
  }

  /** The element's slice, once the document is ready and readable. */
  get value(): S | undefined {
    const doc = this.#doc.doc;
    return doc && this.state === "ready" ? this.#select(doc) : undefined;
  }

  /** The whole document (prefer `value`). */
  get doc(): Doc<AccountDoc> | undefined {
    return this.state === "ready" ? this.#doc.doc : undefined;
  }

  /** The signed-in user's email (from the session, not the document). */
  get email(): string | undefined {
    return this.#session?.value?.user.email;
  }

  /** Changes the document; false when it is not ready (or written by a newer version). */
  change(fn: ChangeFn<AccountDoc>, message: string): boolean {
    if (this.state !== "ready") return false;
    return this.#doc.change(fn, message);
  }

  retry(): void {
    this.#doc.retry();
  }
}

function isReadable(doc: Doc<AccountDoc>): boolean {
  return doc.kind === "account" && doc.schemaVersion <= ACCOUNT_VERSION;
}
