import { useEffect, useId, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";
import type { ECharts } from "../charts/EChart";
import { PARTS, partsOf, type Part } from "../charts/parts";
import type { ChartOption } from "../charts/types";
import { downloadBlob } from "../lib/csv";
import { useExportFilename } from "./DataTable";

type EChartModule = typeof import("../charts/EChart");

// The chart library is a separate chunk, loaded once, and each kind of series another (see
// charts/parts.ts). Not React.lazy: Suspense holds a revealed boundary back for up to 300 ms,
// which would delay every chart; a tiny store has no such wait.
let chartModule: EChartModule | null = null;
let loading: Promise<EChartModule> | null = null;
const parts = new Map<Part, Promise<unknown>>();
const ready = new Set<Part>();
let version = 0;
const listeners = new Set<() => void>();

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function loadCharts(needed: readonly Part[]): Promise<unknown> {
  loading ??= import("../charts/EChart").then((m) => {
    chartModule = m;
    changed();
    return m;
  });
  const waits: Promise<unknown>[] = [loading];
  for (const part of needed) {
    let p = parts.get(part);
    if (!p) {
      p = PARTS[part]().then(() => {
        ready.add(part);
        changed();
      });
      parts.set(part, p);
    }
    waits.push(p);
  }
  return Promise.all(waits);
}

function useChartModule(needed: readonly Part[]): EChartModule | null {
  const key = needed.join(",");
  useEffect(() => {
    void loadCharts(key ? (key.split(",") as Part[]) : []);
  }, [key]);
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );
  return chartModule && needed.every((p) => ready.has(p)) ? chartModule : null;
}

/**
 * Starts fetching the chart library (and the kinds of chart a view draws) without waiting for a
 * chart to render, so they download while the API answers; none is in the initial bundle.
 */
export function prefetchCharts(needed: readonly Part[] = []): void {
  void loadCharts(needed);
}

/** The chart as an SVG document, drawn off screen (the SVG renderer is loaded on first use). */
export async function chartSvg(option: ChartOption, width: number, height: number): Promise<string> {
  await loadCharts(partsOf(option));
  const { renderSvg } = await import("../charts/svg");
  return renderSvg(option, width, height);
}

function dataUrlBlob(url: string): Blob {
  const [head = "", data = ""] = url.split(",");
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: /data:([^;]+)/.exec(head)?.[1] ?? "image/png" });
}

/** "Export chart (PNG)" from the chart on screen, "(SVG)" from a copy drawn as SVG. */
function ExportButtons({ title, option, chart }: { title: string; option: ChartOption; chart: () => ECharts | null }) {
  const fileName = useExportFilename();
  const png = () => {
    const live = chart();
    if (!live) return;
    const url = live.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    downloadBlob(fileName(title, "png"), dataUrlBlob(url));
  };
  const svg = async () => {
    const live = chart();
    const text = await chartSvg(option, live?.getWidth() || 800, live?.getHeight() || 400);
    downloadBlob(fileName(title, "svg"), new Blob([text], { type: "image/svg+xml" }));
  };
  return (
    <p className="chart-export no-print">
      <button type="button" className="secondary" onClick={png}>
        Export chart (PNG)<span className="visually-hidden">: {title}</span>
      </button>{" "}
      <button type="button" className="secondary" onClick={() => void svg()}>
        Export chart (SVG)<span className="visually-hidden">: {title}</span>
      </button>
    </p>
  );
}

/**
 * A chart with its text alternative: the canvas is one image described by `summary`, and the
 * same figures are available as a table (children) under "Show the data as a table".
 */
export function Chart({
  title,
  summary,
  option,
  height = 300,
  table,
  openTable = false,
  hideTitle = false,
}: {
  title: string;
  summary: string;
  option: ChartOption;
  height?: number;
  table?: ReactNode;
  openTable?: boolean;
  /** The surrounding heading already names the chart: keep the caption for screen readers only. */
  hideTitle?: boolean;
}) {
  const summaryId = useId();
  const needed = useMemo(() => partsOf(option), [option]);
  const charts = useChartModule(needed);
  const instance = useRef<ECharts | null>(null);
  return (
    <figure className="chart">
      <figcaption className={hideTitle ? "visually-hidden" : undefined}>{title}</figcaption>
      <p className="chart-summary" id={summaryId}>
        {summary}
      </p>
      <div role="img" aria-label={`${title}. ${summary}`}>
        {charts ? (
          <charts.default option={option} height={height} onInstance={(c) => (instance.current = c)} />
        ) : (
          <div className="skeleton" style={{ height }} />
        )}
      </div>
      {charts ? <ExportButtons title={title} option={option} chart={() => instance.current} /> : null}
      {table ? (
        <details className="alt" open={openTable}>
          <summary>Show the data as a table</summary>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: the data`}>
            {table}
          </div>
        </details>
      ) : null}
    </figure>
  );
}
