import { describe, expect, it } from "vitest";
import { changedFields, rowName } from "./history";

describe("team history", () => {
  it("lists the fields an update changed, without bookkeeping", () => {
    const before = { id: "1", version: 1, status: "planned", due_date: "2013-01-01", title: "A" };
    const after = { id: "1", version: 2, status: "achieved", due_date: "2013-01-01", title: "A", updated_at: "x" };
    expect(changedFields(before, after)).toEqual(["status"]);
  });
  it("lists every field of a create", () => {
    expect(changedFields(null, { id: "1", title: "A", hours: 2 })).toEqual(["hours", "title"]);
  });
  it("names the row by title, name or identifier", () => {
    expect(rowName(null, { title: "Plan" })).toBe("Plan");
    expect(rowName({ identifier: "360G-1" }, null)).toBe("360G-1");
    expect(rowName(null, null)).toBe("");
  });
});
