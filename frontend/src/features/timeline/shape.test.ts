import { describe, expect, it } from "vitest";
import type { MilestoneAsOf } from "../dashboard/api";
import { dependencyPairs, filterMilestones, firstLanes, lanes, statusCounts, timelineOption, timeRange } from "./shape";

function m(id: string, team: string | null, status: MilestoneAsOf["status"], due: string, deps: string[] = []): MilestoneAsOf {
  return {
    id,
    team_id: team,
    team_name: team ? `Team ${team}` : null,
    title: `M ${id}`,
    kind: "project",
    due_date: due,
    completed_date: null,
    status,
    status_undated: false,
    decided_on: null,
    decision_reason: "",
    depends_on_ids: deps,
  };
}

const rows = [
  m("a", "t1", "achieved", "2013-01-01"),
  m("b", "t1", "late", "2013-06-01", ["a"]),
  m("p", null, "planned", "2014-01-01"),
  m("c", "t2", "planned", "2015-01-01", ["b", "gone"]),
];

describe("timeline shaping", () => {
  it("puts programme-wide milestones in the first lane", () => {
    expect(lanes(rows).map((l) => l.name)).toEqual(["Programme-wide", "Team t1", "Team t2"]);
  });
  it("filters by team, programme-wide, status and kind", () => {
    expect(filterMilestones(rows, { team: "t1" }).map((x) => x.id)).toEqual(["a", "b"]);
    expect(filterMilestones(rows, { team: "programme" }).map((x) => x.id)).toEqual(["p"]);
    expect(filterMilestones(rows, { status: "late" }).map((x) => x.id)).toEqual(["b"]);
    expect(filterMilestones(rows, { kind: "learning" })).toEqual([]);
  });
  it("counts statuses, all present", () => {
    expect(statusCounts(rows)).toEqual({ achieved: 1, in_progress: 0, planned: 2, late: 1, deferred: 0, cancelled: 0 });
  });
  it("draws only dependencies whose ends are shown", () => {
    expect(dependencyPairs(rows).map(([f, t]) => `${f.id}->${t.id}`)).toEqual(["a->b", "b->c"]);
  });
  it("builds a chart with a series per status and a line at as_of", () => {
    const option = timelineOption(rows, { start: "2012-06-01", end: "2015-12-31" }, "2013-12-31");
    const series = option.series as { name: string; data?: unknown[]; markLine?: { data: unknown[] } }[];
    expect(series.map((s) => s.name)).toEqual([
      "Programme window",
      "Dependencies",
      "Achieved",
      "In progress",
      "Planned",
      "Late",
      "Deferred",
      "Cancelled",
    ]);
    expect(series[0]?.markLine?.data[0]).toEqual({ xAxis: Date.UTC(2013, 11, 31) });
    // Two dependencies, each an arrow between two points.
    expect(series[1]?.markLine?.data).toHaveLength(2);
    expect((series[1]?.markLine?.data[0] as { coord: number[] }[]).map((p) => p.coord[1])).toHaveLength(2);
    expect(series[4]?.data).toHaveLength(2);
  });
});

describe("timeRange", () => {
  const window = { start: "2012-06-01", end: "2015-12-31" };
  it("covers the window and the milestones, and as_of when near", () => {
    const r = timeRange(rows, window, "2016-06-01");
    expect(r.showAsOf).toBe(true);
    expect(r.max).toBeGreaterThan(Date.UTC(2016, 5, 1));
  });
  it("leaves a far as_of off the axis", () => {
    const r = timeRange(rows, window, "2026-11-26");
    expect(r.showAsOf).toBe(false);
    expect(r.max).toBeLessThan(Date.UTC(2016, 2, 1));
    const option = timelineOption(rows, window, "2026-11-26");
    const series = option.series as { markLine?: { data: unknown[] } }[];
    expect(series[0]?.markLine?.data).toEqual([]);
  });
});

describe("firstLanes", () => {
  it("keeps the programme-wide lane and the first teams", () => {
    expect(firstLanes(rows, 2).map((x) => x.id)).toEqual(["a", "b", "p"]);
    expect(firstLanes(rows, 1).map((x) => x.id)).toEqual(["p"]);
  });
});
