import { describe, expect, it } from "vitest";
import type { TeamBreakdown } from "../dashboard/api";
import { gaps, matrixTotals, supportMatrix } from "./shape";

const team = (id: string, support: TeamBreakdown["support"]): TeamBreakdown => ({
  id,
  name: `Team ${id}`,
  provenance: "synthetic",
  awarded_pence: 0,
  paid_pence: 0,
  scheduled_unpaid_pence: 0,
  remaining_pence: 0,
  milestones: { planned: 0, in_progress: 0, achieved: 0, late: 0, deferred: 0, cancelled: 0, total: 0 },
  support,
  evidence: { total: 0, exemplars: 0 },
});

describe("supportMatrix", () => {
  const rows = supportMatrix([
    team("a", [
      { type: "coaching", activities: 2, hours: 12 },
      { type: "learning_event", activities: 1, hours: 6.5 },
    ]),
    team("b", []),
  ]);
  it("fills every type, with row totals", () => {
    expect(rows[0]?.cells.coaching).toEqual({ activities: 2, hours: 12 });
    expect(rows[0]?.cells.diagnostic_needs_assessment).toEqual({ activities: 0, hours: 0 });
    expect(rows[0]?.activities).toBe(3);
    expect(rows[0]?.hours).toBe(18.5);
    expect(rows[1]?.activities).toBe(0);
  });
  it("finds the gaps", () => {
    expect(gaps(rows[0]!)).toEqual(["diagnostic_needs_assessment", "knowledge_capture"]);
    expect(gaps(rows[1]!)).toHaveLength(4);
  });
  it("totals from the programme's own figures", () => {
    const totals = matrixTotals([{ type: "learning_event", activities: 1, hours: 6.5 }]);
    expect(totals.activities).toBe(1);
    expect(totals.cells.learning_event.hours).toBe(6.5);
  });
});
