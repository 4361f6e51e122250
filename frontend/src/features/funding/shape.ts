import { PALETTE, type ChartOption } from "../../charts/types";
import { dayMs, formatDate, formatMoney, formatMoneyShort } from "../../lib/format";
import type { CumulativePoint } from "../../lib/replay";

export function cumulativeOption(points: readonly CumulativePoint[], asOf: string, currency: string): ChartOption {
  return {
    animation: false,
    color: [PALETTE[4]!, PALETTE[2]!],
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v) => (v === null || v === undefined || v === "-" ? "–" : formatMoney(Number(v), currency)),
    },
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
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
          data: [{ xAxis: dayMs(asOf) }],
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
