import { describe as group, expect, it } from "vitest";
import { ApiError, describe, fieldErrors, fieldOf, networkError, toProblem } from "./problem";

const outsideWindow = {
  type: "/problems/outside-window",
  title: "Date outside the programme window",
  status: 422,
  detail: "start_date 2011-01-01 is outside CTG-SP's window 2012-06-01 – 2015-12-31",
  errors: [
    {
      loc: ["body", "start_date"],
      msg: "start_date 2011-01-01 is outside CTG-SP's window",
      type: "outside-window",
    },
  ],
};

group("toProblem", () => {
  it("reads a problem document", () => {
    const p = toProblem(outsideWindow, 422);
    expect(p.title).toBe("Date outside the programme window");
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]?.loc).toEqual(["body", "start_date"]);
  });
  it("falls back on the status when the body is not a problem", () => {
    expect(toProblem(null, 503).title).toBe("Service unavailable");
    expect(toProblem("oops", 418).title).toBe("Request failed (418)");
    expect(toProblem({ errors: [{ msg: 3 }, "x"] }, 422).errors).toEqual([
      { loc: [], msg: "3", type: "" },
    ]);
  });
});

group("fieldErrors", () => {
  it("puts each message on its field", () => {
    const errors = fieldErrors(toProblem(outsideWindow, 422), ["start_date", "end_date"]);
    expect(errors).toEqual({ start_date: "start_date 2011-01-01 is outside CTG-SP's window" });
  });
  it("collects errors for fields the form lacks under the empty key", () => {
    const p = toProblem(
      {
        status: 422,
        errors: [
          { loc: ["body", "team_ids"], msg: "Value error, needs one team", type: "x" },
          { loc: ["body", "team_ids"], msg: "second", type: "x" },
          { loc: ["path", "payment_id"], msg: "locked", type: "payment-locked" },
        ],
      },
      422,
    );
    expect(fieldErrors(p, ["team_ids"])).toEqual({ team_ids: "needs one team; second", "": "locked" });
  });
  it("knows body locations only", () => {
    expect(fieldOf(["body", "due_date"])).toBe("due_date");
    expect(fieldOf(["body", "team_ids", 0])).toBe("team_ids");
    expect(fieldOf(["query", "as_of"])).toBeNull();
    expect(fieldOf(["body"])).toBeNull();
  });
});

group("ApiError", () => {
  it("flags 412 as stale", () => {
    const e = new ApiError(toProblem({ title: "changed", status: 412 }, 412));
    expect(e.isStale).toBe(true);
    expect(describe(e).title).toBe("changed");
  });
  it("wraps network failures", () => {
    const e = networkError(new TypeError("Failed to fetch"));
    expect(e.status).toBe(0);
    expect(describe(e)).toEqual({ title: "Cannot reach the API", detail: "Failed to fetch" });
    expect(describe(new Error("boom")).detail).toBe("boom");
  });
});
