import { JobCompleteBodySchema as NoFieldsSchema } from "@cadence/shared-schema";
import fs from "node:fs";
import type { AppContext } from "../../context.js";
import { requireUser } from "../../accounts/http.js";
import { ApiError, readOptionalJson, sendJson } from "../../http/respond.js";
import type { Router } from "../../http/router.js";
import type { ExportRunner } from "./runner.js";
import type { ExportRecord } from "./store.js";

const LINK_TTL_MS = 60 * 60_000;
const EXPORTS_PER_DAY = 5;

/**
 * GDPR export (spec flow 15): ask for an export, watch its progress, download it through an expiring link
 * signed with HMAC-SHA-256 (key derived from SECRET_KEY). The link alone authorises the download, so it works
 * in any tab or download manager; it names one export of one user and stops working after an hour, or when
 * the file expires, whichever is first.
 */
export function exportRoutes(router: Router, ctx: AppContext, runner: ExportRunner): void {
  const signature = (e: ExportRecord, expires: number) =>
    ctx.secrets.sign("export-download", `${e.id}.${e.userId}.${expires}`);

  const view = (e: ExportRecord) => {
    const downloadable = e.status === "succeeded" && (e.expiresAt ?? 0) > Date.now();
    const linkExpires = downloadable ? Math.min(Date.now() + LINK_TTL_MS, e.expiresAt!) : null;
    return {
      id: e.id,
      status: e.status,
      progress: e.progress,
      createdAt: new Date(e.createdAt).toISOString(),
      startedAt: e.startedAt ? new Date(e.startedAt).toISOString() : null,
      finishedAt: e.finishedAt ? new Date(e.finishedAt).toISOString() : null,
      expiresAt: e.expiresAt ? new Date(e.expiresAt).toISOString() : null,
      bytes: e.bytes,
      error: e.error,
      downloadUrl:
        linkExpires !== null
          ? `/api/account/export/${e.id}/download?expires=${linkExpires}&sig=${signature(e, linkExpires)}`
          : null,
      downloadUrlExpiresAt: linkExpires !== null ? new Date(linkExpires).toISOString() : null,
    };
  };

  router.on("POST", "/api/account/export", async (req, res) => {
    const { user } = requireUser(ctx, req);
    await readOptionalJson(req, NoFieldsSchema);
    runner.sweep();
    const active = runner.store.activeFor(user.id);
    if (active) return sendJson(res, 200, { export: view(active) });
    const recent = runner.store.recent(user.id, Date.now() - 24 * 3600_000);
    if (recent.n >= EXPORTS_PER_DAY) {
      const seconds = Math.max(
        1,
        Math.ceil(((recent.oldest ?? Date.now()) + 24 * 3600_000 - Date.now()) / 1000),
      );
      throw new ApiError(
        429,
        "too_many_exports",
        `You can ask for ${EXPORTS_PER_DAY} exports a day. Try again in ${Math.ceil(seconds / 3600)} hours.`,
        { "retry-after": String(seconds) },
      );
    }
    const created = runner.store.create(user.id);
    runner.kick();
    sendJson(res, 202, { export: view(created) });
  });

  router.on("GET", "/api/account/exports", (req, res) => {
    const { user } = requireUser(ctx, req);
    sendJson(res, 200, { exports: runner.store.forUser(user.id).map(view) });
    return Promise.resolve();
  });

  router.on("GET", "/api/account/export/:id", (req, res, p) => {
    const { user } = requireUser(ctx, req);
    const e = runner.store.get(p.id!);
    if (!e || e.userId !== user.id) throw new ApiError(404, "not_found", "There is no such export.");
    sendJson(res, 200, { export: view(e) });
    return Promise.resolve();
  });

  router.on("GET", "/api/account/export/:id/download", (req, res, p) => {
    const url = new URL(req.url ?? "/", "http://x");
    const expires = Number(url.searchParams.get("expires"));
    const sig = url.searchParams.get("sig") ?? "";
    const e = runner.store.get(p.id!);
    const denied = () => {
      ctx.metrics.authFailures.inc({ reason: "export_link" });
      return new ApiError(
        403,
        "invalid_link",
        "This download link is not valid. Open the export again in the app for a fresh link.",
      );
    };
    if (
      !e ||
      !Number.isSafeInteger(expires) ||
      !ctx.secrets.verify("export-download", `${e.id}.${e.userId}.${expires}`, sig)
    ) {
      throw denied();
    }
    if (expires <= Date.now()) {
      throw new ApiError(
        410,
        "link_expired",
        "This download link has expired. Open the export again in the app for a fresh link.",
      );
    }
    const file = runner.fileOf(e.id);
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(file);
    } catch {
      stat = null;
    }
    if (e.status !== "succeeded" || (e.expiresAt ?? 0) <= Date.now() || !stat) {
      throw new ApiError(410, "export_expired", "This export has expired. Ask for a new one.");
    }
    const day = new Date(e.createdAt).toISOString().slice(0, 10);
    res.writeHead(200, {
      "content-type": "application/zip",
      "content-length": stat.size,
      "content-disposition": `attachment; filename="cadence-export-${day}.zip"`,
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    });
    if (req.method === "HEAD") {
      res.end();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const stream = fs.createReadStream(file);
      stream.on("error", () => {
        res.destroy();
        resolve();
      });
      stream.on("end", () => resolve());
      stream.pipe(res);
    });
  });
}
