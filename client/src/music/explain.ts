/**
 * A Session Mix's explanations in the person's language. The shared Session Mix code and the server return them
 * as data (term reasons with their numbers, readiness parts, shortfall codes, warning codes); this words them
 * from the music catalog. Their `text` / `message` fields are the English wording for API clients.
 */
import {
  whyTerms,
  type MixSignals,
  type MixTrack,
  type MixWarning,
  type PhaseMix,
  type Readiness,
  type ScoreTerm,
  type TempoSourceKind,
  type TermReason,
} from "@cadence/shared-schema/music";
import { formatList } from "../format.js";
import { currentLocale } from "../i18n/index.js";
import { mt, type MusicMessageKey } from "./strings.js";

const TEMPO_FROM: Readonly<Record<TempoSourceKind, MusicMessageKey>> = {
  spotify: "music.why.from.spotify",
  provider: "music.why.from.provider",
  user: "music.why.from.user",
  file: "music.why.from.file",
  pool: "music.why.from.pool",
};

/** "2 days ago", "yesterday", "today" in the current language. */
function daysAgo(days: number): string {
  return new Intl.RelativeTimeFormat(currentLocale(), { numeric: "auto" }).format(-days, "day");
}

const phaseName = (phase: PhaseMix["kind"]) => mt(`music.phase.${phase}`);

function withSource(sentence: string, source: TempoSourceKind | null): string {
  return source ? `${sentence} ${mt("music.why.tempoFrom", { source: mt(TEMPO_FROM[source]) })}` : sentence;
}

/** One score term's reason, as a sentence. */
export function termText(term: Pick<ScoreTerm, "reason">): string {
  const r: TermReason = term.reason;
  switch (r.kind) {
    case "bpm_unknown":
      return mt("music.why.bpmUnknown");
    case "bpm_off":
      return withSource(mt("music.why.bpmOff", { bpm: r.bpm }), r.tempoSource);
    case "bpm_no_fit":
      return withSource(mt("music.why.bpmNoFit", { bpm: r.bpm, min: r.min, max: r.max }), r.tempoSource);
    case "bpm_fit": {
      const where = r.inRange
        ? mt("music.why.inside", { min: r.min, max: r.max })
        : mt("music.why.outside", { distance: r.distance, min: r.min, max: r.max });
      const key =
        r.relation === "half_time"
          ? "music.why.bpmHalf"
          : r.relation === "double_time"
            ? "music.why.bpmDouble"
            : "music.why.bpmDirect";
      const sentence = mt(key, { bpm: r.bpm, effective: r.effectiveBpm, where, target: r.target });
      return withSource(sentence, r.tempoSource);
    }
    case "energy_unknown":
      return mt("music.why.energyUnknown");
    case "energy":
      return mt("music.why.energy", { energy: r.energy, aim: r.aim, phase: phaseName(r.phase) });
    case "phase_history":
      return r.uses + r.finishes === 0
        ? mt("music.why.phaseHistoryNone")
        : mt("music.why.phaseHistory", { uses: r.uses, finishes: r.finishes });
    case "feedback":
      return r.likes + r.completes + r.skips === 0
        ? mt("music.why.feedbackNone")
        : mt("music.why.feedback", { likes: r.likes, completes: r.completes, skips: r.skips });
    case "recency": {
      if (r.generatedBeat) return mt("music.why.recencyBeat");
      const said: string[] = [];
      if (r.playedDaysAgo !== null) said.push(mt("music.why.played", { when: daysAgo(r.playedDaysAgo) }));
      if (r.topRank !== null) said.push(mt("music.why.topTrack", { rank: r.topRank + 1 }));
      return said.length ? said.join(" ") : mt("music.why.notRecent");
    }
    case "variety": {
      const said: string[] = [];
      if (r.recentMix) {
        said.push(
          r.recentMix.daysAgo === null
            ? mt("music.why.recentMixUnknown", { points: r.recentMix.points })
            : mt("music.why.recentMix", { when: daysAgo(r.recentMix.daysAgo), points: r.recentMix.points }),
        );
      }
      if (r.artistRepeat) {
        said.push(
          mt("music.why.artistRepeat", {
            nth: r.artistRepeat.nth,
            artist: r.artistRepeat.artist ?? mt("music.why.thisArtist"),
            points: r.artistRepeat.points,
          }),
        );
      }
      return said.length ? said.join(" ") : mt("music.why.varietyNone");
    }
  }
}

/** The one-line "why this track": the two strongest reasons. */
export function whyText(track: Pick<MixTrack, "terms">): string {
  const strongest = whyTerms(track.terms);
  return strongest.length ? strongest.map(termText).join(" · ") : mt("music.why.fills");
}

/** Where a phase's range comes from and the tempo aimed at. */
export function targetText(p: PhaseMix): string {
  const params = {
    min: p.range.min,
    max: p.range.max,
    from: mt(`music.why.rangeFrom.${p.rangeSource}`),
    target: p.target,
    neutral: p.neutralTarget,
  };
  if (p.target > p.neutralTarget) return mt("music.why.targetUp", params);
  if (p.target < p.neutralTarget) return mt("music.why.targetDown", params);
  return mt("music.why.target", params);
}

function signalText(id: keyof MixSignals, v: number): string {
  if (id === "recovery")
    return mt(
      v < 0
        ? "music.signal.recoveryPoor"
        : v > 0
          ? "music.signal.recoveryGood"
          : "music.signal.recoveryNormal",
    );
  return mt(`music.signal.${id}`, { value: v });
}

/** How today's context and recovery move the targets. */
export function readinessText(r: Readiness): string {
  if (r.direction === "none") return mt("music.why.readinessNone");
  const signals = formatList(r.parts.map((p) => signalText(p.id, p.raw)));
  return mt(`music.why.readiness.${r.direction}`, { signals });
}

/** What else to know about a phase: generated beats used, tracks without a known tempo. */
export function phaseNotes(p: PhaseMix): string[] {
  const notes: string[] = [];
  if (p.fallbackCount > 0) notes.push(mt("music.why.noteBeats", { count: p.fallbackCount }));
  if (p.unknownTempoCount > 0) notes.push(mt("music.why.noteUnknown", { count: p.unknownTempoCount }));
  if (p.beyondShareCount > 0) notes.push(mt("music.why.noteBeyond", { count: p.beyondShareCount }));
  return notes;
}

/** Why a phase could not be filled and what to do, or null when it was filled. */
export function shortfallText(p: PhaseMix): string | null {
  const s = p.shortfall;
  if (!s) return null;
  const c = p.counts;
  const minutes = (seconds: number) => Math.round(seconds / 60);
  const said = [
    mt("music.why.shortHas", {
      phase: phaseName(p.kind),
      filled: minutes(p.filledSeconds),
      needed: minutes(p.neededSeconds),
    }),
  ];
  for (const reason of s.reasons) {
    switch (reason) {
      case "few_fitting_tracks":
        said.push(mt("music.why.shortKnownFit", { count: c.knownFit, min: p.range.min, max: p.range.max }));
        break;
      case "taken_by_other_phases":
        said.push(mt("music.why.shortElsewhere", { count: c.usedElsewhere }));
        break;
      case "unknown_tempo":
        said.push(mt("music.why.shortUnknown", { count: c.unknownTempo }));
        break;
      case "out_of_range":
        said.push(mt("music.why.shortOutOfRange", { count: c.outOfRange }));
        break;
      case "explicit_off":
        said.push(mt("music.why.shortExplicit", { count: c.explicitExcluded }));
        break;
      case "beat_pool_exhausted":
        said.push(mt("music.why.shortPool", { count: c.fallbackFit }));
        break;
    }
  }
  said.push(mt(s.advice === "tempo" ? "music.why.adviceTempo" : "music.why.adviceListen"));
  return said.join(" ");
}

/** A warning of the Session Mix endpoint in words. */
export function warningText(w: MixWarning): string {
  switch (w.code) {
    case "top_tracks_unavailable":
      return mt(w.timeRange === "short_term" ? "music.warn.topShort" : "music.warn.topMedium");
    case "history_unavailable":
      return mt("music.warn.history");
    case "tempo_source_failed":
      return mt("music.warn.tempoSource", { source: mt(`music.source.${w.source}`) });
  }
}
