import { describe, expect, it } from "vitest";
import { compareValues, formatSort, matchesQuery, nextSort, parseSort, sortRows } from "./table";

describe("sort specs", () => {
  it("parses and formats", () => {
    expect(parseSort("-amount")).toEqual({ key: "amount", desc: true });
    expect(parseSort("due")).toEqual({ key: "due", desc: false });
    expect(parseSort("")).toBeNull();
    expect(parseSort("-")).toBeNull();
    expect(formatSort({ key: "due", desc: true })).toBe("-due");
  });
  it("toggles direction on the same column", () => {
    expect(nextSort(null, "a")).toEqual({ key: "a", desc: false });
    expect(nextSort({ key: "a", desc: false }, "a")).toEqual({ key: "a", desc: true });
    expect(nextSort({ key: "a", desc: true }, "b")).toEqual({ key: "b", desc: false });
  });
});

describe("sortRows", () => {
  it("sorts numbers, naturally ordered text and keeps missing values last", () => {
    expect(compareValues(2, 10)).toBeLessThan(0);
    expect(compareValues("Team 2", "Team 10")).toBeLessThan(0);
    const rows = [{ v: 3 }, { v: null }, { v: 1 }, { v: 2 }];
    expect(sortRows(rows, (r) => r.v, false).map((r) => r.v)).toEqual([1, 2, 3, null]);
    expect(sortRows(rows, (r) => r.v, true).map((r) => r.v)).toEqual([3, 2, 1, null]);
  });
  it("is stable", () => {
    const rows = [
      { k: "a", v: 1 },
      { k: "b", v: 1 },
      { k: "c", v: 0 },
    ];
    expect(sortRows(rows, (r) => r.v, false).map((r) => r.k)).toEqual(["c", "a", "b"]);
    expect(sortRows(rows, (r) => r.v, true).map((r) => r.k)).toEqual(["a", "b", "c"]);
  });
  it("sorts ISO dates as text", () => {
    const rows = ["2013-01-02", "2012-12-31", "2015-06-01"];
    expect(sortRows(rows, (r) => r, false)).toEqual(["2012-12-31", "2013-01-02", "2015-06-01"]);
  });
});

describe("matchesQuery", () => {
  it("needs every word", () => {
    expect(matchesQuery("Oxford initial £126,000 paid", "oxford paid")).toBe(true);
    expect(matchesQuery("Oxford initial", "oxford final")).toBe(false);
    expect(matchesQuery("anything", "  ")).toBe(true);
  });
});
