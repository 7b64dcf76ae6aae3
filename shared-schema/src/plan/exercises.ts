// The exercise library: our own data, names in English, Norwegian Bokmål, Spanish and German. `regions` are
// the joints an exercise loads, conservatively (an injured region excludes the exercise); `substitutes` are
// ordered by preference and may cross patterns (hip thrust for squat when the knee is out).
import type {
  BodyRegion,
  Equipment,
  Experience,
  PhaseKind,
  ProfileEquipment,
  SorenessArea,
} from "./schema.js";
import { EQUIPMENT } from "./schema.js";

export const LOCALES = ["en", "nb", "es", "de"] as const;
export type Locale = (typeof LOCALES)[number];

export const MUSCLES = [
  "quads",
  "hamstrings",
  "glutes",
  "adductors",
  "calves",
  "hip_flexors",
  "chest",
  "lats",
  "upper_back",
  "traps",
  "front_delts",
  "side_delts",
  "rear_delts",
  "biceps",
  "triceps",
  "forearms",
  "abs",
  "obliques",
  "spinal_erectors",
] as const;
export type Muscle = (typeof MUSCLES)[number];

export const MOVEMENT_PATTERNS = [
  "squat",
  "hinge",
  "lunge",
  "hip_extension",
  "knee_flexion",
  "knee_extension",
  "calf_raise",
  "horizontal_push",
  "vertical_push",
  "chest_fly",
  "horizontal_pull",
  "vertical_pull",
  "rear_delt",
  "elbow_flexion",
  "elbow_extension",
  "shoulder_raise",
  "core_anti_extension",
  "core_anti_rotation",
  "core_flexion",
  "carry",
  "plyometric",
  "cardio",
  "mobility",
  "stretch",
  "breathing",
] as const;
export type MovementPattern = (typeof MOVEMENT_PATTERNS)[number];

export interface ExerciseDef {
  readonly id: string;
  readonly names: Readonly<Record<Locale, string>>;
  readonly primary: readonly Muscle[];
  readonly secondary: readonly Muscle[];
  readonly pattern: MovementPattern;
  /** Everything needed (all of it); bodyweight-only exercises list ["bodyweight"]. */
  readonly equipment: readonly Equipment[];
  /** Joints the exercise loads. */
  readonly regions: readonly BodyRegion[];
  readonly substitutes: readonly string[];
  readonly phases: readonly PhaseKind[];
  readonly kind: "compound" | "isolation";
  /** Counted in reps or held/performed for a time. */
  readonly dose: "reps" | "time";
  /** A kilogram load can be prescribed and progressed. */
  readonly loadable: boolean;
  /** The experience it suits from; the planner prefers simpler options for less experienced lifters. */
  readonly level: Experience;
}

interface Spec {
  pattern: MovementPattern;
  eq: Equipment[];
  primary: Muscle[];
  secondary?: Muscle[];
  regions: BodyRegion[];
  subs: string[];
  phases?: PhaseKind[];
  kind?: "compound" | "isolation";
  dose?: "reps" | "time";
  loadable?: boolean;
  level?: Experience;
}

const LOADED: readonly Equipment[] = ["dumbbells", "barbell_rack", "kettlebells", "machines"];

function ex(id: string, [en, nb, es, de]: [string, string, string, string], s: Spec): ExerciseDef {
  return {
    id,
    names: { en, nb, es, de },
    primary: s.primary,
    secondary: s.secondary ?? [],
    pattern: s.pattern,
    equipment: s.eq,
    regions: s.regions,
    substitutes: s.subs,
    phases: s.phases ?? ["main"],
    kind: s.kind ?? "compound",
    dose: s.dose ?? "reps",
    loadable: s.loadable ?? s.eq.some((e) => LOADED.includes(e)),
    level: s.level ?? "beginner",
  };
}

const BW: Equipment[] = ["bodyweight"];
const KNEE_HIP_ANKLE: BodyRegion[] = ["knee", "hip", "ankle"];
const PUSH_JOINTS: BodyRegion[] = ["shoulder", "elbow", "wrist"];
const PULL_JOINTS: BodyRegion[] = ["shoulder", "elbow"];
const LEG_CARDIO: Muscle[] = ["quads", "glutes", "calves"];
const WARM: PhaseKind[] = ["warmup"];
const COOL: PhaseKind[] = ["cooldown"];
const CARDIO_PHASES: PhaseKind[] = ["warmup", "intervals", "cooldown"];

export const EXERCISE_LIBRARY: readonly ExerciseDef[] = [
  // ---------------------------------------------------------------- squat
  ex(
    "barbell_back_squat",
    ["Barbell back squat", "Knebøy med stang", "Sentadilla trasera con barra", "Langhantel-Kniebeuge"],
    {
      pattern: "squat",
      eq: ["barbell_rack"],
      primary: ["quads", "glutes"],
      secondary: ["adductors", "spinal_erectors", "abs"],
      regions: ["knee", "hip", "lower_back", "ankle", "shoulder"],
      level: "intermediate",
      subs: [
        "barbell_front_squat",
        "goblet_squat",
        "leg_press",
        "hack_squat",
        "kettlebell_goblet_squat",
        "barbell_hip_thrust",
        "bodyweight_squat",
      ],
    },
  ),
  ex("barbell_front_squat", ["Front squat", "Frontbøy", "Sentadilla frontal", "Frontkniebeuge"], {
    pattern: "squat",
    eq: ["barbell_rack"],
    primary: ["quads", "glutes"],
    secondary: ["upper_back", "abs"],
    regions: ["knee", "hip", "ankle", "lower_back", "wrist"],
    level: "intermediate",
    subs: ["barbell_back_squat", "goblet_squat", "hack_squat", "leg_press", "kettlebell_goblet_squat"],
  }),
  ex(
    "goblet_squat",
    [
      "Dumbbell goblet squat",
      "Goblet-knebøy med manual",
      "Sentadilla goblet con mancuerna",
      "Goblet-Kniebeuge mit Kurzhantel",
    ],
    {
      pattern: "squat",
      eq: ["dumbbells"],
      primary: ["quads", "glutes"],
      secondary: ["adductors", "abs"],
      regions: KNEE_HIP_ANKLE,
      subs: [
        "kettlebell_goblet_squat",
        "barbell_back_squat",
        "leg_press",
        "bodyweight_squat",
        "dumbbell_hip_thrust",
      ],
    },
  ),
  ex(
    "kettlebell_goblet_squat",
    [
      "Kettlebell goblet squat",
      "Goblet-knebøy med kettlebell",
      "Sentadilla goblet con kettlebell",
      "Goblet-Kniebeuge mit Kettlebell",
    ],
    {
      pattern: "squat",
      eq: ["kettlebells"],
      primary: ["quads", "glutes"],
      secondary: ["adductors", "abs"],
      regions: KNEE_HIP_ANKLE,
      subs: ["goblet_squat", "bodyweight_squat", "kettlebell_deadlift", "glute_bridge"],
    },
  ),
  ex(
    "bodyweight_squat",
    ["Bodyweight squat", "Knebøy uten vekt", "Sentadilla con peso corporal", "Kniebeuge ohne Gewicht"],
    {
      pattern: "squat",
      eq: BW,
      primary: ["quads", "glutes"],
      regions: KNEE_HIP_ANKLE,
      phases: ["warmup", "main", "intervals"],
      subs: ["band_squat", "wall_sit", "split_squat", "glute_bridge"],
    },
  ),
  ex("leg_press", ["Leg press", "Beinpress", "Prensa de piernas", "Beinpresse"], {
    pattern: "squat",
    eq: ["machines"],
    primary: ["quads", "glutes"],
    secondary: ["adductors"],
    regions: ["knee", "hip"],
    subs: ["hack_squat", "goblet_squat", "barbell_back_squat", "barbell_hip_thrust", "lying_leg_curl"],
  }),
  ex(
    "hack_squat",
    ["Machine hack squat", "Hack-knebøy i maskin", "Sentadilla hack en máquina", "Hackenschmidt-Kniebeuge"],
    {
      pattern: "squat",
      eq: ["machines"],
      primary: ["quads", "glutes"],
      regions: KNEE_HIP_ANKLE,
      subs: ["leg_press", "barbell_back_squat", "goblet_squat"],
    },
  ),
  ex(
    "band_squat",
    ["Band squat", "Knebøy med strikk", "Sentadilla con banda elástica", "Kniebeuge mit Widerstandsband"],
    {
      pattern: "squat",
      eq: ["bands"],
      primary: ["quads", "glutes"],
      regions: KNEE_HIP_ANKLE,
      subs: ["bodyweight_squat", "goblet_squat", "band_pull_through", "glute_bridge"],
    },
  ),
  ex("wall_sit", ["Wall sit", "Veggsitting", "Sentadilla isométrica contra la pared", "Wandsitzen"], {
    pattern: "squat",
    eq: BW,
    primary: ["quads"],
    secondary: ["glutes"],
    regions: ["knee"],
    dose: "time",
    subs: ["bodyweight_squat", "glute_bridge", "single_leg_glute_bridge"],
  }),
  ex("jump_squat", ["Jump squat", "Hoppknebøy", "Sentadilla con salto", "Sprungkniebeuge"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["quads", "glutes"],
    secondary: ["calves"],
    regions: KNEE_HIP_ANKLE,
    phases: ["intervals"],
    subs: ["bodyweight_squat", "skater_jump", "high_knees", "kettlebell_swing"],
  }),
  // ---------------------------------------------------------------- hinge
  ex("barbell_deadlift", ["Deadlift", "Markløft", "Peso muerto", "Kreuzheben"], {
    pattern: "hinge",
    eq: ["barbell_rack"],
    primary: ["glutes", "hamstrings", "spinal_erectors"],
    secondary: ["quads", "traps", "forearms"],
    regions: ["lower_back", "hip", "knee"],
    level: "intermediate",
    subs: [
      "romanian_deadlift",
      "dumbbell_romanian_deadlift",
      "kettlebell_deadlift",
      "barbell_hip_thrust",
      "back_extension",
    ],
  }),
  ex(
    "romanian_deadlift",
    ["Romanian deadlift", "Rumensk markløft", "Peso muerto rumano", "Rumänisches Kreuzheben"],
    {
      pattern: "hinge",
      eq: ["barbell_rack"],
      primary: ["hamstrings", "glutes"],
      secondary: ["spinal_erectors", "forearms"],
      regions: ["lower_back", "hip"],
      subs: [
        "dumbbell_romanian_deadlift",
        "barbell_deadlift",
        "barbell_hip_thrust",
        "lying_leg_curl",
        "back_extension",
      ],
    },
  ),
  ex(
    "dumbbell_romanian_deadlift",
    [
      "Dumbbell Romanian deadlift",
      "Rumensk markløft med manualer",
      "Peso muerto rumano con mancuernas",
      "Rumänisches Kreuzheben mit Kurzhanteln",
    ],
    {
      pattern: "hinge",
      eq: ["dumbbells"],
      primary: ["hamstrings", "glutes"],
      secondary: ["spinal_erectors"],
      regions: ["lower_back", "hip"],
      subs: [
        "romanian_deadlift",
        "single_leg_romanian_deadlift",
        "dumbbell_hip_thrust",
        "kettlebell_deadlift",
        "glute_bridge",
      ],
    },
  ),
  ex(
    "kettlebell_deadlift",
    [
      "Kettlebell deadlift",
      "Markløft med kettlebell",
      "Peso muerto con kettlebell",
      "Kreuzheben mit Kettlebell",
    ],
    {
      pattern: "hinge",
      eq: ["kettlebells"],
      primary: ["glutes", "hamstrings"],
      secondary: ["quads", "spinal_erectors"],
      regions: ["lower_back", "hip", "knee"],
      subs: ["dumbbell_romanian_deadlift", "kettlebell_swing", "glute_bridge", "band_pull_through"],
    },
  ),
  ex(
    "kettlebell_swing",
    ["Kettlebell swing", "Kettlebellsving", "Swing con kettlebell", "Kettlebell-Swing"],
    {
      pattern: "hinge",
      eq: ["kettlebells"],
      primary: ["glutes", "hamstrings"],
      secondary: ["spinal_erectors", "abs"],
      regions: ["lower_back", "hip"],
      phases: ["main", "intervals"],
      subs: ["kettlebell_deadlift", "band_pull_through", "dumbbell_romanian_deadlift", "glute_bridge"],
    },
  ),
  ex(
    "band_good_morning",
    [
      "Band good morning",
      "Good morning med strikk",
      "Buenos días con banda elástica",
      "Good Morning mit Widerstandsband",
    ],
    {
      pattern: "hinge",
      eq: ["bands"],
      primary: ["hamstrings", "glutes"],
      secondary: ["spinal_erectors"],
      regions: ["lower_back", "hip"],
      subs: ["band_pull_through", "glute_bridge", "band_leg_curl"],
    },
  ),
  ex(
    "single_leg_romanian_deadlift",
    [
      "Single-leg Romanian deadlift",
      "Ettbeins rumensk markløft",
      "Peso muerto rumano a una pierna",
      "Einbeiniges rumänisches Kreuzheben",
    ],
    {
      pattern: "hinge",
      eq: ["dumbbells"],
      primary: ["hamstrings", "glutes"],
      secondary: ["spinal_erectors"],
      regions: ["hip", "ankle", "lower_back"],
      level: "intermediate",
      subs: ["dumbbell_romanian_deadlift", "single_leg_glute_bridge", "dumbbell_hip_thrust"],
    },
  ),
  ex(
    "back_extension",
    ["Back extension", "Rygghev", "Hiperextensión lumbar", "Rückenstrecken an der Hyperextensionsbank"],
    {
      pattern: "hinge",
      eq: ["machines"],
      primary: ["spinal_erectors", "glutes"],
      secondary: ["hamstrings"],
      regions: ["lower_back", "hip"],
      subs: ["romanian_deadlift", "glute_bridge", "lying_leg_curl", "bird_dog"],
    },
  ),
  ex(
    "band_pull_through",
    [
      "Band pull-through",
      "Pull-through med strikk",
      "Pull-through con banda elástica",
      "Pull-Through mit Widerstandsband",
    ],
    {
      pattern: "hinge",
      eq: ["bands"],
      primary: ["glutes", "hamstrings"],
      regions: ["hip", "lower_back"],
      subs: ["band_good_morning", "glute_bridge", "kettlebell_swing"],
    },
  ),
  // ---------------------------------------------------------------- hip extension
  ex(
    "barbell_hip_thrust",
    ["Barbell hip thrust", "Hoftehev med stang", "Hip thrust con barra", "Hip Thrust mit Langhantel"],
    {
      pattern: "hip_extension",
      eq: ["barbell_rack"],
      primary: ["glutes"],
      secondary: ["hamstrings"],
      regions: ["hip"],
      subs: ["dumbbell_hip_thrust", "glute_bridge", "romanian_deadlift", "single_leg_glute_bridge"],
    },
  ),
  ex(
    "dumbbell_hip_thrust",
    ["Dumbbell hip thrust", "Hoftehev med manual", "Hip thrust con mancuerna", "Hip Thrust mit Kurzhantel"],
    {
      pattern: "hip_extension",
      eq: ["dumbbells"],
      primary: ["glutes"],
      secondary: ["hamstrings"],
      regions: ["hip"],
      subs: ["barbell_hip_thrust", "glute_bridge", "single_leg_glute_bridge", "dumbbell_romanian_deadlift"],
    },
  ),
  ex("glute_bridge", ["Glute bridge", "Seteløft", "Puente de glúteos", "Beckenheben"], {
    pattern: "hip_extension",
    eq: BW,
    primary: ["glutes"],
    secondary: ["hamstrings"],
    regions: ["hip"],
    phases: ["warmup", "main"],
    subs: ["single_leg_glute_bridge", "dumbbell_hip_thrust", "band_pull_through", "bird_dog"],
  }),
  ex(
    "single_leg_glute_bridge",
    [
      "Single-leg glute bridge",
      "Ettbeins seteløft",
      "Puente de glúteos a una pierna",
      "Einbeiniges Beckenheben",
    ],
    {
      pattern: "hip_extension",
      eq: BW,
      primary: ["glutes"],
      secondary: ["hamstrings"],
      regions: ["hip"],
      subs: ["glute_bridge", "dumbbell_hip_thrust", "nordic_hamstring_curl"],
    },
  ),
  // ---------------------------------------------------------------- knee flexion / extension
  ex(
    "nordic_hamstring_curl",
    [
      "Nordic hamstring curl",
      "Nordisk hamstringscurl",
      "Curl nórdico de isquiotibiales",
      "Nordic Hamstring Curl",
    ],
    {
      pattern: "knee_flexion",
      eq: BW,
      primary: ["hamstrings"],
      regions: ["knee"],
      kind: "isolation",
      level: "advanced",
      subs: ["lying_leg_curl", "band_leg_curl", "single_leg_glute_bridge", "dumbbell_romanian_deadlift"],
    },
  ),
  ex("lying_leg_curl", ["Lying leg curl", "Liggende lårcurl", "Curl femoral tumbado", "Beinbeuger liegend"], {
    pattern: "knee_flexion",
    eq: ["machines"],
    primary: ["hamstrings"],
    regions: ["knee"],
    kind: "isolation",
    subs: ["seated_leg_curl", "band_leg_curl", "romanian_deadlift", "nordic_hamstring_curl"],
  }),
  ex(
    "seated_leg_curl",
    ["Seated leg curl", "Sittende lårcurl", "Curl femoral sentado", "Beinbeuger sitzend"],
    {
      pattern: "knee_flexion",
      eq: ["machines"],
      primary: ["hamstrings"],
      regions: ["knee"],
      kind: "isolation",
      subs: ["lying_leg_curl", "band_leg_curl", "dumbbell_romanian_deadlift"],
    },
  ),
  ex(
    "band_leg_curl",
    [
      "Band leg curl",
      "Lårcurl med strikk",
      "Curl femoral con banda elástica",
      "Beinbeuger mit Widerstandsband",
    ],
    {
      pattern: "knee_flexion",
      eq: ["bands"],
      primary: ["hamstrings"],
      regions: ["knee"],
      kind: "isolation",
      subs: ["lying_leg_curl", "nordic_hamstring_curl", "band_good_morning", "glute_bridge"],
    },
  ),
  ex(
    "leg_extension",
    ["Leg extension", "Kneekstensjon i maskin", "Extensión de cuádriceps", "Beinstrecker"],
    {
      pattern: "knee_extension",
      eq: ["machines"],
      primary: ["quads"],
      regions: ["knee"],
      kind: "isolation",
      subs: ["leg_press", "goblet_squat", "wall_sit", "split_squat"],
    },
  ),
  // ---------------------------------------------------------------- lunge / single leg
  ex(
    "dumbbell_walking_lunge",
    [
      "Dumbbell walking lunge",
      "Gående utfall med manualer",
      "Zancadas caminando con mancuernas",
      "Ausfallschritte im Gehen mit Kurzhanteln",
    ],
    {
      pattern: "lunge",
      eq: ["dumbbells"],
      primary: ["quads", "glutes"],
      secondary: ["adductors", "hamstrings"],
      regions: KNEE_HIP_ANKLE,
      subs: [
        "bulgarian_split_squat",
        "dumbbell_step_up",
        "reverse_lunge",
        "kettlebell_reverse_lunge",
        "split_squat",
      ],
    },
  ),
  ex(
    "reverse_lunge",
    ["Reverse lunge", "Utfall bakover", "Zancada hacia atrás", "Ausfallschritt rückwärts"],
    {
      pattern: "lunge",
      eq: BW,
      primary: ["quads", "glutes"],
      secondary: ["hamstrings"],
      regions: KNEE_HIP_ANKLE,
      subs: ["split_squat", "lateral_lunge", "dumbbell_walking_lunge", "glute_bridge"],
    },
  ),
  ex(
    "bulgarian_split_squat",
    ["Bulgarian split squat", "Bulgarsk utfall", "Sentadilla búlgara", "Bulgarische Kniebeuge"],
    {
      pattern: "lunge",
      eq: ["dumbbells"],
      primary: ["quads", "glutes"],
      secondary: ["adductors"],
      regions: KNEE_HIP_ANKLE,
      level: "intermediate",
      subs: ["dumbbell_walking_lunge", "dumbbell_step_up", "split_squat", "reverse_lunge"],
    },
  ),
  ex("split_squat", ["Split squat", "Splittknebøy", "Sentadilla dividida", "Kniebeuge in Schrittstellung"], {
    pattern: "lunge",
    eq: BW,
    primary: ["quads", "glutes"],
    regions: KNEE_HIP_ANKLE,
    subs: ["reverse_lunge", "bulgarian_split_squat", "bodyweight_squat", "single_leg_glute_bridge"],
  }),
  ex(
    "dumbbell_step_up",
    [
      "Dumbbell step-up",
      "Opptrinn med manualer",
      "Subida al banco con mancuernas",
      "Step-ups mit Kurzhanteln",
    ],
    {
      pattern: "lunge",
      eq: ["dumbbells"],
      primary: ["quads", "glutes"],
      regions: KNEE_HIP_ANKLE,
      subs: ["dumbbell_walking_lunge", "bulgarian_split_squat", "reverse_lunge"],
    },
  ),
  ex(
    "barbell_reverse_lunge",
    [
      "Barbell reverse lunge",
      "Utfall bakover med stang",
      "Zancada hacia atrás con barra",
      "Ausfallschritt rückwärts mit Langhantel",
    ],
    {
      pattern: "lunge",
      eq: ["barbell_rack"],
      primary: ["quads", "glutes"],
      secondary: ["adductors"],
      regions: ["knee", "hip", "ankle", "shoulder"],
      level: "intermediate",
      subs: ["dumbbell_walking_lunge", "bulgarian_split_squat", "reverse_lunge"],
    },
  ),
  ex("lateral_lunge", ["Lateral lunge", "Sideutfall", "Zancada lateral", "Seitlicher Ausfallschritt"], {
    pattern: "lunge",
    eq: BW,
    primary: ["adductors", "glutes", "quads"],
    regions: KNEE_HIP_ANKLE,
    phases: ["warmup", "main"],
    subs: ["reverse_lunge", "split_squat", "bodyweight_squat"],
  }),
  ex(
    "kettlebell_reverse_lunge",
    [
      "Kettlebell reverse lunge",
      "Utfall bakover med kettlebell",
      "Zancada hacia atrás con kettlebell",
      "Ausfallschritt rückwärts mit Kettlebell",
    ],
    {
      pattern: "lunge",
      eq: ["kettlebells"],
      primary: ["quads", "glutes"],
      regions: KNEE_HIP_ANKLE,
      subs: ["reverse_lunge", "dumbbell_walking_lunge", "kettlebell_goblet_squat"],
    },
  ),
  // ---------------------------------------------------------------- calves
  ex(
    "standing_calf_raise",
    ["Standing calf raise", "Stående tåhev", "Elevación de talones de pie", "Wadenheben stehend"],
    {
      pattern: "calf_raise",
      eq: BW,
      primary: ["calves"],
      regions: ["ankle"],
      kind: "isolation",
      subs: ["dumbbell_calf_raise", "seated_calf_raise"],
    },
  ),
  ex(
    "seated_calf_raise",
    ["Seated calf raise", "Sittende tåhev", "Elevación de talones sentado", "Wadenheben sitzend"],
    {
      pattern: "calf_raise",
      eq: ["machines"],
      primary: ["calves"],
      regions: ["ankle"],
      kind: "isolation",
      subs: ["standing_calf_raise", "dumbbell_calf_raise"],
    },
  ),
  ex(
    "dumbbell_calf_raise",
    [
      "Dumbbell calf raise",
      "Tåhev med manualer",
      "Elevación de talones con mancuernas",
      "Wadenheben mit Kurzhanteln",
    ],
    {
      pattern: "calf_raise",
      eq: ["dumbbells"],
      primary: ["calves"],
      regions: ["ankle"],
      kind: "isolation",
      subs: ["standing_calf_raise", "seated_calf_raise"],
    },
  ),
  // ---------------------------------------------------------------- horizontal push
  ex("barbell_bench_press", ["Bench press", "Benkpress", "Press de banca", "Bankdrücken"], {
    pattern: "horizontal_push",
    eq: ["barbell_rack"],
    primary: ["chest", "triceps"],
    secondary: ["front_delts"],
    regions: PUSH_JOINTS,
    subs: [
      "dumbbell_bench_press",
      "machine_chest_press",
      "incline_bench_press",
      "push_up",
      "dumbbell_floor_press",
    ],
  }),
  ex(
    "incline_bench_press",
    ["Incline bench press", "Skråbenkpress", "Press de banca inclinado", "Schrägbankdrücken"],
    {
      pattern: "horizontal_push",
      eq: ["barbell_rack"],
      primary: ["chest", "front_delts"],
      secondary: ["triceps"],
      regions: PUSH_JOINTS,
      subs: ["incline_dumbbell_press", "barbell_bench_press", "machine_chest_press", "incline_push_up"],
    },
  ),
  ex(
    "dumbbell_bench_press",
    [
      "Dumbbell bench press",
      "Benkpress med manualer",
      "Press de banca con mancuernas",
      "Kurzhantel-Bankdrücken",
    ],
    {
      pattern: "horizontal_push",
      eq: ["dumbbells"],
      primary: ["chest", "triceps"],
      secondary: ["front_delts"],
      regions: PUSH_JOINTS,
      subs: [
        "barbell_bench_press",
        "dumbbell_floor_press",
        "machine_chest_press",
        "push_up",
        "incline_dumbbell_press",
      ],
    },
  ),
  ex(
    "incline_dumbbell_press",
    [
      "Incline dumbbell press",
      "Skråbenkpress med manualer",
      "Press inclinado con mancuernas",
      "Kurzhantel-Schrägbankdrücken",
    ],
    {
      pattern: "horizontal_push",
      eq: ["dumbbells"],
      primary: ["chest", "front_delts"],
      secondary: ["triceps"],
      regions: PUSH_JOINTS,
      subs: ["incline_bench_press", "dumbbell_bench_press", "incline_push_up"],
    },
  ),
  ex(
    "dumbbell_floor_press",
    [
      "Dumbbell floor press",
      "Gulvpress med manualer",
      "Press en el suelo con mancuernas",
      "Bodendrücken mit Kurzhanteln",
    ],
    {
      pattern: "horizontal_push",
      eq: ["dumbbells"],
      primary: ["chest", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["dumbbell_bench_press", "kettlebell_floor_press", "push_up"],
    },
  ),
  ex(
    "kettlebell_floor_press",
    [
      "Kettlebell floor press",
      "Gulvpress med kettlebell",
      "Press en el suelo con kettlebell",
      "Bodendrücken mit Kettlebell",
    ],
    {
      pattern: "horizontal_push",
      eq: ["kettlebells"],
      primary: ["chest", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["dumbbell_floor_press", "push_up", "knee_push_up"],
    },
  ),
  ex("push_up", ["Push-up", "Armheving", "Flexión de brazos", "Liegestütz"], {
    pattern: "horizontal_push",
    eq: BW,
    primary: ["chest", "triceps"],
    secondary: ["front_delts", "abs"],
    regions: PUSH_JOINTS,
    subs: ["incline_push_up", "knee_push_up", "band_chest_press", "dumbbell_bench_press"],
  }),
  ex(
    "incline_push_up",
    ["Incline push-up", "Armheving med hendene hevet", "Flexión inclinada", "Liegestütz mit erhöhten Händen"],
    {
      pattern: "horizontal_push",
      eq: BW,
      primary: ["chest", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["knee_push_up", "push_up", "band_chest_press"],
    },
  ),
  ex(
    "knee_push_up",
    ["Knee push-up", "Armheving på knærne", "Flexión con rodillas apoyadas", "Knieliegestütz"],
    {
      pattern: "horizontal_push",
      eq: BW,
      primary: ["chest", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["incline_push_up", "push_up", "band_chest_press"],
    },
  ),
  ex(
    "machine_chest_press",
    [
      "Machine chest press",
      "Brystpress i maskin",
      "Press de pecho en máquina",
      "Brustpresse an der Maschine",
    ],
    {
      pattern: "horizontal_push",
      eq: ["machines"],
      primary: ["chest", "triceps"],
      secondary: ["front_delts"],
      regions: PUSH_JOINTS,
      subs: ["dumbbell_bench_press", "barbell_bench_press", "push_up", "pec_deck"],
    },
  ),
  ex(
    "band_chest_press",
    [
      "Band chest press",
      "Brystpress med strikk",
      "Press de pecho con banda elástica",
      "Brustdrücken mit Widerstandsband",
    ],
    {
      pattern: "horizontal_push",
      eq: ["bands"],
      primary: ["chest", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["push_up", "incline_push_up", "dumbbell_floor_press"],
    },
  ),
  ex("dips", ["Parallel-bar dip", "Dips", "Fondos en paralelas", "Dips am Barren"], {
    pattern: "horizontal_push",
    eq: ["machines"],
    primary: ["chest", "triceps"],
    secondary: ["front_delts"],
    regions: PUSH_JOINTS,
    loadable: false,
    level: "intermediate",
    subs: ["close_grip_push_up", "machine_chest_press", "push_up", "triceps_pushdown"],
  }),
  ex("pec_deck", ["Pec deck fly", "Flyes i maskin", "Aperturas en máquina", "Butterfly an der Maschine"], {
    pattern: "chest_fly",
    eq: ["machines"],
    primary: ["chest"],
    regions: ["shoulder"],
    kind: "isolation",
    subs: ["dumbbell_fly", "machine_chest_press", "push_up"],
  }),
  ex(
    "dumbbell_fly",
    ["Dumbbell fly", "Flyes med manualer", "Aperturas con mancuernas", "Kurzhantel-Fliegende"],
    {
      pattern: "chest_fly",
      eq: ["dumbbells"],
      primary: ["chest"],
      regions: ["shoulder", "elbow"],
      kind: "isolation",
      subs: ["pec_deck", "dumbbell_bench_press", "push_up"],
    },
  ),
  // ---------------------------------------------------------------- vertical push
  ex(
    "barbell_overhead_press",
    [
      "Barbell overhead press",
      "Skulderpress med stang",
      "Press militar con barra",
      "Schulterdrücken mit Langhantel",
    ],
    {
      pattern: "vertical_push",
      eq: ["barbell_rack"],
      primary: ["front_delts", "triceps"],
      secondary: ["side_delts", "upper_back", "abs"],
      regions: ["shoulder", "elbow", "wrist", "lower_back"],
      level: "intermediate",
      subs: [
        "dumbbell_shoulder_press",
        "machine_shoulder_press",
        "kettlebell_overhead_press",
        "pike_push_up",
        "incline_dumbbell_press",
      ],
    },
  ),
  ex(
    "dumbbell_shoulder_press",
    [
      "Dumbbell shoulder press",
      "Skulderpress med manualer",
      "Press de hombros con mancuernas",
      "Kurzhantel-Schulterdrücken",
    ],
    {
      pattern: "vertical_push",
      eq: ["dumbbells"],
      primary: ["front_delts", "triceps"],
      secondary: ["side_delts"],
      regions: PUSH_JOINTS,
      subs: [
        "barbell_overhead_press",
        "machine_shoulder_press",
        "kettlebell_overhead_press",
        "band_overhead_press",
        "pike_push_up",
      ],
    },
  ),
  ex(
    "kettlebell_overhead_press",
    [
      "Kettlebell overhead press",
      "Skulderpress med kettlebell",
      "Press de hombro con kettlebell",
      "Überkopfdrücken mit Kettlebell",
    ],
    {
      pattern: "vertical_push",
      eq: ["kettlebells"],
      primary: ["front_delts", "triceps"],
      secondary: ["abs"],
      regions: PUSH_JOINTS,
      subs: ["dumbbell_shoulder_press", "band_overhead_press", "pike_push_up"],
    },
  ),
  ex(
    "machine_shoulder_press",
    [
      "Machine shoulder press",
      "Skulderpress i maskin",
      "Press de hombros en máquina",
      "Schulterpresse an der Maschine",
    ],
    {
      pattern: "vertical_push",
      eq: ["machines"],
      primary: ["front_delts", "triceps"],
      secondary: ["side_delts"],
      regions: PUSH_JOINTS,
      subs: ["dumbbell_shoulder_press", "barbell_overhead_press", "band_overhead_press"],
    },
  ),
  ex("pike_push_up", ["Pike push-up", "Pike-armheving", "Flexión en pica", "Pike-Liegestütz"], {
    pattern: "vertical_push",
    eq: BW,
    primary: ["front_delts", "triceps"],
    regions: PUSH_JOINTS,
    level: "intermediate",
    subs: ["band_overhead_press", "push_up", "dumbbell_shoulder_press"],
  }),
  ex(
    "band_overhead_press",
    [
      "Band overhead press",
      "Skulderpress med strikk",
      "Press de hombros con banda elástica",
      "Überkopfdrücken mit Widerstandsband",
    ],
    {
      pattern: "vertical_push",
      eq: ["bands"],
      primary: ["front_delts", "triceps"],
      regions: PUSH_JOINTS,
      subs: ["pike_push_up", "dumbbell_shoulder_press", "band_lateral_raise"],
    },
  ),
  // ---------------------------------------------------------------- horizontal pull
  ex(
    "barbell_row",
    [
      "Barbell bent-over row",
      "Foroverbøyd roing med stang",
      "Remo con barra inclinado",
      "Vorgebeugtes Langhantelrudern",
    ],
    {
      pattern: "horizontal_pull",
      eq: ["barbell_rack"],
      primary: ["upper_back", "lats"],
      secondary: ["biceps", "rear_delts", "spinal_erectors"],
      regions: ["lower_back", "shoulder", "elbow"],
      level: "intermediate",
      subs: [
        "chest_supported_dumbbell_row",
        "seated_cable_row",
        "one_arm_dumbbell_row",
        "machine_row",
        "inverted_row",
      ],
    },
  ),
  ex(
    "one_arm_dumbbell_row",
    [
      "One-arm dumbbell row",
      "Ettarms roing med manual",
      "Remo a una mano con mancuerna",
      "Einarmiges Kurzhantelrudern",
    ],
    {
      pattern: "horizontal_pull",
      eq: ["dumbbells"],
      primary: ["lats", "upper_back"],
      secondary: ["biceps", "rear_delts"],
      regions: PULL_JOINTS,
      subs: [
        "chest_supported_dumbbell_row",
        "seated_cable_row",
        "kettlebell_row",
        "band_row",
        "inverted_row",
      ],
    },
  ),
  ex(
    "chest_supported_dumbbell_row",
    [
      "Chest-supported dumbbell row",
      "Roing med manualer og brystsupport",
      "Remo con mancuernas con apoyo en el pecho",
      "Brustgestütztes Kurzhantelrudern",
    ],
    {
      pattern: "horizontal_pull",
      eq: ["dumbbells"],
      primary: ["upper_back", "lats"],
      secondary: ["rear_delts", "biceps"],
      regions: PULL_JOINTS,
      subs: ["one_arm_dumbbell_row", "machine_row", "seated_cable_row", "band_row"],
    },
  ),
  ex(
    "seated_cable_row",
    ["Seated cable row", "Sittende roing i kabel", "Remo sentado en polea", "Rudern am Kabelzug sitzend"],
    {
      pattern: "horizontal_pull",
      eq: ["machines"],
      primary: ["upper_back", "lats"],
      secondary: ["biceps"],
      regions: PULL_JOINTS,
      subs: ["machine_row", "chest_supported_dumbbell_row", "one_arm_dumbbell_row", "band_row"],
    },
  ),
  ex("machine_row", ["Machine row", "Roing i maskin", "Remo en máquina", "Rudern an der Maschine"], {
    pattern: "horizontal_pull",
    eq: ["machines"],
    primary: ["upper_back", "lats"],
    secondary: ["biceps", "rear_delts"],
    regions: PULL_JOINTS,
    subs: ["seated_cable_row", "chest_supported_dumbbell_row", "band_row"],
  }),
  ex("inverted_row", ["Inverted row", "Kroppshev", "Remo invertido", "Umgekehrtes Rudern"], {
    pattern: "horizontal_pull",
    eq: ["barbell_rack"],
    primary: ["upper_back", "lats"],
    secondary: ["biceps", "abs"],
    regions: PULL_JOINTS,
    loadable: false,
    subs: ["band_row", "one_arm_dumbbell_row", "seated_cable_row"],
  }),
  ex("band_row", ["Band row", "Roing med strikk", "Remo con banda elástica", "Rudern mit Widerstandsband"], {
    pattern: "horizontal_pull",
    eq: ["bands"],
    primary: ["upper_back", "lats"],
    secondary: ["biceps"],
    regions: PULL_JOINTS,
    subs: ["inverted_row", "one_arm_dumbbell_row", "band_pull_apart"],
  }),
  ex(
    "kettlebell_row",
    ["Kettlebell row", "Roing med kettlebell", "Remo con kettlebell", "Kettlebell-Rudern"],
    {
      pattern: "horizontal_pull",
      eq: ["kettlebells"],
      primary: ["lats", "upper_back"],
      secondary: ["biceps"],
      regions: ["shoulder", "elbow", "lower_back"],
      subs: ["one_arm_dumbbell_row", "band_row", "inverted_row"],
    },
  ),
  ex("face_pull", ["Cable face pull", "Face pull i kabel", "Face pull en polea", "Face Pull am Kabelzug"], {
    pattern: "rear_delt",
    eq: ["machines"],
    primary: ["rear_delts", "upper_back"],
    regions: PULL_JOINTS,
    kind: "isolation",
    subs: ["band_pull_apart", "rear_delt_fly"],
  }),
  ex(
    "band_pull_apart",
    [
      "Band pull-apart",
      "Strikktrekk til siden",
      "Separación de banda elástica",
      "Widerstandsband auseinanderziehen",
    ],
    {
      pattern: "rear_delt",
      eq: ["bands"],
      primary: ["rear_delts", "upper_back"],
      regions: ["shoulder"],
      kind: "isolation",
      phases: ["warmup", "main"],
      subs: ["face_pull", "rear_delt_fly", "band_row"],
    },
  ),
  ex(
    "rear_delt_fly",
    [
      "Dumbbell rear delt fly",
      "Omvendt flyes med manualer",
      "Pájaros con mancuernas",
      "Vorgebeugtes Seitheben mit Kurzhanteln",
    ],
    {
      pattern: "rear_delt",
      eq: ["dumbbells"],
      primary: ["rear_delts"],
      secondary: ["upper_back"],
      regions: ["shoulder", "lower_back"],
      kind: "isolation",
      subs: ["face_pull", "band_pull_apart"],
    },
  ),
  // ---------------------------------------------------------------- vertical pull
  ex("pull_up", ["Pull-up", "Pull-up med overtak", "Dominada prona", "Klimmzug"], {
    pattern: "vertical_pull",
    eq: ["barbell_rack"],
    primary: ["lats", "upper_back"],
    secondary: ["biceps", "forearms"],
    regions: PULL_JOINTS,
    loadable: false,
    level: "intermediate",
    subs: ["chin_up", "lat_pulldown", "assisted_pull_up", "band_lat_pulldown", "inverted_row"],
  }),
  ex("chin_up", ["Chin-up", "Hakeheng med undertak", "Dominada supina", "Klimmzug im Untergriff"], {
    pattern: "vertical_pull",
    eq: ["barbell_rack"],
    primary: ["lats", "biceps"],
    secondary: ["upper_back"],
    regions: PULL_JOINTS,
    loadable: false,
    level: "intermediate",
    subs: ["pull_up", "lat_pulldown", "assisted_pull_up", "band_lat_pulldown"],
  }),
  ex("lat_pulldown", ["Lat pulldown", "Nedtrekk", "Jalón al pecho", "Latzug"], {
    pattern: "vertical_pull",
    eq: ["machines"],
    primary: ["lats"],
    secondary: ["biceps", "upper_back"],
    regions: PULL_JOINTS,
    subs: ["assisted_pull_up", "pull_up", "band_lat_pulldown", "straight_arm_pulldown", "seated_cable_row"],
  }),
  ex(
    "assisted_pull_up",
    [
      "Assisted pull-up",
      "Assistert pull-up i maskin",
      "Dominada asistida en máquina",
      "Klimmzug mit Unterstützung an der Maschine",
    ],
    {
      pattern: "vertical_pull",
      eq: ["machines"],
      primary: ["lats"],
      secondary: ["biceps", "upper_back"],
      regions: PULL_JOINTS,
      loadable: false,
      subs: ["lat_pulldown", "pull_up", "band_lat_pulldown"],
    },
  ),
  ex(
    "band_lat_pulldown",
    ["Band lat pulldown", "Nedtrekk med strikk", "Jalón con banda elástica", "Latziehen mit Widerstandsband"],
    {
      pattern: "vertical_pull",
      eq: ["bands"],
      primary: ["lats"],
      secondary: ["biceps"],
      regions: PULL_JOINTS,
      subs: ["lat_pulldown", "band_row", "pull_up"],
    },
  ),
  ex(
    "straight_arm_pulldown",
    [
      "Straight-arm cable pulldown",
      "Nedtrekk med strake armer",
      "Jalón con brazos rectos en polea",
      "Latziehen mit gestreckten Armen",
    ],
    {
      pattern: "vertical_pull",
      eq: ["machines"],
      primary: ["lats"],
      regions: ["shoulder"],
      kind: "isolation",
      subs: ["dumbbell_pullover", "lat_pulldown", "band_lat_pulldown"],
    },
  ),
  ex(
    "dumbbell_pullover",
    ["Dumbbell pullover", "Pullover med manual", "Pullover con mancuerna", "Kurzhantel-Überzüge"],
    {
      pattern: "vertical_pull",
      eq: ["dumbbells"],
      primary: ["lats"],
      secondary: ["chest"],
      regions: PULL_JOINTS,
      kind: "isolation",
      subs: ["straight_arm_pulldown", "one_arm_dumbbell_row"],
    },
  ),
  // ---------------------------------------------------------------- arms
  ex(
    "barbell_curl",
    ["Barbell curl", "Bicepscurl med stang", "Curl de bíceps con barra", "Langhantel-Bizepscurl"],
    {
      pattern: "elbow_flexion",
      eq: ["barbell_rack"],
      primary: ["biceps"],
      secondary: ["forearms"],
      regions: ["elbow", "wrist"],
      kind: "isolation",
      subs: ["dumbbell_curl", "cable_curl", "hammer_curl", "band_curl"],
    },
  ),
  ex(
    "dumbbell_curl",
    [
      "Dumbbell biceps curl",
      "Bicepscurl med manualer",
      "Curl de bíceps con mancuernas",
      "Kurzhantel-Bizepscurl",
    ],
    {
      pattern: "elbow_flexion",
      eq: ["dumbbells"],
      primary: ["biceps"],
      secondary: ["forearms"],
      regions: ["elbow", "wrist"],
      kind: "isolation",
      subs: ["hammer_curl", "barbell_curl", "cable_curl", "band_curl"],
    },
  ),
  ex("hammer_curl", ["Hammer curl", "Hammercurl", "Curl martillo", "Hammercurl"], {
    pattern: "elbow_flexion",
    eq: ["dumbbells"],
    primary: ["biceps", "forearms"],
    regions: ["elbow", "wrist"],
    kind: "isolation",
    subs: ["dumbbell_curl", "cable_curl", "band_curl"],
  }),
  ex(
    "band_curl",
    [
      "Band biceps curl",
      "Bicepscurl med strikk",
      "Curl de bíceps con banda elástica",
      "Bizepscurl mit Widerstandsband",
    ],
    {
      pattern: "elbow_flexion",
      eq: ["bands"],
      primary: ["biceps"],
      regions: ["elbow", "wrist"],
      kind: "isolation",
      subs: ["dumbbell_curl", "cable_curl"],
    },
  ),
  ex(
    "cable_curl",
    ["Cable biceps curl", "Bicepscurl i kabel", "Curl de bíceps en polea", "Bizepscurl am Kabelzug"],
    {
      pattern: "elbow_flexion",
      eq: ["machines"],
      primary: ["biceps"],
      regions: ["elbow", "wrist"],
      kind: "isolation",
      subs: ["dumbbell_curl", "barbell_curl", "band_curl"],
    },
  ),
  ex(
    "triceps_pushdown",
    [
      "Cable triceps pushdown",
      "Tricepspress ned i kabel",
      "Extensión de tríceps en polea",
      "Trizepsdrücken am Kabelzug",
    ],
    {
      pattern: "elbow_extension",
      eq: ["machines"],
      primary: ["triceps"],
      regions: ["elbow"],
      kind: "isolation",
      subs: ["band_triceps_extension", "overhead_triceps_extension", "close_grip_push_up"],
    },
  ),
  ex(
    "overhead_triceps_extension",
    [
      "Dumbbell overhead triceps extension",
      "Tricepsekstensjon over hodet med manual",
      "Extensión de tríceps sobre la cabeza con mancuerna",
      "Kurzhantel-Trizepsstrecken über Kopf",
    ],
    {
      pattern: "elbow_extension",
      eq: ["dumbbells"],
      primary: ["triceps"],
      regions: ["elbow", "shoulder"],
      kind: "isolation",
      subs: ["triceps_pushdown", "skull_crusher", "band_triceps_extension"],
    },
  ),
  ex(
    "skull_crusher",
    [
      "Barbell skull crusher",
      "Liggende tricepsekstensjon med stang",
      "Press francés con barra",
      "Stirndrücken mit Langhantel",
    ],
    {
      pattern: "elbow_extension",
      eq: ["barbell_rack"],
      primary: ["triceps"],
      regions: ["elbow", "wrist"],
      kind: "isolation",
      subs: ["overhead_triceps_extension", "triceps_pushdown", "close_grip_push_up"],
    },
  ),
  ex(
    "band_triceps_extension",
    [
      "Band triceps extension",
      "Tricepsekstensjon med strikk",
      "Extensión de tríceps con banda elástica",
      "Trizepsstrecken mit Widerstandsband",
    ],
    {
      pattern: "elbow_extension",
      eq: ["bands"],
      primary: ["triceps"],
      regions: ["elbow"],
      kind: "isolation",
      subs: ["triceps_pushdown", "close_grip_push_up"],
    },
  ),
  ex(
    "close_grip_push_up",
    ["Close-grip push-up", "Armheving med smalt grep", "Flexión con agarre cerrado", "Enge Liegestütze"],
    {
      pattern: "elbow_extension",
      eq: BW,
      primary: ["triceps", "chest"],
      regions: PUSH_JOINTS,
      subs: ["band_triceps_extension", "triceps_pushdown", "push_up"],
    },
  ),
  // ---------------------------------------------------------------- shoulders
  ex(
    "dumbbell_lateral_raise",
    [
      "Dumbbell lateral raise",
      "Sidehev med manualer",
      "Elevaciones laterales con mancuernas",
      "Seitheben mit Kurzhanteln",
    ],
    {
      pattern: "shoulder_raise",
      eq: ["dumbbells"],
      primary: ["side_delts"],
      regions: ["shoulder"],
      kind: "isolation",
      subs: ["cable_lateral_raise", "band_lateral_raise"],
    },
  ),
  ex(
    "band_lateral_raise",
    [
      "Band lateral raise",
      "Sidehev med strikk",
      "Elevaciones laterales con banda elástica",
      "Seitheben mit Widerstandsband",
    ],
    {
      pattern: "shoulder_raise",
      eq: ["bands"],
      primary: ["side_delts"],
      regions: ["shoulder"],
      kind: "isolation",
      subs: ["dumbbell_lateral_raise", "cable_lateral_raise"],
    },
  ),
  ex(
    "cable_lateral_raise",
    ["Cable lateral raise", "Sidehev i kabel", "Elevación lateral en polea", "Seitheben am Kabelzug"],
    {
      pattern: "shoulder_raise",
      eq: ["machines"],
      primary: ["side_delts"],
      regions: ["shoulder"],
      kind: "isolation",
      subs: ["dumbbell_lateral_raise", "band_lateral_raise"],
    },
  ),
  ex(
    "dumbbell_shrug",
    [
      "Dumbbell shrug",
      "Skuldertrekk med manualer",
      "Encogimiento de hombros con mancuernas",
      "Schulterheben mit Kurzhanteln",
    ],
    {
      pattern: "shoulder_raise",
      eq: ["dumbbells"],
      primary: ["traps"],
      secondary: ["forearms"],
      regions: ["neck"],
      kind: "isolation",
      subs: ["farmer_carry", "face_pull"],
    },
  ),
  // ---------------------------------------------------------------- core and carries
  ex("plank", ["Forearm plank", "Planke", "Plancha", "Unterarmstütz"], {
    pattern: "core_anti_extension",
    eq: BW,
    primary: ["abs"],
    secondary: ["obliques"],
    regions: ["shoulder"],
    kind: "isolation",
    dose: "time",
    phases: ["warmup", "main"],
    subs: ["dead_bug", "hollow_hold", "bird_dog", "pallof_press"],
  }),
  ex("side_plank", ["Side plank", "Sideplanke", "Plancha lateral", "Seitstütz"], {
    pattern: "core_anti_rotation",
    eq: BW,
    primary: ["obliques"],
    secondary: ["abs"],
    regions: ["shoulder"],
    kind: "isolation",
    dose: "time",
    subs: ["pallof_press", "suitcase_carry", "dead_bug"],
  }),
  ex("dead_bug", ["Dead bug", "Dead bug på ryggen", "Bicho muerto", "Dead Bug in Rückenlage"], {
    pattern: "core_anti_extension",
    eq: BW,
    primary: ["abs"],
    regions: [],
    kind: "isolation",
    phases: ["warmup", "main"],
    subs: ["bird_dog", "plank", "hollow_hold"],
  }),
  ex(
    "bird_dog",
    ["Bird dog", "Firfotstående kryssløft", "Perro de caza", "Vierfüßlerstand mit Arm- und Beinheben"],
    {
      pattern: "core_anti_rotation",
      eq: BW,
      primary: ["spinal_erectors", "abs"],
      secondary: ["glutes"],
      regions: ["wrist", "knee"],
      kind: "isolation",
      phases: ["warmup", "main"],
      subs: ["dead_bug", "side_plank", "glute_bridge"],
    },
  ),
  ex(
    "hanging_knee_raise",
    ["Hanging knee raise", "Hengende kneløft", "Elevación de rodillas colgado", "Hängendes Knieheben"],
    {
      pattern: "core_flexion",
      eq: ["barbell_rack"],
      primary: ["abs", "hip_flexors"],
      regions: ["shoulder", "elbow"],
      kind: "isolation",
      loadable: false,
      subs: ["dead_bug", "crunch", "hollow_hold"],
    },
  ),
  ex(
    "pallof_press",
    [
      "Band Pallof press",
      "Pallof press med strikk",
      "Press Pallof con banda elástica",
      "Pallof-Press mit Widerstandsband",
    ],
    {
      pattern: "core_anti_rotation",
      eq: ["bands"],
      primary: ["obliques", "abs"],
      regions: [],
      kind: "isolation",
      subs: ["side_plank", "dead_bug", "suitcase_carry"],
    },
  ),
  ex(
    "crunch",
    ["Crunch", "Mageøvelse med kort bevegelse (crunch)", "Encogimiento abdominal", "Bauchpresse"],
    {
      pattern: "core_flexion",
      eq: BW,
      primary: ["abs"],
      regions: ["neck"],
      kind: "isolation",
      subs: ["dead_bug", "hanging_knee_raise", "hollow_hold"],
    },
  ),
  ex("hollow_hold", ["Hollow body hold", "Hul kropp-hold", "Posición de cuerpo hueco", "Hohlkörperhalte"], {
    pattern: "core_anti_extension",
    eq: BW,
    primary: ["abs"],
    secondary: ["hip_flexors"],
    regions: ["lower_back"],
    kind: "isolation",
    dose: "time",
    level: "intermediate",
    subs: ["dead_bug", "plank"],
  }),
  ex(
    "farmer_carry",
    [
      "Dumbbell farmer's carry",
      "Bondegåing med manualer",
      "Paseo del granjero con mancuernas",
      "Farmer's Walk mit Kurzhanteln",
    ],
    {
      pattern: "carry",
      eq: ["dumbbells"],
      primary: ["forearms", "traps"],
      secondary: ["abs", "obliques"],
      regions: ["wrist"],
      dose: "time",
      subs: ["kettlebell_farmer_carry", "suitcase_carry", "dumbbell_shrug"],
    },
  ),
  ex(
    "kettlebell_farmer_carry",
    [
      "Kettlebell farmer's carry",
      "Bondegåing med kettlebells",
      "Paseo del granjero con kettlebells",
      "Farmer's Walk mit Kettlebells",
    ],
    {
      pattern: "carry",
      eq: ["kettlebells"],
      primary: ["forearms", "traps"],
      secondary: ["abs"],
      regions: ["wrist"],
      dose: "time",
      subs: ["farmer_carry", "suitcase_carry"],
    },
  ),
  ex(
    "suitcase_carry",
    [
      "Kettlebell suitcase carry",
      "Koffertbæring med kettlebell",
      "Paseo de maleta con kettlebell",
      "Koffergang mit Kettlebell",
    ],
    {
      pattern: "carry",
      eq: ["kettlebells"],
      primary: ["obliques", "forearms"],
      secondary: ["abs"],
      regions: ["wrist"],
      dose: "time",
      subs: ["kettlebell_farmer_carry", "farmer_carry", "side_plank", "pallof_press"],
    },
  ),
  // ---------------------------------------------------------------- conditioning
  ex("burpee", ["Burpee", "Burpee", "Burpee", "Burpee"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["quads", "chest"],
    secondary: ["glutes", "triceps", "abs"],
    regions: ["shoulder", "elbow", "wrist", "hip", "knee", "ankle"],
    phases: ["intervals"],
    dose: "time",
    subs: ["mountain_climber", "jumping_jack", "high_knees", "shadow_boxing"],
  }),
  ex("jumping_jack", ["Jumping jack", "Sprellemann", "Salto de tijera", "Hampelmann"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["calves", "quads"],
    secondary: ["side_delts"],
    regions: ["ankle", "knee"],
    phases: ["warmup", "intervals"],
    dose: "time",
    subs: ["high_knees", "march_in_place", "shadow_boxing"],
  }),
  ex("high_knees", ["High knees", "Høye kneløft", "Rodillas arriba", "Kniehebelauf"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["hip_flexors", "quads"],
    secondary: ["calves"],
    regions: KNEE_HIP_ANKLE,
    phases: ["warmup", "intervals"],
    dose: "time",
    subs: ["jumping_jack", "march_in_place", "mountain_climber"],
  }),
  ex("mountain_climber", ["Mountain climber", "Fjellklatrer", "Escalador", "Bergsteiger"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["abs", "hip_flexors"],
    secondary: ["front_delts", "quads"],
    regions: ["shoulder", "wrist", "hip"],
    phases: ["intervals"],
    dose: "time",
    subs: ["high_knees", "burpee", "plank"],
  }),
  ex("skater_jump", ["Skater jump", "Skøytehopp", "Salto de patinador", "Eisschnellläufer-Sprung"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["glutes", "quads"],
    secondary: ["adductors", "calves"],
    regions: KNEE_HIP_ANKLE,
    phases: ["intervals"],
    dose: "time",
    subs: ["lateral_lunge", "jump_squat", "high_knees"],
  }),
  ex(
    "dumbbell_thruster",
    ["Dumbbell thruster", "Thruster med manualer", "Thruster con mancuernas", "Kurzhantel-Thruster"],
    {
      pattern: "squat",
      eq: ["dumbbells"],
      primary: ["quads", "front_delts"],
      secondary: ["glutes", "triceps"],
      regions: ["knee", "hip", "ankle", "shoulder", "elbow", "wrist"],
      phases: ["main", "intervals"],
      level: "intermediate",
      subs: ["goblet_squat", "dumbbell_shoulder_press", "kettlebell_swing"],
    },
  ),
  ex("shadow_boxing", ["Shadow boxing", "Skyggeboksing", "Boxeo de sombra", "Schattenboxen"], {
    pattern: "plyometric",
    eq: BW,
    primary: ["front_delts", "obliques"],
    secondary: ["calves"],
    regions: ["shoulder", "elbow"],
    phases: ["warmup", "intervals"],
    dose: "time",
    subs: ["jumping_jack", "arm_ergometer", "high_knees"],
  }),
  // ---------------------------------------------------------------- cardio machines and walking
  ex("stationary_bike", ["Stationary bike", "Ergometersykkel", "Bicicleta estática", "Fahrradergometer"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["quads", "glutes"],
    secondary: ["calves"],
    regions: ["knee", "hip"],
    phases: CARDIO_PHASES,
    dose: "time",
    loadable: false,
    subs: ["elliptical", "rowing_machine", "arm_ergometer", "brisk_walk"],
  }),
  ex("rowing_machine", ["Rowing machine", "Romaskin", "Remoergómetro", "Rudergerät"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["quads", "upper_back", "lats"],
    secondary: ["glutes", "biceps"],
    regions: ["lower_back", "knee", "hip"],
    phases: CARDIO_PHASES,
    dose: "time",
    loadable: false,
    subs: ["ski_erg", "stationary_bike", "elliptical"],
  }),
  ex(
    "treadmill_run",
    ["Treadmill run", "Løping på tredemølle", "Carrera en cinta", "Laufen auf dem Laufband"],
    {
      pattern: "cardio",
      eq: ["cardio_machines"],
      primary: LEG_CARDIO,
      secondary: ["hamstrings"],
      regions: KNEE_HIP_ANKLE,
      phases: ["warmup", "intervals"],
      dose: "time",
      loadable: false,
      subs: ["treadmill_incline_walk", "elliptical", "stationary_bike"],
    },
  ),
  ex(
    "treadmill_incline_walk",
    [
      "Treadmill incline walk",
      "Gange i motbakke på tredemølle",
      "Caminata inclinada en cinta",
      "Gehen mit Steigung auf dem Laufband",
    ],
    {
      pattern: "cardio",
      eq: ["cardio_machines"],
      primary: LEG_CARDIO,
      regions: KNEE_HIP_ANKLE,
      phases: CARDIO_PHASES,
      dose: "time",
      loadable: false,
      subs: ["stair_climber", "elliptical", "brisk_walk"],
    },
  ),
  ex("elliptical", ["Elliptical trainer", "Ellipsemaskin", "Elíptica", "Crosstrainer"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["quads", "glutes"],
    secondary: ["upper_back"],
    regions: ["knee", "hip"],
    phases: CARDIO_PHASES,
    dose: "time",
    loadable: false,
    subs: ["stationary_bike", "treadmill_incline_walk", "rowing_machine"],
  }),
  ex("ski_erg", ["Ski ergometer", "Stakemaskin", "Ergómetro de esquí", "Ski-Ergometer"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["lats", "triceps"],
    secondary: ["abs", "upper_back"],
    regions: ["shoulder", "elbow", "lower_back"],
    phases: CARDIO_PHASES,
    dose: "time",
    loadable: false,
    subs: ["rowing_machine", "arm_ergometer", "stationary_bike"],
  }),
  ex("stair_climber", ["Stair climber", "Trappemaskin", "Escaladora", "Treppensteiger"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["quads", "glutes"],
    secondary: ["calves"],
    regions: KNEE_HIP_ANKLE,
    phases: ["warmup", "intervals"],
    dose: "time",
    loadable: false,
    subs: ["treadmill_incline_walk", "stationary_bike"],
  }),
  ex("arm_ergometer", ["Arm ergometer", "Armsykkel", "Ergómetro de brazos", "Armergometer"], {
    pattern: "cardio",
    eq: ["cardio_machines"],
    primary: ["front_delts", "upper_back"],
    secondary: ["biceps", "triceps"],
    regions: PULL_JOINTS,
    phases: CARDIO_PHASES,
    dose: "time",
    loadable: false,
    subs: ["ski_erg", "shadow_boxing"],
  }),
  ex("brisk_walk", ["Brisk walk", "Rask gange", "Caminata rápida", "Zügiges Gehen"], {
    pattern: "cardio",
    eq: BW,
    primary: LEG_CARDIO,
    regions: KNEE_HIP_ANKLE,
    phases: ["warmup", "cooldown"],
    dose: "time",
    subs: ["march_in_place", "treadmill_incline_walk"],
  }),
  ex(
    "march_in_place",
    ["March in place", "Marsj på stedet", "Marcha en el sitio", "Marschieren auf der Stelle"],
    {
      pattern: "cardio",
      eq: BW,
      primary: ["hip_flexors", "calves"],
      regions: ["hip", "knee"],
      phases: ["warmup", "cooldown"],
      dose: "time",
      subs: ["brisk_walk", "jumping_jack"],
    },
  ),
  // ---------------------------------------------------------------- mobility (warm-up)
  ex("arm_circles", ["Arm circles", "Armsirkler", "Círculos de brazos", "Armkreisen"], {
    pattern: "mobility",
    eq: BW,
    primary: ["front_delts", "side_delts"],
    regions: ["shoulder"],
    phases: WARM,
    kind: "isolation",
    subs: ["band_pull_apart", "open_book"],
  }),
  ex("leg_swings", ["Leg swings", "Beinsving", "Balanceo de piernas", "Beinpendel"], {
    pattern: "mobility",
    eq: BW,
    primary: ["hip_flexors", "hamstrings"],
    regions: ["hip"],
    phases: WARM,
    kind: "isolation",
    subs: ["hip_circles", "lunge_with_rotation"],
  }),
  ex(
    "lunge_with_rotation",
    ["Lunge with rotation", "Utfall med rotasjon", "Zancada con rotación", "Ausfallschritt mit Rotation"],
    {
      pattern: "mobility",
      eq: BW,
      primary: ["hip_flexors", "obliques"],
      secondary: ["quads"],
      regions: KNEE_HIP_ANKLE,
      phases: WARM,
      subs: ["leg_swings", "open_book"],
    },
  ),
  ex("cat_cow", ["Cat-cow", "Katt og ku", "Gato-vaca", "Katze-Kuh"], {
    pattern: "mobility",
    eq: BW,
    primary: ["spinal_erectors", "abs"],
    regions: ["wrist", "knee"],
    phases: WARM,
    kind: "isolation",
    subs: ["open_book", "dead_bug"],
  }),
  ex(
    "ankle_rocks",
    [
      "Ankle rocks",
      "Ankelmobilisering mot vegg",
      "Movilidad de tobillo contra la pared",
      "Sprunggelenkmobilisation an der Wand",
    ],
    {
      pattern: "mobility",
      eq: BW,
      primary: ["calves"],
      regions: ["ankle", "knee"],
      phases: WARM,
      kind: "isolation",
      subs: ["leg_swings", "calf_stretch"],
    },
  ),
  ex("open_book", ["Open book rotation", "Åpen bok", "Libro abierto", "Offenes Buch"], {
    pattern: "mobility",
    eq: BW,
    primary: ["upper_back", "obliques"],
    regions: ["shoulder"],
    phases: ["warmup", "cooldown"],
    kind: "isolation",
    subs: ["cat_cow", "arm_circles"],
  }),
  ex(
    "hip_circles",
    ["Standing hip circles", "Hoftesirkler", "Círculos de cadera de pie", "Hüftkreisen im Stehen"],
    {
      pattern: "mobility",
      eq: BW,
      primary: ["hip_flexors", "glutes"],
      regions: ["hip"],
      phases: WARM,
      kind: "isolation",
      subs: ["leg_swings", "lunge_with_rotation"],
    },
  ),
  // ---------------------------------------------------------------- stretches (cool-down)
  ex(
    "hip_flexor_stretch",
    [
      "Kneeling hip flexor stretch",
      "Tøyning av hoftebøyer på kne",
      "Estiramiento de flexores de cadera de rodillas",
      "Hüftbeuger-Dehnung im Kniestand",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["hip_flexors"],
      regions: ["hip", "knee"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["quad_stretch", "figure_four_stretch"],
    },
  ),
  ex(
    "hamstring_stretch",
    [
      "Lying hamstring stretch",
      "Liggende tøyning av baksiden av låret",
      "Estiramiento de isquiotibiales tumbado",
      "Dehnung der hinteren Oberschenkel im Liegen",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["hamstrings"],
      regions: ["hip"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["figure_four_stretch", "childs_pose"],
    },
  ),
  ex(
    "quad_stretch",
    [
      "Standing quad stretch",
      "Stående tøyning av forsiden av låret",
      "Estiramiento de cuádriceps de pie",
      "Quadrizepsdehnung im Stehen",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["quads"],
      regions: ["knee"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["hip_flexor_stretch"],
    },
  ),
  ex("childs_pose", ["Child's pose", "Barnestilling", "Postura del niño", "Kindhaltung"], {
    pattern: "stretch",
    eq: BW,
    primary: ["spinal_erectors", "lats"],
    regions: ["knee"],
    phases: COOL,
    kind: "isolation",
    dose: "time",
    subs: ["open_book", "diaphragmatic_breathing"],
  }),
  ex(
    "doorway_chest_stretch",
    [
      "Doorway chest stretch",
      "Brysttøyning i døråpning",
      "Estiramiento de pecho en el marco de una puerta",
      "Brustdehnung im Türrahmen",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["chest", "front_delts"],
      regions: ["shoulder"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["cross_body_shoulder_stretch", "open_book"],
    },
  ),
  ex(
    "calf_stretch",
    [
      "Wall calf stretch",
      "Leggtøyning mot vegg",
      "Estiramiento de gemelos contra la pared",
      "Wadendehnung an der Wand",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["calves"],
      regions: ["ankle"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["hamstring_stretch"],
    },
  ),
  ex(
    "figure_four_stretch",
    [
      "Figure-four glute stretch",
      "Setetøyning i firetallsstilling",
      "Estiramiento de glúteo en figura de cuatro",
      "Gesäßdehnung in Vierer-Position",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["glutes"],
      regions: ["hip", "knee"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["hamstring_stretch", "hip_flexor_stretch"],
    },
  ),
  ex(
    "cross_body_shoulder_stretch",
    [
      "Cross-body shoulder stretch",
      "Skuldertøyning over brystet",
      "Estiramiento de hombro cruzado",
      "Schulterdehnung vor dem Körper",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["rear_delts"],
      regions: ["shoulder"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["doorway_chest_stretch", "open_book"],
    },
  ),
  ex(
    "neck_side_stretch",
    [
      "Neck side stretch",
      "Sidetøyning av nakken",
      "Estiramiento lateral del cuello",
      "Seitliche Nackendehnung",
    ],
    {
      pattern: "stretch",
      eq: BW,
      primary: ["traps"],
      regions: ["neck"],
      phases: COOL,
      kind: "isolation",
      dose: "time",
      subs: ["diaphragmatic_breathing"],
    },
  ),
  ex(
    "diaphragmatic_breathing",
    ["Diaphragmatic breathing", "Magepust", "Respiración diafragmática", "Zwerchfellatmung"],
    {
      pattern: "breathing",
      eq: BW,
      primary: ["abs"],
      regions: [],
      phases: ["warmup", "cooldown"],
      kind: "isolation",
      dose: "time",
      subs: ["childs_pose"],
    },
  ),
];

const BY_ID: ReadonlyMap<string, ExerciseDef> = new Map(EXERCISE_LIBRARY.map((e) => [e.id, e]));

export function exerciseById(id: string): ExerciseDef | undefined {
  return BY_ID.get(id);
}

export function exerciseName(def: ExerciseDef, locale: Locale = "en"): string {
  return def.names[locale];
}

const NAME_KEY = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const BY_NAME: ReadonlyMap<string, ExerciseDef> = new Map(
  EXERCISE_LIBRARY.flatMap((e) => [
    [NAME_KEY(e.id), e] as const,
    ...LOCALES.map((l) => [NAME_KEY(e.names[l]), e] as const),
  ]),
);

/** A library exercise by id or by any of its names (accents, case and punctuation ignored). */
export function findExercise(idOrName: string): ExerciseDef | undefined {
  return BY_ID.get(idOrName) ?? BY_NAME.get(NAME_KEY(idOrName));
}

/** What a profile's equipment list makes available; "full_gym" means everything, bodyweight is always there. */
export function availableEquipment(profile: readonly ProfileEquipment[]): ReadonlySet<Equipment> {
  if (profile.includes("full_gym")) return new Set(EQUIPMENT);
  return new Set<Equipment>(["bodyweight", ...profile.filter((e): e is Equipment => e !== "full_gym")]);
}

export function hasEquipmentFor(def: ExerciseDef, available: ReadonlySet<Equipment>): boolean {
  return def.equipment.every((e) => available.has(e));
}

export function loadsAnyRegion(def: ExerciseDef, regions: ReadonlySet<string>): boolean {
  return def.regions.some((r) => regions.has(r));
}

const AREA_OF: Readonly<Record<Muscle, SorenessArea>> = {
  quads: "legs",
  hamstrings: "legs",
  glutes: "legs",
  adductors: "legs",
  calves: "legs",
  hip_flexors: "legs",
  chest: "chest",
  lats: "back",
  upper_back: "back",
  traps: "back",
  spinal_erectors: "back",
  front_delts: "shoulders",
  side_delts: "shoulders",
  rear_delts: "shoulders",
  biceps: "arms",
  triceps: "arms",
  forearms: "arms",
  abs: "core",
  obliques: "core",
};

/** The soreness areas an exercise's prime movers belong to. */
export function sorenessAreasOf(def: ExerciseDef): ReadonlySet<SorenessArea> {
  return new Set(def.primary.map((m) => AREA_OF[m]));
}

/** Smallest practical load step for double progression, kg (notes: 2.5 barbell, 1–2 dumbbells). */
export function loadIncrementKg(def: ExerciseDef, currentKg: number): number {
  if (def.equipment.includes("barbell_rack")) return 2.5;
  if (def.equipment.includes("kettlebells")) return 4;
  if (def.equipment.includes("dumbbells")) return currentKg < 10 ? 1 : 2;
  return 2.5;
}
