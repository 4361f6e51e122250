import { Badge } from "../../components/Badge";
import { Chart } from "../../components/Chart";
import { formatDate, formatValue, label } from "../../lib/format";
import { TeamLink } from "../teams/links";
import { FormLoading } from "../../components/States";
import { lazyPart } from "../../lib/lazyPart";
import { useMay } from "../../lib/permissions";
import { indicatorOption, progress, type Indicator } from "./shape";
import { formatChange } from "./units";

const TREND_BADGE: Record<string, string> = {
  improving: "achieved",
  worsening: "late",
  "no change": "planned",
  "no data": "planned",
};

// Loaded only for a caller who may write the periods (most readers never do).
const PeriodEditing = lazyPart(() => import("./PeriodEditing").then((m) => m.PeriodEditing), FormLoading);

/** One indicator: baseline, target and the measured periods, as a chart and as a table. */
// long: the card's markup (chart, table, comments, period editing)
export function IndicatorCard({
  indicator: ind,
  team,
  asOf,
  editTeamId,
  say,
}: {
  indicator: Indicator;
  team?: { id: string; name: string };
  asOf: string;
  /** The indicator's team: its periods can be reported and edited here by those who may. */
  editTeamId?: string;
  /** Confirms a save where the user is (the page's toast). */
  say?: (message: string | null) => void;
}) {
  const may = useMay();
  const p = progress(ind);
  const measured = ind.periods.filter((x) => x.actual_value !== null && x.actual_value !== undefined);
  const latest = p.latest?.actual_value;
  const parts = [
    ind.baseline_value !== null && ind.baseline_value !== undefined
      ? `Baseline ${formatValue(ind.baseline_value, ind.unit)}${ind.baseline_date ? ` (${formatDate(ind.baseline_date)})` : ""}`
      : "No baseline",
    ind.target_value !== null && ind.target_value !== undefined
      ? `target ${formatValue(ind.target_value, ind.unit)}${ind.target_date ? ` by ${formatDate(ind.target_date)}` : ""}`
      : "no target",
    p.latest
      ? `latest ${formatValue(latest, ind.unit)} for the period ending ${formatDate(p.latest.period_end)}`
      : "nothing measured yet",
  ];
  const summary = `${parts.join(", ")} (${label(ind.direction).toLowerCase()}).`;
  const comments = ind.periods.filter((x) => x.comment);
  return (
    <article className="card" data-testid="indicator">
      <h3 style={{ margin: "0 0 0.25rem" }}>{ind.title}</h3>
      {team ? (
        <p className="hint" style={{ margin: 0 }}>
          <TeamLink id={team.id} name={team.name} />
        </p>
      ) : null}
      <p>
        <Badge value={TREND_BADGE[p.trend] ?? "planned"} text={label(p.trend.replace(" ", "_"))} />{" "}
        {p.targetMet === true ? <Badge value="achieved" text="Target met" /> : null}
        {p.change !== null ? (
          <span className="hint"> {formatChange(p.change, ind.unit, ind.measure)} since baseline</span>
        ) : null}
      </p>
      {measured.length > 0 ? (
        <Chart
          title={ind.title}
          hideTitle
          summary={summary}
          option={indicatorOption(ind, asOf)}
          height={200}
          table={
            <table>
              <caption>Measured periods: {ind.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col" className="num">Actual</th>
                  <th scope="col">Comment</th>
                </tr>
              </thead>
              <tbody>
                {ind.periods.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      {formatDate(x.period_start)} – {formatDate(x.period_end)}
                    </th>
                    <td className="num">{formatValue(x.actual_value, ind.unit)}</td>
                    <td>{x.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      ) : (
        <>
          <p className="chart-summary">{summary}</p>
          {comments.length ? (
            <ul>
              {comments.map((x) => (
                <li key={x.id}>
                  {formatDate(x.period_end)}: {x.comment}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {editTeamId && say && may("indicator-periods", "write", editTeamId) ? <PeriodEditing indicator={ind} teamId={editTeamId} say={say} /> : null}
    </article>
  );
}
