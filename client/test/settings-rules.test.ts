import { defaultSettings } from "@cadence/shared-schema";
import { describe, expect, it } from "vitest";
import { settingsProblem, withPatch } from "../src/settings-rules.js";

describe("settingsProblem", () => {
  it("accepts the defaults", () => {
    expect(settingsProblem(defaultSettings())).toBeUndefined();
  });

  it("refuses daily or manual sync without offline mode, in either order of change", () => {
    const offline = withPatch(defaultSettings(), { offlineMode: false });
    expect(settingsProblem(offline)).toBeUndefined();
    expect(settingsProblem(withPatch(offline, { sync: "manual" }))?.message).toBe(
      "settings.invalid.syncNeedsOffline",
    );
    expect(settingsProblem(withPatch(offline, { sync: "daily" }))?.message).toBe(
      "settings.invalid.syncNeedsOffline",
    );
    const manual = withPatch(defaultSettings(), { sync: "manual" });
    expect(settingsProblem(manual)).toBeUndefined();
    expect(settingsProblem(withPatch(manual, { offlineMode: false }))?.message).toBe(
      "settings.invalid.syncNeedsOffline",
    );
  });

  it("refuses BPM matching without Session Mix", () => {
    const noMix = withPatch(defaultSettings(), { music: { sessionMix: false } });
    expect(settingsProblem(noMix)?.message).toBe("settings.invalid.bpmNeedsSessionMix");
    expect(settingsProblem(withPatch(noMix, { music: { bpmMatching: false } }))).toBeUndefined();
  });

  it("merges nested sections without losing their other fields", () => {
    const next = withPatch(defaultSettings(), { consent: { analytics: true } });
    expect(next.consent).toEqual({ analytics: true, aiContext: false });
    expect(next.music).toEqual(defaultSettings().music);
  });
});
