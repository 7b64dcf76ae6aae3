// The parts of Cadence documents and export files that the accounts tests write and read. Deliberately loose
// (only the fields the tests touch), so the tests do not change with every schema addition.

export interface SetRow {
  id: string;
  exerciseKey: string | null;
  exerciseId: string;
  exerciseName: string;
  plannedSetId: string | null;
  reps: number | null;
  weightKg: number | null;
  rpe: number | null;
  durationSec: number | null;
  completedAt: string;
  deviceId: string;
}

export interface SwapRow {
  id: string;
  exerciseKey: string | null;
  fromExerciseId: string;
  fromExerciseName: string | null;
  toExerciseId: string | null;
  toExerciseName: string;
  reason: string;
  at: string;
  deviceId: string;
}

export interface WorkoutShape {
  status: string;
  notes: string;
  sessionRpe: number | null;
  log: Record<string, SetRow>;
  swaps: Record<string, SwapRow>;
  feedback: { requestId: string | null; source: string; text: string; createdAt: string } | null;
}

export interface EntryRow {
  id: string;
  text: string;
  chips: string[];
  signals: Record<string, number | string | null>;
  recovery: number;
  simulated: { hrvScore: number; sleepScore: number } | null;
  scope: string;
  date: string;
  createdAt: string;
}

export interface JournalShape {
  entries: Record<string, EntryRow>;
}

export interface FeedbackRow {
  id: string;
  trackUri: string;
  action: string;
  phase: string | null;
  workoutUrl: string | null;
  at: string;
}

export interface PlaylistRow {
  id: string;
  name: string;
  mode: string;
  workoutUrl: string | null;
  spotifyPlaylistId: string | null;
  tracks: Array<{ uri: string; phase: string; bpm: number | null }>;
  createdAt: string;
}

export interface MusicShape {
  preferences: { preferredGenres: string[] };
  feedback: Record<string, FeedbackRow>;
  playlists: Record<string, PlaylistRow>;
}

export interface AccountShape {
  profile: { displayName: string };
  settings: { weightUnit: string; language: string };
  onboarding: { goal: string; daysPerWeek: number; completed: boolean; injuries: { notes: string } };
  links: {
    contextJournal: string | null;
    music: string | null;
    workouts: Record<string, { url: string; date: string; title: string; status: string }>;
  };
  requests: Record<string, unknown>;
}

export interface ExportedDoc {
  docId: string;
  kind: string;
  content: Record<string, unknown>;
  heads: string[];
  history: Array<{
    hash: string;
    deliveredBy: { by: string; userId: string | null; deviceId: string; receivedAt: string } | null;
  }>;
}

export interface ExportedAccount {
  account: { id: string; email: string; displayName: string; hasPassword: boolean };
  sessions: unknown[];
  integrations: unknown[];
  documents: Array<{ docId: string; kind: string; file: string; changes: number }>;
}
