/**
 * What the webhook views show, as plain functions (tested in shape.test.ts): the event types
 * typed or picked, statuses as badges, times and latencies in words, and the recent deliveries'
 * outcomes as a chart and its sentence.
 */
import { PALETTE } from "../../charts/types";
import type { ChartOption } from "../../charts/types";
import { plural } from "../../lib/format";
import type { Attempt, Delivery, DeliveryStatus, Endpoint } from "./api";

/** "All event types" for an empty list (the API sends every type), else the types. */
export function typesText(types: readonly string[]): string {
  return types.length === 0 ? "All event types" : types.join(", ");
}

/** The programme an endpoint is limited to, by title (or its id if it is not one we know). */
export function programmeText(id: string | null, titles: ReadonlyMap<string, string>): string {
  if (id === null) return "All programmes";
  return titles.get(id) ?? id;
}

/**
 * The types typed (commas or spaces between them) added to those already chosen, each once, in
 * the order given. Unknown ones are kept: the server names them in its answer.
 */
export function addTypes(chosen: readonly string[], typed: string): string[] {
  const out = [...chosen];
  for (const t of typed.split(/[\s,]+/)) {
    const type = t.trim();
    if (type && !out.includes(type)) out.push(type);
  }
  return out;
}

/** The badge colour of a status: the existing palette (green good, red stopped, blue waiting). */
const TONES: Record<Endpoint["status"] | DeliveryStatus, string> = {
  active: "achieved",
  disabled: "missed",
  delivered: "delivered",
  pending: "in_progress",
  failed: "missed",
};

export function tone(status: Endpoint["status"] | DeliveryStatus): string {
  return TONES[status];
}

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "delivered", "failed"];

export const STATUS_TEXT: Record<Endpoint["status"] | DeliveryStatus, string> = {
  active: "Active",
  disabled: "Disabled",
  delivered: "Delivered",
  pending: "Pending",
  failed: "Failed",
};

/** A timestamp in UTC, as the server records it: `5 Dec 2026, 09:00:00 UTC`. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const text = when.toLocaleString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return `${text} UTC`;
}

/** `85 ms`, `1.2 s`. */
export function latencyText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What an attempt got back: `HTTP 204`, or the error (no answer, a refused address). */
export function attemptOutcome(a: Pick<Attempt, "status_code" | "error">): string {
  if (a.status_code !== null) return a.error ? `HTTP ${a.status_code}: ${a.error}` : `HTTP ${a.status_code}`;
  return a.error || "No answer";
}

/** Whether an attempt succeeded (a 2xx is the only success). */
export function attemptOk(a: Pick<Attempt, "status_code">): boolean {
  return a.status_code !== null && a.status_code >= 200 && a.status_code < 300;
}

/** The sentence shown after a redelivery: the new attempt's outcome. */
export function redeliveryText(history: readonly Attempt[]): string {
  const last = history.at(-1);
  if (!last) return "Redelivered: no attempt was recorded.";
  const outcome = attemptOutcome(last);
  return attemptOk(last)
    ? `Redelivered: the receiver answered ${outcome} in ${latencyText(last.latency_ms)}.`
    : `Redelivery failed: ${outcome}. The delivery keeps its status and schedule.`;
}

export type Counts = Record<DeliveryStatus, number>;

export function deliveryCounts(rows: readonly Pick<Delivery, "status">[]): Counts {
  const counts: Counts = { delivered: 0, pending: 0, failed: 0 };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

const COLOURS: Record<DeliveryStatus, string> = { delivered: PALETTE[2]!, pending: PALETTE[0]!, failed: PALETTE[1]! };

/** One bar per status, coloured by it. */
export function outcomesOption(counts: Counts): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: DELIVERY_STATUSES.map((s) => STATUS_TEXT[s]) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: "Deliveries",
        type: "bar",
        data: DELIVERY_STATUSES.map((s) => ({ value: counts[s], itemStyle: { color: COLOURS[s] } })),
      },
    ],
  };
}

/** The chart's sentence (its accessible name). */
export function outcomesSummary(counts: Counts): string {
  const total = counts.delivered + counts.pending + counts.failed;
  if (total === 0) return "No deliveries yet: one is made for each matching event written from now on.";
  const which = total === 1 ? "The latest delivery" : `The latest ${plural(total, "delivery", "deliveries")}`;
  return `${which}: ${counts.delivered} delivered, ${counts.pending} pending (being retried), ${counts.failed} failed.`;
}
