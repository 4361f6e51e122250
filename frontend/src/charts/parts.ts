/**
 * The series types and markers a chart may need, each loaded on demand: the Overview's bar
 * charts do not download the timeline's scatter, lines and mark areas.
 */
import type { ChartOption } from "./types";

export type Part = "bar" | "line" | "scatter" | "lines" | "markLine" | "markArea";

export const PARTS: Record<Part, () => Promise<unknown>> = {
  bar: () => import("./parts/bar"),
  line: () => import("./parts/line"),
  scatter: () => import("./parts/scatter"),
  lines: () => import("./parts/lines"),
  markLine: () => import("./parts/markLine"),
  markArea: () => import("./parts/markArea"),
};

/** The parts an option draws with: its series' types and the markers any series carries. */
export function partsOf(option: ChartOption): Part[] {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as {
    type?: string;
    markLine?: unknown;
    markArea?: unknown;
  }[];
  const out = new Set<Part>();
  for (const s of series) {
    if (s.type && s.type in PARTS) out.add(s.type as Part);
    if (s.markLine) out.add("markLine");
    if (s.markArea) out.add("markArea");
  }
  return [...out].sort();
}
