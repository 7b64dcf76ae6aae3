// Plan request inputs and documents for the plan tests and benchmarks.
import { newAccountDoc, type AccountDoc } from "@cadence/shared-schema";
import {
  emptyPlanContext,
  simulateRecovery,
  type PlanContext,
  type Profile,
  type RecoveryLevel,
} from "@cadence/shared-schema/plan";
import {
  newPlanRequest,
  PLAN_REQUEST_INPUT_VERSION,
  planSeed,
  type PlanRequestDraft,
  type PlanRequestInput,
} from "@cadence/shared-schema/requests";

export const TEST_USER_ID = "abcdefghijklmnopqrstuvwxyz";

export function testProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    goal: "hypertrophy",
    experience: "intermediate",
    sessionMinutes: 45,
    equipment: ["dumbbells", "bodyweight"],
    injuries: [],
    likedExerciseIds: [],
    dislikedExerciseIds: [],
    bodyweightKg: 80,
    ...overrides,
  };
}

export function planDraft(
  options: {
    date?: string;
    profile?: Partial<Profile>;
    context?: Partial<PlanContext>;
    recovery?: RecoveryLevel;
    note?: string | null;
    locale?: PlanRequestDraft["locale"];
  } = {},
): PlanRequestDraft {
  const date = options.date ?? "2026-05-04";
  return {
    date,
    seed: planSeed(TEST_USER_ID, date),
    locale: options.locale ?? "en",
    note: options.note ?? null,
    planInput: {
      profile: testProfile(options.profile),
      recentSessions: [],
      context: { ...emptyPlanContext(), ...options.context },
      recovery: simulateRecovery(options.recovery ?? "normal"),
      weeksSinceDeload: null,
    },
  };
}

export function planInput(options: Parameters<typeof planDraft>[0] = {}, generation = 1): PlanRequestInput {
  return { v: PLAN_REQUEST_INPUT_VERSION, generation, ...planDraft(options) };
}

/** An account document (as the worker reads it) with the AI-context consent set as given. */
export function accountWithConsent(aiContext: boolean, userId = TEST_USER_ID): AccountDoc {
  const doc = newAccountDoc(userId, "Test");
  doc.settings.consent.aiContext = aiContext;
  return doc;
}

/** An account document holding one plan request for `draft`, as a device writes it. */
export function accountWithPlanRequest(
  draft: PlanRequestDraft,
  aiContext = false,
): { doc: AccountDoc; requestId: string } {
  const doc = accountWithConsent(aiContext);
  const request = newPlanRequest(doc, draft);
  doc.requests[request.id] = request;
  return { doc, requestId: request.id };
}
