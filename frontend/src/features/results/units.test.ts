import { describe, expect, it } from "vitest";
import { formatChange } from "./units";

describe("an indicator's change", () => {
  it("is in percentage points for percentages", () => {
    expect(formatChange(4.5, "%", "percentage")).toBe("+4.5 pp");
    expect(formatChange(-2, "% of staff", "percentage")).toBe("−2 pp");
  });
  it("is in pounds for money", () => {
    expect(formatChange(1200.5, "£", "unit")).toBe("+£1,200.50");
    expect(formatChange(-3, "£k", "unit")).toBe("−£3,000");
  });
  it("is in the unit otherwise", () => {
    expect(formatChange(3, "days", "unit")).toBe("+3 days");
    expect(formatChange(0, "days")).toBe("0 days");
  });
});
