import { describe, expect, it } from "vitest";
import { moveActive } from "./TeamPicker";

describe("moveActive (the picker's arrow keys)", () => {
  it("starts at the first option going down and the last going up", () => {
    expect(moveActive(-1, 3, 1)).toBe(0);
    expect(moveActive(-1, 3, -1)).toBe(2);
  });
  it("wraps round at either end", () => {
    expect(moveActive(2, 3, 1)).toBe(0);
    expect(moveActive(0, 3, -1)).toBe(2);
    expect(moveActive(1, 3, 1)).toBe(2);
  });
  it("has nothing to move to without options", () => {
    expect(moveActive(-1, 0, 1)).toBe(-1);
  });
});
