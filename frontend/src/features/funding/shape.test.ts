import { describe, expect, it } from "vitest";
import { cumulative } from "../../lib/replay";
import { cumulativeOption, cumulativeSummary } from "./shape";

const payments = [
  { status: "paid", scheduled_date: "2012-07-01", paid_date: "2012-07-03", amount_pence: 14_000_000 },
  { status: "scheduled", scheduled_date: "2014-07-01", amount_pence: 28_000_000 },
];

describe("funding shaping", () => {
  it("summarises paid against scheduled at as_of", () => {
    const points = cumulative(payments, "2013-01-01");
    expect(cumulativeSummary(points, "2013-01-01", "GBP")).toBe(
      "By 1 Jan 2013, £140,000 paid against £140,000 scheduled; £420,000 scheduled in all by 1 Jul 2014.",
    );
    expect(cumulativeSummary([], "2013-01-01", "GBP")).toBe("No payments.");
  });
  it("stops the paid line at as_of", () => {
    const option = cumulativeOption(cumulative(payments, "2013-01-01"), "2013-01-01", "GBP");
    const [scheduled, paid] = option.series as { data: [number, number][] }[];
    expect(scheduled!.data).toHaveLength(4);
    expect(paid!.data.map((d) => d[1])).toEqual([0, 14_000_000, 14_000_000]);
  });
});
