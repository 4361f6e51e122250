import { describe, expect, it } from "vitest";
import { dayMs } from "../lib/format";
import { axisEnd, forWidth } from "./axes";
import type { ChartOption } from "./types";

describe("axisEnd", () => {
  it("ends at the programme's end, not at a far as-of day", () => {
    // Shared Purpose: payments to Dec 2015, viewed today: a month past the last payment.
    expect(axisEnd("2015-12-01", "2026-12-04", "2015-12-31")).toBe(dayMs("2015-12-01") + 31 * 86_400_000);
    expect(axisEnd("2015-12-01", "2015-12-31", "2015-12-31")).toBe(dayMs("2015-12-31"));
    expect(axisEnd("2015-06-01", "2026-12-04", "2015-12-31")).toBe(dayMs("2015-06-01") + 31 * 86_400_000);
  });

  it("reaches a later as-of day when the data do", () => {
    expect(axisEnd("2016-06-01", "2016-03-01", "2015-12-31")).toBe(dayMs("2016-03-01"));
    expect(axisEnd("2014-01-01", "2013-06-30", "2015-12-31")).toBe(dayMs("2014-01-01") + 31 * 86_400_000);
  });
});

describe("forWidth", () => {
  const option: ChartOption = {
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", data: ["A long team name"] },
    legend: { top: 0 },
  };

  it("leaves a wide chart alone", () => {
    expect(forWidth(option, 800)).toBe(option);
  });

  it("thins a phone's axes: fewer ticks, small labels, long names cut", () => {
    const narrow = forWidth(option, 340) as { xAxis: Record<string, unknown>; yAxis: { axisLabel: Record<string, unknown> } };
    expect(narrow.xAxis.splitNumber).toBe(3);
    expect(narrow.xAxis.axisLabel).toMatchObject({ hideOverlap: true, fontSize: 10 });
    expect(narrow.yAxis.axisLabel).toMatchObject({ overflow: "truncate", width: 96 });
  });

  it("turns the month labels of a category axis along the bottom", () => {
    const months = forWidth({ xAxis: [{ type: "category", data: ["Jan 2013"] }] }, 340) as { xAxis: { axisLabel: { rotate: number } }[] };
    expect(months.xAxis[0]!.axisLabel.rotate).toBe(45);
  });
});
