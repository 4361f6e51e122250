/** The option type of every chart we draw: only the series and components registered in EChart. */
import type { BarSeriesOption, LineSeriesOption, LinesSeriesOption, ScatterSeriesOption } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import type { ComposeOption } from "echarts/core";

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | LinesSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
>;

/** Colour-blind-safe palette (Okabe–Ito), darkened where it sits on white. */
export const PALETTE = ["#0b5c8e", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#6b5b00", "#555555"];

export const STATUS_COLOURS: Record<string, string> = {
  planned: "#6b7280",
  in_progress: "#2563eb",
  achieved: "#15803d",
  missed: "#b91c1c",
  deferred: "#b45309",
  cancelled: "#a1a1aa",
  late: "#dc2626",
};
