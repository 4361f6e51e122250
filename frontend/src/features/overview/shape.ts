import { PALETTE, STATUS_COLOURS, type ChartOption } from "../../charts/types";
import { formatMoney, formatMoneyShort, label, shortLabel } from "../../lib/format";
import { MILESTONE_STATUSES, SUPPORT_TYPES, type MilestoneCounts, type SupportByType, type TeamBreakdown } from "../dashboard/api";

/** At most this many teams are drawn in a bar chart; the table holds them all. */
export const MAX_BARS = 20;

/** The teams the chart draws: all when few, else those with the most still to pay. */
export function teamsToDraw(teams: readonly TeamBreakdown[], max = MAX_BARS): TeamBreakdown[] {
  if (teams.length <= max) return [...teams];
  return [...teams].sort((a, b) => b.remaining_pence - a.remaining_pence || a.name.localeCompare(b.name)).slice(0, max);
}

/** A short team name for an axis: "Synthetic Team A – Northshire …" → "Synthetic Team A". */
export function shortName(name: string, max = 28): string {
  const head = name.split(" – ")[0] ?? name;
  return head.length > max ? `${head.slice(0, max - 1)}…` : head;
}

export function awardedVsPaidOption(teams: readonly TeamBreakdown[], currency: string): ChartOption {
  const drawn = teamsToDraw(teams);
  return {
    animation: false,
    color: [PALETTE[0]!, PALETTE[2]!],
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) => formatMoney(Number(v), currency),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: { hideOverlap: true, formatter: (v: number) => formatMoneyShort(v, currency) } },
    yAxis: { type: "category", inverse: true, data: drawn.map((t) => shortName(t.name)) },
    series: [
      { name: "Awarded", type: "bar", data: drawn.map((t) => t.awarded_pence) },
      { name: "Paid", type: "bar", data: drawn.map((t) => t.paid_pence) },
    ],
  };
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
  hours?: number;
}

export function milestoneRows(counts: MilestoneCounts): CountRow[] {
  return MILESTONE_STATUSES.map((s) => ({ key: s, label: label(s), count: counts[s] }));
}

export function supportRows(support: readonly SupportByType[]): CountRow[] {
  return SUPPORT_TYPES.map((type) => {
    const found = support.find((s) => s.type === type);
    return { key: type, label: shortLabel(type), count: found?.activities ?? 0, hours: found?.hours ?? 0 };
  });
}

export function countsOption(rows: readonly CountRow[], colours?: Record<string, string>): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label) },
    series: [
      {
        name: "Count",
        type: "bar",
        label: { show: true, position: "right" },
        data: rows.map((r) => ({
          value: r.count,
          itemStyle: { color: colours?.[r.key] ?? PALETTE[0]! },
        })),
      },
    ],
  };
}

export const MILESTONE_COLOURS = STATUS_COLOURS;
