import { useMemo, useState } from "react";
import { Chart, chartSvg, prefetchCharts } from "../../components/Chart";
import { useExportFilename } from "../../components/DataTable";
import { PageHead } from "../../components/PageHead";
import { ErrorPanel, Loading } from "../../components/States";
import { Tile } from "../../components/Tile";
import { downloadBlob } from "../../lib/csv";
import { describe } from "../../lib/problem";
import { useQuery } from "@tanstack/react-query";
import { useAsOf } from "../../lib/url";
import { loadTeamFigures, teamFiguresKey, useProgrammeResults, useProgrammeSummary } from "../dashboard/api";
import { useProgramme } from "../programmes/context";
import "./boardpack.css";
import { PackTableView } from "./PackTableView";
import { packCharts, SECTIONS, type PackChart } from "./sections";
import { boardPack, PACK_TEAMS, packTable, type BoardPack } from "./shape";

// This view draws bar charts only: fetch the chart library while its data loads.
prefetchCharts(["bar"]);

type Busy = "pdf" | "xlsx" | null;

/** The PDF and the workbook, each built by a library loaded only when asked (see README). */
function Downloads({ pack, charts }: { pack: BoardPack; charts: PackChart[] }) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const fileName = useExportFilename();
  const run = async (kind: Exclude<Busy, null>) => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === "pdf") {
        const { packPdf } = await import("./pdf");
        const svgs = await Promise.all(charts.map((c) => chartSvg(c.option, 720, c.height)));
        downloadBlob(fileName("board-pack", "pdf"), await packPdf(pack, charts, svgs));
      } else {
        const { packXlsx } = await import("./xlsx");
        downloadBlob(fileName("board-pack", "xlsx"), await packXlsx(pack));
      }
    } catch (e) {
      setError(describe(e).title);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="no-print">
      <div className="form-actions">
        <button type="button" onClick={() => void run("pdf")} disabled={busy !== null}>
          Download board pack (PDF)
        </button>
        <button type="button" className="secondary" onClick={() => void run("xlsx")} disabled={busy !== null}>
          Download board pack (XLSX)
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <p role="status" className="table-count" data-testid="pack-busy">
        {busy ? `Preparing the ${busy === "pdf" ? "PDF" : "workbook"}…` : ""}
      </p>
      {error ? <p className="notice error" role="alert">{error}</p> : null}
    </div>
  );
}

function Body({ pack, charts }: { pack: BoardPack; charts: PackChart[] }) {
  return (
    <>
      <Downloads pack={pack} charts={charts} />
      <ul className="tiles pack-figures" aria-label="Key figures" data-testid="pack-figures">
        {pack.figures.map((f) => (
          <Tile key={f.label} label={f.label} value={f.value} note={f.note} />
        ))}
      </ul>
      {SECTIONS.map((section) => (
        <section key={section.id} className="pack-section" aria-labelledby={`pack-${section.id}`} data-testid={`pack-${section.id}`}>
          <h2 id={`pack-${section.id}`}>{section.title}</h2>
          {charts
            .filter((c) => section.charts.includes(c.id))
            .map((c) => (
              <div key={c.id} className="card pack-chart">
                <Chart title={c.title} summary={c.summary} option={c.option} height={c.height} />
              </div>
            ))}
          {section.tables.map((id) => (
            <PackTableView key={id} table={packTable(pack, id)} currency={pack.currency} />
          ))}
        </section>
      ))}
    </>
  );
}

/**
 * The board pack: the Overview's figures, funding, late milestones, results and support on one
 * page for the as-of day, from three read models (with the programme list, four requests).
 */
export function BoardPackPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const summary = useProgrammeSummary(programme.id, asOf);
  const results = useProgrammeResults(programme.id, asOf);
  const figures = { sort: "name", limit: PACK_TEAMS };
  const teams = useQuery({
    // The same key as the Teams table's first page, which usePaged ends with its cursor.
    queryKey: [...teamFiguresKey(programme.id, asOf, figures), "page", ""],
    queryFn: () => loadTeamFigures(programme.id, asOf, figures, undefined),
  });
  const ready = summary.status === "success" && results.status === "success" && teams.status === "success";
  const view = useMemo(
    () =>
      summary.data && results.data && teams.data
        ? { pack: boardPack(summary.data, results.data, teams.data), charts: packCharts(summary.data, results.data) }
        : null,
    [summary.data, results.data, teams.data],
  );
  const states = [summary, results, teams];
  const failed = states.find((s) => s.status === "error");

  return (
    <>
      <PageHead title="Board pack">
        {programme.title}: figures, funding, late milestones, results and support on one page, to print
        or download for the board.
      </PageHead>
      {failed ? <ErrorPanel error={failed.error} retry={() => states.forEach((s) => s.status === "error" && void s.refetch())} /> : null}
      {!failed && !ready ? <Loading what="the board pack" /> : null}
      {ready && view ? <Body pack={view.pack} charts={view.charts} /> : null}
    </>
  );
}
