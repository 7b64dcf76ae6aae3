// The plan schema is also the model's structured-output schema (OpenAI strict mode): every property required,
// no additional properties, optional values expressed as null.
import * as z from "zod";
import { describe, expect, it } from "vitest";
import {
  emptyPlanContext,
  PlanInputSchema,
  PlanSchema,
  planWorkout,
  simulateRecovery,
} from "../../src/plan/index.js";

type Json = { [k: string]: unknown };

function objects(node: unknown, path: string, out: [string, Json][]): void {
  if (Array.isArray(node)) node.forEach((n, i) => objects(n, `${path}[${i}]`, out));
  else if (node !== null && typeof node === "object") {
    const o = node as Json;
    if (o.type === "object") out.push([path, o]);
    for (const [k, v] of Object.entries(o)) objects(v, `${path}.${k}`, out);
  }
}

describe("plan schema", () => {
  it("is strict-structured-output friendly: all properties required, none additional", () => {
    const schema = z.toJSONSchema(PlanSchema);
    const found: [string, Json][] = [];
    objects(schema, "$", found);
    expect(found.length).toBeGreaterThan(5);
    for (const [path, o] of found) {
      const props = Object.keys(o.properties ?? {});
      expect([...((o.required ?? []) as string[])].sort(), path).toEqual(props.sort());
      expect(o.additionalProperties, path).toBe(false);
    }
  });

  it("rejects sets with both or neither of reps and duration, and out-of-order phases", () => {
    const input = {
      profile: {
        goal: "general" as const,
        experience: "beginner" as const,
        sessionMinutes: 30,
        equipment: [],
        injuries: [],
        likedExerciseIds: [],
        dislikedExerciseIds: [],
        bodyweightKg: null,
      },
      recentSessions: [],
      context: emptyPlanContext(),
      recovery: simulateRecovery("normal"),
      weeksSinceDeload: null,
    };
    expect(PlanInputSchema.safeParse(input).success).toBe(true);
    const plan = planWorkout(input, { today: "2025-03-10", requestId: "r", seed: 1 });
    expect(PlanSchema.safeParse(plan).success).toBe(true);
    const set = plan.phases[1]!.exercises[0]!.sets[0]!;
    const bothSet = structuredClone(plan);
    bothSet.phases[1]!.exercises[0]!.sets[0] = { ...set, reps: 5, durationSec: 30 };
    expect(PlanSchema.safeParse(bothSet).success).toBe(false);
    const reversed = { ...plan, phases: [...plan.phases].reverse() };
    expect(PlanSchema.safeParse(reversed).success).toBe(false);
    const noEffort = structuredClone(plan);
    noEffort.phases[1]!.exercises[0]!.sets[0] = { ...set, targetRpe: null, targetRir: null };
    expect(PlanSchema.safeParse(noEffort).success).toBe(false);
  });
});
