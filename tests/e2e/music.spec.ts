// Music in the browser, against the real server and the loopback Spotify fake (started by the Playwright config):
// connect Spotify from Settings (authorization code + PKCE, back through the app's confirm step), a Session Mix for
// today's plan saved as a private playlist ordered by phase, "why this track", disconnect; and the failures a
// person can meet (consent refused, no Premium for playback) with what still works.
import { expect, test } from "@playwright/test";
import { MusicPage, axeProblems, spotifyFake } from "./music-pages.js";
import { CadencePage, PASSWORD, uniqueEmail } from "./pages.js";

const PHASE_ORDER = ["warmup", "main", "intervals", "cooldown"];

/** A WAV file (16-bit mono, 22.05 kHz) of a 1 kHz click on every beat at `bpm`: audio of known tempo. */
function clickTrackWav(bpm: number, seconds: number): Buffer {
  const rate = 22050;
  const n = rate * seconds;
  const wav = Buffer.alloc(44 + n * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + n * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(n * 2, 40);
  const click = Math.round(0.03 * rate);
  for (let t = 0.05; t < seconds; t += 60 / bpm) {
    const s0 = Math.round(t * rate);
    for (let i = 0; i < click && s0 + i < n; i++) {
      const v = 0.8 * Math.sin((2 * Math.PI * 1000 * i) / rate) * Math.exp(-i / (click / 5));
      wav.writeInt16LE(Math.round(v * 32767), 44 + (s0 + i) * 2);
    }
  }
  return wav;
}

test.beforeEach(async () => {
  await spotifyFake.reset();
});

test.afterEach(async () => {
  // Every Web API answer the fake gave matched Spotify's OpenAPI description.
  expect((await spotifyFake.state()).violations).toEqual([]);
});

test("connect Spotify, save today's Session Mix ordered by phase, see why each track, disconnect", async ({
  browser,
}) => {
  test.slow(); // the whole story, with axe in both themes on two screens
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("music"), PASSWORD);
  const page = app.page;
  const music = new MusicPage(app);

  // Today's plan gives the mix its phases.
  const plan = page.getByTestId("today-plan");
  await plan.getByRole("button", { name: "Generate today's plan" }).click();
  await expect(plan.getByTestId("plan-phase").first()).toBeVisible();

  // Not connected yet: the Music screen says so and leads to Settings.
  await app.goTo("Music");
  await expect(page.getByRole("heading", { name: "Connect Spotify for a Session Mix" })).toBeVisible();
  await page.getByRole("link", { name: "Connect in Settings → Music and playback" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(music.section().getByText("Spotify is not connected.")).toBeVisible();

  const before = await spotifyFake.state();
  await music.connect();
  // Spotify (the fake) sent the browser to the server's 127.0.0.1 callback, which handed back to this app on
  // localhost to confirm from the browser that started.
  await expect(music.section().getByRole("status").filter({ hasText: "Spotify is connected" })).toBeVisible();
  await expect(page).toHaveURL(/\/settings#music$/);
  await expect(music.section().getByRole("button", { name: "Disconnect" })).toBeVisible();
  expect(await axeProblems(page, "settings, connected")).toEqual([]);
  const connected = await spotifyFake.state();
  expect(connected.authorizeRequests).toBe(before.authorizeRequests + 1);
  expect(connected.tokenRequests.slice(before.tokenRequests.length)).toEqual([
    { grantType: "authorization_code", ok: true, error: null },
  ]);

  // The Session Mix for today's plan.
  await app.goTo("Music");
  await expect(page.getByText("Phases from today's plan.")).toBeVisible();
  await music.generate("Full session");
  const saved = music.mix().getByText(/^Saved to your Spotify library as “(.+)”\.$/);
  await expect(saved).toBeVisible();
  const name = /“(.+)”/.exec((await saved.innerText()) ?? "")?.[1];

  const shown = await music.shownPhases();
  expect(shown.map((p) => p.phase)).toEqual(
    [...shown.map((p) => p.phase)].sort((a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b)),
  );
  expect(shown.map((p) => p.phase)).toEqual(expect.arrayContaining(["warmup", "main", "cooldown"]));

  // Spotify got a private playlist holding exactly the mix's Spotify tracks, in phase order.
  const after = await spotifyFake.state();
  expect(after.playlists.length).toBe(connected.playlists.length + 1);
  const playlist = after.playlists.at(-1)!;
  expect(playlist.name).toBe(name);
  expect(playlist.public).toBe(false);
  const onSpotify = shown.flatMap((p) => p.tracks.filter((t) => !t.startsWith("Cadence Beat")));
  expect(onSpotify.length).toBeGreaterThan(0);
  expect(playlist.tracks.map((t) => t.name)).toEqual(onSpotify);

  // Why this track: every score term with its points.
  const first = music.mix().getByRole("list", { name: "Warm-up" }).getByRole("listitem").first();
  const why = first.getByRole("button", { name: "Why this track" });
  await expect(why).toHaveAttribute("aria-expanded", "false");
  await why.click();
  await expect(why).toHaveAttribute("aria-expanded", "true");
  for (const term of ["Tempo", "Energy", "Recently played", "Variety"]) {
    await expect(first.getByRole("cell", { name: term, exact: true })).toBeVisible();
  }
  expect(await axeProblems(page, "music, with a mix")).toEqual([]);

  // Play: the fake's phone plays the new playlist.
  await music.mix().getByRole("button", { name: "Play" }).click();
  await expect
    .poll(async () => (await spotifyFake.state()).playback.contextUri)
    .toBe(`spotify:playlist:${playlist.id}`);

  // Disconnect: Cadence forgets the tokens and says how to remove the app on Spotify's side too.
  await music.openSettings();
  await music.section().getByRole("button", { name: "Disconnect" }).click();
  await expect(music.section().getByText(/^Disconnected\. .*spotify\.com\/account\/apps/)).toBeVisible();
  await expect(music.section().getByRole("button", { name: "Connect Spotify" })).toBeVisible();
  await app.goTo("Music");
  await expect(page.getByRole("heading", { name: "Connect Spotify for a Session Mix" })).toBeVisible();
  await app.context.close();
});

test("set a track's tempo by typing it or from an audio file; the next mix uses it and says so", async ({
  browser,
}) => {
  test.slow();
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("music-tempo"), PASSWORD);
  const page = app.page;
  const music = new MusicPage(app);
  await music.openSettings();
  await music.connect();
  await expect(music.section().getByRole("button", { name: "Disconnect" })).toBeVisible();

  await app.goTo("Music");
  await music.generate("Warm-up only");
  // The warm-up's best-scoring Spotify track, and the tempo the phase aims at.
  const warmup = music.mix().getByRole("list", { name: "Warm-up" });
  let name = "";
  let best = -Infinity;
  for (const item of await warmup.getByRole("listitem").all()) {
    if ((await item.getByRole("button", { name: /^(Set|Correct) tempo$/ }).count()) === 0) continue;
    const points = Number(/(-?[\d.]+) points/.exec(await item.innerText())?.[1]);
    if (points > best) [best, name] = [points, await item.locator("strong").innerText()];
  }
  const aim = /aiming at ([\d.]+) BPM/.exec(
    await music
      .mix()
      .getByText(/aiming at/)
      .innerText(),
  )![1]!;
  const track = () =>
    music
      .mix()
      .getByRole("listitem")
      .filter({ has: page.getByText(name, { exact: true }) });

  // Open the panel: tapping works from the keyboard and the count is announced.
  await track()
    .getByRole("button", { name: /^(Set|Correct) tempo$/ })
    .click();
  const panel = track().getByRole("group", { name: `Tempo of “${name}”` });
  await panel.getByRole("button", { name: "Tap the beat" }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await expect(panel.getByTestId("tap-status")).toHaveText("Taps: 2. Keep going.");

  // A tempo from a file: a click track at 128 BPM, analysed in the browser.
  await panel.getByLabel("Estimate from an audio file").setInputFiles({
    name: "click-128.wav",
    mimeType: "audio/wav",
    buffer: clickTrackWav(128, 20),
  });
  await expect(panel.getByTestId("file-status")).toHaveText(/^About (12[6-9]|130)(\.\d)? BPM/, {
    timeout: 15_000,
  });
  expect(await axeProblems(page, "music, setting a tempo")).toEqual([]);

  // Typing: out of range is refused next to the field, then the aimed-at tempo is saved.
  const field = panel.getByLabel("Type the BPM");
  await field.fill("300");
  await panel.getByRole("button", { name: "Save tempo" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Use a tempo between 40 and 240 BPM.");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill(aim);
  await field.press("Enter");
  await expect(track().getByRole("status")).toHaveText(`Saved: ${aim} BPM. The next Session Mix uses it.`);
  await expect(track().getByRole("button", { name: "Correct tempo" })).toBeFocused();

  // The next mix reads it from the music document (the server's copy, once this device has synced it).
  await app.waitUntilSynced();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/music/session-mix"));
  await music.generate("Warm-up only");
  const body = (await (await answer).json()) as { tempoSources: Array<{ kind: string; found: number }> };
  expect(body.tempoSources.find((x) => x.kind === "user")?.found).toBe(1);
  await app.context.close();
});

test("without Premium, playback says what is needed and the playlist is still saved", async ({ browser }) => {
  await spotifyFake.set({ nonPremium: true });
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("music-free"), PASSWORD);
  const music = new MusicPage(app);
  await music.openSettings();
  await music.connect();
  await expect(music.section().getByRole("button", { name: "Disconnect" })).toBeVisible();

  await app.goTo("Music");
  const before = (await spotifyFake.state()).playlists.length;
  await music.generate("Warm-up only");
  await expect(music.mix().getByText(/^Saved to your Spotify library as/)).toBeVisible();
  expect((await spotifyFake.state()).playlists.length).toBe(before + 1);
  expect(await music.shownPhases()).toEqual([{ phase: "warmup", tracks: expect.any(Array) }]);

  await music.mix().getByRole("button", { name: "Play" }).click();
  await expect(music.mix().getByRole("alert")).toHaveText(
    /Controlling playback needs Spotify Premium\. Your playlists are still saved/,
  );
  expect((await spotifyFake.state()).playback.isPlaying).toBe(false);
  await app.context.close();
});

test("with no Spotify device open, Play says how to get one, and the playlist is still saved", async ({
  browser,
}) => {
  await spotifyFake.set({ noDevice: true });
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("music-nodevice"), PASSWORD);
  const music = new MusicPage(app);
  await music.openSettings();
  await music.connect();
  await expect(music.section().getByRole("button", { name: "Disconnect" })).toBeVisible();

  await app.goTo("Music");
  await music.generate("Recovery / cool-down");
  await expect(music.mix().getByText(/^Saved to your Spotify library as/)).toBeVisible();
  expect(await music.shownPhases()).toEqual([{ phase: "cooldown", tracks: expect.any(Array) }]);
  await music.mix().getByRole("button", { name: "Play" }).click();
  await expect(music.mix().getByRole("alert")).toHaveText(
    /^No Spotify device is active\. Open Spotify on your phone, computer or speaker/,
  );
  await app.context.close();
});

test("refusing consent on Spotify leaves Spotify unconnected, with a message", async ({ browser }) => {
  await spotifyFake.set({ denyConsent: true });
  const app = await CadencePage.open(browser);
  await app.register(uniqueEmail("music-deny"), PASSWORD);
  const music = new MusicPage(app);
  await music.openSettings();
  await music.connect();
  await expect(music.section().getByText("Spotify was not connected: you did not allow it.")).toBeVisible();
  await expect(app.page).toHaveURL(/\/settings#music$/);
  await expect(music.section().getByRole("button", { name: "Connect Spotify" })).toBeVisible();
  await app.context.close();
});
