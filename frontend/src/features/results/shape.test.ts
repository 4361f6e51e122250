import { describe, expect, it } from "vitest";
import type { TeamSummary } from "../dashboard/api";
import { byDimension, indicatorOption, progress, resultsOption, resultsSummary, type Indicator } from "./shape";

const ind = (over: Partial<Indicator> = {}): Indicator => ({
  id: "i",
  title: "Staff leaving within 12 months",
  unit: "%",
  measure: "percentage",
  direction: "lower_is_better",
  baseline_value: 21.5,
  baseline_date: "2012-09-30",
  target_value: 12,
  target_date: "2015-12-31",
  periods: [
    { id: "p1", period_start: "2013-01-01", period_end: "2013-03-31", actual_value: 19, comment: "" },
    { id: "p2", period_start: "2013-04-01", period_end: "2013-06-30", actual_value: null, comment: "not measured" },
  ],
  ...over,
});

describe("progress", () => {
  it("reads the latest measured value against baseline and target", () => {
    expect(progress(ind())).toEqual({ latest: ind().periods[0], trend: "improving", change: -2.5, targetMet: false });
  });
  it("knows which way is better", () => {
    expect(progress(ind({ direction: "higher_is_better" })).trend).toBe("worsening");
    const met = ind({ periods: [{ id: "p", period_start: "2015-01-01", period_end: "2015-03-31", actual_value: 11, comment: "" }] });
    expect(progress(met).targetMet).toBe(true);
  });
  it("says when there is nothing to compare", () => {
    expect(progress(ind({ periods: [] })).trend).toBe("no data");
    expect(progress(ind({ baseline_value: null })).trend).toBe("no data");
  });
});

describe("byDimension", () => {
  it("files each indicator under its goal's dimension, all six present", () => {
    const summary = {
      team: { id: "t", name: "Team" },
      quality_goals: [{ dimension: "safe", indicators: [ind()] }],
    } as unknown as TeamSummary;
    const grouped = byDimension([summary]);
    expect(Object.keys(grouped)).toEqual(["safe", "effective", "person_centred", "timely", "efficient", "equitable"]);
    expect(grouped.safe).toHaveLength(1);
    expect(grouped.safe[0]?.team.name).toBe("Team");
  });
});

describe("indicatorOption", () => {
  it("draws actuals with baseline and target lines", () => {
    const option = indicatorOption(ind(), "2013-12-31");
    const [actual] = option.series as { data: unknown[]; markLine: { data: { name: string; yAxis: number }[] } }[];
    expect(actual!.data).toEqual([[Date.UTC(2013, 2, 31), 19]]);
    expect(actual!.markLine.data.map((d) => [d.name, d.yAxis])).toEqual([
      ["Baseline", 21.5],
      ["Target", 12],
    ]);
  });
});

describe("programme results", () => {
  const counts = { total: 6, improving: 3, worsening: 1, no_change: 0, no_data: 2, improving_since_previous: 2, target_met: 2, target_not_met: 2 };
  it("stacks each dimension's indicators by trend", () => {
    const option = resultsOption([{ dimension: "person_centred", ...counts }]);
    const series = option.series as { name: string; data: number[] }[];
    expect(series.map((s) => [s.name, s.data[0]])).toEqual([
      ["Improving", 3],
      ["No change", 0],
      ["Worsening", 1],
      ["No data yet", 2],
    ]);
  });
  it("says it in a sentence", () => {
    expect(resultsSummary(counts)).toBe(
      "6 indicators: 3 improving, 0 no change, 1 worsening, 2 no data yet; 2 met their target, 2 not yet.",
    );
    expect(resultsSummary({ ...counts, total: 0 })).toBe("No indicators yet.");
  });
});
