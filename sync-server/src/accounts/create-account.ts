import { newAccountDoc } from "@cadence/shared-schema";
import type { AppContext } from "../context.js";
import { purgeDocuments } from "../privacy/purge-documents.js";
import type { Language } from "./language.js";
import type { Provider, UserRecord } from "./store.js";

export interface NewAccount {
  email: string;
  displayName: string;
  /** null for an account that signs in only through a provider. */
  passwordHash: string | null;
  emailVerified: boolean;
  /** The language of the new account document (otherwise its default, English). */
  language: Language | null;
  /** A provider identity to link in the same transaction. */
  identity?: { provider: Provider; subject: string };
}

/**
 * The one way an account comes to exist (email registration and first provider sign-in): the server creates
 * the root (account) document, then records the user, the document's ownership and any provider identity in
 * one transaction, and persists the document before anyone is told about it. null when the email is taken
 * (a concurrent registration won); the document made for it is removed again.
 */
export async function createAccount(ctx: AppContext, input: NewAccount): Promise<UserRecord | null> {
  const userId = ctx.accounts.newUserId();
  const doc = newAccountDoc(userId, input.displayName);
  if (input.language) doc.settings.language = input.language;
  const handle = ctx.sync.create(doc, userId);
  const created = ctx.db.transaction(() => {
    const ok = ctx.accountRecords.insert({
      id: userId,
      email: input.email,
      displayName: input.displayName,
      rootDocId: handle.documentId,
      passwordHash: input.passwordHash,
      emailVerifiedAt: input.emailVerified ? Date.now() : null,
    });
    if (!ok) return false;
    ctx.ownership.claim(handle.documentId, userId);
    if (input.identity) {
      ctx.accountRecords.linkIdentity(input.identity.provider, input.identity.subject, userId, input.email);
    }
    return true;
  })();
  if (!created) {
    await purgeDocuments(ctx, [handle.documentId]);
    return null;
  }
  // Recorded first: persist waits for the record's commit too.
  ctx.sync.recordServerChange(handle);
  await ctx.sync.persist(handle.documentId);
  return ctx.accountRecords.byId(userId);
}

/** A display name from an email address: its local part, at most 80 characters. */
export function nameFromEmail(email: string): string {
  return (email.split("@")[0] ?? "").slice(0, 80) || "Cadence";
}
