import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import type { CadencePage } from "./pages.js";

/** The loopback Spotify fake the suite runs beside the server (tests/support/spotify-fake-server.ts). */
export const spotifyFakeUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8181) + 2}`;

export interface FakeState {
  playlists: Array<{
    id: string;
    name: string;
    public: boolean;
    batches: number[];
    tracks: Array<{ uri: string; name: string | null }>;
  }>;
  switches: { noDevice: boolean; nonPremium: boolean; denyConsent: boolean };
  playback: { isPlaying: boolean; contextUri: string | null; activeDevice: string | null };
  authorizeRequests: number;
  tokenRequests: Array<{ grantType: string; ok: boolean; error: string | null }>;
  violations: string[];
}

/** What the fake Spotify has seen and holds, and its failure switches. */
export const spotifyFake = {
  async state(): Promise<FakeState> {
    const res = await fetch(`${spotifyFakeUrl}/__fake/state`);
    return (await res.json()) as FakeState;
  },
  async set(switches: Partial<FakeState["switches"]>): Promise<void> {
    await fetch(`${spotifyFakeUrl}/__fake/switches`, { method: "POST", body: JSON.stringify(switches) });
  },
  async reset(): Promise<void> {
    await fetch(`${spotifyFakeUrl}/__fake/reset`, { method: "POST" });
  },
};

/** Music in Cadence, in the words a person sees: Settings → Music & Playback and the Music screen. */
export class MusicPage {
  constructor(readonly app: CadencePage) {}

  get page(): Page {
    return this.app.page;
  }

  /** Settings → Music & Playback. */
  section(): Locator {
    return this.page.locator("section#music");
  }

  async openSettings(): Promise<void> {
    await this.app.openSettings();
    await this.page.getByRole("link", { name: "Music and playback" }).click();
    await expect(this.section().getByRole("heading", { name: "Spotify connection" })).toBeVisible();
  }

  /** Connect Spotify from Settings: through the fake's consent and back to the app. */
  async connect(): Promise<void> {
    await this.section().getByRole("button", { name: "Connect Spotify" }).click();
  }

  mix(): Locator {
    return this.page.locator("cad-session-mix");
  }

  /** Generates a Session Mix on the Music screen and waits for its result. */
  async generate(
    mode: "Warm-up only" | "Full session" | "Recovery / cool-down" = "Full session",
  ): Promise<void> {
    await this.mix().getByRole("radio", { name: mode }).check();
    await this.mix().getByRole("button", { name: "Generate Session Mix" }).click();
    await expect(this.mix().getByRole("button", { name: "Generate Session Mix" })).toBeEnabled({
      timeout: 20_000,
    });
  }

  /** The phases of the mix shown, in order, each with its tracks' names. */
  async shownPhases(): Promise<Array<{ phase: string; tracks: string[] }>> {
    const lists = this.mix().locator("ol[data-phase]");
    const out: Array<{ phase: string; tracks: string[] }> = [];
    for (const list of await lists.all()) {
      out.push({
        phase: (await list.getAttribute("data-phase")) ?? "",
        tracks: await list.getByRole("listitem").locator("strong").allInnerTexts(),
      });
    }
    return out;
  }
}

/** Serious or critical axe findings on the page as it is now, in light and in dark (the theme follows the system). */
export async function axeProblems(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    found.push(
      ...results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) => `${where} (${colorScheme}): ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        ),
    );
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}
