/** The board pack's sections and charts, shared by the page and the PDF so both show the same. */
import { PALETTE, type ChartOption } from "../../charts/types";
import { formatMoney, formatMoneyShort, formatMonth, plural } from "../../lib/format";
import type { FundingMonth, ProgrammeResults, ProgrammeSummary } from "../dashboard/api";
import { countsOption, MILESTONE_COLOURS, milestoneRows, mostLateRows, supportRows } from "../overview/shape";
import { resultsOption, resultsSummary } from "../results/shape";

export interface PackChart {
  id: string;
  title: string;
  /** One sentence with the chart's figures: its text alternative, and printed under it. */
  summary: string;
  option: ChartOption;
  height: number;
}

export interface PackSection {
  id: string;
  title: string;
  charts: string[];
  tables: string[];
}

export const SECTIONS: readonly PackSection[] = [
  { id: "funding", title: "Funding", charts: ["funding"], tables: ["payments-by-month", "teams"] },
  { id: "milestones", title: "Milestones", charts: ["milestones", "late"], tables: ["milestones", "late"] },
  { id: "results", title: "Results", charts: ["results"], tables: ["results"] },
  { id: "support", title: "Support", charts: ["support"], tables: ["support"] },
];

/**
 * Money by month, paid and still scheduled, stacked. Bars, not the Funding view's cumulative
 * lines: the line chart's code would take the view's first load over its 300 KB budget, and the
 * table under the chart carries the running totals.
 */
export function paymentsByMonthOption(months: readonly FundingMonth[], currency: string): ChartOption {
  const series = [
    { name: "Paid", colour: PALETTE[2]!, value: (m: FundingMonth) => m.paid_pence },
    { name: "Scheduled, not yet paid", colour: PALETTE[4]!, value: (m: FundingMonth) => m.scheduled_unpaid_pence },
  ];
  return {
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => formatMoney(Number(v), currency) },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: months.map((m) => formatMonth(`${m.month}-01`)), axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatMoneyShort(v, currency) } },
    series: series.map((x) => ({ name: x.name, type: "bar" as const, stack: "money", itemStyle: { color: x.colour }, data: months.map(x.value) })),
  };
}

function counted(rows: readonly { label: string; count: number }[]): string {
  return rows.map((r) => `${r.label}: ${r.count}`).join(", ") + ".";
}

export function packCharts(s: ProgrammeSummary, r: ProgrammeResults): PackChart[] {
  const currency = s.funding.currency;
  const milestones = milestoneRows(s.milestones);
  const late = mostLateRows(s.most_late);
  const support = supportRows(s.support);
  const months = s.funding_by_month;
  const charts: PackChart[] = [
    {
      id: "funding",
      title: "Payments by month, paid and scheduled",
      summary: months.length
        ? `${formatMoney(s.funding.paid_pence, currency)} paid and ${formatMoney(s.funding.scheduled_unpaid_pence, currency)} scheduled, not yet paid, of ${formatMoney(s.funding.awarded_pence, currency)} awarded; payments from ${formatMonth(`${months[0]!.month}-01`)} to ${formatMonth(`${months.at(-1)!.month}-01`)}.`
        : "No payments.",
      option: paymentsByMonthOption(months, currency),
      height: 260,
    },
    {
      id: "milestones",
      title: "Milestones by status",
      summary: `${plural(s.milestones.total, "milestone")}: ${counted(milestones)}`,
      option: countsOption(milestones, MILESTONE_COLOURS),
      height: 220,
    },
    {
      id: "results",
      title: "Indicators by dimension of quality",
      summary: resultsSummary(r.indicators),
      option: resultsOption(r.by_dimension),
      height: 260,
    },
    {
      id: "support",
      title: "Support delivered by type",
      summary: counted(support),
      option: countsOption(support),
      height: 200,
    },
  ];
  if (late.length) {
    charts.splice(2, 0, {
      id: "late",
      title: "Late milestones by team",
      summary: counted(late),
      option: countsOption(late, { others: "#a1a1aa" }, "#dc2626"),
      height: Math.max(160, late.length * 24 + 40),
    });
  }
  return charts;
}
