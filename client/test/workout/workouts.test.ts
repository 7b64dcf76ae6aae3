// The shared workouts module: listing and picking today's workout from the account's links, and creating a
// manual workout that is linked, started and readable through openWorkout.
import { Repo, type DocHandle } from "@automerge/automerge-repo";
import { newAccountDoc, type AccountDoc } from "@cadence/shared-schema";
import { describe, expect, it } from "vitest";
import {
  listWorkouts,
  localDate,
  openWorkout,
  startEmptyWorkout,
  todayWorkoutUrl,
  workoutIdOf,
  type ChangeAccount,
} from "../../src/workout/workouts.js";
import { MemoryStorage } from "../../../tests/support/memory-storage.js";

const USER = "u_0123456789abcdef";
const A_ID = "2jQkV4oKPvjJfnqQSbLHxPX1hZ3s";
const B_ID = "3zWJpGCUEb6UgYbkkKZVgVGM4dp5";

function accountWith(links: AccountDoc["links"]["workouts"]): AccountDoc {
  const doc = newAccountDoc(USER, "Ada");
  doc.links.workouts = links;
  return doc;
}

describe("listWorkouts / todayWorkoutUrl", () => {
  const account = accountWith({
    [A_ID]: { url: `automerge:${A_ID}`, date: "2026-11-20", title: "Legs", status: "completed" },
    [B_ID]: { url: `automerge:${B_ID}`, date: "2026-11-24", title: "Push", status: "in_progress" },
  });

  it("lists newest first and filters by status and dates", () => {
    expect(listWorkouts(account).map((w) => w.title)).toEqual(["Push", "Legs"]);
    expect(listWorkouts(account, { status: ["completed"] }).map((w) => w.id)).toEqual([A_ID]);
    expect(listWorkouts(account, { to: "2026-11-21" }).map((w) => w.id)).toEqual([A_ID]);
  });

  it("finds today's running workout and ignores a finished one", () => {
    expect(todayWorkoutUrl(account, "2026-11-24")).toBe(`automerge:${B_ID}`);
    expect(todayWorkoutUrl(account, "2026-11-20")).toBeNull();
  });

  it("accepts document ids and urls, nothing else", () => {
    expect(workoutIdOf(A_ID)).toBe(A_ID);
    expect(workoutIdOf(`automerge:${A_ID}`)).toBe(A_ID);
    expect(workoutIdOf("../settings")).toBeNull();
    expect(workoutIdOf("0OIl0OIl0OIl")).toBeNull();
  });
});

describe("startEmptyWorkout", () => {
  it("creates a started workout linked from the account, found again as today's", async () => {
    const repo = new Repo({ storage: new MemoryStorage(), network: [] });
    const account: DocHandle<AccountDoc> = repo.create(newAccountDoc(USER, "Ada"));
    const change: ChangeAccount = (fn, message) => account.change(fn, { message });

    const handle = startEmptyWorkout(repo, change, { userId: USER, deviceId: "d1" });
    const doc = handle.doc();
    expect(doc.status).toBe("in_progress");
    expect(doc.startedAt).not.toBeNull();
    expect(doc.date).toBe(localDate());
    expect(account.doc().links.workouts[handle.documentId]).toMatchObject({
      url: handle.url,
      status: "in_progress",
    });
    expect(todayWorkoutUrl(account.doc())).toBe(handle.url);
    const opened = await openWorkout(repo, handle.url);
    expect(opened?.documentId).toBe(handle.documentId);
    expect(await openWorkout(repo, account.url, { timeoutMs: 200 })).toBeNull();
  });
});
