// Bodies of the /api/music endpoints (docs/api.md "Music"), shared by the server and the client.
import * as z from "zod";
import { MUSIC_PHASES, MixModeSchema, TRACK_ACTIONS } from "../documents/music.js";
import { DocUrlSchema } from "../documents/primitives.js";
import type { TempoSourceKind } from "./types.js";

const Bpm = z.number().min(40).max(240);
const Scale5 = z.int().min(1).max(5).nullable().optional();

export const MixPhaseBodySchema = z.strictObject({
  kind: z.enum(MUSIC_PHASES),
  bpm: z.strictObject({ min: Bpm, max: Bpm }).nullable().optional(),
  minutes: z.number().min(1).max(240).nullable().optional(),
});

export const MixSignalsBodySchema = z.strictObject({
  energy: Scale5,
  mood: Scale5,
  motivation: Scale5,
  stress: Scale5,
  sleepQuality: Scale5,
  soreness: Scale5,
  sleepHours: z.number().min(0).max(24).nullable().optional(),
  recovery: z.literal([-1, 0, 1]).nullable().optional(),
  hrvScore: z.number().min(0).max(100).nullable().optional(),
  sleepScore: z.number().min(0).max(100).nullable().optional(),
});

export const SessionMixBodySchema = z.strictObject({
  mode: MixModeSchema,
  /** The plan's phases (canonical order); absent: the defaults of the mode. */
  phases: z.array(MixPhaseBodySchema).max(4).optional(),
  workoutUrl: DocUrlSchema.nullable().optional(),
  signals: MixSignalsBodySchema.optional(),
  /** Playlist name; default "Cadence <mode> · <date>". */
  name: z.string().trim().min(1).max(100).optional(),
  /** false: compute and explain the mix only, save nothing (default true). */
  save: z.boolean().optional(),
});
export type SessionMixBody = z.infer<typeof SessionMixBodySchema>;

export const SpotifyUriSchema = z
  .string()
  .regex(/^spotify:(track|episode):[A-Za-z0-9]{1,64}$/, "expected spotify:track:<id>");
const DeviceId = z.string().min(1).max(128);

export const PlayBodySchema = z.strictObject({
  deviceId: DeviceId.optional(),
  /** A playlist (or album) to play, e.g. the Session Mix's `spotify:playlist:<id>`. */
  contextUri: z
    .string()
    .regex(/^spotify:(playlist|album|artist):[A-Za-z0-9]{1,64}$/)
    .optional(),
  uris: z.array(SpotifyUriSchema).min(1).max(100).optional(),
  /** Start at this track of the context. */
  offsetUri: SpotifyUriSchema.optional(),
});
export type PlayBody = z.infer<typeof PlayBodySchema>;

export const DeviceBodySchema = z.strictObject({ deviceId: DeviceId.optional() });
export const TransferBodySchema = z.strictObject({ deviceId: DeviceId, play: z.boolean().optional() });

export const CreatePlaylistBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(300).optional(),
  public: z.boolean().optional(),
  uris: z.array(SpotifyUriSchema).max(500),
});

export const FeedbackBodySchema = z.strictObject({
  trackUri: z.string().min(1).max(200),
  action: z.enum(TRACK_ACTIONS),
  phase: z.enum(MUSIC_PHASES).nullable().optional(),
  workoutUrl: DocUrlSchema.nullable().optional(),
});

export const ConnectStartBodySchema = z.strictObject({
  /** Where the app wants to land afterwards: a path on its own origin (default /settings#music). */
  returnTo: z.string().max(300).optional(),
});

export const ConnectConfirmBodySchema = z.strictObject({ state: z.string().min(16).max(200) });

/**
 * Something a Session Mix did without, as a code the client words in the person's language; `message` is the
 * English wording with the technical detail (for API clients and logs).
 */
export type MixWarning =
  | { code: "top_tracks_unavailable"; timeRange: "short_term" | "medium_term"; message: string }
  | { code: "history_unavailable"; message: string }
  | { code: "tempo_source_failed"; source: TempoSourceKind; message: string };
