import { describe, expect, it } from "vitest";
import { fieldErrors, humanField, speak, spoken, toProblem } from "./problem";
import { may, type Me } from "./session";

describe("speak: API messages in the screen's words", () => {
  const labels = { paid_date: "Paid on", amount_pence: "Amount (£)" };
  it("names fields by their labels", () => {
    expect(speak("a paid payment needs paid_date", labels)).toBe("a paid payment needs “Paid on”");
  });
  it("turns pence into pounds with separators", () => {
    expect(speak("20000000 pence is more than the 0 pence left", {})).toBe("£200,000.00 is more than the £0.00 left");
  });
  it("leaves words that are not field names alone, and humanises unknown dates and money", () => {
    expect(speak("the title is in_progress", labels)).toBe("the title is in_progress");
    expect(speak("due_date before start", {})).toBe("due date before start");
    expect(humanField("award_cap_pence")).toBe("award cap");
  });
  it("speaks a problem's detail and every message, so the form shows them placed", () => {
    const problem = spoken(
      toProblem(
        {
          title: "t",
          status: 422,
          detail: "only a paid payment has a paid_date",
          errors: [{ loc: ["body", "paid_date"], msg: "only a paid payment has a paid_date", type: "paid-needs-date" }],
        },
        422,
      ),
      labels,
    );
    expect(problem.detail).toBe("only a paid payment has a “Paid on”");
    expect(fieldErrors(problem, Object.keys(labels))).toEqual({ paid_date: "only a paid payment has a “Paid on”" });
  });
});

describe("may: the API's permissions, never a copy of its table", () => {
  const editor: Me = {
    kind: "user",
    id: "u",
    name: "e@example.org",
    role: "team_editor",
    team_ids: ["t1"],
    permissions: { milestones: ["read", "write"], payments: ["read"] },
    team_scoped: ["milestones"],
  };
  it("refuses what the permissions do not list", () => {
    expect(may(editor, "payments", "write")).toBe(false);
    expect(may(editor, "payments", "read")).toBe(true);
    expect(may(null, "payments", "read")).toBe(false);
    expect(may({ ...editor, permissions: undefined }, "milestones", "write")).toBe(false);
  });
  it("limits a team editor's writes to its teams, never programme-wide rows", () => {
    expect(may(editor, "milestones", "write")).toBe(true);
    expect(may(editor, "milestones", "write", "t1")).toBe(true);
    expect(may(editor, "milestones", "write", "t2")).toBe(false);
    expect(may(editor, "milestones", "write", null)).toBe(false);
    expect(may(editor, "milestones", "write", ["t1", "t2"])).toBe(false);
  });
  it("does not limit roles without a team scope", () => {
    const manager: Me = { ...editor, role: "programme_manager", team_ids: [], team_scoped: [] };
    expect(may(manager, "milestones", "write", null)).toBe(true);
    expect(may(manager, "milestones", "write", "t2")).toBe(true);
  });
});
