import { describe, expect, it } from "vitest";
import { daysParam, dueSentence } from "./shape";

const counts = (due: number, overdue: number) => ({
  counts: {
    due: { milestone: due, report: 0, payment: 0, total: due },
    overdue: { milestone: 0, report: overdue, payment: 0, total: overdue },
  },
});

describe("dueSentence", () => {
  it("says what is due in the window and what is overdue", () => {
    expect(dueSentence(counts(3, 2))).toBe("3 due in the next 30 days, 2 overdue.");
    expect(dueSentence(counts(1, 0), 1)).toBe("1 due in the next 1 day, 0 overdue.");
    expect(dueSentence(counts(0, 4), 0)).toBe("0 due on the day, 4 overdue.");
  });
});

describe("daysParam", () => {
  it("takes 0 to 366 days, else the default", () => {
    expect(daysParam("7")).toBe(7);
    expect(daysParam("0")).toBe(0);
    expect(daysParam(null)).toBe(30);
    for (const bad of ["", "367", "-1", "1.5", "x", "1e2"]) expect(daysParam(bad)).toBe(30);
  });
});
