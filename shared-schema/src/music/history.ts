// What the music document remembers, folded into lookups for scoring: feedback per track, the phases a track was
// used in, and when it last appeared in a Session Mix. Also "Clear music history".
import type { MusicDoc, MusicPhase } from "../documents/music.js";

export interface TrackFeedbackCounts {
  likes: number;
  completes: number;
  skips: number;
  completesByPhase: Partial<Record<MusicPhase, number>>;
}

export interface MixHistory {
  feedback: ReadonlyMap<string, TrackFeedbackCounts>;
  /** Per track: how many past Session Mixes used it in each phase. */
  phaseUses: ReadonlyMap<string, Partial<Record<MusicPhase, number>>>;
  /** Per track: when it last appeared in a Session Mix (ms since the epoch). */
  lastMixedAt: ReadonlyMap<string, number>;
}

export function emptyHistory(): MixHistory {
  return { feedback: new Map(), phaseUses: new Map(), lastMixedAt: new Map() };
}

/** Folds a music document's `feedback` and `playlists` maps (any order, duplicates allowed) into lookups. */
export function historyFromMusicDoc(doc: Pick<MusicDoc, "feedback" | "playlists">): MixHistory {
  const feedback = new Map<string, TrackFeedbackCounts>();
  for (const f of Object.values(doc.feedback)) {
    let c = feedback.get(f.trackUri);
    if (!c) feedback.set(f.trackUri, (c = { likes: 0, completes: 0, skips: 0, completesByPhase: {} }));
    if (f.action === "like") c.likes++;
    else if (f.action === "skip") c.skips++;
    else {
      c.completes++;
      if (f.phase) c.completesByPhase[f.phase] = (c.completesByPhase[f.phase] ?? 0) + 1;
    }
  }
  const phaseUses = new Map<string, Partial<Record<MusicPhase, number>>>();
  const lastMixedAt = new Map<string, number>();
  for (const p of Object.values(doc.playlists)) {
    const at = Date.parse(p.createdAt);
    const seen = new Set<string>();
    for (const t of p.tracks) {
      const key = `${t.uri}\u0000${t.phase}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let uses = phaseUses.get(t.uri);
      if (!uses) phaseUses.set(t.uri, (uses = {}));
      uses[t.phase] = (uses[t.phase] ?? 0) + 1;
      if (Number.isFinite(at) && at > (lastMixedAt.get(t.uri) ?? -Infinity)) lastMixedAt.set(t.uri, at);
    }
  }
  return { feedback, phaseUses, lastMixedAt };
}

/**
 * "Clear music history": removes every feedback entry and every recorded playlist, and with `tempos: true` the
 * tempos the user supplied. Call it inside `handle.change(doc => clearMusicHistory(doc))`: it deletes keys one by
 * one (never replaces the maps), so an entry another device adds concurrently survives the merge, as it should.
 * Playlists already saved in Spotify stay there (they are the user's).
 */
export function clearMusicHistory(
  doc: Pick<MusicDoc, "feedback" | "playlists" | "tempos">,
  options: { tempos?: boolean } = {},
): { feedback: number; playlists: number; tempos: number } {
  const counts = { feedback: 0, playlists: 0, tempos: 0 };
  for (const key of Object.keys(doc.feedback)) {
    delete doc.feedback[key];
    counts.feedback++;
  }
  for (const key of Object.keys(doc.playlists)) {
    delete doc.playlists[key];
    counts.playlists++;
  }
  if (options.tempos && doc.tempos) {
    for (const key of Object.keys(doc.tempos)) {
      delete doc.tempos[key];
      counts.tempos++;
    }
  }
  return counts;
}
