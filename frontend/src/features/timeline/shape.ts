import { STATUS_COLOURS, type ChartOption } from "../../charts/types";
import { statusLabel } from "../../lib/labels";
import { dayMs, formatDate, shortName } from "../../lib/format";
import { MILESTONE_STATUSES, type MilestoneAsOf } from "../dashboard/api";

export const PROGRAMME_WIDE = "Programme-wide";

export interface TimelineFilter {
  team?: string | null;
  status?: string | null;
  kind?: string | null;
}

/** `team` is a team id, or "programme" for programme-wide milestones only. */
export function filterMilestones(milestones: readonly MilestoneAsOf[], f: TimelineFilter): MilestoneAsOf[] {
  return milestones.filter(
    (m) =>
      (!f.team || (f.team === "programme" ? m.team_id === null : m.team_id === f.team)) &&
      (!f.status || m.status === f.status) &&
      (!f.kind || m.kind === f.kind),
  );
}

/** The rows of the chart, in the read model's order: programme-wide first, then each team. */
export function lanes(milestones: readonly MilestoneAsOf[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of milestones) {
    const key = m.team_id ?? "";
    if (!seen.has(key)) seen.set(key, m.team_id ? (m.team_name ?? m.team_id) : PROGRAMME_WIDE);
  }
  const out = [...seen.entries()].map(([key, name]) => ({ key, name }));
  return out.sort((a, b) => (a.key === "" ? -1 : b.key === "" ? 1 : 0));
}

export function statusCounts(milestones: readonly MilestoneAsOf[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(MILESTONE_STATUSES.map((s) => [s, 0]));
  for (const m of milestones) counts[m.status] = (counts[m.status] ?? 0) + 1;
  return counts;
}

/** The chart draws at most this many rows; the table below lists every milestone. */
export const MAX_LANES = 30;

/** The milestones of the first `max` lanes (programme-wide first), for the chart. */
export function firstLanes(milestones: readonly MilestoneAsOf[], max = MAX_LANES): MilestoneAsOf[] {
  const keep = new Set(lanes(milestones).slice(0, max).map((l) => l.key));
  return milestones.filter((m) => keep.has(m.team_id ?? ""));
}

/** Dependencies both of whose ends are drawn, as [from (the prerequisite), to]. */
export function dependencyPairs(milestones: readonly MilestoneAsOf[]): [MilestoneAsOf, MilestoneAsOf][] {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const pairs: [MilestoneAsOf, MilestoneAsOf][] = [];
  for (const m of milestones) {
    for (const dep of m.depends_on_ids) {
      const from = byId.get(dep);
      if (from) pairs.push([from, m]);
    }
  }
  return pairs;
}

const MONTH = 31 * 86_400_000;

/**
 * The time axis: the window and every milestone, with a month either side. The as-of line widens
 * it by a year at most; a day further out would squash the plan, so the line is left off.
 */
export function timeRange(
  milestones: readonly MilestoneAsOf[],
  window: { start: string; end: string },
  asOf: string,
): { min: number; max: number; showAsOf: boolean } {
  const times = milestones.map((m) => dayMs(m.due_date));
  const first = Math.min(dayMs(window.start), ...times);
  const last = Math.max(dayMs(window.end), ...times);
  const asOfMs = dayMs(asOf);
  const showAsOf = asOfMs >= first - 12 * MONTH && asOfMs <= last + 12 * MONTH;
  return {
    min: Math.min(first, showAsOf ? asOfMs : first) - MONTH,
    max: Math.max(last, showAsOf ? asOfMs : last) + MONTH,
    showAsOf,
  };
}

export function timelineOption(
  milestones: readonly MilestoneAsOf[],
  window: { start: string; end: string },
  asOf: string,
): ChartOption {
  const rows = lanes(milestones);
  const laneOf = new Map(rows.map((r, i) => [r.key, i]));
  const lane = (m: MilestoneAsOf) => laneOf.get(m.team_id ?? "") ?? 0;
  const { min, max, showAsOf } = timeRange(milestones, window, asOf);
  const asOfMs = dayMs(asOf);
  const byId = new Map(milestones.map((m) => [m.id, m]));

  const statusSeries = MILESTONE_STATUSES.map((status) => ({
    name: statusLabel("milestoneAsOf", status),
    type: "scatter" as const,
    symbol: "diamond",
    symbolSize: status === "late" ? 15 : 12,
    itemStyle: { color: STATUS_COLOURS[status], borderColor: "#fff", borderWidth: 1 },
    data: milestones
      .filter((m) => m.status === status)
      .map((m) => ({ value: [dayMs(m.due_date), lane(m)], id: m.id, name: m.title })),
    z: 3,
  }));

  return {
    animation: false,
    legend: { top: 0, data: MILESTONE_STATUSES.map((s) => statusLabel("milestoneAsOf", s)) },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (p) => {
        const item = (Array.isArray(p) ? p[0] : p) as { data?: { id?: string } } | undefined;
        const m = item?.data?.id ? byId.get(item.data.id) : undefined;
        if (!m) return "";
        const who = m.team_name ?? PROGRAMME_WIDE;
        const done = m.completed_date ? `, completed ${formatDate(m.completed_date)}` : "";
        return `<strong>${escapeHtml(m.title)}</strong><br>${escapeHtml(who)}<br>Due ${formatDate(m.due_date)}${done}<br>${statusLabel("milestoneAsOf", m.status)}${m.status_undated ? " (date not recorded)" : ""}`;
      },
    },
    xAxis: { type: "time", min, max, axisLabel: { hideOverlap: true }, splitLine: { show: true, lineStyle: { color: "#eef0f3" } } },
    yAxis: {
      type: "category",
      inverse: true,
      data: rows.map((r) => shortName(r.name, 24)),
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { color: "#eef0f3" } },
    },
    series: [
      {
        // The programme window and the as-of line, as markers of a series with no points.
        name: "Programme window",
        type: "scatter",
        data: [],
        silent: true,
        markArea: {
          silent: true,
          itemStyle: { color: "rgba(11, 92, 142, 0.05)" },
          label: { show: true, position: "insideTopLeft", color: "#4b5563", fontSize: 11 },
          data: [[{ name: "Programme window", xAxis: dayMs(window.start) }, { xAxis: dayMs(window.end) }]],
        },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: "#b45309", width: 2, type: "solid" },
          // The lanes run top to bottom (inverse axis), so "start" is the top of the line.
          label: { formatter: `As of ${formatDate(asOf)}`, color: "#92400e", position: "start" },
          data: showAsOf ? [{ xAxis: asOfMs }] : [],
        },
        z: 2,
      },
      {
        // Arrows from each prerequisite to what depends on it: mark lines between two points
        // (the same picture as a "lines" series, without loading that series type).
        name: "Dependencies",
        type: "scatter",
        data: [],
        silent: true,
        markLine: {
          silent: true,
          symbol: ["none", "arrow"],
          symbolSize: 7,
          label: { show: false },
          // ECharts draws mark lines curved (`curveness`), which its option type leaves out.
          lineStyle: { ...{ curveness: 0.15 }, color: "#94a3b8", width: 1, opacity: 0.8, type: "solid" },
          data: dependencyPairs(milestones).map(([from, to]) => [
            { coord: [dayMs(from.due_date), lane(from)] },
            { coord: [dayMs(to.due_date), lane(to)] },
          ]),
        },
        z: 2,
      },
      ...statusSeries,
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
