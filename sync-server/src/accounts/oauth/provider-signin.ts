import type { IncomingMessage } from "node:http";
import type { AppContext } from "../../context.js";
import { createAccount, nameFromEmail } from "../create-account.js";
import { languageFromHeader } from "../language.js";
import type { Provider, UserRecord } from "../store.js";
import type { IdentityClaims } from "./oidc-client.js";

export type SignInResult =
  { ok: true; user: UserRecord; isNew: boolean } | { ok: false; code: string; message: string };

const PROVIDER_NAMES: Record<Provider, string> = { google: "Google", apple: "Apple" };

/**
 * Who a validated provider identity is:
 * 1. an identity linked before → that user;
 * 2. else, with a verified email: an account with that email whose address is verified → linked to it;
 *    an account with that email whose address is NOT verified → refused (whoever registered it may not own the
 *    mailbox; linking would hand the provider user an account someone else holds the password of);
 * 3. else a new account (root document, ownership, identity) made by the registration path, `isNew: true`.
 * An identity without a verified email is refused: an address is what an account is known by.
 */
export async function providerSignIn(
  ctx: AppContext,
  provider: Provider,
  claims: IdentityClaims,
  nameHint: string | null,
  req: IncomingMessage,
): Promise<SignInResult> {
  const linked = ctx.accountRecords.userForIdentity(provider, claims.subject);
  if (linked) {
    const user = ctx.accountRecords.byId(linked);
    if (user) return { ok: true, user, isNew: false };
  }
  if (!claims.email || !claims.emailVerified) {
    return {
      ok: false,
      code: "email_not_verified",
      message: `Your ${PROVIDER_NAMES[provider]} account did not share a verified email address, which Cadence needs. Sign up with email instead.`,
    };
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = ctx.accountRecords.byEmail(claims.email);
    if (existing) {
      if (existing.emailVerifiedAt === null) {
        return {
          ok: false,
          code: "account_exists_unverified",
          message:
            "An account with this email address exists, but the address is not verified yet. Log in with your password (or use “Forgot password”) to verify it, then continue with " +
            `${PROVIDER_NAMES[provider]} again.`,
        };
      }
      ctx.accountRecords.linkIdentity(provider, claims.subject, existing.id, claims.email);
      return { ok: true, user: existing, isNew: false };
    }
    const displayName = (nameHint ?? claims.name ?? "").trim().slice(0, 80) || nameFromEmail(claims.email);
    const user = await createAccount(ctx, {
      email: claims.email,
      displayName,
      passwordHash: null,
      emailVerified: true,
      language: languageFromHeader(req),
      identity: { provider, subject: claims.subject },
    });
    if (user) return { ok: true, user, isNew: true };
    // A concurrent sign-up with this address won: link to it on the second pass.
  }
  return { ok: false, code: "oauth_failed", message: "Sign-in could not be completed. Try again." };
}
