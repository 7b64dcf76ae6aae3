// The parts of Spotify Web API objects we read (the OpenAPI description in ../shared/spotify/ has them all).
// Everything is optional: we never trust a field to be there.
import type { DeviceView, TrackView } from "@cadence/shared-schema/music";

export type { DeviceView, TrackView };

export interface SpotifyImage {
  url?: string;
  height?: number | null;
  width?: number | null;
}

export interface SpotifyTrack {
  id?: string;
  uri?: string;
  name?: string;
  type?: string;
  duration_ms?: number;
  explicit?: boolean;
  is_local?: boolean;
  artists?: Array<{ name?: string }>;
  album?: { name?: string; images?: SpotifyImage[] };
  external_urls?: { spotify?: string };
  external_ids?: { isrc?: string };
}

export interface SpotifyDevice {
  id?: string | null;
  name?: string;
  type?: string;
  is_active?: boolean;
  is_restricted?: boolean;
  is_private_session?: boolean;
  volume_percent?: number | null;
  supports_volume?: boolean;
}

export interface SpotifyPlayback {
  device?: SpotifyDevice;
  is_playing?: boolean;
  progress_ms?: number;
  shuffle_state?: boolean;
  repeat_state?: string;
  currently_playing_type?: string;
  context?: { uri?: string; type?: string } | null;
  item?: SpotifyTrack | null;
}

export interface SpotifyPlaylist {
  id?: string;
  uri?: string;
  name?: string;
  external_urls?: { spotify?: string };
}

export interface SpotifyAudioFeatures {
  id?: string;
  tempo?: number;
  energy?: number;
}

export function trackView(t: SpotifyTrack | null | undefined): TrackView | null {
  if (
    !t ||
    typeof t.id !== "string" ||
    typeof t.uri !== "string" ||
    (t.type !== undefined && t.type !== "track")
  )
    return null;
  if (t.is_local) return null;
  const images = t.album?.images ?? [];
  const smallest = [...images]
    .sort((a, b) => (a.width ?? 9999) - (b.width ?? 9999))
    .find((i) => typeof i.url === "string");
  return {
    uri: t.uri,
    id: t.id,
    name: typeof t.name === "string" && t.name ? t.name : "Untitled",
    artists: (t.artists ?? [])
      .map((a) => a.name)
      .filter((n): n is string => typeof n === "string" && n.length > 0),
    album: typeof t.album?.name === "string" ? t.album.name : null,
    durationMs: typeof t.duration_ms === "number" && t.duration_ms > 0 ? t.duration_ms : 0,
    explicit: t.explicit === true,
    imageUrl: smallest?.url ?? null,
    url: t.external_urls?.spotify ?? null,
  };
}

export function deviceView(d: SpotifyDevice): DeviceView {
  return {
    id: d.id ?? null,
    name: typeof d.name === "string" ? d.name : "Unknown device",
    type: typeof d.type === "string" ? d.type : "Unknown",
    isActive: d.is_active === true,
    isRestricted: d.is_restricted === true,
    volumePercent: typeof d.volume_percent === "number" ? d.volume_percent : null,
  };
}
