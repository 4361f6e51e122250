/**
 * Charts as SVG text, for "Export chart (SVG)" and the board pack's PDF: a copy of the chart drawn
 * off screen by ECharts' SVG renderer in server-side mode. Its own chunk, loaded when asked, so no
 * view's first load carries the SVG renderer.
 */
import { init, use as register } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import "./EChart";
import type { ChartOption } from "./types";

register([SVGRenderer]);

/** The chart's SVG document; the option's series types must already be registered (parts.ts). */
export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = init(null, undefined, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: "#fff" });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
