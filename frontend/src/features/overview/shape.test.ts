import { describe, expect, it } from "vitest";
import type { TeamBreakdown } from "../dashboard/api";
import { awardedVsPaidOption, countsOption, milestoneRows, shortName, supportRows, teamsToDraw } from "./shape";

const team = (name: string, remaining: number): TeamBreakdown =>
  ({ id: name, name, awarded_pence: 42_000_000, paid_pence: 42_000_000 - remaining, remaining_pence: remaining }) as TeamBreakdown;

describe("overview shaping", () => {
  it("draws every team when few, else those with most to pay", () => {
    const few = [team("A", 0), team("B", 5)];
    expect(teamsToDraw(few).map((t) => t.name)).toEqual(["A", "B"]);
    const many = Array.from({ length: 30 }, (_, i) => team(`T${i}`, i));
    const drawn = teamsToDraw(many, 3);
    expect(drawn.map((t) => t.name)).toEqual(["T29", "T28", "T27"]);
  });
  it("shortens team names for the axis", () => {
    expect(shortName("Synthetic Team A – Northshire Demonstration Trust (synthetic)")).toBe("Synthetic Team A");
    expect(shortName("Oxford University Hospitals value-based interviewing team")).toBe("Oxford University Hospitals…");
  });
  it("puts awarded and paid side by side", () => {
    const option = awardedVsPaidOption([team("A", 100)], "GBP");
    const [awarded, paid] = option.series as { data: number[] }[];
    expect(awarded!.data).toEqual([42_000_000]);
    expect(paid!.data).toEqual([41_999_900]);
  });
  it("lists every milestone status and support type, zeros included", () => {
    const rows = milestoneRows({ planned: 1, in_progress: 0, achieved: 5, late: 2, deferred: 0, cancelled: 0, total: 8 });
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ["achieved", 5],
      ["in_progress", 0],
      ["planned", 1],
      ["late", 2],
      ["deferred", 0],
      ["cancelled", 0],
    ]);
    const support = supportRows([{ type: "coaching", activities: 9, hours: 324 }]);
    expect(support.map((r) => [r.label, r.count, r.hours])).toEqual([
      ["Diagnostic", 0, 0],
      ["Knowledge capture", 0, 0],
      ["Learning events", 0, 0],
      ["Coaching", 9, 324],
    ]);
    const option = countsOption(support);
    expect((option.series as { data: { value: number }[] }[])[0]!.data.map((d) => d.value)).toEqual([0, 0, 0, 9]);
  });
});
