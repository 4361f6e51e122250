import { describe, expect, it } from "vitest";
import { gaps, matrixCells, matrixTotals } from "./shape";

describe("support matrix cells", () => {
  const a = matrixCells([
    { type: "coaching", activities: 2, hours: 12 },
    { type: "learning_event", activities: 1, hours: 6.5 },
  ]);
  const b = matrixCells([]);
  it("fills every type", () => {
    expect(a.coaching).toEqual({ activities: 2, hours: 12 });
    expect(a.diagnostic_needs_assessment).toEqual({ activities: 0, hours: 0 });
    expect(b.coaching).toEqual({ activities: 0, hours: 0 });
  });
  it("finds the gaps", () => {
    expect(gaps(a)).toEqual(["diagnostic_needs_assessment", "knowledge_capture"]);
    expect(gaps(b)).toHaveLength(4);
  });
  it("totals from the programme's own figures", () => {
    const totals = matrixTotals([
      { type: "learning_event", activities: 1, hours: 6.5 },
      { type: "coaching", activities: 2, hours: 12 },
    ]);
    expect(totals.activities).toBe(3);
    expect(totals.hours).toBe(18.5);
    expect(totals.cells.learning_event.hours).toBe(6.5);
  });
});
