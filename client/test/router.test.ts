import { describe, expect, it } from "vitest";
import { matchPath } from "../src/router.js";

describe("matchPath", () => {
  it("matches exact paths, with or without a trailing slash", () => {
    expect(matchPath("/", "/")).toEqual({});
    expect(matchPath("/settings", "/settings")).toEqual({});
    expect(matchPath("/settings", "/settings/")).toEqual({});
    expect(matchPath("/settings", "/settingsx")).toBeUndefined();
  });

  it("gives named segments as parameters, decoded", () => {
    expect(matchPath("/onboarding/:step", "/onboarding/goal")).toEqual({ step: "goal" });
    expect(matchPath("/onboarding/:step", "/onboarding/a%20b")).toEqual({ step: "a b" });
    expect(matchPath("/onboarding/:step", "/onboarding")).toBeUndefined();
    expect(matchPath("/onboarding/:step", "/onboarding/goal/extra")).toBeUndefined();
    expect(matchPath("/onboarding/:step", "/onboarding/%E0%A4%A")).toBeUndefined();
  });
});
