/**
 * Chart axes that stay readable: a time axis ends near the data instead of running for years of
 * flat line to today, and a phone's narrow chart gets fewer ticks and smaller, turned labels.
 */
import { dayMs } from "../lib/format";
import type { ChartOption } from "./types";

const MONTH = 31 * 86_400_000;
/** Charts narrower than this (px) are drawn for a phone. */
export const NARROW = 480;

/**
 * Where a time axis ends: the later of the programme's end and the as-of day, but not more than
 * a month past the last data point.
 */
export function axisEnd(lastData: string, asOf: string, programmeEnd?: string | null): number {
  const wanted = Math.max(dayMs(programmeEnd ?? lastData), dayMs(asOf));
  return Math.min(wanted, dayMs(lastData) + MONTH);
}

type Axis = Record<string, unknown> & { type?: string; axisLabel?: Record<string, unknown> };

function narrowAxis(axis: Axis, horizontal: boolean): Axis {
  const label = { ...axis.axisLabel, hideOverlap: true, fontSize: 10 };
  if (axis.type === "category") {
    // Long names (teams) on a vertical axis are cut; month labels along the bottom are turned.
    return horizontal
      ? { ...axis, axisLabel: { ...label, rotate: 45 } }
      : { ...axis, axisLabel: { ...label, width: 96, overflow: "truncate" } };
  }
  return { ...axis, splitNumber: 3, axisLabel: label };
}

function mapAxes(axes: unknown, horizontal: boolean): unknown {
  if (Array.isArray(axes)) return axes.map((a) => narrowAxis(a as Axis, horizontal));
  return axes && typeof axes === "object" ? narrowAxis(axes as Axis, horizontal) : axes;
}

/** The option as drawn `width` pixels wide: unchanged when wide, thinned out on a phone. */
export function forWidth(option: ChartOption, width: number): ChartOption {
  if (width <= 0 || width >= NARROW) return option;
  const legend = option.legend && !Array.isArray(option.legend) ? { ...option.legend, itemGap: 6, textStyle: { fontSize: 10 } } : option.legend;
  return {
    ...option,
    xAxis: mapAxes(option.xAxis, true),
    yAxis: mapAxes(option.yAxis, false),
    legend,
  } as ChartOption;
}
