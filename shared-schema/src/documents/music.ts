// The music document: one per user. Session Mix preferences, the BPM target per workout phase, feedback on
// tracks (skip/like/complete) and the playlists created. No secrets: Spotify tokens stay on the server.
import * as z from "zod";
import { UserIdSchema } from "../ids.js";
import { DocUrlSchema, EntryIdSchema, IsoDateTimeSchema, recordById } from "./primitives.js";

export const MUSIC_SCHEMA_VERSION = 1;

export const MUSIC_PHASES = ["warmup", "main", "intervals", "cooldown"] as const;
export const MusicPhaseSchema = z.enum(MUSIC_PHASES);
export type MusicPhase = z.infer<typeof MusicPhaseSchema>;

/** Session Mix modes: warm-up only, full session phased by plan, recovery/cool-down. */
export const MIX_MODES = ["warmup", "full", "cooldown"] as const;
export const MixModeSchema = z.enum(MIX_MODES);
export type MixMode = z.infer<typeof MixModeSchema>;

const BpmSchema = z.number().min(40).max(240);

/**
 * A target tempo range. `min <= max` is not enforced: two devices editing either end concurrently can merge
 * into a crossed range, so readers use `[Math.min(min, max), Math.max(min, max)]`.
 */
export const BpmRangeSchema = z.object({ min: BpmSchema, max: BpmSchema });
export type BpmRange = z.infer<typeof BpmRangeSchema>;

export const BpmTargetsSchema = z.object({
  warmup: BpmRangeSchema,
  main: BpmRangeSchema,
  intervals: BpmRangeSchema,
  cooldown: BpmRangeSchema,
});
export type BpmTargets = z.infer<typeof BpmTargetsSchema>;

export const MusicPreferencesSchema = z.object({
  defaultMode: MixModeSchema,
  playlistVisibility: z.enum(["private", "public"]),
  preferredGenres: z.array(z.string().min(1).max(60)).max(50),
  allowExplicit: z.boolean(),
});
export type MusicPreferences = z.infer<typeof MusicPreferencesSchema>;

/** A track reference, e.g. `spotify:track:<id>`. */
const TrackUriSchema = z.string().min(1).max(200);

export const TRACK_ACTIONS = ["skip", "like", "complete"] as const;

export const TrackFeedbackSchema = z.object({
  id: EntryIdSchema,
  trackUri: TrackUriSchema,
  action: z.enum(TRACK_ACTIONS),
  phase: MusicPhaseSchema.nullable(),
  workoutUrl: DocUrlSchema.nullable(),
  at: IsoDateTimeSchema,
});
export type TrackFeedback = z.infer<typeof TrackFeedbackSchema>;

export const PlaylistTrackSchema = z.object({
  uri: TrackUriSchema,
  phase: MusicPhaseSchema,
  bpm: BpmSchema.nullable(),
});
export type PlaylistTrack = z.infer<typeof PlaylistTrackSchema>;

export const SessionPlaylistSchema = z.object({
  id: EntryIdSchema,
  name: z.string().min(1).max(100),
  mode: MixModeSchema,
  workoutUrl: DocUrlSchema.nullable(),
  /** Set once the playlist was saved to the user's Spotify account. */
  spotifyPlaylistId: z.string().min(1).max(100).nullable(),
  tracks: z.array(PlaylistTrackSchema).max(500),
  createdAt: IsoDateTimeSchema,
});
export type SessionPlaylist = z.infer<typeof SessionPlaylistSchema>;

/** Where a tempo the user gave came from: tapped along, typed in, or estimated from an audio file they chose. */
export const TEMPO_ENTRY_SOURCES = ["tap", "typed", "file"] as const;

/** A tempo the user supplied for one track (the Session Mix's own tempo sources, after Spotify and a provider). */
export const TrackTempoSchema = z.object({
  trackUri: TrackUriSchema,
  bpm: BpmSchema,
  source: z.enum(TEMPO_ENTRY_SOURCES),
  at: IsoDateTimeSchema,
});
export type TrackTempo = z.infer<typeof TrackTempoSchema>;

/**
 * Tempos keyed by track uri (`tempos[uri].trackUri === uri`): one value per track, so two devices tapping the same
 * track concurrently keep one of the two (Automerge's winner), never a growing list.
 */
export const TrackTemposSchema = z.record(TrackUriSchema, TrackTempoSchema).superRefine((record, ctx) => {
  for (const [key, value] of Object.entries(record)) {
    if (value.trackUri !== key) {
      ctx.addIssue({
        code: "custom",
        path: [key, "trackUri"],
        message: `Invalid trackUri: must equal its key "${key}"`,
      });
    }
  }
});

export const MusicDocSchema = z.object({
  schemaVersion: z.literal(MUSIC_SCHEMA_VERSION),
  kind: z.literal("music"),
  userId: UserIdSchema,
  preferences: MusicPreferencesSchema,
  bpmTargets: BpmTargetsSchema,
  feedback: recordById(TrackFeedbackSchema),
  playlists: recordById(SessionPlaylistSchema),
  /**
   * Optional (added after version 1 shipped; absent in older documents, so no version bump): tempos the user
   * tapped, typed or estimated from a file. New documents start with `{}`.
   */
  tempos: TrackTemposSchema.optional(),
});
export type MusicDoc = z.infer<typeof MusicDocSchema>;

/** The spec's per-phase defaults (Flow 11). */
export function defaultBpmTargets(): BpmTargets {
  return {
    warmup: { min: 100, max: 120 },
    main: { min: 130, max: 160 },
    intervals: { min: 160, max: 180 },
    cooldown: { min: 80, max: 100 },
  };
}

export function defaultMusicPreferences(): MusicPreferences {
  return { defaultMode: "full", playlistVisibility: "private", preferredGenres: [], allowExplicit: true };
}

export function newMusicDoc(userId: string): MusicDoc {
  return {
    schemaVersion: MUSIC_SCHEMA_VERSION,
    kind: "music",
    userId,
    preferences: defaultMusicPreferences(),
    bpmTargets: defaultBpmTargets(),
    feedback: {},
    playlists: {},
    tempos: {},
  };
}
