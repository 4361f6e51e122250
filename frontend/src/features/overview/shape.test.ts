import { describe, expect, it } from "vitest";
import {
  countsOption,
  lateCountRows,
  milestoneRows,
  milestonesByMonthOption,
  mostLateRows,
  paidShareRows,
  shortName,
  supportRows,
} from "./shape";

const distributions = {
  paid_share: Array.from({ length: 10 }, (_, i) => ({ from_percent: i * 10, to_percent: i * 10 + 10, teams: i === 9 ? 3 : i })),
  not_awarded: 2,
  late_milestones: [
    { late: 0, teams: 5 },
    { late: 1, teams: 2 },
    { late: 2, teams: 1 },
    { late: 3, teams: 4 },
  ],
};

describe("overview shaping", () => {
  it("shows the paid-share bands after the teams with no award", () => {
    const rows = paidShareRows(distributions);
    expect(rows).toHaveLength(11);
    expect(rows[0]).toEqual({ key: "not_awarded", label: "No award yet", count: 2 });
    expect(rows.at(-1)).toEqual({ key: "90", label: "90–100%", count: 3 });
    expect(lateCountRows(distributions).map((r) => r.label)).toEqual(["0 late", "1 late", "2 late", "3 or more late"]);
  });
  it("draws the top teams by late milestones, then one bar for all the others", () => {
    const rows = mostLateRows({
      teams: [
        { id: "a", name: "Synthetic Team A – Northshire", late: 4 },
        { id: "b", name: "Team B", late: 2 },
      ],
      others_teams: 7,
      others_late: 9,
    });
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ["Synthetic Team A", 4],
      ["Team B", 2],
      ["All 7 others", 9],
    ]);
    expect(mostLateRows({ teams: [], others_teams: 0, others_late: 0 })).toEqual([]);
  });
  it("stacks the milestones of each month by status", () => {
    const option = milestonesByMonthOption([
      { month: "2013-03", planned: 1, in_progress: 0, achieved: 2, late: 1, deferred: 0, cancelled: 0, total: 4 },
    ]);
    const series = option.series as { name: string; data: number[] }[];
    expect(series.map((x) => x.name)).toEqual(["Achieved", "In progress", "Planned", "Late", "Deferred", "Cancelled"]);
    expect(series.map((x) => x.data[0])).toEqual([2, 0, 1, 1, 0, 0]);
  });
  it("shortens team names for the axis", () => {
    expect(shortName("Synthetic Team A – Northshire Demonstration Trust (synthetic)")).toBe("Synthetic Team A");
    expect(shortName("Oxford University Hospitals value-based interviewing team")).toBe("Oxford University Hospitals…");
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
