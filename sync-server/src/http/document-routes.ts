import { isValidDocumentId } from "@automerge/automerge-repo";
import type { AppContext } from "../context.js";
import { ApiError, sendJson } from "./respond.js";
import type { Router } from "./router.js";
import { requireSession } from "./session-cookie.js";

/** Document metadata only the server can vouch for, readable by the document's owner. */
export function documentRoutes(router: Router, ctx: AppContext): void {
  router.on("GET", "/api/documents/:docId/changes", (req, res, p) => {
    const session = requireSession(ctx, req);
    const docId = p.docId!;
    // Not yours and does not exist look the same.
    if (!isValidDocumentId(docId) || ctx.ownership.ownerOf(docId) !== session.userId) {
      throw new ApiError(404, "not_found", "There is no such document.");
    }
    sendJson(res, 200, { changes: ctx.attribution.list(docId) });
    return Promise.resolve();
  });
}
