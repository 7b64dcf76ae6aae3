/**
 * What cad-app provides to the screens below it. Each is a narrow slice: an element asks for the one it needs
 * (the repo to open documents, the session for who is signed in, the sync status for the indicator, the
 * units and clock for formatting).
 */
import { createContext } from "@lit/context";
import type { Repo } from "@automerge/automerge-repo/slim";
import type { Session } from "./api.js";
import type { Units } from "./format.js";
import type { SyncStatus } from "./sync/sync-status.js";

export const repoContext = createContext<Repo | undefined>(Symbol("cadence-repo"));
export const sessionContext = createContext<Session | undefined>(Symbol("cadence-session"));
export const syncStatusContext = createContext<SyncStatus | undefined>(Symbol("cadence-sync-status"));
/** The user's weight unit, distance unit and clock, from the account's settings. */
export const unitsContext = createContext<Units>(Symbol("cadence-units"));
