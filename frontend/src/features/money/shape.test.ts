import { describe, expect, it } from "vitest";
import {
  changeText,
  decisionDay,
  daysLate,
  dueState,
  categoryBars,
  withPaidByYear,
  yearBars,
  yearOfMonth,
  moneyBarsOption,
  moneyBarsSummary,
  newDatesText,
  reportStatusAsOf,
  spendLinesFrom,
  variance,
  varianceText,
  type MoneyBar,
} from "./shape";

const rows: MoneyBar[] = [
  { key: "staff", label: "Staff", budget_pence: 6_000_000, spent_pence: 4_500_000, paid_pence: null },
  { key: "training", label: "Training", budget_pence: 1_000_000, spent_pence: 1_250_000, paid_pence: null },
];

describe("variance", () => {
  it("is budget less approved spend, in words either way", () => {
    expect(variance(6_000_000, 4_500_000)).toBe(1_500_000);
    expect(varianceText(1_500_000, "GBP")).toBe("£15,000 under budget");
    expect(varianceText(-250_000, "GBP")).toBe("£2,500 over budget");
    expect(varianceText(0, "GBP")).toBe("on budget");
  });
});

describe("budget against spend chart", () => {
  it("draws budget and approved spend per row, paid only where it exists", () => {
    const option = moneyBarsOption(rows, "GBP");
    const series = option.series as { name: string; type: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(["Budget", "Approved spend"]);
    expect(series[0]!.data).toEqual([6_000_000, 1_000_000]);
    expect(series[1]!.data).toEqual([4_500_000, 1_250_000]);
    expect((option.xAxis as { data: string[] }).data).toEqual(["Staff", "Training"]);
    const years = moneyBarsOption([{ key: "2013", label: "2013–14", budget_pence: 5, spent_pence: 3, paid_pence: 4 }], "GBP");
    expect((years.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data[0]])).toEqual([
      ["Budget", 5],
      ["Approved spend", 3],
      ["Paid", 4],
    ]);
  });
  it("says the totals and what is over budget", () => {
    expect(moneyBarsSummary(rows, "GBP", "category")).toBe(
      "By category: £70,000 budgeted, £57,500 approved spend, £12,500 under budget. Over budget: Training.",
    );
    expect(moneyBarsSummary(rows.slice(0, 1), "GBP", "category")).toMatch(/No part is over budget\.$/);
    expect(moneyBarsSummary([], "GBP", "financial year")).toBe("No budget by financial year yet.");
    expect(moneyBarsSummary([{ key: "2013-14", label: "2013–14", budget_pence: 500, spent_pence: 200, paid_pence: 400 }], "GBP", "financial year")).toBe(
      "By financial year: £5 budgeted, £2 approved spend, £3 under budget; £4 paid. No part is over budget.",
    );
  });
});

describe("amendments as people read them", () => {
  it("signs the change and names new dates", () => {
    expect(changeText(2_000_000, "GBP")).toBe("+£20,000");
    expect(changeText(-1_000_050, "GBP")).toBe("−£10,000.50");
    expect(changeText(0, "GBP")).toBe("no change");
    expect(newDatesText("2013-04-01", "2015-03-31")).toBe("1 Apr 2013 – 31 Mar 2015");
    expect(newDatesText(null, "2015-03-31")).toBe("to 31 Mar 2015");
    expect(newDatesText("2013-04-01", null)).toBe("from 1 Apr 2013");
    expect(newDatesText(null, undefined)).toBe("");
  });
});

describe("a report on the as-of day", () => {
  const report = { status: "approved", due_date: "2013-07-31", submitted_on: "2013-07-20", decided_on: "2013-08-10" };
  it("replays its submission and approval by their dates", () => {
    expect(reportStatusAsOf(report, "2013-07-01")).toBe("draft");
    expect(reportStatusAsOf(report, "2013-07-25")).toBe("submitted");
    expect(reportStatusAsOf(report, "2013-08-10")).toBe("approved");
    expect(reportStatusAsOf({ status: "returned", submitted_on: "2013-07-20", decided_on: "2013-08-01" }, "2013-07-25")).toBe("submitted");
    expect(reportStatusAsOf({ status: "returned", submitted_on: "2013-07-20", decided_on: "2013-08-01" }, "2013-08-01")).toBe("returned");
    // Returned on 1 Aug, submitted again on 10 Aug: with the team in between.
    const again = { status: "submitted", submitted_on: "2013-08-10", decided_on: "2013-08-01" };
    expect(reportStatusAsOf(again, "2013-07-25")).toBe("draft");
    expect(reportStatusAsOf(again, "2013-08-05")).toBe("returned");
    expect(reportStatusAsOf(again, "2013-08-10")).toBe("submitted");
    // Undated decisions show as recorded.
    expect(reportStatusAsOf({ status: "approved" }, "2000-01-01")).toBe("approved");
  });
  it("is owed until submitted: due later, due soon within 30 days, then overdue", () => {
    expect(dueState(report, "2013-06-01")).toBe("due_later");
    expect(dueState(report, "2013-07-01")).toBe("due_soon");
    expect(dueState(report, "2013-07-25")).toBe("in");
    expect(dueState({ status: "draft", due_date: "2013-07-31" }, "2013-07-31")).toBe("due_soon");
    expect(dueState({ status: "draft", due_date: "2013-07-31" }, "2013-08-01")).toBe("overdue");
    expect(dueState({ status: "returned", due_date: "2013-07-31", submitted_on: "2013-07-30", decided_on: "2013-08-02" }, "2013-08-05")).toBe("overdue");
  });
  it("counts whole days late", () => {
    expect(daysLate("2013-07-31", "2013-08-10")).toBe(10);
    expect(daysLate("2013-07-31", "2013-07-01")).toBe(0);
    // Across the clocks going back (27 Oct 2013): still whole days.
    expect(daysLate("2013-10-20", "2013-11-03")).toBe(14);
  });
});

describe("bars by category and by financial year", () => {
  it("label each group as people read it, budget and approved spend only", () => {
    expect(categoryBars([{ category: "backfill", budgeted_pence: 10, spend_pence: 4 }])).toEqual([
      { key: "backfill", label: "Backfill", budget_pence: 10, spent_pence: 4, paid_pence: null },
    ]);
    expect(yearBars([{ year: "2013-14", budgeted_pence: 7, spend_pence: 9 }])).toEqual([
      { key: "2013-14", label: "2013–14", budget_pence: 7, spent_pence: 9, paid_pence: null },
    ]);
  });
});

describe("spend typed per budget line", () => {
  it("writes the amounts given, skips blanks and names a line that is no amount", () => {
    expect(spendLinesFrom({ a: "12,000", b: "", c: "£1,234.5", d: "lots" })).toEqual({
      lines: [
        { budget_line_id: "a", amount_pence: 1_200_000 },
        { budget_line_id: "c", amount_pence: 123_450 },
      ],
      errors: { d: "Enter an amount in pounds, such as 12,000 or 1,234.50." },
    });
  });
});

describe("paid by financial year", () => {
  it("puts January to March in the year before", () => {
    expect(yearOfMonth("2013-03")).toBe("2012-13");
    expect(yearOfMonth("2013-04")).toBe("2013-14");
    expect(yearOfMonth("1999-12")).toBe("1999-00");
  });
  it("adds the months paid to each year's bar, and a bar for a year with payments only", () => {
    const bars = yearBars([{ year: "2013-14", budgeted_pence: 700, spend_pence: 300 }]);
    const months = [
      { month: "2013-05", paid_pence: 100 },
      { month: "2014-03", paid_pence: 50 },
      { month: "2014-04", paid_pence: 0 },
      { month: "2012-09", paid_pence: 20 },
    ];
    expect(withPaidByYear(bars, months)).toEqual([
      { key: "2012-13", label: "2012–13", budget_pence: 0, spent_pence: 0, paid_pence: 20 },
      { key: "2013-14", label: "2013–14", budget_pence: 700, spent_pence: 300, paid_pence: 150 },
    ]);
  });
});

describe("the day a decision is recorded on", () => {
  it("is the day shown, or today when the day shown is still to come", () => {
    expect(decisionDay("2015-12-31", "2026-12-04")).toBe("2015-12-31");
    expect(decisionDay("2027-01-01", "2026-12-04")).toBe("2026-12-04");
  });
});
