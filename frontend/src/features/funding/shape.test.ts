import { describe, expect, it } from "vitest";
import { cumulative } from "../../lib/replay";
import { cumulativeOption, cumulativeSummary, monthlyCumulative } from "./shape";

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

describe("monthly cumulative funding", () => {
  const months = [
    { month: "2012-07", paid_pence: 100, scheduled_unpaid_pence: 0 },
    { month: "2013-07", paid_pence: 200, scheduled_unpaid_pence: 50 },
    { month: "2014-07", paid_pence: 0, scheduled_unpaid_pence: 300 },
  ];
  it("adds paid and scheduled by month, with a point at as_of, paid stopping there", () => {
    expect(monthlyCumulative(months, "2013-12-31")).toEqual([
      { date: "2012-07-01", scheduled: 100, paid: 100 },
      { date: "2013-07-01", scheduled: 350, paid: 300 },
      { date: "2013-12-31", scheduled: 350, paid: 300 },
      { date: "2014-07-01", scheduled: 650, paid: null },
    ]);
  });
  it("ends at as_of after the last month, and is as_of alone with no payments", () => {
    expect(monthlyCumulative(months.slice(0, 1), "2013-01-01").at(-1)).toEqual({ date: "2013-01-01", scheduled: 100, paid: 100 });
    expect(monthlyCumulative([], "2013-01-01")).toEqual([{ date: "2013-01-01", scheduled: 0, paid: 0 }]);
  });
});
