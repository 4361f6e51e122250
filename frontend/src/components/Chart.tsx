import { useEffect, useId, useSyncExternalStore, type ReactNode } from "react";
import type { ChartOption } from "../charts/types";

type EChartModule = typeof import("../charts/EChart");

// The chart library is a separate chunk, loaded once. Not React.lazy: Suspense holds a revealed
// boundary back for up to 300 ms, which would delay every chart; a tiny store has no such wait.
let chartModule: EChartModule | null = null;
let loading: Promise<EChartModule> | null = null;
const listeners = new Set<() => void>();

function loadCharts(): Promise<EChartModule> {
  loading ??= import("../charts/EChart").then((m) => {
    chartModule = m;
    for (const listener of listeners) listener();
    return m;
  });
  return loading;
}

function useChartModule(): EChartModule | null {
  useEffect(() => {
    void loadCharts();
  }, []);
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => chartModule,
  );
}

/**
 * Starts fetching the chart library without waiting for a chart to render, so it downloads while
 * the API answers (it stays out of the initial bundle either way).
 */
export function prefetchCharts(): void {
  void loadCharts();
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
  const charts = useChartModule();
  return (
    <figure className="chart">
      <figcaption className={hideTitle ? "visually-hidden" : undefined}>{title}</figcaption>
      <p className="chart-summary" id={summaryId}>
        {summary}
      </p>
      <div role="img" aria-label={`${title}. ${summary}`}>
        {charts ? <charts.default option={option} height={height} /> : <div className="skeleton" style={{ height }} />}
      </div>
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
