// Reading parts of a document as it was at some heads, without materializing the whole document: the history
// view needs a few entries per change, and a full `view` per change would make a timeline quadratic.
import * as A from "@automerge/automerge";

type Backend = ReturnType<typeof A.getBackend>;

export class HeadsReader {
  readonly #backend: Backend;

  constructor(doc: A.Doc<unknown>) {
    this.#backend = A.getBackend(doc);
  }

  /** The value at `path` (from the root) at `heads`: plain JSON (text as a string), or undefined. */
  read(path: readonly string[], heads: A.Heads): unknown {
    let obj = "_root";
    for (let i = 0; i < path.length; i++) {
      const found = this.#backend.getWithType(obj, path[i]!, heads);
      if (found === null || found === undefined) return undefined;
      const [type, value] = found as [string, unknown];
      const last = i === path.length - 1;
      if (type === "map" || type === "list" || type === "text") {
        if (last) {
          return type === "text"
            ? this.#backend.text(value as string, heads)
            : this.#backend.materialize(value as string, heads);
        }
        obj = value as string;
      } else {
        return last ? value : undefined;
      }
    }
    return this.#backend.materialize("_root", heads);
  }
}
