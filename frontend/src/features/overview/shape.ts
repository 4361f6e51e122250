import { PALETTE, STATUS_COLOURS, type ChartOption } from "../../charts/types";
import { statusLabel } from "../../lib/labels";
import { formatMonth, shortLabel, shortName } from "../../lib/format";
import {
  MILESTONE_STATUSES,
  SUPPORT_TYPES,
  type MilestoneCounts,
  type MilestoneMonth,
  type MostLate,
  type SupportByType,
  type TeamDistributions,
} from "../dashboard/api";

export { shortName };

/** The paid-share bands (0–10 % … 90–100 %), with the teams that have no award yet first. */
export function paidShareRows(d: TeamDistributions): CountRow[] {
  return [
    { key: "not_awarded", label: "No award yet", count: d.not_awarded },
    ...d.paid_share.map((b) => ({ key: `${b.from_percent}`, label: `${b.from_percent}–${b.to_percent}%`, count: b.teams })),
  ];
}

/** Teams by how many of their milestones are late (3 means three or more). */
export function lateCountRows(d: TeamDistributions): CountRow[] {
  return d.late_milestones.map((b) => ({
    key: `${b.late}`,
    label: b.late >= 3 ? "3 or more late" : `${b.late} late`,
    count: b.teams,
  }));
}

/** The ten teams with most late milestones, then one bar for all the others. */
export function mostLateRows(m: MostLate): CountRow[] {
  const rows: CountRow[] = m.teams.map((t) => ({ key: t.id, label: shortName(t.name), count: t.late }));
  if (m.others_teams > 0) {
    rows.push({ key: "others", label: `All ${m.others_teams} others`, count: m.others_late });
  }
  return rows;
}

/** Month by month, milestones due, stacked by their status on the as-of day. */
export function milestonesByMonthOption(months: readonly MilestoneMonth[]): ChartOption {
  return {
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: months.map((m) => formatMonth(`${m.month}-01`)), axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", minInterval: 1 },
    series: MILESTONE_STATUSES.map((status) => ({
      name: statusLabel("milestoneAsOf", status),
      type: "bar" as const,
      stack: "status",
      itemStyle: { color: STATUS_COLOURS[status] },
      data: months.map((m) => m[status]),
    })),
  };
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
  hours?: number;
}

export function milestoneRows(counts: MilestoneCounts): CountRow[] {
  return MILESTONE_STATUSES.map((s) => ({ key: s, label: statusLabel("milestoneAsOf", s), count: counts[s] }));
}

export function supportRows(support: readonly SupportByType[]): CountRow[] {
  return SUPPORT_TYPES.map((type) => {
    const found = support.find((s) => s.type === type);
    return { key: type, label: shortLabel(type), count: found?.activities ?? 0, hours: found?.hours ?? 0 };
  });
}

export function countsOption(rows: readonly CountRow[], colours?: Record<string, string>, colour = PALETTE[0]!): ChartOption {
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
          itemStyle: { color: colours?.[r.key] ?? colour },
        })),
      },
    ],
  };
}

export const MILESTONE_COLOURS = STATUS_COLOURS;
