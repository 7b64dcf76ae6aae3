/**
 * Writes into the user's music document from this device (works offline; the sync server is not needed):
 * feedback from the player, tempos the user taps, types or estimates, BPM targets, "Clear music history".
 * Every write goes through `handle.change` on the document itself (never a stored parsed copy), adds map entries
 * by key, and never stores `undefined`.
 */
import type { DocHandle } from "@automerge/automerge-repo/slim";
import { makeEntryId, type BpmRange, type MusicDoc, type MusicPhase } from "@cadence/shared-schema";
import { believableBpm, clearMusicHistory } from "@cadence/shared-schema/music";

export type FeedbackAction = "skip" | "like" | "complete";

export function recordFeedback(
  handle: DocHandle<MusicDoc>,
  f: { trackUri: string; action: FeedbackAction; phase: MusicPhase | null; workoutUrl: string | null },
): string {
  const id = makeEntryId();
  handle.change(
    (d) => {
      d.feedback[id] = {
        id,
        trackUri: f.trackUri,
        action: f.action,
        phase: f.phase,
        workoutUrl: f.workoutUrl,
        at: new Date().toISOString(),
      };
    },
    { message: `music feedback ${f.action}` },
  );
  return id;
}

/** Stores the tempo the user gave a track (rounded to 0.1 BPM). Returns false for an unbelievable tempo. */
export function setTrackTempo(
  handle: DocHandle<MusicDoc>,
  trackUri: string,
  bpm: number,
  source: "tap" | "typed" | "file",
): boolean {
  if (!believableBpm(bpm)) return false;
  const value = Math.round(bpm * 10) / 10;
  handle.change(
    (d) => {
      // Documents written before `tempos` existed get the map on first use.
      if (!d.tempos) d.tempos = {};
      d.tempos[trackUri] = { trackUri, bpm: value, source, at: new Date().toISOString() };
    },
    { message: "music tempo" },
  );
  return true;
}

export function removeTrackTempo(handle: DocHandle<MusicDoc>, trackUri: string): void {
  handle.change((d) => {
    if (d.tempos?.[trackUri]) delete d.tempos[trackUri];
  });
}

export function setBpmTarget(handle: DocHandle<MusicDoc>, phase: MusicPhase, range: BpmRange): boolean {
  if (!believableBpm(range.min) || !believableBpm(range.max)) return false;
  handle.change(
    (d) => {
      d.bpmTargets[phase].min = Math.round(Math.min(range.min, range.max));
      d.bpmTargets[phase].max = Math.round(Math.max(range.min, range.max));
    },
    { message: `music bpm ${phase}` },
  );
  return true;
}

/** "Clear music history": feedback and recorded Session Mixes (and, if asked, the tempos the user gave). */
export function clearHistory(handle: DocHandle<MusicDoc>, options: { tempos?: boolean } = {}) {
  let counts = { feedback: 0, playlists: 0, tempos: 0 };
  handle.change(
    (d) => {
      counts = clearMusicHistory(d, options);
    },
    { message: "clear music history" },
  );
  return counts;
}
