// The network tempo sources of the chain (the document sources are in @cadence/shared-schema/music):
// Spotify's legacy audio features, and a third-party provider speaking the same "audio features by Spotify id"
// shape (ReccoBeats-style: GET <base>/audio-features?ids=<ids> → { content | audio_features: [{ id | href, tempo,
// energy }] }). Only track ids go out; no listening history, no user identity.
import type { TempoFound, TempoLookupTrack, TempoSource } from "@cadence/shared-schema/music";
import { ApiError } from "../http/respond.js";
import type { TempoProviderConfig } from "./config.js";
import type { SpotifyApi } from "./spotify-api.js";
import type { SpotifyAudioFeatures } from "./spotify-types.js";

const AUDIO_FEATURES_BATCH = 100;
const PROVIDER_BATCH = 40;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Remembers, per server process, that this Spotify app has no access to audio features (403/404 once). */
export class AudioFeaturesAccess {
  available = true;
}

export function spotifyAudioFeaturesSource(
  api: SpotifyApi,
  userId: string,
  access: AudioFeaturesAccess,
): TempoSource {
  return {
    kind: "spotify",
    async lookup(tracks: readonly TempoLookupTrack[]) {
      const out = new Map<string, TempoFound>();
      if (!access.available) return out;
      const byId = new Map(tracks.filter((t) => t.spotifyId).map((t) => [t.spotifyId!, t.uri]));
      for (const ids of chunks([...byId.keys()], AUDIO_FEATURES_BATCH)) {
        try {
          const res = await api.call<{ audio_features?: Array<SpotifyAudioFeatures | null> }>(
            userId,
            "GET",
            "/audio-features",
            {
              query: { ids: ids.join(",") },
              kind: "audio_features",
            },
          );
          for (const f of res.body?.audio_features ?? []) {
            const uri = f?.id ? byId.get(f.id) : undefined;
            if (uri && typeof f?.tempo === "number") out.set(uri, { bpm: f.tempo, energy: f.energy ?? null });
          }
        } catch (err) {
          if (
            err instanceof ApiError &&
            (err.code === "spotify_forbidden" || err.code === "spotify_not_found")
          ) {
            // Apps created since 2024-11-27 get 403 here: stop asking.
            access.available = false;
            return out;
          }
          throw err;
        }
      }
      return out;
    },
  };
}

interface ProviderItem {
  id?: unknown;
  href?: unknown;
  tempo?: unknown;
  energy?: unknown;
}

export function httpTempoProvider(config: TempoProviderConfig, timeoutMs: number): TempoSource {
  return {
    kind: "provider",
    async lookup(tracks: readonly TempoLookupTrack[]) {
      const out = new Map<string, TempoFound>();
      const byId = new Map(tracks.filter((t) => t.spotifyId).map((t) => [t.spotifyId!, t.uri]));
      for (const ids of chunks([...byId.keys()], PROVIDER_BATCH)) {
        const url = new URL(`${config.url}/audio-features`);
        url.searchParams.set("ids", ids.join(","));
        const headers: Record<string, string> = { accept: "application/json" };
        if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) {
          await res.body?.cancel();
          throw new Error(`the tempo provider answered HTTP ${res.status}`);
        }
        const body = (await res.json()) as { content?: ProviderItem[]; audio_features?: ProviderItem[] };
        for (const item of body.content ?? body.audio_features ?? []) {
          if (!item || typeof item.tempo !== "number") continue;
          const fromHref =
            typeof item.href === "string"
              ? /open\.spotify\.com\/track\/([A-Za-z0-9]+)/.exec(item.href)?.[1]
              : undefined;
          const id = fromHref ?? (typeof item.id === "string" ? item.id : undefined);
          const uri = id ? byId.get(id) : undefined;
          if (uri)
            out.set(uri, { bpm: item.tempo, energy: typeof item.energy === "number" ? item.energy : null });
        }
      }
      return out;
    },
  };
}
