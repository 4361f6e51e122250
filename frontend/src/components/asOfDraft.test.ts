import { describe, expect, it } from "vitest";
import { draftDay } from "./asOfDraft";

describe("draftDay", () => {
  it("applies a whole day in range, and clears on empty", () => {
    expect(draftDay("2013-06-30")).toBe("2013-06-30");
    expect(draftDay("")).toBeNull();
  });

  it("waits while the year is being typed (each step is a valid date to the input)", () => {
    for (const step of ["0002-06-30", "0020-06-30", "0201-06-30"]) expect(draftDay(step)).toBeUndefined();
  });

  it("refuses what is not a calendar day or lies outside the range", () => {
    for (const bad of ["2013-02-30", "2013-6-30", "2101-01-01", "1999-12-31", "junk"]) {
      expect(draftDay(bad)).toBeUndefined();
    }
  });
});
