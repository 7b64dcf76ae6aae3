import type { AppContext } from "../context.js";
import { sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { requireUser } from "./http.js";

/** What the Privacy & Account screen shows about the account itself. */
export function accountRoutes(router: Router, ctx: AppContext): void {
  router.on("GET", "/api/account", (req, res) => {
    const { user } = requireUser(ctx, req);
    sendJson(res, 200, {
      account: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        createdAt: new Date(user.createdAt).toISOString(),
        emailVerified: user.emailVerifiedAt !== null,
        hasPassword: user.hasPassword,
        providers: ctx.accountRecords.identities(user.id).map((i) => ({
          provider: i.provider,
          email: i.email,
          linkedAt: new Date(i.linkedAt).toISOString(),
        })),
        // Deleting asks for the password, or for the email address typed out when there is none.
        deleteConfirmWith: user.hasPassword ? "password" : "email",
      },
    });
    return Promise.resolve();
  });
}
