import { describe, expect, it } from "vitest";
import { changeRows, formatChange, share, type DayFigures, type ProgrammeChanges } from "./changes";

function day(d: string, paid: number, achieved: number, late: number): DayFigures {
  return {
    day: d,
    teams: 9,
    funding: { currency: "GBP", awards: 9, awarded_pence: 1_000_000, paid_pence: paid, scheduled_unpaid_pence: 0, remaining_pence: 1_000_000 - paid },
    milestones: { planned: 1, in_progress: 0, achieved, late, deferred: 0, cancelled: 0, total: 1 + achieved + late },
    teams_with_late: late ? 1 : 0,
    support: [{ type: "coaching", activities: 2, hours: 3.5 }],
    evidence: { total: 1, exemplars: 0 },
  };
}

const changes = {
  before: day("2013-06-30", 200_000, 1, 3),
  after: day("2013-12-31", 500_000, 3, 1),
} as ProgrammeChanges;

describe("since the last board", () => {
  it("shows every figure's change, shares in percentage points", () => {
    const rows = Object.fromEntries(changeRows(changes).map((r) => [r.key, r]));
    expect(formatChange(rows["paid"]!, "GBP")).toBe("+£3,000");
    expect(formatChange(rows["paid-share"]!, "GBP")).toBe("+30 pp");
    expect(formatChange(rows["remaining"]!, "GBP")).toBe("−£3,000");
    expect(formatChange(rows["m-late"]!, "GBP")).toBe("−2");
    expect(formatChange(rows["due-share"]!, "GBP")).toBe("+50 pp"); // 25% -> 75%
    expect(formatChange(rows["teams"]!, "GBP")).toBe("no change");
    expect(formatChange(rows["s-coaching"]!, "GBP")).toBe("no change");
  });

  it("has no share without a base", () => {
    expect(share(1, 0)).toBeNull();
    expect(share(1, 4)).toBe(25);
  });
});
