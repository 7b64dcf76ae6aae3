// Choosing exercises: session templates by goal and focus, equipment as a hard filter, injured or painful
// regions excluded through the library's substitutes, and a score for likes, history, level and soreness.
// Tie-breaks come from the seed hashed with the exercise id, so the order of calls never matters.
import {
  EXERCISE_LIBRARY,
  exerciseById,
  hasEquipmentFor,
  loadsAnyRegion,
  sorenessAreasOf,
} from "./exercises.js";
import type { ExerciseDef, MovementPattern } from "./exercises.js";
import { hashString, mulberry32 } from "./prng.js";
import type { BodyRegion, Equipment, Experience, Focus, Goal, PhaseKind, PlanContext } from "./schema.js";

export interface SelectionContext {
  goal: Goal;
  experience: Experience;
  available: ReadonlySet<Equipment>;
  blocked: ReadonlySet<BodyRegion>;
  liked: ReadonlySet<string>;
  disliked: ReadonlySet<string>;
  /** Exercise ids in the recent sessions (continuity keeps progression going). */
  recent: ReadonlySet<string>;
  soreness: PlanContext["soreness"];
  focus: readonly Focus[];
  seed: number;
}

export interface Slot {
  role: "primary" | "accessory";
  /** In order of preference. */
  patterns: readonly MovementPattern[];
}

export interface Choice {
  def: ExerciseDef;
  /** The exercise the template wanted, when an injury or pain forced a swap. */
  substitutesFor: string | null;
  /** Regions that forced the swap. */
  swappedFor: readonly BodyRegion[];
}

const LEVEL: Readonly<Record<Experience, number>> = { beginner: 0, intermediate: 1, advanced: 2 };
const PRIMARY_EQUIPMENT: Readonly<Record<Goal, Partial<Record<Equipment, number>>>> = {
  strength: { barbell_rack: 15, dumbbells: 8, machines: 6, kettlebells: 5, bands: 1 },
  hypertrophy: { barbell_rack: 9, dumbbells: 9, machines: 9, kettlebells: 5, bands: 2 },
  general: { dumbbells: 9, barbell_rack: 7, machines: 7, kettlebells: 7, bands: 3, bodyweight: 3 },
  fat_loss: { dumbbells: 9, kettlebells: 9, barbell_rack: 6, machines: 6, bands: 4, bodyweight: 5 },
  endurance: { dumbbells: 8, kettlebells: 8, machines: 6, bands: 5, bodyweight: 6, barbell_rack: 4 },
};

function jitter(seed: number, id: string): number {
  return mulberry32((seed ^ hashString(id)) >>> 0)();
}

function score(def: ExerciseDef, role: Slot["role"] | "prep", ctx: SelectionContext): number {
  let s = jitter(ctx.seed, def.id) * 4;
  if (ctx.liked.has(def.id)) s += 30;
  if (ctx.recent.has(def.id)) s += 12;
  if (role === "primary") {
    s += Math.max(0, ...def.equipment.map((e) => PRIMARY_EQUIPMENT[ctx.goal][e] ?? 0));
    if (def.kind === "compound") s += 10;
    if (def.loadable) s += 5;
  }
  const gap = LEVEL[def.level] - LEVEL[ctx.experience];
  if (gap > 0) s -= gap === 1 ? 12 : 40;
  for (const area of sorenessAreasOf(def)) {
    const level = ctx.soreness[area] ?? 0;
    if (level >= 5) s -= 35;
    else if (level >= 4) s -= 20;
  }
  if (ctx.focus.includes("posterior_chain") && def.primary.some((m) => m === "hamstrings" || m === "glutes"))
    s += 8;
  return s;
}

const usable = (
  def: ExerciseDef,
  phase: PhaseKind,
  ctx: SelectionContext,
  used: ReadonlySet<string>,
): boolean => def.phases.includes(phase) && hasEquipmentFor(def, ctx.available) && !used.has(def.id);

const safe = (def: ExerciseDef, ctx: SelectionContext): boolean => !loadsAnyRegion(def, ctx.blocked);

function best(
  defs: readonly ExerciseDef[],
  role: Slot["role"] | "prep",
  ctx: SelectionContext,
): ExerciseDef | undefined {
  let top: ExerciseDef | undefined;
  let topScore = Number.NEGATIVE_INFINITY;
  for (const d of defs) {
    const sc = score(d, role, ctx);
    if (sc > topScore) [top, topScore] = [d, sc];
  }
  return top;
}

/**
 * The best exercise for a slot. The template's choice ignores injuries first; if it loads a blocked region its
 * substitutes are tried in order, then any safe exercise of the slot's patterns. Disliked exercises only when
 * nothing else fits.
 */
export function chooseForSlot(slot: Slot, ctx: SelectionContext, used: ReadonlySet<string>): Choice | null {
  for (const pattern of slot.patterns) {
    const all = EXERCISE_LIBRARY.filter((d) => d.pattern === pattern && usable(d, "main", ctx, used));
    const liked = all.filter((d) => !ctx.disliked.has(d.id));
    const pool = liked.length > 0 ? liked : all;
    const wanted = best(pool, slot.role, ctx);
    if (!wanted) continue;
    if (safe(wanted, ctx)) return { def: wanted, substitutesFor: null, swappedFor: [] };
    const swappedFor = wanted.regions.filter((r) => ctx.blocked.has(r));
    for (const id of wanted.substitutes) {
      const sub = exerciseById(id);
      if (sub && usable(sub, "main", ctx, used) && safe(sub, ctx) && !ctx.disliked.has(sub.id)) {
        return { def: sub, substitutesFor: wanted.id, swappedFor };
      }
    }
    const fallback = best(
      pool.filter((d) => safe(d, ctx)),
      slot.role,
      ctx,
    );
    if (fallback) return { def: fallback, substitutesFor: wanted.id, swappedFor };
  }
  return null;
}

/** The first usable, safe exercise from a preference list (liked ones first) for a warm-up, interval or cool-down slot. */
export function chooseFromList(
  ids: readonly string[],
  phase: PhaseKind,
  ctx: SelectionContext,
  used: ReadonlySet<string>,
): ExerciseDef | undefined {
  const defs = ids
    .map((id) => exerciseById(id))
    .filter((d): d is ExerciseDef => d !== undefined && usable(d, phase, ctx, used) && safe(d, ctx))
    .filter((d) => LEVEL[d.level] - LEVEL[ctx.experience] < 2 && !ctx.disliked.has(d.id));
  return defs.find((d) => ctx.liked.has(d.id)) ?? defs[0];
}

type Rotation = readonly [MovementPattern, MovementPattern];

/** Alternate between two patterns: whichever the most recent session that used only one of them did not use. */
export function rotate(
  a: MovementPattern,
  b: MovementPattern,
  recentPatterns: readonly (readonly MovementPattern[])[],
): Rotation {
  for (const patterns of recentPatterns) {
    const hasA = patterns.includes(a);
    const hasB = patterns.includes(b);
    if (hasA && !hasB) return [b, a];
    if (hasB && !hasA) return [a, b];
  }
  return [a, b];
}

const P = (...patterns: MovementPattern[]): Slot => ({ role: "primary", patterns });
const A = (...patterns: MovementPattern[]): Slot => ({ role: "accessory", patterns });

export type Emphasis = "full_body" | "upper_body" | "lower_body" | "posterior_chain";

/** The main-phase template: primaries first, accessories in the order they are kept when time is short. */
export function mainSlots(
  goal: Goal,
  emphasis: Emphasis,
  recentPatterns: readonly (readonly MovementPattern[])[],
): Slot[] {
  const [lo1, lo2] = rotate("squat", "hinge", recentPatterns);
  const [pu1, pu2] = rotate("horizontal_push", "vertical_push", recentPatterns);
  const [pl1, pl2] = rotate("horizontal_pull", "vertical_pull", recentPatterns);
  const core = A("core_anti_extension", "core_anti_rotation", "core_flexion");
  switch (emphasis) {
    case "posterior_chain":
      return [
        P("hinge"),
        P(pl1, pl2),
        A("hip_extension"),
        A("knee_flexion"),
        A("hinge"),
        A("rear_delt"),
        core,
      ];
    case "upper_body":
      return [
        P("horizontal_push"),
        P("horizontal_pull"),
        P("vertical_push"),
        P("vertical_pull"),
        A("shoulder_raise", "rear_delt"),
        A("elbow_flexion"),
        A("elbow_extension"),
        core,
      ];
    case "lower_body":
      return [
        P("squat"),
        P("hinge"),
        A("lunge"),
        A("knee_flexion", "hip_extension"),
        ...(goal === "hypertrophy" ? [A("knee_extension")] : []),
        A("calf_raise"),
        core,
      ];
    case "full_body":
      break;
  }
  switch (goal) {
    case "strength":
      return [P(lo1, lo2), P(pu1, pu2), P(pl1, pl2), A(lo2, "lunge"), A("lunge", "hip_extension"), core];
    case "hypertrophy":
      return [
        P(lo1, lo2),
        P(pu1, pu2),
        P(pl1, pl2),
        A("lunge", "hip_extension"),
        A(pu2, "chest_fly"),
        A(pl2, "rear_delt"),
        A("knee_flexion", "hip_extension"),
        A("shoulder_raise"),
        A("elbow_flexion"),
        A("elbow_extension"),
        A("calf_raise"),
      ];
    case "general":
      return [P(lo1, lo2), P(pu1, pu2), P(pl1, pl2), A("lunge", lo2), core, A("carry", "core_anti_rotation")];
    case "fat_loss":
      return [P(lo1, lo2), P(pu1, pu2), P(pl1, pl2), A("lunge", lo2), core];
    case "endurance":
      return [P("lunge", lo1, lo2), P(pu1, pu2), P(pl1, pl2), core, A("carry", "calf_raise")];
  }
}

// Preference lists for the phases that are not templated by pattern.
export const WARMUP_CARDIO = [
  "stationary_bike",
  "rowing_machine",
  "elliptical",
  "treadmill_incline_walk",
  "ski_erg",
  "jumping_jack",
  "march_in_place",
  "brisk_walk",
  "high_knees",
  "shadow_boxing",
  "arm_ergometer",
] as const;
export const LOWER_DRILLS = [
  "leg_swings",
  "hip_circles",
  "lunge_with_rotation",
  "ankle_rocks",
  "glute_bridge",
  "bodyweight_squat",
] as const;
export const UPPER_DRILLS = ["arm_circles", "band_pull_apart", "open_book", "cat_cow"] as const;
export const CORE_DRILLS = ["cat_cow", "dead_bug", "bird_dog"] as const;
export const LOWER_STRETCHES = [
  "hip_flexor_stretch",
  "hamstring_stretch",
  "figure_four_stretch",
  "quad_stretch",
  "calf_stretch",
] as const;
export const UPPER_STRETCHES = [
  "doorway_chest_stretch",
  "cross_body_shoulder_stretch",
  "childs_pose",
  "open_book",
  "neck_side_stretch",
] as const;
export const COOLDOWN_CARDIO = [
  "stationary_bike",
  "elliptical",
  "treadmill_incline_walk",
  "brisk_walk",
  "march_in_place",
  "arm_ergometer",
] as const;
export const CALM = ["diaphragmatic_breathing"] as const;

export function intervalPreferences(goal: Goal, legsSore: boolean): readonly string[] {
  const upper = ["arm_ergometer", "ski_erg", "shadow_boxing"];
  const hiit = [
    "stationary_bike",
    "rowing_machine",
    "ski_erg",
    "treadmill_run",
    "stair_climber",
    "elliptical",
    "kettlebell_swing",
    "dumbbell_thruster",
    "burpee",
    "mountain_climber",
    "jump_squat",
    "skater_jump",
    "high_knees",
    "jumping_jack",
    "shadow_boxing",
    "arm_ergometer",
  ];
  const aerobic = [
    "rowing_machine",
    "stationary_bike",
    "treadmill_run",
    "ski_erg",
    "elliptical",
    "stair_climber",
    "treadmill_incline_walk",
    "high_knees",
    "jumping_jack",
    "shadow_boxing",
    "arm_ergometer",
  ];
  const list = goal === "endurance" ? aerobic : hiit;
  return legsSore ? [...upper, ...list.filter((id) => !upper.includes(id))] : list;
}

const LOWER_PATTERNS: ReadonlySet<MovementPattern> = new Set([
  "squat",
  "hinge",
  "lunge",
  "hip_extension",
  "knee_flexion",
  "knee_extension",
  "calf_raise",
]);

export function trainsLowerBody(def: ExerciseDef): boolean {
  return LOWER_PATTERNS.has(def.pattern);
}
