/**
 * The user's workouts as the account links them: the one module every screen uses to find, open, create and
 * index workout documents (the player, Today's plan, history, progress). Documents come from the repo; the
 * index (`account.links.workouts`, keyed by document id) lets lists and calendars work without opening them.
 *
 * API
 * - `localDate(at?)`                       the user's calendar day, `YYYY-MM-DD`, in this device's time zone.
 * - `listWorkouts(account, filter?)`       the account's workout links, newest first (date, then url), as
 *                                          `WorkoutListEntry` (`id`, `url`, `date`, `title`, `status`);
 *                                          `filter` narrows by status and date range (`from`/`to` inclusive).
 * - `todayWorkoutUrl(account, date?)`      today's planned or running workout (the same one on every device:
 *                                          the smallest url of the day), or null.
 * - `workoutUrlOf(id)` / `workoutIdOf(u)`  between a route's `:id` (a document id) and an `automerge:` url;
 *                                          `workoutIdOf` returns null for anything that is not a document url/id.
 * - `openWorkout(repo, url, options?)`     a ready DocHandle, or null when neither this device nor the server
 *                                          has it within `timeoutMs` (default 1.5 s) or it is not a workout.
 * - `loadWorkouts(repo, entries, opts?)`   plain copies of several workouts (`WorkoutEntry`: `{ id, doc }`), for
 *                                          summaries, PRs and "last time"; missing ones are left out.
 * - `prepareForWriting(handle, ctx)`       writes a pending schema upgrade (call once before editing).
 * - `createWorkout(repo, changeAccount, { userId, deviceId, date?, title? })`
 *                                          a new empty workout document, linked from the account (`planned`).
 * - `startEmptyWorkout(repo, changeAccount, { userId, deviceId, date?, title? })`
 *                                          a manual workout with no plan, created and started (`in_progress`).
 * - `linkWorkout(changeAccount, id, { date, title, status })`
 *                                          adds or updates the account's link (only the fields that differ).
 * - `setLinkStatus(changeAccount, id, status)`  keeps the link's status in step with the workout's.
 *
 * `changeAccount` is the account controller's `change(fn, message)` (AccountController or DocController), so
 * writes go through the live document one field at a time and merge with other devices.
 */
import type { AutomergeUrl, ChangeFn, DocHandle, Repo } from "@automerge/automerge-repo/slim";
import { newWorkoutDoc, type AccountDoc, type WorkoutDoc, type WorkoutLink } from "@cadence/shared-schema";
import {
  initWorkout,
  needsUpgrade,
  startWorkout,
  upgradeWorkout,
  type EditContext,
  type WorkoutEntry,
} from "@cadence/shared-schema/workout";

export type WorkoutStatus = WorkoutDoc["status"];

/** One workout as the account lists it. */
export interface WorkoutListEntry {
  /** The document id (the route's `:id`, the key in `links.workouts`). */
  readonly id: string;
  readonly url: string;
  readonly date: string;
  readonly title: string;
  readonly status: WorkoutStatus;
}

export interface WorkoutFilter {
  readonly status?: readonly WorkoutStatus[];
  /** Inclusive `YYYY-MM-DD` bounds. */
  readonly from?: string;
  readonly to?: string;
}

/** Writes into the account document (AccountController.change / DocController.change). */
export type ChangeAccount = (fn: ChangeFn<AccountDoc>, message: string) => unknown;

const DOC_ID = /^[1-9A-HJ-NP-Za-km-z]{10,64}$/;
const FIND_TIMEOUT_MS = 1500;

/** The user's calendar day, `YYYY-MM-DD`, in this device's time zone. */
export function localDate(at = new Date()): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, "0");
  const d = String(at.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function workoutUrlOf(id: string): string {
  return `automerge:${id}`;
}

/** The document id in a route parameter or an `automerge:` url; null when it is neither. */
export function workoutIdOf(idOrUrl: string): string | null {
  const id = idOrUrl.startsWith("automerge:") ? idOrUrl.slice("automerge:".length) : idOrUrl;
  return DOC_ID.test(id) ? id : null;
}

/** The account's workouts, newest first. */
export function listWorkouts(
  account: Pick<AccountDoc, "links">,
  filter: WorkoutFilter = {},
): WorkoutListEntry[] {
  return Object.entries(account.links.workouts)
    .map(([id, link]): WorkoutListEntry => ({
      id,
      url: link.url,
      date: link.date,
      title: link.title,
      status: link.status,
    }))
    .filter(
      (w) =>
        (!filter.status || filter.status.includes(w.status)) &&
        (!filter.from || w.date >= filter.from) &&
        (!filter.to || w.date <= filter.to),
    )
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.url < b.url ? -1 : 1));
}

/** Today's planned or running workout; when there are several, the same one on every device. */
export function todayWorkoutUrl(account: Pick<AccountDoc, "links">, date = localDate()): string | null {
  const today = listWorkouts(account, { status: ["planned", "in_progress"], from: date, to: date });
  return today.sort((a, b) => (a.url < b.url ? -1 : 1))[0]?.url ?? null;
}

/** A ready workout handle, or null when it is not here (nor arrives within the timeout) or is not a workout. */
export async function openWorkout(
  repo: Repo,
  url: string,
  { timeoutMs = FIND_TIMEOUT_MS }: { readonly timeoutMs?: number } = {},
): Promise<DocHandle<WorkoutDoc> | null> {
  const id = workoutIdOf(url);
  if (!id) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const found = repo
    .find<WorkoutDoc>(workoutUrlOf(id) as AutomergeUrl, { allowableStates: ["ready", "unavailable"] })
    .then((h) => (h.isReady() && h.doc().kind === "workout" ? h : null))
    .catch(() => null);
  try {
    return await Promise.race([found, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Plain copies of workouts (for summaries, PRs, "last time"); those not available are left out. */
export async function loadWorkouts(
  repo: Repo,
  entries: readonly Pick<WorkoutListEntry, "id" | "url">[],
  options: { readonly timeoutMs?: number } = {},
): Promise<WorkoutEntry[]> {
  const docs = await Promise.all(
    entries.map(async (e) => {
      const handle = await openWorkout(repo, e.url, options);
      return handle ? { id: e.id, doc: JSON.parse(JSON.stringify(handle.doc())) as WorkoutDoc } : null;
    }),
  );
  return docs.filter((d): d is WorkoutEntry => d !== null);
}

/** Writes a pending schema upgrade into the document (a no-op when it is current). */
export function prepareForWriting(handle: DocHandle<WorkoutDoc>, ctx: EditContext): void {
  if (!needsUpgrade(handle.doc())) return;
  const up = upgradeWorkout(ctx);
  handle.change(up.apply, up.options);
}

/** Adds or updates the account's link to a workout, writing only what differs. */
export function linkWorkout(
  changeAccount: ChangeAccount,
  id: string,
  fields: Pick<WorkoutLink, "date" | "title" | "status">,
): void {
  changeAccount((d) => {
    const link = d.links.workouts[id];
    if (!link) {
      d.links.workouts[id] = { url: workoutUrlOf(id), ...fields };
      return;
    }
    if (link.date !== fields.date) link.date = fields.date;
    if (link.title !== fields.title) link.title = fields.title;
    if (link.status !== fields.status) link.status = fields.status;
  }, "workout: link");
}

/** Keeps the link's status in step with the workout (lists and Today read it without opening the workout). */
export function setLinkStatus(changeAccount: ChangeAccount, id: string, status: WorkoutStatus): void {
  changeAccount((d) => {
    const link = d.links.workouts[id];
    if (link && link.status !== status) link.status = status;
  }, "workout: status");
}

export interface NewWorkoutOptions {
  readonly userId: string;
  readonly deviceId: string;
  readonly date?: string;
  readonly title?: string;
}

/** A new empty workout document for `date` (today by default), linked from the account as planned. */
export function createWorkout(
  repo: Repo,
  changeAccount: ChangeAccount,
  options: NewWorkoutOptions,
): DocHandle<WorkoutDoc> {
  const date = options.date ?? localDate();
  const title = options.title ?? "";
  const ctx = { by: options.userId, deviceId: options.deviceId };
  const handle = repo.create<WorkoutDoc>();
  const init = initWorkout(newWorkoutDoc({ userId: options.userId, date, title }), ctx);
  handle.change(init.apply, init.options);
  linkWorkout(changeAccount, handle.documentId, { date, title, status: "planned" });
  return handle;
}

/** A manual workout with no plan: created, started, and linked from the account as running. */
export function startEmptyWorkout(
  repo: Repo,
  changeAccount: ChangeAccount,
  options: NewWorkoutOptions,
): DocHandle<WorkoutDoc> {
  const handle = createWorkout(repo, changeAccount, options);
  const start = startWorkout({ by: options.userId, deviceId: options.deviceId });
  handle.change(start.apply, start.options);
  setLinkStatus(changeAccount, handle.documentId, "in_progress");
  return handle;
}
