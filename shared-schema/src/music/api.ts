// Bodies of the /api/music endpoints (docs/api.md "Music"), shared by the server and the client.
import * as z from "zod";
import { MUSIC_PHASES, MixModeSchema, TRACK_ACTIONS } from "../documents/music.js";
import { DocUrlSchema } from "../documents/primitives.js";
import type { SessionMix } from "./session-mix.js";
import type { TempoChainReport } from "./tempo.js";
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

// Responses of the /api/music endpoints, as the server sends them and the client reads them.

export interface MusicStatus {
  configured: boolean;
  reason: string | null;
  connected: boolean;
  needsReconnect: boolean;
  scopes: string[];
  connectedAt: string | null;
  redirectUri: string | null;
  tempoSources: string[];
}

/** A track as our API shows it. */
export interface TrackView {
  uri: string;
  id: string;
  name: string;
  artists: string[];
  album: string | null;
  durationMs: number;
  explicit: boolean;
  imageUrl: string | null;
  url: string | null;
}

export interface DeviceView {
  id: string | null;
  name: string;
  type: string;
  isActive: boolean;
  isRestricted: boolean;
  volumePercent: number | null;
}

export interface PlaybackView {
  active: boolean;
  isPlaying: boolean;
  progressMs: number | null;
  device: DeviceView | null;
  track: TrackView | null;
  contextUri: string | null;
}

export interface PlaylistRef {
  id: string;
  uri: string;
  url: string | null;
  name: string;
}

export interface SessionMixResult {
  mix: SessionMix;
  playlist: PlaylistRef | null;
  tracksAdded: number;
  /** Generated beats in the mix, which are not on Spotify. */
  notOnSpotify: number;
  playlistError: { code: string; message: string } | null;
  recorded: boolean;
  musicDocUrl: string | null;
  tempoSources: TempoChainReport[];
  warnings: MixWarning[];
}
