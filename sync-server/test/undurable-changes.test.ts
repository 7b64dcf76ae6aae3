import * as Automerge from "@automerge/automerge";
import { describe, expect, it } from "vitest";
import { EVERYONE, UndurableChanges } from "../src/sync/undurable-changes.js";

/** A document with one more change than `doc`, and that change's hash. */
function edit(doc: Automerge.Doc<{ n: number }>, n: number) {
  const next = Automerge.change(Automerge.clone(doc), (d) => {
    d.n = n;
  });
  return { doc: next, hash: Automerge.getHeads(next)[0]! };
}

describe("UndurableChanges", () => {
  const base = Automerge.from({ n: 0 });

  it("holds back messages to a change's author, and to nobody else, until a save holding it is durable", () => {
    const changes = new UndurableChanges();
    const { doc, hash } = edit(base, 1);
    changes.add("doc", "phone", [hash]);
    expect(changes.mustWait("doc", "phone")).toBe(true);
    expect(changes.mustWait("doc", "laptop")).toBe(false);
    expect(changes.mustWait("other-doc", "phone")).toBe(false);

    const covered = changes.covered("doc", doc);
    expect(changes.mustWait("doc", "phone")).toBe(true);
    changes.confirm("doc", covered);
    expect(changes.mustWait("doc", "phone")).toBe(false);
    expect(changes.size).toBe(0);
  });

  it("holds back messages to everyone while a change the server made is not on disk", () => {
    const changes = new UndurableChanges();
    const { doc, hash } = edit(base, 1);
    changes.add("doc", EVERYONE, [hash]);
    expect(changes.mustWait("doc", "phone")).toBe(true);
    expect(changes.mustWait("doc", "worker")).toBe(true);
    changes.confirm("doc", changes.covered("doc", doc));
    expect(changes.mustWait("doc", "phone")).toBe(false);
  });

  it("holds back anything not on disk from a peer that acts on what it reads (the worker)", () => {
    const changes = new UndurableChanges();
    const { doc, hash } = edit(base, 1);
    changes.add("doc", "phone", [hash]);
    expect(changes.mustWait("doc", "worker", true)).toBe(true);
    changes.confirm("doc", changes.covered("doc", doc));
    expect(changes.mustWait("doc", "worker", true)).toBe(false);
  });

  it("keeps a change the saved document did not hold yet (its message was still waiting to be applied)", () => {
    const changes = new UndurableChanges();
    const first = edit(base, 1);
    const second = edit(first.doc, 2);
    changes.add("doc", "phone", [first.hash, second.hash]);
    // The save is of the document before the second change was applied.
    changes.confirm("doc", changes.covered("doc", first.doc));
    expect(changes.mustWait("doc", "phone")).toBe(true);
    changes.confirm("doc", changes.covered("doc", second.doc));
    expect(changes.mustWait("doc", "phone")).toBe(false);
  });

  it("keeps a change that arrived after the save began, even once that save is durable", () => {
    const changes = new UndurableChanges();
    const first = edit(base, 1);
    changes.add("doc", "phone", [first.hash]);
    const covered = changes.covered("doc", first.doc);
    const second = edit(first.doc, 2);
    changes.add("doc", "phone", [second.hash]);
    changes.confirm("doc", covered);
    expect(changes.mustWait("doc", "phone")).toBe(true);
  });

  it("forgets a document that left memory or was deleted", () => {
    const changes = new UndurableChanges();
    changes.add("doc", "phone", [edit(base, 1).hash]);
    changes.forget("doc");
    expect(changes.mustWait("doc", "phone")).toBe(false);
    expect(changes.size).toBe(0);
  });
});
