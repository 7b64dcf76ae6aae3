import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AccountDocSchema,
  ContextJournalDocSchema,
  DOC_KINDS,
  DocRequestSchema,
  MusicDocSchema,
  WorkoutDocSchema,
  documentKind,
  emptyContextSignals,
  makeEntryId,
  makeUserId,
  newAccountDoc,
  newContextJournalDoc,
  newDocRequest,
  newMusicDoc,
  newWorkoutDoc,
  validateDocument,
  type AccountDoc,
  type ContextEntry,
  type SetLog,
  type WorkoutDoc,
} from "../src/index.js";

const userId = makeUserId();
const now = new Date("2025-03-01T10:00:00.000Z");

function issuesOf(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return result.success ? "" : z.prettifyError(result.error);
}

/** Whether `undefined` hides anywhere in a value (Automerge rejects it). */
function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefined);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasUndefined);
  return false;
}

function setLog(overrides: Partial<SetLog> = {}): SetLog {
  const id = overrides.id ?? makeEntryId();
  return {
    id,
    exerciseKey: null,
    exerciseId: "back-squat",
    exerciseName: "Back squat",
    plannedSetId: null,
    reps: 5,
    weightKg: 100,
    rpe: 8,
    durationSec: null,
    completed: true,
    completedAt: now.toISOString(),
    deviceId: "phone",
    ...overrides,
  };
}

describe("factories", () => {
  it("produce documents valid under their schemas, without undefined values", () => {
    const docs = {
      account: newAccountDoc(userId, "Ada"),
      workout: newWorkoutDoc({ userId, date: "2025-03-01", title: "Legs", now }),
      contextJournal: newContextJournalDoc(userId),
      music: newMusicDoc(userId),
    };
    for (const kind of DOC_KINDS) {
      const doc = docs[kind];
      expect(validateDocument(kind, doc)).toEqual({ ok: true, doc });
      expect(hasUndefined(doc)).toBe(false);
      expect(documentKind(doc)).toBe(kind);
    }
  });

  it("return fresh objects each call (no shared default arrays)", () => {
    const a = newAccountDoc(userId, "Ada");
    const b = newAccountDoc(userId, "Ada");
    a.onboarding.equipment.push("barbell");
    expect(b.onboarding.equipment).toEqual(["bodyweight"]);
  });

  it("newDocRequest writes status requested, null result/error, and omits an absent deviceId", () => {
    const request = newDocRequest("echo", { text: "hello" }, { now });
    expect(DocRequestSchema.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      status: "requested",
      result: null,
      error: null,
      createdAt: now.toISOString(),
    });
    expect("deviceId" in request).toBe(false);
    expect(newDocRequest("plan", {}, { deviceId: "phone" }).deviceId).toBe("phone");
  });
});

describe("account", () => {
  const account = (): AccountDoc => newAccountDoc(userId, "Ada");

  it("rejects out-of-range settings with readable issues naming the field", () => {
    const doc = account();
    const bad = { ...doc, settings: { ...doc.settings, language: "fr", clock: 13, reminderTime: "25:00" } };
    const issues = issuesOf(AccountDocSchema, bad);
    expect(issues).toContain("at settings.language");
    expect(issues).toContain('expected one of "en"|"nb"|"es"|"de"');
    expect(issues).toContain("at settings.clock");
    expect(issues).toContain("at settings.reminderTime");
  });

  it("rejects a bad user id and a wrong kind", () => {
    const issues = issuesOf(AccountDocSchema, { ...account(), userId: "Alice", kind: "workout" });
    expect(issues).toContain("Invalid user id");
    expect(issues).toContain("at kind");
  });

  it("requires each workout link to be keyed by its document id", () => {
    const doc = account();
    const link = {
      url: "automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu",
      date: "2025-03-01",
      title: "",
      status: "planned",
    };
    expect(
      AccountDocSchema.safeParse({
        ...doc,
        links: { ...doc.links, workouts: { "4NMNnkMhL8jXrdJ9jamS58PAVdXu": link } },
      }).success,
    ).toBe(true);
    const issues = issuesOf(AccountDocSchema, {
      ...doc,
      links: { ...doc.links, workouts: { "2bJGCxZ7sw5nLrLfRWmsF3Z3q9aZ": link } },
    });
    expect(issues).toContain("at links.workouts.2bJGCxZ7sw5nLrLfRWmsF3Z3q9aZ.url");
  });

  it("accepts every equipment choice onboarding offers, including cardio machines", () => {
    const doc = account();
    doc.onboarding.equipment = ["barbell", "kettlebell", "machines", "cardio_machines", "full_gym"];
    expect(AccountDocSchema.safeParse(doc).success).toBe(true);
  });

  it("accepts duplicates in set-like lists, since concurrent adds can produce them", () => {
    const doc = account();
    doc.onboarding.equipment = ["dumbbells", "dumbbells"];
    expect(AccountDocSchema.safeParse(doc).success).toBe(true);
  });

  it("rejects a request stored under another id and a request of an unknown kind", () => {
    const doc = account();
    const request = newDocRequest("echo", { text: "hi" }, { now });
    expect(AccountDocSchema.safeParse({ ...doc, requests: { [request.id]: request } }).success).toBe(true);
    const other = crypto.randomUUID();
    expect(issuesOf(AccountDocSchema, { ...doc, requests: { [other]: request } })).toContain(
      `at requests["${other}"].id`,
    );
    const issues = issuesOf(AccountDocSchema, {
      ...doc,
      requests: { [request.id]: { ...request, kind: "mine" } },
    });
    expect(issues).toContain("Invalid discriminator value");
  });
});

describe("workout", () => {
  const workout = (): WorkoutDoc => newWorkoutDoc({ userId, date: "2025-03-01", now });

  it("keeps both devices' sets after a merge of concurrent appends", () => {
    const base = workout();
    const fromPhone = setLog({ deviceId: "phone" });
    const fromWatch = setLog({ deviceId: "watch", reps: 3 });
    // Automerge merges map entries with distinct keys as a union.
    const merged = { ...base, log: { [fromPhone.id]: fromPhone, [fromWatch.id]: fromWatch } };
    const result = validateDocument("workout", merged);
    expect(result.ok && Object.keys(result.doc.log)).toHaveLength(2);
  });

  it("accepts bodyweight sets (null load) and a loose plan object", () => {
    const entry = setLog({ weightKg: null, rpe: null });
    const doc = { ...workout(), plan: { phases: [{ name: "warm-up" }] }, log: { [entry.id]: entry } };
    expect(WorkoutDocSchema.safeParse(doc).success).toBe(true);
  });

  it("rejects impossible set values with the path of the set", () => {
    const entry = setLog({ reps: -1, rpe: 7.3, weightKg: 5000 });
    const issues = issuesOf(WorkoutDocSchema, { ...workout(), log: { [entry.id]: entry } });
    expect(issues).toContain(`at log.${entry.id}.reps`);
    expect(issues).toContain(`at log.${entry.id}.rpe`);
    expect(issues).toContain(`at log.${entry.id}.weightKg`);
  });

  it("rejects undefined where a nullable field is required (Automerge cannot store undefined)", () => {
    const { plan: _plan, ...withoutPlan } = workout();
    expect(issuesOf(WorkoutDocSchema, withoutPlan)).toContain("at plan");
  });

  it("rejects a date that is not a calendar day", () => {
    expect(issuesOf(WorkoutDocSchema, { ...workout(), date: "2025-02-30" })).toContain("at date");
  });
});

describe("context journal", () => {
  const entry = (overrides: Partial<ContextEntry> = {}): ContextEntry => ({
    id: makeEntryId(),
    text: "Slept 5h, legs tired",
    chips: ["poor sleep"],
    signals: { ...emptyContextSignals(), sleepHours: 5, soreness: 4, parsedBy: "client" },
    recovery: -1,
    simulated: { hrvScore: 35, sleepScore: 40 },
    scope: "session",
    date: "2025-03-01",
    createdAt: now.toISOString(),
    ...overrides,
  });

  it("accepts a parsed entry and rejects a slider outside -1..1", () => {
    const good = entry();
    expect(
      ContextJournalDocSchema.safeParse({ ...newContextJournalDoc(userId), entries: { [good.id]: good } })
        .success,
    ).toBe(true);
    const bad = entry({ recovery: 2 as never, scope: "month" as never });
    const issues = issuesOf(ContextJournalDocSchema, {
      ...newContextJournalDoc(userId),
      entries: { [bad.id]: bad },
    });
    expect(issues).toContain("expected one of -1|0|1");
    expect(issues).toContain(`at entries.${bad.id}.scope`);
  });
});

describe("music", () => {
  it("accepts a crossed BPM range (a possible merge result) but not an absurd tempo", () => {
    const doc = newMusicDoc(userId);
    expect(
      MusicDocSchema.safeParse({ ...doc, bpmTargets: { ...doc.bpmTargets, main: { min: 170, max: 150 } } })
        .success,
    ).toBe(true);
    const issues = issuesOf(MusicDocSchema, {
      ...doc,
      bpmTargets: { ...doc.bpmTargets, main: { min: 10, max: 150 } },
    });
    expect(issues).toContain("at bpmTargets.main.min");
  });
});
