// The loopback Spotify fake as a process of its own, for the browser suite (tests/playwright.config.ts starts it
// beside the server): accounts service, Web API subset and the `/__fake/` control routes on a fixed port.
//   SPOTIFY_FAKE_PORT          where to listen (127.0.0.1)
//   SPOTIFY_FAKE_CLIENT_ID     the client id the server is configured with
//   SPOTIFY_FAKE_REDIRECT_URI  the redirect URI registered in the fake app's dashboard
import { SpotifyFake } from "./spotify-fake.js";

const port = Number(process.env.SPOTIFY_FAKE_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error("SPOTIFY_FAKE_PORT must be a port number");

const fake = await SpotifyFake.start({
  port,
  control: true,
  clientId: process.env.SPOTIFY_FAKE_CLIENT_ID ?? "cadence-e2e",
  redirectUris: (process.env.SPOTIFY_FAKE_REDIRECT_URI ?? "").split(",").filter(Boolean),
});
// An app made before 2024-11-27 still has audio features: tracks come with tempos, so mixes use the listener's music.
fake.audioFeatures = true;
console.log(`spotify fake on ${fake.url}`);

const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
