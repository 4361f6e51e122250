import { axisEnd } from "../../charts/axes";
import { PALETTE, type ChartOption } from "../../charts/types";
import { dayMs, formatDate, formatMoney, formatMoneyShort } from "../../lib/format";
import type { CumulativePoint } from "../../lib/replay";
import type { FundingMonth } from "../dashboard/api";

/**
 * The cumulative lines on a time axis that ends at the programme's end (or the as-of day, if
 * later), but no more than a month past the last payment: no years of flat line up to today.
 */
export function cumulativeOption(
  points: readonly CumulativePoint[],
  asOf: string,
  currency: string,
  programmeEnd?: string,
): ChartOption {
  const data = points.filter((p) => p.date !== asOf).map((p) => p.date);
  const max = axisEnd(data.length ? data[data.length - 1]! : asOf, asOf, programmeEnd);
  const asOfShown = dayMs(asOf) <= max;
  return {
    animation: false,
    color: [PALETTE[4]!, PALETTE[2]!],
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v) => (v === null || v === undefined || v === "-" ? "–" : formatMoney(Number(v), currency)),
    },
    xAxis: { type: "time", max, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatMoneyShort(v, currency) } },
    series: [
      {
        name: "Scheduled (cumulative)",
        type: "line",
        step: "end",
        symbol: "none",
        lineStyle: { type: "dashed", width: 2 },
        data: points.map((p) => [dayMs(p.date), p.scheduled]),
      },
      {
        name: "Paid (cumulative)",
        type: "line",
        step: "end",
        symbol: "none",
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.12 },
        data: points.filter((p) => p.paid !== null).map((p) => [dayMs(p.date), p.paid]),
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: "#b45309", width: 2, type: "solid" },
          label: { formatter: `As of ${formatDate(asOf)}`, color: "#92400e", position: "end" },
          data: asOfShown ? [{ xAxis: dayMs(asOf) }] : [],
        },
      },
    ],
  };
}

/** The figures at as_of and at the end of the plan, for the chart's text summary. */
export function cumulativeSummary(points: readonly CumulativePoint[], asOf: string, currency: string): string {
  const atAsOf = [...points].reverse().find((p) => p.date <= asOf);
  const last = points.at(-1);
  if (!atAsOf || !last) return "No payments.";
  return (
    `By ${formatDate(asOf)}, ${formatMoney(atAsOf.paid ?? 0, currency)} paid against ` +
    `${formatMoney(atAsOf.scheduled, currency)} scheduled; ${formatMoney(last.scheduled, currency)} ` +
    `scheduled in all by ${formatDate(last.date)}.`
  );
}

/**
 * The programme's cumulative money from the summary's `funding_by_month` (bounded, whatever the
 * team count): payments paid by as_of count in the month they were paid, the rest in the month
 * they are scheduled; the plan line adds both, the paid line stops at as_of.
 */
export function monthlyCumulative(months: readonly FundingMonth[], asOf: string): CumulativePoint[] {
  const asOfMonth = asOf.slice(0, 7);
  let scheduled = 0;
  let paid = 0;
  let atAsOf: CumulativePoint | null = null;
  const points: CumulativePoint[] = [];
  for (const m of months) {
    const date = `${m.month}-01`;
    if (atAsOf === null && date > asOf) {
      atAsOf = { date: asOf, scheduled, paid };
      points.push(atAsOf);
    }
    scheduled += m.paid_pence + m.scheduled_unpaid_pence;
    paid += m.paid_pence;
    points.push({ date, scheduled, paid: m.month <= asOfMonth ? paid : null });
  }
  if (atAsOf === null) points.push({ date: asOf, scheduled, paid });
  return points;
}
