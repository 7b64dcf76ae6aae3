import { addDays, isoWeekOf } from "@cadence/shared-schema/metrics";
import { describe, expect, it } from "vitest";
import { refIsoWeek } from "./golden/reference.js";

describe("calendar", () => {
  it("agrees with Date for every day from 1899 to 2101, including ISO weeks across year ends", () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(1899, 0, 1); ms <= Date.UTC(2101, 11, 31); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const next = new Date(ms + 86_400_000).toISOString().slice(0, 10);
      if (addDays(date, 1) !== next) mismatches.push(`${date} + 1`);
      if (isoWeekOf(date) !== refIsoWeek(date).label) mismatches.push(`${date} week`);
    }
    expect(mismatches).toEqual([]);
    expect(isoWeekOf("2024-12-30")).toBe("2025-W01");
    expect(isoWeekOf("2021-01-03")).toBe("2020-W53");
  });

  it("rejects dates that do not exist", () => {
    for (const bad of [
      "2025-02-29",
      "2024-02-30",
      "2025-13-01",
      "2025-00-10",
      "2025-1-5",
      "2025-01-05T00:00",
    ]) {
      expect(() => addDays(bad, 0)).toThrow(RangeError);
    }
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29");
    expect(addDays("1900-02-28", 1)).toBe("1900-03-01");
  });
});
