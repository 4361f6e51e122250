import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "./eventTypes";
import {
  addTypes,
  attemptOk,
  attemptOutcome,
  deliveryCounts,
  formatTime,
  latencyText,
  outcomesOption,
  outcomesSummary,
  programmeText,
  redeliveryText,
  tone,
  typesText,
} from "./shape";

const attempt = (over: Partial<{ status_code: number | null; error: string; latency_ms: number }> = {}) => ({
  number: 1,
  started_at: "2026-12-05T09:00:00+00:00",
  latency_ms: 85,
  status_code: 204 as number | null,
  error: "",
  worker: "host:1",
  manual: false,
  ...over,
});

describe("event types", () => {
  it("are the OpenAPI document's webhooks, every one, in its order", () => {
    const doc = JSON.parse(readFileSync(new URL("../../../openapi.json", import.meta.url), "utf8")) as { webhooks: object };
    expect([...EVENT_TYPES]).toEqual(Object.keys(doc.webhooks));
  });

  it("typed with commas or spaces are added once each, after those chosen", () => {
    expect(addTypes(["payment.paid"], " milestone.achieved, payment.paid  report.overdue,,")).toEqual([
      "payment.paid",
      "milestone.achieved",
      "report.overdue",
    ]);
    expect(addTypes([], "   ")).toEqual([]);
  });

  it("an empty list reads as every type, a programme of none as every programme", () => {
    expect(typesText([])).toBe("All event types");
    expect(typesText(["a.b", "c.d"])).toBe("a.b, c.d");
    const titles = new Map([["p1", "Shared Purpose"]]);
    expect(programmeText(null, titles)).toBe("All programmes");
    expect(programmeText("p1", titles)).toBe("Shared Purpose");
    expect(programmeText("gone", titles)).toBe("gone");
  });
});

describe("statuses and times", () => {
  it("badges use the existing colours: green good, red stopped, blue waiting", () => {
    expect(tone("active")).toBe("achieved");
    expect(tone("disabled")).toBe("missed");
    expect(tone("delivered")).toBe("delivered");
    expect(tone("pending")).toBe("in_progress");
    expect(tone("failed")).toBe("missed");
  });

  it("timestamps are shown in UTC whatever the browser's zone; nothing is a dash", () => {
    expect(formatTime("2026-12-05T09:00:07.123456+00:00")).toBe("5 Dec 2026, 09:00:07 UTC");
    expect(formatTime("2026-07-01T00:30:00+01:00")).toBe("30 Jun 2026, 23:30:00 UTC");
    expect(formatTime(null)).toBe("–");
    expect(formatTime("not a time")).toBe("not a time");
  });

  it("latency in ms below a second, else seconds", () => {
    expect(latencyText(85)).toBe("85 ms");
    expect(latencyText(1234)).toBe("1.2 s");
    expect(latencyText(null)).toBe("–");
  });
});

describe("attempts", () => {
  it("an answer is its status (and error), no answer is the error", () => {
    expect(attemptOutcome(attempt())).toBe("HTTP 204");
    expect(attemptOutcome(attempt({ status_code: 500, error: "server error" }))).toBe("HTTP 500: server error");
    expect(attemptOutcome(attempt({ status_code: null, error: "timed out" }))).toBe("timed out");
    expect(attemptOutcome(attempt({ status_code: null }))).toBe("No answer");
    expect(attemptOk(attempt())).toBe(true);
    expect(attemptOk(attempt({ status_code: 302 }))).toBe(false);
    expect(attemptOk(attempt({ status_code: null }))).toBe(false);
  });

  it("a redelivery says the last attempt's outcome", () => {
    expect(redeliveryText([attempt({ status_code: 500 }), attempt({ status_code: 200, latency_ms: 12 })])).toBe(
      "Redelivered: the receiver answered HTTP 200 in 12 ms.",
    );
    expect(redeliveryText([attempt({ status_code: 503 })])).toBe(
      "Redelivery failed: HTTP 503. The delivery keeps its status and schedule.",
    );
    expect(redeliveryText([])).toBe("Redelivered: no attempt was recorded.");
  });
});

describe("the outcomes chart", () => {
  const rows = [{ status: "delivered" as const }, { status: "delivered" as const }, { status: "pending" as const }];

  it("counts each status, and its sentence says them", () => {
    const counts = deliveryCounts(rows);
    expect(counts).toEqual({ delivered: 2, pending: 1, failed: 0 });
    expect(outcomesSummary(counts)).toBe("The latest 3 deliveries: 2 delivered, 1 pending (being retried), 0 failed.");
    expect(outcomesSummary(deliveryCounts([]))).toMatch(/^No deliveries yet/);
    expect(outcomesSummary(deliveryCounts([{ status: "failed" }]))).toBe("The latest delivery: 0 delivered, 0 pending (being retried), 1 failed.");
  });

  it("draws one bar per status in a fixed order", () => {
    const option = outcomesOption(deliveryCounts(rows));
    expect(option.xAxis).toMatchObject({ data: ["Pending", "Delivered", "Failed"] });
    const series = option.series as { data: { value: number }[] }[];
    expect(series[0]!.data.map((d) => d.value)).toEqual([1, 2, 0]);
  });
});
