import { describe, expect, it } from "vitest";
import { anyStatusLabel, replayNote, STATUS_LABELS, statusLabel, statusOptions, statusValues } from "./labels";

describe("status labels", () => {
  it("has one label per value of each enum, in display order", () => {
    expect(statusValues("milestoneAsOf")).toEqual(["achieved", "in_progress", "planned", "late", "deferred", "cancelled"]);
    expect(statusValues("milestone")).toContain("missed");
    expect(statusValues("payment")).toEqual(["scheduled", "approved", "paid", "cancelled"]);
    expect(statusLabel("sustainability", "partly_continuing")).toBe("Partly continuing");
    expect(statusOptions("activity")).toEqual([
      { value: "planned", label: "Planned" },
      { value: "delivered", label: "Delivered" },
      { value: "cancelled", label: "Cancelled" },
    ]);
  });

  it("gives a shared value the same label in every enum", () => {
    const seen = new Map<string, string>();
    for (const map of Object.values(STATUS_LABELS)) {
      for (const [value, text] of Object.entries(map)) {
        expect(seen.get(value) ?? text, value).toBe(text);
        seen.set(value, text);
      }
    }
    expect(anyStatusLabel("late")).toBe("Late");
    expect(anyStatusLabel("sourced")).toBeUndefined();
  });
});

describe("replayNote", () => {
  const today = "2026-12-04";
  it("says why a late milestone opens as missed", () => {
    expect(replayNote({ status: "late", asOf: "2013-06-30" }, { status: "missed" }, today)).toBe(
      "Late on 30 Jun 2013 (recorded later as missed)",
    );
  });

  it("names the completion of one achieved after the day", () => {
    expect(
      replayNote({ status: "late", asOf: "2013-06-30" }, { status: "achieved", completed_date: "2013-08-12" }, today),
    ).toBe("Late on 30 Jun 2013 (recorded later as achieved, completed 12 Aug 2013)");
  });

  it("is silent when the record agrees, and says 'recorded as' on today", () => {
    expect(replayNote({ status: "achieved", asOf: "2013-06-30" }, { status: "achieved" }, today)).toBeNull();
    expect(replayNote({ status: "late", asOf: today }, { status: "in_progress" }, today)).toBe(
      "Late on 4 Dec 2026 (recorded as in progress)",
    );
  });
});
