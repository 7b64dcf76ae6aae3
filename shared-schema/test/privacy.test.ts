import { describe, expect, it } from "vitest";
import {
  ContextEntrySchema,
  analyticsAllowed,
  contextForModel,
  contextJournalForModel,
  emptyContextSignals,
  makeEntryId,
  type ContextEntry,
} from "../src/index.js";

function entry(over: Partial<ContextEntry> = {}): ContextEntry {
  const id = makeEntryId();
  return ContextEntrySchema.parse({
    id,
    text: "Slept badly, my knee hurts after the divorce hearing",
    chips: ["poor sleep", "custody week"],
    signals: { ...emptyContextSignals(), sleep: 2, soreness: 4, parsedBy: "client" },
    recovery: -1,
    simulated: { hrvScore: 41, sleepScore: 38 },
    scope: "session",
    date: "2026-03-02",
    createdAt: "2026-03-02T07:00:00.000Z",
    ...over,
  });
}

describe("contextForModel", () => {
  it("keeps the person's words out of the model without consent, and the numbers in", () => {
    const e = entry();
    for (const consent of [{ aiContext: false, analytics: true }, null, undefined, {}]) {
      const m = contextForModel(e, consent);
      expect(m.text).toBeNull();
      expect(JSON.stringify(m)).not.toContain("divorce");
      // A chip the person typed is their words too; Cadence's own suggested chips are not.
      expect(m.chips).toEqual(["poor sleep"]);
      expect(JSON.stringify(m)).not.toContain("custody");
      expect(m.signals).toEqual(e.signals);
      expect(m.recovery).toBe(-1);
      expect(m.simulated).toEqual({ hrvScore: 41, sleepScore: 38 });
    }
  });

  it("passes text and every chip through with consent", () => {
    const e = entry();
    const m = contextForModel(e, { aiContext: true, analytics: false });
    expect(m.text).toBe(e.text);
    expect(m.chips).toEqual(["poor sleep", "custody week"]);
  });

  it("never mutates the entry it is given", () => {
    const e = entry();
    const before = structuredClone(e);
    contextForModel(e, { aiContext: false, analytics: false }).chips.push("x");
    expect(e).toEqual(before);
  });

  it("maps a whole journal oldest first under the same rule", () => {
    const a = entry({ createdAt: "2026-03-03T07:00:00.000Z", text: "second" });
    const b = entry({ createdAt: "2026-03-01T07:00:00.000Z", text: "first" });
    const journal = { entries: { [a.id]: a, [b.id]: b } };
    expect(contextJournalForModel(journal, { aiContext: true, analytics: false }).map((x) => x.text)).toEqual(
      ["first", "second"],
    );
    expect(
      contextJournalForModel(journal, { aiContext: false, analytics: false }).map((x) => x.text),
    ).toEqual([null, null]);
  });
});

describe("analyticsAllowed", () => {
  it("is true only on an explicit opt-in", () => {
    expect(analyticsAllowed({ analytics: true, aiContext: false })).toBe(true);
    expect(analyticsAllowed({ analytics: false, aiContext: true })).toBe(false);
    expect(analyticsAllowed(null)).toBe(false);
  });
});
