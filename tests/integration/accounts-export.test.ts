import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import {
  emptyContextSignals,
  makeEntryId,
  newContextJournalDoc,
  newMusicDoc,
  newWorkoutDoc,
} from "@cadence/shared-schema";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccountsServer } from "../support/accounts.js";
import type {
  AccountShape,
  EntryRow,
  ExportedAccount,
  ExportedDoc,
  FeedbackRow,
  JournalShape,
  MusicShape,
  PlaylistRow,
  SetRow,
  WorkoutShape,
} from "../support/doc-shapes.js";
import { parseCsv } from "../support/csv.js";
import { connectClient, httpRequest, login, registerUser, waitFor } from "../support/server.js";
import type { TestUser } from "../support/server.js";

interface ExportView {
  id: string;
  status: string;
  progress: number;
  downloadUrl: string | null;
  expiresAt: string | null;
  bytes: number | null;
}

describe("GDPR export (spec flow 15)", () => {
  let server: Awaited<ReturnType<typeof startAccountsServer>>;
  let user: TestUser;
  let phone: Repo;
  let laptop: Repo;
  const created = {
    workoutId: "",
    extraWorkoutId: "",
    journalId: "",
    musicId: "",
    sets: [] as SetRow[],
    entries: [] as EntryRow[],
    feedback: [] as FeedbackRow[],
  };

  beforeAll(async () => {
    server = await startAccountsServer({ exportTtlHours: 24 });
    user = await registerUser(server.url);
    await login(server.url, user.email, user.password);
    phone = await connectClient(server.url, user);
    laptop = await connectClient(server.url, user);
    const root = await phone.find<AccountShape>(user.rootDocUrl as AutomergeUrl);

    // A workout with sets from two devices, a swap, notes, RPE and coach feedback.
    const workout = phone.create(
      newWorkoutDoc({ userId: user.userId, date: "2026-03-02", title: "Push, day A" }),
    );
    created.workoutId = workout.documentId;
    const w = await phone.find<WorkoutShape>(workout.url);
    const s1: SetRow = {
      id: makeEntryId(),
      exerciseKey: null,
      exerciseId: "bench_press",
      exerciseName: "Bench press",
      plannedSetId: null,
      reps: 8,
      weightKg: 60,
      rpe: 7.5,
      durationSec: null,
      completedAt: "2026-03-02T17:01:00.000Z",
      deviceId: "phone-1",
    };
    const s2: SetRow = {
      ...s1,
      id: makeEntryId(),
      reps: 6,
      weightKg: 62.5,
      rpe: 8.5,
      completedAt: "2026-03-02T17:04:00.000Z",
      deviceId: "laptop-1",
    };
    w.change((d) => {
      d.status = "completed";
      d.log[s1.id] = s1;
      d.notes = 'Felt strong, "left shoulder" ok,\nnext time +2.5 kg';
      d.sessionRpe = 8;
      const swapId = makeEntryId();
      d.swaps[swapId] = {
        id: swapId,
        exerciseKey: null,
        fromExerciseId: "dips",
        fromExerciseName: "Dips",
        toExerciseId: "push_up",
        toExerciseName: "Push-up",
        reason: "no dip bars",
        at: "2026-03-02T17:10:00.000Z",
        deviceId: "phone-1",
      };
      d.feedback = {
        requestId: null,
        source: "rules",
        text: "Good session.",
        createdAt: "2026-03-02T18:00:00.000Z",
      };
    });
    const onLaptop = await laptop.find<WorkoutShape>(workout.url);
    onLaptop.change((d) => {
      d.log[s2.id] = s2;
    });
    created.sets = [s1, s2];
    // A document the user owns that no link points to (created offline, never linked): exported too.
    const extra = phone.create(
      newWorkoutDoc({ userId: user.userId, date: "2026-03-04", title: "Unlinked draft" }),
    );
    created.extraWorkoutId = extra.documentId;

    // The context journal: entries whose text needs CSV quoting, and one a spreadsheet would run as a formula.
    const journal = phone.create(newContextJournalDoc(user.userId));
    created.journalId = journal.documentId;
    const j = await phone.find<JournalShape>(journal.url);
    const e1: EntryRow = {
      id: makeEntryId(),
      text: 'Slept 5 h, stressed, "busy" week',
      chips: ["poor sleep", "deadline"],
      signals: { ...emptyContextSignals(), sleep: 2, stress: 4, sleepHours: 5, parsedBy: "client" },
      recovery: -1,
      simulated: { hrvScore: 42, sleepScore: 35 },
      scope: "week",
      date: "2026-03-02",
      createdAt: "2026-03-02T06:30:00.000Z",
    };
    const e2: EntryRow = {
      id: makeEntryId(),
      text: '=HYPERLINK("http://evil")',
      chips: [],
      signals: emptyContextSignals(),
      recovery: 1,
      simulated: null,
      scope: "session",
      date: "2026-03-03",
      createdAt: "2026-03-03T06:30:00.000Z",
    };
    j.change((d) => {
      d.entries[e1.id] = e1;
      d.entries[e2.id] = e2;
    });
    created.entries = [e1, e2];

    // Music: preferences, feedback and a playlist.
    const music = phone.create(newMusicDoc(user.userId));
    created.musicId = music.documentId;
    const m = await phone.find<MusicShape>(music.url);
    const f1: FeedbackRow = {
      id: makeEntryId(),
      trackUri: "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
      action: "like",
      phase: "main",
      workoutUrl: workout.url,
      at: "2026-03-02T17:05:00.000Z",
    };
    const pl: PlaylistRow = {
      id: makeEntryId(),
      name: "Push day mix",
      mode: "full",
      workoutUrl: workout.url,
      spotifyPlaylistId: null,
      tracks: [
        { uri: "spotify:track:a", phase: "warmup", bpm: 110 },
        { uri: "spotify:track:b", phase: "main", bpm: 150 },
      ],
      createdAt: "2026-03-02T16:55:00.000Z",
    };
    m.change((d) => {
      d.preferences.preferredGenres = ["techno", "rock"];
      d.feedback[f1.id] = f1;
      d.playlists[pl.id] = pl;
    });
    created.feedback = [f1];

    // Account: settings, goals, links.
    root.change((d) => {
      d.profile.displayName = "Ada Export";
      d.settings.weightUnit = "lb";
      d.onboarding.goal = "strength";
      d.onboarding.daysPerWeek = 4;
      d.onboarding.injuries.notes = "old knee injury";
      d.links.contextJournal = journal.url;
      d.links.music = music.url;
      d.links.workouts[workout.documentId] = {
        url: workout.url,
        date: "2026-03-02",
        title: "Push, day A",
        status: "completed",
      };
    });
    // Everything reached the server.
    await waitFor(() =>
      [created.workoutId, created.extraWorkoutId, created.journalId, created.musicId].every(
        (id) => server.ctx.ownership.ownerOf(id) === user.userId,
      ),
    );
    await waitFor(() => {
      const h = server.ctx.sync.loadedHandle<WorkoutShape>(created.workoutId as never);
      return h?.isReady() && Object.keys(h.doc().log).length === 2;
    });
    await new Promise((r) => setTimeout(r, 300));

    server.ctx.accountHooks.onExport("integrations", (userId) =>
      userId === user.userId
        ? [
            {
              provider: "spotify",
              connectedAt: "2026-03-01T10:00:00.000Z",
              scopes: "user-read-recently-played",
              status: "connected",
            },
          ]
        : [],
    );
  });
  afterAll(async () => {
    await phone?.shutdown();
    await laptop?.shutdown();
    await server?.close();
  });

  const api = (path: string, method = "GET", cookie = user.cookie) =>
    httpRequest(server.url, path, { method, headers: { cookie } });

  async function runExport(): Promise<{ view: ExportView; progress: number[] }> {
    const started = await api("/api/account/export", "POST");
    expect(started.status).toBe(202);
    const id = (started.json as { export: ExportView }).export.id;
    const progress: number[] = [];
    const view = await waitFor(async () => {
      const r = await api(`/api/account/export/${id}`);
      const v = (r.json as { export: ExportView }).export;
      progress.push(v.progress);
      return v.status === "succeeded" || v.status === "failed" ? v : undefined;
    }, 20_000);
    return { view, progress };
  }

  it("collects everything the user created into a zip of JSON and CSV, behind a signed, expiring link", async () => {
    const { view, progress } = await runExport();
    expect(view.status).toBe("succeeded");
    expect(view.progress).toBe(100);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    expect(Date.parse(view.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(view.downloadUrl).toMatch(
      /^\/api\/account\/export\/[a-z2-7]+\/download\?expires=\d+&sig=[A-Za-z0-9_-]+$/,
    );

    const download = await httpRequest(server.url, view.downloadUrl!);
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("application/zip");
    expect(download.headers["content-disposition"]).toMatch(
      /^attachment; filename="cadence-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    expect(download.body.length).toBe(view.bytes);
    const files = unzipSync(new Uint8Array(download.body));
    const text = (name: string) => strFromU8(files[name]!);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.txt", "account.json"]));

    // account.json: the account, sessions without secrets, integrations without secrets, every document.
    const account = JSON.parse(text("account.json")) as ExportedAccount;
    expect(account.account).toMatchObject({ id: user.userId, email: user.email, hasPassword: true });
    expect(account.sessions.length).toBe(2);
    expect(JSON.stringify(account)).not.toMatch(/secret|password_hash|argon2/);
    expect(account.integrations).toEqual([
      {
        provider: "spotify",
        connectedAt: "2026-03-01T10:00:00.000Z",
        scopes: "user-read-recently-played",
        status: "connected",
      },
    ]);
    const docIds = account.documents.map((d) => d.docId).sort();
    const rootId = user.rootDocUrl.slice("automerge:".length);
    expect(docIds).toEqual(
      [rootId, created.workoutId, created.extraWorkoutId, created.journalId, created.musicId].sort(),
    );

    // Each document: its full content as the server holds it, and its whole history with attribution.
    for (const d of account.documents) {
      const doc = JSON.parse(text(d.file)) as ExportedDoc;
      const handle = await server.ctx.sync.find<unknown>(`automerge:${d.docId}` as AutomergeUrl);
      expect(doc.content).toEqual(JSON.parse(JSON.stringify(handle.doc())));
      const changes = (await import("@automerge/automerge")).getAllChanges(handle.doc()).length;
      expect(doc.history).toHaveLength(changes);
      for (const h of doc.history) expect(h).toHaveProperty("deliveredBy");
    }
    const rootDoc = JSON.parse(text(`documents/account-${rootId}.json`)) as ExportedDoc;
    expect((rootDoc.content as unknown as AccountShape).profile.displayName).toBe("Ada Export");
    expect((rootDoc.content as unknown as AccountShape).links.workouts[created.workoutId]?.title).toBe(
      "Push, day A",
    );
    const workout = JSON.parse(text(`documents/workout-${created.workoutId}.json`)) as ExportedDoc;
    expect(Object.keys((workout.content as unknown as WorkoutShape).log).sort()).toEqual(
      created.sets.map((s) => s.id).sort(),
    );
    const devices = new Set(workout.history.map((h) => h.deliveredBy?.deviceId).filter(Boolean));
    expect(devices.size).toBe(2);
    expect([...devices].every((p) => (p as string).startsWith(`u-${user.userId}-`))).toBe(true);

    // CSVs parse, and hold what was created.
    const csv = (name: string) => parseCsv(text(`csv/${name}.csv`));
    const sets = csv("sets");
    expect(sets.map((s) => [s.id, s.exercise_name, s.reps, s.weight_kg, s.rpe, s.device_id])).toEqual(
      created.sets.map((s) => [
        s.id,
        s.exerciseName,
        String(s.reps),
        String(s.weightKg),
        String(s.rpe),
        s.deviceId,
      ]),
    );
    const workouts = csv("workouts");
    expect(workouts.map((w) => w.title).sort()).toEqual(["Push, day A", "Unlinked draft"]);
    expect(workouts.find((w) => w.doc_id === created.workoutId)).toMatchObject({
      status: "completed",
      session_rpe: "8",
      notes: 'Felt strong, "left shoulder" ok,\nnext time +2.5 kg',
      feedback_text: "Good session.",
    });
    expect(csv("swaps")).toEqual([
      expect.objectContaining({
        from_exercise_id: "dips",
        to_exercise_name: "Push-up",
        reason: "no dip bars",
      }),
    ]);
    const entries = csv("context_entries");
    expect(entries.map((e) => e.text)).toEqual([created.entries[0]!.text, `'${created.entries[1]!.text}`]);
    expect(entries[0]).toMatchObject({
      chips: "poor sleep;deadline",
      recovery: "-1",
      sleep: "2",
      stress: "4",
      sleep_hours: "5",
      hrv_score: "42",
      scope: "week",
    });
    expect(csv("music_feedback")).toEqual([
      expect.objectContaining({
        id: created.feedback[0]!.id,
        track_uri: created.feedback[0]!.trackUri,
        action: "like",
      }),
    ]);
    expect(csv("music_playlists")).toEqual([expect.objectContaining({ name: "Push day mix", tracks: "2" })]);
    expect(csv("music_playlist_tracks").map((t) => [t.uri, t.bpm])).toEqual([
      ["spotify:track:a", "110"],
      ["spotify:track:b", "150"],
    ]);
    const settings = csv("profile_settings");
    expect(settings).toEqual(
      expect.arrayContaining([
        { section: "settings", key: "weightUnit", value: "lb" },
        { section: "onboarding", key: "goal", value: "strength" },
        { section: "onboarding", key: "daysPerWeek", value: "4" },
        { section: "onboarding", key: "injuries.notes", value: "old knee injury" },
      ]),
    );
    expect(csv("sessions")).toHaveLength(2);
    expect(csv("integrations")).toEqual([
      {
        provider: "spotify",
        connectedAt: "2026-03-01T10:00:00.000Z",
        scopes: "user-read-recently-played",
        status: "connected",
      },
    ]);
    expect(csv("documents")).toHaveLength(5);
    expect(csv("changes").length).toBeGreaterThan(5);
  });

  it("refuses a tampered, foreign or expired link, and shows one user's export to nobody else", async () => {
    const { view } = await runExport();
    const url = new URL(view.downloadUrl!, server.url);
    const sig = url.searchParams.get("sig")!;
    const expires = Number(url.searchParams.get("expires"));
    const tampered = [
      `${url.pathname}?expires=${expires + 3600_000}&sig=${sig}`,
      `${url.pathname}?expires=${expires}&sig=${sig.slice(0, -2)}AA`,
      `${url.pathname}?expires=${expires}`,
      url.pathname.replace(view.id, "a".repeat(26)) + url.search,
    ];
    for (const p of tampered) {
      const r = await httpRequest(server.url, p);
      expect(r.status).toBe(403);
      expect(r.headers["content-type"]).toMatch(/json/);
    }
    const stranger = await registerUser(server.url);
    expect((await api(`/api/account/export/${view.id}`, "GET", stranger.cookie)).status).toBe(404);
    expect((await api("/api/account/exports", "GET", stranger.cookie)).json).toEqual({ exports: [] });

    // The link stops working when it expires, and the file when the export expires.
    const signedPast = server.ctx.secrets.sign(
      "export-download",
      `${view.id}.${user.userId}.${Date.now() - 1}`,
    );
    const past = await httpRequest(server.url, `${url.pathname}?expires=${Date.now() - 1}&sig=${signedPast}`);
    expect([403, 410]).toContain(past.status);
    server.ctx.db.prepare("UPDATE data_exports SET expires_at = ? WHERE id = ?").run(Date.now() - 1, view.id);
    expect((await httpRequest(server.url, view.downloadUrl!)).status).toBe(410);
  });

  it("deletes expired files (swept when the next export is asked for) and reports job metrics", async () => {
    const fs = await import("node:fs");
    const { view } = await runExport();
    const file = `${server.dataDir}/exports/${view.id}.zip`;
    expect(fs.existsSync(file)).toBe(true);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("600");
    server.ctx.db.prepare("UPDATE data_exports SET expires_at = ? WHERE id = ?").run(Date.now() - 1, view.id);
    await runExport();
    expect(fs.existsSync(file)).toBe(false);
    expect((await api(`/api/account/export/${view.id}`)).json).toMatchObject({
      export: { status: "expired", downloadUrl: null },
    });
    const metrics = await httpRequest(server.url, "/metrics");
    expect(metrics.text).toContain("# TYPE cadence_export_jobs gauge");
    expect(metrics.text).toMatch(/^cadence_export_jobs\{state="succeeded"\} \d+$/m);
    expect(metrics.text).toMatch(/^cadence_export_jobs\{state="expired"\} [1-9]$/m);
    expect(metrics.text).toMatch(/^cadence_export_jobs_total\{result="succeeded"\} [4-9]$/m);
    expect(metrics.text).toMatch(/^cadence_export_job_duration_seconds_count [4-9]$/m);
  });

  it("asks for one export at a time and at most 5 a day", async () => {
    const other = await registerUser(server.url);
    const first = await api("/api/account/export", "POST", other.cookie);
    const again = await api("/api/account/export", "POST", other.cookie);
    expect([200, 202]).toContain(again.status);
    if (again.status === 200) {
      expect((again.json as { export: ExportView }).export.id).toBe(
        (first.json as { export: ExportView }).export.id,
      );
    }
    server.ctx.db
      .prepare("UPDATE data_exports SET created_at = ? WHERE user_id = ?")
      .run(Date.now(), other.userId);
    for (let i = 0; i < 6; i++) {
      server.ctx.db
        .prepare(
          "INSERT INTO data_exports (id, user_id, status, progress, created_at) VALUES (?, ?, 'failed', 0, ?)",
        )
        .run(`x${i}${Date.now()}`, other.userId, Date.now());
    }
    await waitFor(async () => {
      const list = (await api("/api/account/exports", "GET", other.cookie)).json as { exports: ExportView[] };
      return list.exports.every((e) => e.status !== "queued" && e.status !== "running");
    }, 20_000);
    const refused = await api("/api/account/export", "POST", other.cookie);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: "too_many_exports" } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });
});
