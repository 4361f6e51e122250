import { PALETTE, type ChartOption } from "../../charts/types";
import { dayMs, formatDate, formatNumber, formatValue, label } from "../../lib/format";
import { DIMENSIONS, type ResultCounts, type TeamSummary } from "../dashboard/api";

type Goal = TeamSummary["quality_goals"][number];
export type Indicator = Goal["indicators"][number];

export interface IndicatorEntry {
  team: { id: string; name: string };
  goal: Goal;
  indicator: Indicator;
}

export type Dimension = (typeof DIMENSIONS)[number];

/** Every indicator of the given teams, under each of the six dimensions (all six present). */
export function byDimension(summaries: readonly TeamSummary[]): Record<Dimension, IndicatorEntry[]> {
  const out = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as IndicatorEntry[]])) as Record<Dimension, IndicatorEntry[]>;
  for (const s of summaries) {
    for (const goal of s.quality_goals) {
      for (const indicator of goal.indicators) {
        out[goal.dimension as Dimension]?.push({ team: { id: s.team.id, name: s.team.name }, goal, indicator });
      }
    }
  }
  for (const d of DIMENSIONS) out[d].sort((a, b) => a.team.name.localeCompare(b.team.name) || a.indicator.title.localeCompare(b.indicator.title));
  return out;
}

export type Trend = "improving" | "worsening" | "no change" | "no data";

export interface Progress {
  latest: Indicator["periods"][number] | null;
  trend: Trend;
  /** Latest minus baseline, in the indicator's unit. */
  change: number | null;
  targetMet: boolean | null;
}

/** Whether the latest measured value has moved from the baseline the right way, and met the target. */
export function progress(ind: Indicator): Progress {
  const measured = ind.periods.filter((p) => p.actual_value !== null && p.actual_value !== undefined);
  const latest = measured.at(-1) ?? null;
  const value = latest?.actual_value ?? null;
  if (value === null || ind.baseline_value === null || ind.baseline_value === undefined) {
    return { latest, trend: "no data", change: null, targetMet: targetMet(ind, value) };
  }
  const change = value - ind.baseline_value;
  const better = ind.direction === "higher_is_better" ? change > 0 : change < 0;
  const trend: Trend = change === 0 ? "no change" : better ? "improving" : "worsening";
  return { latest, trend, change: Math.round(change * 100) / 100, targetMet: targetMet(ind, value) };
}

function targetMet(ind: Indicator, value: number | null): boolean | null {
  if (value === null || ind.target_value === null || ind.target_value === undefined) return null;
  return ind.direction === "higher_is_better" ? value >= ind.target_value : value <= ind.target_value;
}

const MONTH = 31 * 86_400_000;

/** From the baseline (or first period) to the target (or last period); as_of only when close. */
export function timeRange(ind: Indicator, times: readonly number[], asOf: string): { min: number; max: number } {
  const starts = [...times, ...(ind.baseline_date ? [dayMs(ind.baseline_date)] : [])];
  const ends = [...times, ...(ind.target_date ? [dayMs(ind.target_date)] : [])];
  let min = Math.min(...starts);
  let max = Math.max(...ends);
  const at = dayMs(asOf);
  if (at >= min - 12 * MONTH && at <= max + 12 * MONTH) {
    min = Math.min(min, at);
    max = Math.max(max, at);
  }
  return { min: min - MONTH, max: max + MONTH };
}

export function indicatorOption(ind: Indicator, asOf: string): ChartOption {
  const points = ind.periods
    .filter((p) => p.actual_value !== null && p.actual_value !== undefined)
    .map((p) => [dayMs(p.period_end), p.actual_value as number]);
  const refs: { name: string; yAxis: number; colour: string; date?: string | null }[] = [];
  if (ind.baseline_value !== null && ind.baseline_value !== undefined) {
    refs.push({ name: "Baseline", yAxis: ind.baseline_value, colour: "#6b7280", date: ind.baseline_date });
  }
  if (ind.target_value !== null && ind.target_value !== undefined) {
    refs.push({ name: "Target", yAxis: ind.target_value, colour: "#15803d", date: ind.target_date });
  }
  const fmt = (v: number) => formatValue(v, ind.unit);
  const range = timeRange(ind, points.map((p) => p[0]!), asOf);
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (v) => fmt(Number(v)) },
    xAxis: { type: "time", min: range.min, max: range.max, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      scale: true,
      name: ind.unit === "%" ? "" : ind.unit,
      nameTextStyle: { align: "left" },
      axisLabel: { formatter: (v: number) => (ind.unit === "%" ? `${formatNumber(v, 2)}%` : formatNumber(v, 2)) },
    },
    series: [
      {
        name: "Actual",
        type: "line",
        color: PALETTE[0],
        symbolSize: 7,
        data: points,
        markLine: {
          silent: true,
          symbol: "none",
          data: refs.map((r) => ({
            name: r.name,
            yAxis: r.yAxis,
            lineStyle: { color: r.colour, type: "dashed", width: 2 },
            label: { formatter: `${r.name} ${fmt(r.yAxis)}`, color: r.colour, position: "insideEndTop" },
          })),
        },
      },
      {
        name: "Baseline and target dates",
        type: "scatter",
        symbol: "circle",
        symbolSize: 9,
        itemStyle: { color: "#fff", borderWidth: 2, borderColor: "#6b7280" },
        data: refs
          .filter((r) => r.date)
          .map((r) => ({ value: [dayMs(r.date!), r.yAxis], name: `${r.name} ${formatDate(r.date)}`, itemStyle: { borderColor: r.colour } })),
      },
    ],
  };
}

export const RESULT_COLUMNS = [
  { key: "improving", label: "Improving", colour: "#15803d" },
  { key: "no_change", label: "No change", colour: "#6b7280" },
  { key: "worsening", label: "Worsening", colour: "#dc2626" },
  { key: "no_data", label: "No data yet", colour: "#cbd5e1" },
] as const;

/** The programme's indicators under each dimension, stacked by their trend on the as-of day. */
export function resultsOption(rows: readonly (ResultCounts & { dimension: string })[]): ChartOption {
  return {
    animation: false,
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => label(r.dimension)) },
    series: RESULT_COLUMNS.map((c) => ({
      name: c.label,
      type: "bar" as const,
      stack: "trend",
      itemStyle: { color: c.colour },
      data: rows.map((r) => r[c.key]),
    })),
  };
}

/** "12 indicators: 5 improving, 2 worsening, …; 3 have met their target." */
export function resultsSummary(c: ResultCounts): string {
  if (c.total === 0) return "No indicators yet.";
  const parts = RESULT_COLUMNS.map((col) => `${c[col.key]} ${col.label.toLowerCase()}`);
  return `${c.total} ${c.total === 1 ? "indicator" : "indicators"}: ${parts.join(", ")}; ${c.target_met} met ${c.target_met === 1 ? "its" : "their"} target, ${c.target_not_met} not yet.`;
}
