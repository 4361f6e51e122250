import { describe, expect, it } from "vitest";
import { writeState } from "./formWrite";
import { ApiError, networkError, toProblem } from "./problem";

const LABELS = { paid_date: "Paid on", amount_pence: "Amount (£)" };

describe("writeState", () => {
  it("is idle without an error", () => {
    expect(writeState(true, null, LABELS)).toEqual({ busy: true, errors: {}, problem: null, stale: false, failure: null, labels: LABELS });
  });
  it("says a 412 is stale (someone else changed the row)", () => {
    const state = writeState(false, new ApiError(toProblem({ title: "Changed by someone else", status: 412 }, 412)), LABELS);
    expect(state.stale).toBe(true);
    expect(state.problem?.status).toBe(412);
  });
  it("places each field's message by the form's labels, the rest under ''", () => {
    const body = {
      title: "The request is not valid",
      status: 422,
      detail: "paid_date is before scheduled_date",
      errors: [
        { loc: ["body", "paid_date"], msg: "Value error, must be on or after 12600000 pence", type: "x" },
        { loc: ["body"], msg: "amount_pence too large", type: "y" },
      ],
    };
    const state = writeState(false, new ApiError(toProblem(body, 422)), LABELS);
    expect(state.errors).toEqual({ paid_date: "must be on or after £126,000.00", "": "“Amount (£)” too large" });
    expect(state.problem?.detail).toBe("“Paid on” is before scheduled date");
    expect(state.stale).toBe(false);
  });
  it("reports a failure that is not the server's answer", () => {
    expect(writeState(false, new Error("boom"), LABELS).failure).toBe("boom");
    expect(writeState(false, networkError(new TypeError("Failed to fetch")), LABELS).problem?.status).toBe(0);
  });
});
