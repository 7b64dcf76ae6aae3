// The user's music document, as the server reads and writes it: found through the account document's
// `links.music` (created here, once, when missing), checked against the ownership table before any write.
import type { AutomergeUrl, DocHandle, DocumentId } from "@automerge/automerge-repo";
import {
  newMusicDoc,
  parseDocument,
  type AccountDoc,
  type MusicDoc,
  type SessionPlaylist,
  type TrackFeedback,
} from "@cadence/shared-schema";
import type { OwnershipTable } from "../authz/ownership.js";
import type { Db } from "../db/database.js";
import type { Logger } from "../log.js";
import type { SyncService } from "../sync/sync-service.js";

export interface OpenedMusicDoc {
  handle: DocHandle<MusicDoc>;
  /** The validated document (migrated in memory when older). */
  doc: MusicDoc;
  url: string;
  /** False when the stored document is older or newer than this build: read it, do not write it. */
  writable: boolean;
  /** The account's "BPM matching by workout phase" setting. */
  bpmMatching: boolean;
}

const docIdOf = (url: string) => url.slice("automerge:".length) as DocumentId;

export class MusicDocs {
  readonly #ensuring = new Map<string, Promise<OpenedMusicDoc | null>>();

  constructor(
    private readonly db: Db,
    private readonly sync: SyncService,
    private readonly ownership: OwnershipTable,
    private readonly log: Logger,
  ) {}

  async #account(userId: string): Promise<{ handle: DocHandle<AccountDoc>; doc: AccountDoc } | null> {
    const row = this.db.prepare("SELECT root_doc_id FROM users WHERE id = ?").get(userId) as
      { root_doc_id: string } | undefined;
    if (!row) return null;
    try {
      const handle = await this.sync.find<AccountDoc>(row.root_doc_id as DocumentId, {
        allowableStates: ["ready"],
      });
      const parsed = parseDocument("account", handle.doc());
      if (!parsed.ok) {
        this.log.warn("account document failed validation; music data not touched", { userId });
        return null;
      }
      return { handle, doc: parsed.doc };
    } catch (err) {
      this.log.warn("could not open the account document", { userId, err: String(err) });
      return null;
    }
  }

  /** The user's music document, or null when there is none (yet) or it is not theirs. */
  async open(userId: string): Promise<OpenedMusicDoc | null> {
    const account = await this.#account(userId);
    if (!account) return null;
    return this.#openLinked(userId, account.doc);
  }

  async #openLinked(userId: string, account: AccountDoc): Promise<OpenedMusicDoc | null> {
    const url = account.links.music;
    if (!url) return null;
    // A device could point the link anywhere: the server reads and writes only a document this user owns.
    if (this.ownership.ownerOf(docIdOf(url)) !== userId) return null;
    try {
      const handle = await this.sync.find<MusicDoc>(url as AutomergeUrl, { allowableStates: ["ready"] });
      const parsed = parseDocument("music", handle.doc());
      if (!parsed.ok) return null;
      return {
        handle,
        doc: parsed.doc,
        url,
        writable: !parsed.migrated,
        bpmMatching: account.settings.music.bpmMatching,
      };
    } catch (err) {
      this.log.warn("could not open the music document", { userId, err: String(err) });
      return null;
    }
  }

  /** The music document, created and linked from the account when missing. One creation per user at a time. */
  ensure(userId: string): Promise<OpenedMusicDoc | null> {
    let running = this.#ensuring.get(userId);
    if (!running) {
      running = this.#ensure(userId).finally(() => this.#ensuring.delete(userId));
      this.#ensuring.set(userId, running);
    }
    return running;
  }

  async #ensure(userId: string): Promise<OpenedMusicDoc | null> {
    const account = await this.#account(userId);
    if (!account) return null;
    if (account.doc.links.music) return this.#openLinked(userId, account.doc);
    const handle = this.sync.create<MusicDoc>(newMusicDoc(userId), userId);
    this.ownership.claim(handle.documentId, userId);
    const url = `automerge:${handle.documentId}`;
    account.handle.change((d) => {
      if (!d.links.music) d.links.music = url;
    });
    this.sync.recordServerChange(handle);
    this.sync.recordServerChange(account.handle);
    await this.sync.persist(handle.documentId);
    await this.sync.persist(account.handle.documentId);
    const linked = parseDocument("account", account.handle.doc());
    if (linked.ok && linked.doc.links.music !== url) {
      // Another writer linked a different music document first; theirs wins.
      return this.#openLinked(userId, linked.doc);
    }
    return {
      handle,
      doc: newMusicDoc(userId),
      url,
      writable: true,
      bpmMatching: account.doc.settings.music.bpmMatching,
    };
  }

  async #write(opened: OpenedMusicDoc, message: string, fn: (d: MusicDoc) => void): Promise<boolean> {
    if (!opened.writable) return false;
    opened.handle.change(fn, { message });
    this.sync.recordServerChange(opened.handle);
    await this.sync.persist(opened.handle.documentId);
    return true;
  }

  recordPlaylist(opened: OpenedMusicDoc, playlist: SessionPlaylist): Promise<boolean> {
    return this.#write(opened, "session mix", (d) => {
      d.playlists[playlist.id] = playlist;
    });
  }

  recordFeedback(opened: OpenedMusicDoc, feedback: TrackFeedback): Promise<boolean> {
    return this.#write(opened, "track feedback", (d) => {
      d.feedback[feedback.id] = feedback;
    });
  }
}
