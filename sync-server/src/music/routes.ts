// /api/music/… (docs/api.md "Music"). Every route but Spotify's callback needs a session.
import type { IncomingMessage } from "node:http";
import {
  ConnectConfirmBodySchema,
  ConnectStartBodySchema,
  CreatePlaylistBodySchema,
  DeviceBodySchema,
  FeedbackBodySchema,
  PlayBodySchema,
  SessionMixBodySchema,
  TransferBodySchema,
} from "@cadence/shared-schema/music";
import * as z from "zod";
import { JobCompleteBodySchema as NoFieldsSchema } from "@cadence/shared-schema";
import type { AppContext } from "../context.js";
import {
  ApiError,
  parseCookies,
  readJson,
  readOptionalJson,
  sendJson,
  sendNoContent,
} from "../http/respond.js";
import type { Router } from "../http/router.js";
import { requireSession } from "../http/session-cookie.js";
import { SPOTIFY_CALLBACK_PATH } from "./config.js";
import { CONNECT_COOKIE, musicDocUnavailable, type MusicService } from "./service.js";

const query = (req: IncomingMessage) => new URL(req.url ?? "/", "http://x").searchParams;

function intParam(req: IncomingMessage, name: string, fallback: number, min: number, max: number): number {
  const raw = query(req).get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ApiError(
      400,
      "invalid_request",
      `The request is invalid: ${name} must be an integer from ${min} to ${max}.`,
    );
  }
  return n;
}

const TimeRangeSchema = z.enum(["short_term", "medium_term", "long_term"]);

export function musicRoutes(router: Router, ctx: AppContext, music: MusicService): void {
  const cookie = (value: string, maxAge: number) =>
    `${CONNECT_COOKIE}=${value}; Path=/api/music/connect; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${ctx.config.secureCookies ? "; Secure" : ""}`;
  const browserSecret = (req: IncomingMessage) =>
    parseCookies(req.headers.cookie)[CONNECT_COOKIE] || undefined;
  const user = (req: IncomingMessage) => requireSession(ctx, req).userId;

  router.on("GET", "/api/music/status", (req, res) => {
    sendJson(res, 200, music.status(user(req)));
    return Promise.resolve();
  });

  router.on("POST", "/api/music/connect/start", async (req, res) => {
    const userId = user(req);
    const body = await readJsonOrEmpty(req, ConnectStartBodySchema);
    const started = await music.connectStart(userId, req.headers.origin, body.returnTo);
    sendJson(
      res,
      200,
      { authorizeUrl: started.authorizeUrl, expiresAt: new Date(started.expiresAt).toISOString() },
      { "set-cookie": cookie(started.browserSecret, Math.ceil(ctx.config.music.stateTtlMs / 1000)) },
    );
  });

  router.on("GET", SPOTIFY_CALLBACK_PATH, async (req, res) => {
    const location = await music.connectCallback(query(req), browserSecret(req));
    res.writeHead(302, { location, "cache-control": "no-store", "set-cookie": cookie("", 0) });
    res.end();
  });

  router.on("POST", "/api/music/connect/confirm", async (req, res) => {
    const userId = user(req);
    const body = await readJson(req, ConnectConfirmBodySchema);
    const status = await music.connectConfirm(userId, body.state, browserSecret(req));
    sendJson(res, 200, status, { "set-cookie": cookie("", 0) });
  });

  router.on("POST", "/api/music/disconnect", async (req, res) => {
    const userId = user(req);
    await readOptionalJson(req, NoFieldsSchema);
    const { deleted } = music.disconnect(userId);
    sendJson(res, 200, {
      disconnected: deleted,
      note: "Cadence deleted its Spotify tokens. Spotify has no way for apps to revoke access themselves: to remove the grant on Spotify's side too, open spotify.com/account/apps and remove this app.",
    });
  });

  router.on("GET", "/api/music/recently-played", async (req, res) => {
    const userId = user(req);
    sendJson(res, 200, { tracks: await music.recentlyPlayed(userId, intParam(req, "limit", 50, 1, 50)) });
  });

  router.on("GET", "/api/music/top-tracks", async (req, res) => {
    const userId = user(req);
    const range = TimeRangeSchema.safeParse(query(req).get("timeRange") ?? "medium_term");
    if (!range.success) {
      throw new ApiError(
        400,
        "invalid_request",
        "The request is invalid: timeRange must be short_term, medium_term or long_term.",
      );
    }
    sendJson(res, 200, {
      tracks: await music.topTracks(userId, range.data, intParam(req, "limit", 50, 1, 50)),
    });
  });

  router.on("GET", "/api/music/devices", async (req, res) => {
    const userId = user(req);
    const devices = await music.devices(userId);
    sendJson(res, 200, { devices, activeDevice: devices.some((d) => d.isActive) });
  });

  router.on("GET", "/api/music/playback", async (req, res) => {
    sendJson(res, 200, await music.playback(user(req)));
  });

  router.on("POST", "/api/music/play", async (req, res) => {
    const userId = user(req);
    await music.play(userId, await readJsonOrEmpty(req, PlayBodySchema));
    sendNoContent(res);
  });

  router.on("POST", "/api/music/pause", async (req, res) => {
    const userId = user(req);
    await music.pause(userId, (await readJsonOrEmpty(req, DeviceBodySchema)).deviceId);
    sendNoContent(res);
  });

  router.on("POST", "/api/music/next", async (req, res) => {
    const userId = user(req);
    await music.next(userId, (await readJsonOrEmpty(req, DeviceBodySchema)).deviceId);
    sendNoContent(res);
  });

  router.on("POST", "/api/music/transfer", async (req, res) => {
    const userId = user(req);
    const body = await readJson(req, TransferBodySchema);
    await music.transfer(userId, body.deviceId, body.play);
    sendNoContent(res);
  });

  router.on("POST", "/api/music/playlists", async (req, res) => {
    const userId = user(req);
    const body = await readJson(req, CreatePlaylistBodySchema);
    const result = await music.createPlaylist(userId, body);
    sendJson(res, 201, result);
  });

  router.on("POST", "/api/music/feedback", async (req, res) => {
    const userId = user(req);
    const body = await readJson(req, FeedbackBodySchema);
    sendJson(res, 201, await music.feedback(userId, body));
  });

  router.on("POST", "/api/music/session-mix", async (req, res) => {
    const userId = user(req);
    const body = await readJson(req, SessionMixBodySchema);
    const result = await music.sessionMix(userId, body);
    sendJson(res, body.save === false ? 200 : 201, result);
  });

  router.on("POST", "/api/music/document", async (req, res) => {
    const userId = user(req);
    await readOptionalJson(req, NoFieldsSchema);
    const opened = await music.docs.ensure(userId);
    if (!opened) throw musicDocUnavailable();
    sendJson(res, 200, { musicDocUrl: opened.url });
  });
}

/** A JSON body, or `{}` when the request has none (POSTs whose fields are all optional). */
async function readJsonOrEmpty<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const h = req.headers;
  const empty =
    h["content-type"] === undefined && h["transfer-encoding"] === undefined && !Number(h["content-length"]);
  return empty ? schema.parse({}) : readJson(req, schema);
}
