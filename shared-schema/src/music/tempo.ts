// The pluggable tempo-source chain. Sources are asked in order, each only for the tracks still without a tempo:
//   1. tempo the user tapped or typed (music document `tempos`, source "tap" / "typed")
//   2. tempo estimated from an audio file the user supplied (music document `tempos`, source "file")
//   3. Spotify's legacy audio features (only apps that still have access; new apps get 403)
//   4. a third-party tempo provider, when configured
//   5. none: the track keeps `bpm: null` and is scored without the BPM term. No tempo is ever invented.
// The person's own tempo comes first because it is given for one track on purpose, often to correct a service's
// (a song Spotify reads at double time); for every other track the services are asked, in the order.
// Network sources live in the sync server (sync-server/src/music/tempo-sources.ts); the document sources are here.
import type { TrackTempo } from "../documents/music.js";
import type { CandidateTrack, TempoSourceKind } from "./types.js";

export const TEMPO_CHAIN: readonly TempoSourceKind[] = ["user", "file", "spotify", "provider"];
/** Tempos outside this range are not believed (a provider's 0 or 300 means "no beat found"). */
export const MIN_BELIEVABLE_BPM = 40;
export const MAX_BELIEVABLE_BPM = 240;

export interface TempoLookupTrack {
  uri: string;
  /** The Spotify track id, when the uri is a Spotify track. */
  spotifyId: string | null;
  name: string;
  artists: readonly string[];
}

export interface TempoFound {
  bpm: number;
  energy?: number | null;
}

export interface TempoSource {
  readonly kind: TempoSourceKind;
  /** Tempos for as many of `tracks` as this source knows, keyed by uri. May throw: the chain moves on. */
  lookup(tracks: readonly TempoLookupTrack[]): Promise<ReadonlyMap<string, TempoFound>>;
}

export interface TempoChainReport {
  kind: TempoSourceKind;
  asked: number;
  found: number;
  error: string | null;
}

export interface ResolvedTempo {
  bpm: number;
  energy: number | null;
  source: TempoSourceKind;
}

export function believableBpm(bpm: unknown): bpm is number {
  return (
    typeof bpm === "number" && Number.isFinite(bpm) && bpm >= MIN_BELIEVABLE_BPM && bpm <= MAX_BELIEVABLE_BPM
  );
}

export function spotifyIdOf(uri: string): string | null {
  const m = /^spotify:track:([A-Za-z0-9]{1,64})$/.exec(uri);
  return m ? m[1]! : null;
}

export function lookupTrackOf(track: Pick<CandidateTrack, "uri" | "name" | "artists">): TempoLookupTrack {
  return { uri: track.uri, spotifyId: spotifyIdOf(track.uri), name: track.name, artists: track.artists };
}

/** Runs the chain. A source that throws is reported and skipped; the rest still run. */
export async function resolveTempos(
  tracks: readonly TempoLookupTrack[],
  sources: readonly TempoSource[],
): Promise<{ tempos: Map<string, ResolvedTempo>; report: TempoChainReport[] }> {
  const tempos = new Map<string, ResolvedTempo>();
  const report: TempoChainReport[] = [];
  const ordered = [...sources].sort((a, b) => TEMPO_CHAIN.indexOf(a.kind) - TEMPO_CHAIN.indexOf(b.kind));
  for (const source of ordered) {
    const missing = tracks.filter((t) => !tempos.has(t.uri));
    if (missing.length === 0) break;
    let found = 0;
    let error: string | null = null;
    try {
      const answer = await source.lookup(missing);
      for (const t of missing) {
        const hit = answer.get(t.uri);
        if (!hit || !believableBpm(hit.bpm)) continue;
        const energy =
          typeof hit.energy === "number" && hit.energy >= 0 && hit.energy <= 1 ? hit.energy : null;
        tempos.set(t.uri, { bpm: hit.bpm, energy, source: source.kind });
        found++;
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    report.push({ kind: source.kind, asked: missing.length, found, error });
  }
  return { tempos, report };
}

/** Applies resolved tempos to candidates (tracks keep their own tempo if they already have one). */
export function withTempos(
  candidates: readonly CandidateTrack[],
  tempos: ReadonlyMap<string, ResolvedTempo>,
): CandidateTrack[] {
  return candidates.map((c) => {
    if (c.bpm !== null) return c;
    const t = tempos.get(c.uri);
    return t ? { ...c, bpm: t.bpm, tempoSource: t.source, energy: c.energy ?? t.energy } : c;
  });
}

/**
 * The music document's tempos as a source: `kind: "user"` reads tapped and typed entries, `kind: "file"` reads
 * entries estimated from the user's audio files.
 */
export function musicDocTempoSource(
  tempos: Readonly<Record<string, TrackTempo>> | null | undefined,
  kind: "user" | "file",
): TempoSource {
  return {
    kind,
    lookup(tracks) {
      const out = new Map<string, TempoFound>();
      for (const t of tracks) {
        const entry = tempos?.[t.uri];
        if (!entry) continue;
        const isFile = entry.source === "file";
        if ((kind === "file") === isFile) out.set(t.uri, { bpm: entry.bpm });
      }
      return Promise.resolve(out);
    },
  };
}

/**
 * Tap tempo: the BPM of a series of tap times (ms), from the median interval of the last taps, ignoring a pause
 * longer than 2 s (a new series). Null until 4 taps.
 */
export function tapTempo(times: readonly number[]): number | null {
  let start = 0;
  for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > 2000) start = i;
  const taps = times.slice(start).slice(-16);
  if (taps.length < 4) return null;
  const gaps = taps
    .slice(1)
    .map((t, i) => t - taps[i]!)
    .filter((g) => g > 0);
  if (gaps.length < 3) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  const bpm = 60_000 / median;
  return believableBpm(bpm) ? Math.round(bpm * 10) / 10 : null;
}
