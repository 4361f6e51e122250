import { describe, expect, it } from "vitest";
import { activityStatusAsOf, cumulative, paymentStatusAsOf } from "./replay";

describe("payment and activity replay", () => {
  it("shows a later payment as scheduled", () => {
    const p = { status: "paid", paid_date: "2013-07-03" };
    expect(paymentStatusAsOf(p, "2013-07-03")).toBe("paid");
    expect(paymentStatusAsOf(p, "2013-07-02")).toBe("scheduled");
    expect(paymentStatusAsOf({ status: "approved" }, "2013-01-01")).toBe("approved");
  });
  it("delivers an activity when it ends", () => {
    const a = { status: "delivered", end_date: "2013-06-30" };
    expect(activityStatusAsOf(a, "2013-06-30")).toBe("delivered");
    expect(activityStatusAsOf(a, "2013-06-29")).toBe("planned");
    expect(activityStatusAsOf({ status: "cancelled", end_date: "2099-01-01" }, "2013-01-01")).toBe("cancelled");
  });
});

describe("cumulative", () => {
  const payments = [
    { status: "paid", scheduled_date: "2012-07-01", paid_date: "2012-07-03", amount_pence: 100 },
    { status: "paid", scheduled_date: "2013-07-01", paid_date: "2013-07-10", amount_pence: 200 },
    { status: "scheduled", scheduled_date: "2014-07-01", amount_pence: 300 },
    { status: "cancelled", scheduled_date: "2014-01-01", amount_pence: 999 },
  ];
  it("adds the plan and the payments by day, stopping paid at as_of", () => {
    expect(cumulative(payments, "2013-12-31")).toEqual([
      { date: "2012-07-01", scheduled: 100, paid: 0 },
      { date: "2012-07-03", scheduled: 100, paid: 100 },
      { date: "2013-07-01", scheduled: 300, paid: 100 },
      { date: "2013-07-10", scheduled: 300, paid: 300 },
      { date: "2013-12-31", scheduled: 300, paid: 300 },
      { date: "2014-07-01", scheduled: 600, paid: null },
    ]);
  });
  it("ignores payments made after as_of", () => {
    const points = cumulative(payments, "2013-07-05");
    expect(points.at(-1)).toEqual({ date: "2014-07-01", scheduled: 600, paid: null });
    expect(points.find((p) => p.date === "2013-07-05")).toEqual({ date: "2013-07-05", scheduled: 300, paid: 100 });
    expect(points.some((p) => p.date === "2013-07-10")).toBe(false);
  });
  it("is just as_of with no payments", () => {
    expect(cumulative([], "2013-01-01")).toEqual([{ date: "2013-01-01", scheduled: 0, paid: 0 }]);
  });
});
