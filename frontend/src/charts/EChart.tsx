/**
 * The only module that touches ECharts' core, loaded lazily (see components/Chart.tsx) with the
 * components every chart uses; each series type and marker is a chunk of its own (parts.ts), so a
 * view downloads only the kinds of chart it draws.
 */
import { GridComponent, LegendPlainComponent, TooltipComponent } from "echarts/components";
import { init, use as register, type ECharts } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { forWidth, NARROW } from "./axes";
import type { ChartOption } from "./types";

register([GridComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

export type { ECharts };

export default function EChart({
  option,
  height,
  onInstance,
}: {
  option: ChartOption;
  height: number;
  /** Told the live chart (and null when it goes), for exports such as `getDataURL`. */
  onInstance?: (chart: ECharts | null) => void;
}) {
  const onInstanceRef = useRef(onInstance);
  useEffect(() => {
    onInstanceRef.current = onInstance;
  });

  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const optionRef = useRef(option);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    // Tests and the benchmark wait for this: the chart has drawn its current option.
    instance.on("finished", () => el.setAttribute("data-rendered", "true"));
    // Crossing the phone width redraws with the axes thinned out (or back).
    let narrow = el.clientWidth < NARROW;
    const observer = new ResizeObserver(() => {
      instance.resize();
      if (narrow !== el.clientWidth < NARROW && optionRef.current) {
        narrow = !narrow;
        instance.setOption(forWidth(optionRef.current, el.clientWidth), { notMerge: true });
      }
    });
    observer.observe(el);
    onInstanceRef.current?.(instance);
    return () => {
      observer.disconnect();
      onInstanceRef.current?.(null);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    optionRef.current = option;
    ref.current?.setAttribute("data-rendered", "false");
    // Tests read where a time axis ends (ECharts draws on a canvas).
    const x = Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis;
    const max = x && "max" in x && typeof x.max === "number" ? String(x.max) : "";
    ref.current?.setAttribute("data-x-max", max);
    chart.current?.setOption(forWidth(option, ref.current?.clientWidth ?? 0), { notMerge: true });
  }, [option]);

  return <div ref={ref} className="chart-canvas" style={{ height }} data-rendered="false" />;
}
