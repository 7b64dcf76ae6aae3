import * as Automerge from "@automerge/automerge";
import { Zip, ZipDeflate, strToU8 } from "fflate";
import fs from "node:fs";
import type { AppContext } from "../../context.js";
import { describeDevice } from "../../accounts/user-agent.js";
import { readStoredDocument } from "../doc-reader.js";
import { toCsv } from "./csv.js";
import type { Cell } from "./csv.js";

type Json = Record<string, unknown>;
type Row = Record<string, Cell>;

export const EXPORT_FORMAT = "cadence-export/1";

/** Thrown inside the build when the job was cancelled (the account is being deleted). */
export class ExportCancelled extends Error {}

/**
 * Writes everything Cadence holds about a user into a zip at `file`:
 * - `account.json`: the account row (no password hash), linked sign-in providers, sessions (no secrets),
 *   integrations (no secrets, from modules' export hooks) and the list of documents;
 * - `documents/<kind>-<id>.json` for every document the user owns: its full current content, its heads, and its
 *   full edit history, one entry per change with Automerge's metadata (hash, actor, seq, time, message, deps)
 *   and the server's own record of which authenticated principal and device delivered it;
 * - `csv/*.csv`: one table per kind of record (workouts, sets, swaps, context entries, music feedback,
 *   playlists and their tracks, tempos, profile & settings, sessions, sign-in providers, integrations,
 *   documents, changes).
 * `progress(percent)` is called as documents are read; `cancelled()` is polled between documents.
 */
export async function buildExport(
  ctx: AppContext,
  userId: string,
  file: string,
  progress: (percent: number) => void,
  cancelled: () => boolean,
): Promise<number> {
  const user = ctx.accountRecords.byId(userId);
  if (!user) throw new ExportCancelled("the account no longer exists");
  const docIds = ctx.db
    .prepare<[string], { doc_id: string }>(
      "SELECT doc_id FROM document_owners WHERE user_id = ? ORDER BY created_at, doc_id",
    )
    .all(userId)
    .map((r) => r.doc_id);
  if (!docIds.includes(user.rootDocId)) docIds.unshift(user.rootDocId);

  const entries: Array<[string, string]> = [];
  const csv: Record<string, Row[]> = {
    workouts: [],
    sets: [],
    swaps: [],
    context_entries: [],
    music_feedback: [],
    music_playlists: [],
    music_playlist_tracks: [],
    music_tempos: [],
    profile_settings: [],
    documents: [],
    changes: [],
  };
  const documentList: Json[] = [];

  for (let i = 0; i < docIds.length; i++) {
    if (cancelled()) throw new ExportCancelled("cancelled");
    const docId = docIds[i]!;
    const doc = await readStoredDocument(ctx, docId);
    progress(5 + (85 * (i + 1)) / docIds.length);
    // Yield between documents so sync traffic keeps flowing while a large export runs.
    await new Promise((r) => setImmediate(r));
    if (!doc) continue;
    const content = Automerge.toJS(doc) as Json;
    const kind = typeof content.kind === "string" ? content.kind : "unknown";
    const delivered = new Map(ctx.attribution.list(docId).map((a) => [a.hash, a]));
    const history = Automerge.getChangesMetaSince(doc, []).map((m) => {
      const d = delivered.get(m.hash);
      return {
        hash: m.hash,
        actor: m.actor,
        seq: m.seq,
        startOp: m.startOp,
        time: m.time ? new Date(m.time * 1000).toISOString() : null,
        message: m.message ?? null,
        deps: m.deps,
        deliveredBy: d
          ? { by: d.by, userId: d.userId, deviceId: d.deviceId, receivedAt: d.receivedAt }
          : null,
      };
    });
    const name = `documents/${kind}-${docId}.json`;
    entries.push([
      name,
      JSON.stringify(
        { docId, url: `automerge:${docId}`, kind, heads: Automerge.getHeads(doc), content, history },
        null,
        2,
      ),
    ]);
    documentList.push({ docId, kind, file: name, changes: history.length });
    csv.documents!.push({ doc_id: docId, kind, file: name, changes: history.length });
    for (const h of history) {
      csv.changes!.push({
        doc_id: docId,
        kind,
        hash: h.hash,
        actor: h.actor,
        seq: h.seq,
        time: h.time,
        message: h.message,
        delivered_by: h.deliveredBy?.by ?? null,
        device_id: h.deliveredBy?.deviceId ?? null,
        received_at: h.deliveredBy?.receivedAt ?? null,
      });
    }
    tabulate(kind, docId, content, csv);
  }

  const sessions = ctx.accountRecords.sessions(userId).map((s) => ({
    device: describeDevice(s.userAgent).label,
    userAgent: s.userAgent,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastVerifiedAt).toISOString(),
  }));
  const identities = ctx.accountRecords.identities(userId).map((i) => ({
    provider: i.provider,
    email: i.email,
    linkedAt: new Date(i.linkedAt).toISOString(),
  }));
  const extra = await ctx.accountHooks.collectExport(userId);
  const integrations = extra.integrations ?? [];

  const account = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      createdAt: new Date(user.createdAt).toISOString(),
      emailVerifiedAt: user.emailVerifiedAt ? new Date(user.emailVerifiedAt).toISOString() : null,
      hasPassword: user.hasPassword,
      rootDocUrl: `automerge:${user.rootDocId}`,
    },
    signInProviders: identities,
    sessions,
    integrations,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "integrations")),
    documents: documentList,
    analytics: "Cadence collects no analytics, so there is nothing to export.",
  };
  entries.unshift(["account.json", JSON.stringify(account, null, 2)]);
  entries.unshift(["README.txt", README]);

  const tables: Array<[string, Row[]]> = [
    ...Object.entries(csv),
    ["sessions", sessions],
    ["sign_in_providers", identities],
    ["integrations", integrations],
    ...Object.entries(extra).filter(([k]) => k !== "integrations"),
  ];
  for (const [table, rows] of tables) {
    entries.push([`csv/${table}.csv`, toCsv(HEADERS[table] ?? headersOf(rows), rows)]);
  }
  if (cancelled()) throw new ExportCancelled("cancelled");
  progress(95);
  return writeZip(file, entries);
}

const HEADERS: Record<string, string[]> = {
  workouts: [
    "doc_id",
    "date",
    "title",
    "status",
    "created_at",
    "started_at",
    "finished_at",
    "session_rpe",
    "notes",
    "feedback_source",
    "feedback_text",
  ],
  sets: [
    "workout_doc_id",
    "workout_date",
    "id",
    "exercise_key",
    "exercise_id",
    "exercise_name",
    "planned_set_id",
    "reps",
    "weight_kg",
    "rpe",
    "duration_sec",
    "completed_at",
    "device_id",
  ],
  swaps: [
    "workout_doc_id",
    "id",
    "from_exercise_id",
    "from_exercise_name",
    "to_exercise_id",
    "to_exercise_name",
    "reason",
    "at",
    "device_id",
  ],
  context_entries: [
    "id",
    "date",
    "scope",
    "text",
    "chips",
    "recovery",
    "energy",
    "mood",
    "sleep",
    "soreness",
    "stress",
    "sleep_hours",
    "parsed_by",
    "hrv_score",
    "sleep_score",
    "created_at",
  ],
  music_feedback: ["id", "track_uri", "action", "phase", "workout_url", "at"],
  music_playlists: ["id", "name", "mode", "workout_url", "spotify_playlist_id", "tracks", "created_at"],
  music_playlist_tracks: ["playlist_id", "position", "uri", "phase", "bpm"],
  music_tempos: ["track_uri", "bpm", "source", "at"],
  profile_settings: ["section", "key", "value"],
  documents: ["doc_id", "kind", "file", "changes"],
  changes: [
    "doc_id",
    "kind",
    "hash",
    "actor",
    "seq",
    "time",
    "message",
    "delivered_by",
    "device_id",
    "received_at",
  ],
  sessions: ["device", "userAgent", "createdAt", "lastSeenAt"],
  sign_in_providers: ["provider", "email", "linkedAt"],
  integrations: ["provider", "connectedAt", "scopes", "status"],
};

function headersOf(rows: readonly Row[]): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  return [...keys];
}

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): Cell =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? v
    : v == null
      ? null
      : JSON.stringify(v);

/** Rows of the CSV tables from one document's content (read defensively: newer fields land in the JSON only). */
function tabulate(kind: string, docId: string, c: Json, csv: Record<string, Row[]>): void {
  if (kind === "account") {
    const add = (section: string, o: Json, prefix = "") => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === "object" && !Array.isArray(v)) add(section, v as Json, `${prefix}${k}.`);
        else
          csv.profile_settings!.push({
            section,
            key: prefix + k,
            value: Array.isArray(v) ? v.join(";") : str(v),
          });
      }
    };
    add("profile", obj(c.profile));
    add("settings", obj(c.settings));
    add("onboarding", obj(c.onboarding));
  } else if (kind === "workout") {
    const feedback = obj(c.feedback);
    csv.workouts!.push({
      doc_id: docId,
      date: str(c.date),
      title: str(c.title),
      status: str(c.status),
      created_at: str(c.createdAt),
      started_at: str(c.startedAt),
      finished_at: str(c.finishedAt),
      session_rpe: str(c.sessionRpe),
      notes: str(c.notes),
      feedback_source: str(feedback.source),
      feedback_text: str(feedback.text),
    });
    const sets = Object.values(obj(c.log)).map(obj);
    sets.sort(
      (a, b) =>
        String(a.completedAt).localeCompare(String(b.completedAt)) ||
        String(a.id).localeCompare(String(b.id)),
    );
    for (const s of sets) {
      csv.sets!.push({
        workout_doc_id: docId,
        workout_date: str(c.date),
        id: str(s.id),
        exercise_key: str(s.exerciseKey),
        exercise_id: str(s.exerciseId),
        exercise_name: str(s.exerciseName),
        planned_set_id: str(s.plannedSetId),
        reps: str(s.reps),
        weight_kg: str(s.weightKg),
        rpe: str(s.rpe),
        duration_sec: str(s.durationSec),
        completed_at: str(s.completedAt),
        device_id: str(s.deviceId),
      });
    }
    for (const s of Object.values(obj(c.swaps)).map(obj)) {
      csv.swaps!.push({
        workout_doc_id: docId,
        id: str(s.id),
        from_exercise_id: str(s.fromExerciseId),
        from_exercise_name: str(s.fromExerciseName),
        to_exercise_id: str(s.toExerciseId),
        to_exercise_name: str(s.toExerciseName),
        reason: str(s.reason),
        at: str(s.at),
        device_id: str(s.deviceId),
      });
    }
  } else if (kind === "contextJournal") {
    const entries = Object.values(obj(c.entries)).map(obj);
    entries.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    for (const e of entries) {
      const sig = obj(e.signals);
      const sim = obj(e.simulated);
      csv.context_entries!.push({
        id: str(e.id),
        date: str(e.date),
        scope: str(e.scope),
        text: str(e.text),
        chips: Array.isArray(e.chips) ? e.chips.join(";") : null,
        recovery: str(e.recovery),
        energy: str(sig.energy),
        mood: str(sig.mood),
        sleep: str(sig.sleep),
        soreness: str(sig.soreness),
        stress: str(sig.stress),
        sleep_hours: str(sig.sleepHours),
        parsed_by: str(sig.parsedBy),
        hrv_score: str(sim.hrvScore),
        sleep_score: str(sim.sleepScore),
        created_at: str(e.createdAt),
      });
    }
  } else if (kind === "music") {
    for (const f of Object.values(obj(c.feedback)).map(obj)) {
      csv.music_feedback!.push({
        id: str(f.id),
        track_uri: str(f.trackUri),
        action: str(f.action),
        phase: str(f.phase),
        workout_url: str(f.workoutUrl),
        at: str(f.at),
      });
    }
    for (const p of Object.values(obj(c.playlists)).map(obj)) {
      const tracks = Array.isArray(p.tracks) ? p.tracks.map(obj) : [];
      csv.music_playlists!.push({
        id: str(p.id),
        name: str(p.name),
        mode: str(p.mode),
        workout_url: str(p.workoutUrl),
        spotify_playlist_id: str(p.spotifyPlaylistId),
        tracks: tracks.length,
        created_at: str(p.createdAt),
      });
      tracks.forEach((t, i) =>
        csv.music_playlist_tracks!.push({
          playlist_id: str(p.id),
          position: i + 1,
          uri: str(t.uri),
          phase: str(t.phase),
          bpm: str(t.bpm),
        }),
      );
    }
    for (const t of Object.values(obj(c.tempos)).map(obj)) {
      csv.music_tempos!.push({
        track_uri: str(t.trackUri),
        bpm: str(t.bpm),
        source: str(t.source),
        at: str(t.at),
      });
    }
  }
}

function writeZip(file: string, entries: Array<[string, string]>): number {
  const fd = fs.openSync(file, "w", 0o600);
  let bytes = 0;
  const failures: Error[] = [];
  try {
    const zip = new Zip((err, chunk) => {
      if (err) failures.push(err);
      else {
        fs.writeSync(fd, chunk);
        bytes += chunk.byteLength;
      }
    });
    const mtime = new Date();
    for (const [name, text] of entries) {
      const f = new ZipDeflate(name, { level: 6 });
      f.mtime = mtime;
      zip.add(f);
      f.push(strToU8(text), true);
    }
    zip.end();
  } finally {
    fs.closeSync(fd);
  }
  if (failures[0]) throw failures[0];
  return bytes;
}

const README = `Cadence data export (${EXPORT_FORMAT})

account.json        Your account: email, name, sign-in providers, where you are signed in (no secrets),
                    connected services (no secrets) and the list of your documents.
documents/*.json    Every document of yours in full: "content" is its current state, "history" lists every
                    change ever made (Automerge change metadata) with "deliveredBy": which of your devices
                    (or the planner, or the server) delivered it, as recorded by the server.
csv/*.csv           The same data as tables (UTF-8, comma-separated, RFC 4180). A text cell that starts
                    with = + - or @ is written with a leading ' so spreadsheets do not run it as a formula;
                    the JSON files carry every value unaltered.

Cadence collects no analytics about you. Ask the operator of this server if you have questions.
`;
