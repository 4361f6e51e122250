/** The board pack's sections and charts, shared by the page and the PDF so both show the same. */
import type { ChartOption } from "../../charts/types";
import { formatMoney, formatMonth, plural } from "../../lib/format";
import type { ProgrammeResults, ProgrammeSummary } from "../dashboard/api";
import { cumulativeOption, cumulativeSummary, monthlyCumulative } from "../funding/shape";
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

function counted(rows: readonly { label: string; count: number }[]): string {
  return rows.map((r) => `${r.label}: ${r.count}`).join(", ") + ".";
}

export function packCharts(s: ProgrammeSummary, r: ProgrammeResults): PackChart[] {
  const currency = s.funding.currency;
  const points = monthlyCumulative(s.funding_by_month, s.as_of);
  const milestones = milestoneRows(s.milestones);
  const late = mostLateRows(s.most_late);
  const support = supportRows(s.support);
  const months = s.funding_by_month;
  const charts: PackChart[] = [
    {
      id: "funding",
      title: "Paid and scheduled, cumulative",
      summary: months.length
        ? `${cumulativeSummary(points, s.as_of, currency)} From ${formatMonth(`${months[0]!.month}-01`)}; ${formatMoney(s.funding.awarded_pence, currency)} awarded.`
        : "No payments.",
      option: cumulativeOption(points, s.as_of, currency),
      height: 280,
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
