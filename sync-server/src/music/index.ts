// The music integration: bring-your-own Spotify app, connect (code + PKCE), the Web API subset and Session Mix.
import type { AppContext } from "../context.js";
import type { Router } from "../http/router.js";
import { Counter } from "../metrics.js";
import { musicRoutes } from "./routes.js";
import { MusicService } from "./service.js";
import { deleteMusicDataForUser, type Sealer } from "./store.js";

export { loadMusicConfig, type MusicConfig } from "./config.js";
export { deleteMusicDataForUser, type Sealer } from "./store.js";
export { MusicService } from "./service.js";

/**
 * Builds the music service, mounts /api/music and registers its account hooks: deleting an account deletes its
 * Spotify tokens (`deleteMusicDataForUser`), and GDPR exports list the integration (without secrets). Tokens are
 * sealed with the accounts module's `SecretKey` (SECRET_KEY, or $DATA_DIR/secret-key when unset).
 */
export function mountMusic(router: Router, ctx: AppContext, sealer: Sealer = ctx.secrets): MusicService {
  const requests = ctx.metrics.registry.register(
    new Counter("cadence_spotify_requests_total", "Calls to the Spotify Web API by kind and outcome"),
  );
  const music = new MusicService({
    db: ctx.db,
    log: ctx.log,
    config: ctx.config.music,
    sync: ctx.sync,
    ownership: ctx.ownership,
    sealer,
    allowedOrigins: ctx.config.allowedOrigins,
    publicUrl: ctx.config.music.publicUrl,
    count: (kind, outcome) => requests.inc({ kind, outcome }),
  });
  musicRoutes(router, ctx, music);
  ctx.accountHooks.onAccountDeleted("music", ({ userId }) => deleteMusicDataForUser(ctx.db, userId));
  ctx.accountHooks.onExport("integrations", (userId) => music.exportRows(userId));
  return music;
}
