import { describe, expect, it } from "vitest";
import { digestText, parseDays, preferencesPatch } from "./shape";

const DEFAULTS = { enabled: true, days_ahead: 14, include_overdue: true };

describe("days ahead", () => {
  it("is a whole number from 1 to 90", () => {
    expect(parseDays("1")).toBe(1);
    expect(parseDays(" 90 ")).toBe(90);
    expect(parseDays("7")).toBe(7);
    for (const bad of ["0", "91", "", "7.5", "-3", "1e1", "seven", "0x10", "1000"]) expect(parseDays(bad), bad).toBeNull();
  });
});

describe("the patch", () => {
  it("holds only what changed", () => {
    expect(preferencesPatch(DEFAULTS, DEFAULTS)).toEqual({});
    expect(preferencesPatch(DEFAULTS, { ...DEFAULTS, days_ahead: 7 })).toEqual({ days_ahead: 7 });
    expect(preferencesPatch(DEFAULTS, { enabled: false, days_ahead: 14, include_overdue: false })).toEqual({
      enabled: false,
      include_overdue: false,
    });
  });
});

describe("the digest's sentence", () => {
  it("says what one e-mail a day lists, or that none comes", () => {
    expect(digestText(DEFAULTS)).toBe(
      "Once a day you get one e-mail listing what you are responsible for that is due today or within the next 14 days, and what is overdue (none on a day with nothing to list).",
    );
    expect(digestText({ ...DEFAULTS, days_ahead: 1, include_overdue: false })).toContain("within the next day (none");
    expect(digestText({ ...DEFAULTS, enabled: false })).toBe("You get no reminder e-mail.");
  });
});
