/**
 * What the player learns from playback it polls: a track heard to 90 % that then changes was listened to in full;
 * "Next" before half of a track is a skip. Both become feedback in the music document for the next Session Mix.
 */
import type { MusicPhase } from "@cadence/shared-schema";
import type { PlaybackView } from "./api.js";

/** A track counts as listened to in full when it was seen at 90 % before it changed. */
export const COMPLETE_SHARE = 0.9;
/** "Next" before half the track counts as a skip. */
export const SKIP_SHARE = 0.5;

/** The track being watched for a full listen, the furthest share of it seen, and the phase it played in. */
export interface Watching {
  uri: string;
  seen: number;
  phase: MusicPhase | null;
}

/** How far into the current track playback is (0 when unknown). */
export function shareOf(p: PlaybackView | null): number {
  const track = p?.track;
  if (!track || p.progressMs === null || track.durationMs <= 0) return 0;
  return Math.min(1, Math.max(0, p.progressMs / track.durationMs));
}

/** One poll: the new watch, and the watched track when it has just ended after a full listen. */
export function observe(
  watching: Watching | null,
  p: PlaybackView,
  phase: MusicPhase | null,
): { watching: Watching | null; completed: Watching | null } {
  const uri = p.track?.uri ?? null;
  const completed = watching && watching.uri !== uri && watching.seen >= COMPLETE_SHARE ? watching : null;
  if (uri === null) return { watching: null, completed };
  if (watching?.uri === uri)
    return { watching: { ...watching, seen: Math.max(watching.seen, shareOf(p)) }, completed };
  return { watching: { uri, seen: shareOf(p), phase }, completed };
}

/** Whether pressing "Next" now skips the current track (less than half of it heard). */
export function isSkip(p: PlaybackView | null): boolean {
  return p?.track != null && p.progressMs !== null && p.track.durationMs > 0 && shareOf(p) < SKIP_SHARE;
}
