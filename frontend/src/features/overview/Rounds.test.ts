import { describe, expect, it } from "vitest";
import { roundTotals, type Round } from "./Rounds";

const round = (over: Partial<Round>): Round => ({
  id: "r",
  code: "R",
  title: "Round",
  round: 1,
  start_date: "2009-11-01",
  end_date: "2012-05-31",
  currency: "GBP",
  teams: 0,
  awarded_pence: 0,
  paid_pence: 0,
  milestones: 0,
  achieved: 0,
  late: 0,
  ...over,
});

describe("roundTotals", () => {
  it("adds the rounds' figures", () => {
    const total = roundTotals([round({ teams: 9, awarded_pence: 100, paid_pence: 40, milestones: 5, achieved: 2, late: 1 }), round({ teams: 2, awarded_pence: 50 })]);
    expect(total).toEqual({ currency: "GBP", teams: 11, awarded_pence: 150, paid_pence: 40, milestones: 5, achieved: 2, late: 1 });
  });

  it("gives no money total across currencies", () => {
    expect(roundTotals([round({}), round({ currency: "EUR" })]).currency).toBeNull();
  });
});
