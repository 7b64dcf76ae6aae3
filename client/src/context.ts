/**
 * What cad-app provides to the screens below it. Each is a narrow slice: an element asks for the one it needs
 * (the repo to open documents, the session for who is signed in, the sync status for the indicator).
 */
import { createContext } from "@lit/context";
import type { Repo } from "@automerge/automerge-repo/slim";
import type { Session } from "./api.js";
import type { SyncStatus } from "./sync-status.js";

export const repoContext = createContext<Repo | undefined>(Symbol("cadence-repo"));
export const sessionContext = createContext<Session | undefined>(Symbol("cadence-session"));
export const syncStatusContext = createContext<SyncStatus | undefined>(Symbol("cadence-sync-status"));
