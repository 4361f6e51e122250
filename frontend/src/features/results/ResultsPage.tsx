import { Chart, prefetchCharts } from "../../components/Chart";
import { useToast } from "../../components/Toast";
import { SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { formatNumber, label, plural, todayIso } from "../../lib/format";
import { useAsOf, useParams } from "../../lib/url";
import { DIMENSIONS, useProgrammeResults, useTeamSummary, type ProgrammeResults } from "../dashboard/api";
import { useProgramme } from "../programmes/context";
import { TeamFilter } from "../programmes/TeamPicker";
import { rememberTeams } from "../programmes/teams";
import { ByDimension } from "./ByDimension";
import { IndicatorCard } from "./IndicatorCard";
import { byDimension, RESULT_COLUMNS, resultsOption, resultsSummary } from "./shape";

// This view draws charts: fetch the chart library while its data loads.
prefetchCharts(["bar"]);

function ResultsTable({ results }: { results: ProgrammeResults }) {
  const total = results.indicators;
  return (
    <table data-testid="results-table">
      <caption>Indicators by dimension of quality, as measured by the as-of date</caption>
      <thead>
        <tr>
          <th scope="col">Dimension</th>
          <th scope="col" className="num">Goals</th>
          <th scope="col" className="num">Indicators</th>
          {RESULT_COLUMNS.map((c) => (
            <th key={c.key} scope="col" className="num">
              {c.label}
            </th>
          ))}
          <th scope="col" className="num">Target met</th>
          <th scope="col" className="num">Target not met</th>
        </tr>
      </thead>
      <tbody>
        {results.by_dimension.map((d) => (
          <tr key={d.dimension} data-testid={`results-${d.dimension}`}>
            <th scope="row">{label(d.dimension)}</th>
            <td className="num">{formatNumber(d.goals, 0)}</td>
            <td className="num">{formatNumber(d.total, 0)}</td>
            {RESULT_COLUMNS.map((c) => (
              <td key={c.key} className="num">
                {formatNumber(d[c.key], 0)}
              </td>
            ))}
            <td className="num">{formatNumber(d.target_met, 0)}</td>
            <td className="num">{formatNumber(d.target_not_met, 0)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All dimensions</th>
          <td className="num">{formatNumber(results.by_dimension.reduce((n, d) => n + d.goals, 0), 0)}</td>
          <td className="num">{formatNumber(total.total, 0)}</td>
          {RESULT_COLUMNS.map((c) => (
            <td key={c.key} className="num">
              {formatNumber(total[c.key], 0)}
            </td>
          ))}
          <td className="num">{formatNumber(total.target_met, 0)}</td>
          <td className="num">{formatNumber(total.target_not_met, 0)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

// long: the view's markup (programme-wide picture, team picker, indicator cards)
export function ResultsPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const team = search.get("team");
  const dimension = search.get("dimension");
  const results = useProgrammeResults(programme.id, asOf);
  const summary = useTeamSummary(team, asOf);
  if (summary.status === "success") rememberTeams([summary.data.team]);
  const { say, toast } = useToast();

  return (
    <>
      <PageHead title="Results">
        Whether care is improving: the quality indicators under the Health Foundation's six
        dimensions of quality (safe, effective, person-centred, timely, efficient and equitable),
        compared with their baseline and target on the as-of date. Choose a team for its
        indicators, baselines, targets and every period measured.
      </PageHead>
      <section className="card" aria-labelledby="programme-results">
        <h2 id="programme-results" style={{ marginTop: 0 }}>
          The programme's indicators
        </h2>
        <Loaded state={results} what="the programme's results">
          {(r) => (
            <>
              <ul className="tiles" aria-label="Indicator figures">
                <li className="tile" data-testid="results-total">
                  <p className="tile-label">Indicators</p>
                  <p className="tile-value">{formatNumber(r.indicators.total, 0)}</p>
                </li>
                <li className="tile good" data-testid="results-improving">
                  <p className="tile-label">Improving</p>
                  <p className="tile-value">{formatNumber(r.indicators.improving, 0)}</p>
                </li>
                <li className="tile bad" data-testid="results-worsening">
                  <p className="tile-label">Worsening</p>
                  <p className="tile-value">{formatNumber(r.indicators.worsening, 0)}</p>
                </li>
                <li className="tile" data-testid="results-target-met">
                  <p className="tile-label">Target met</p>
                  <p className="tile-value">{formatNumber(r.indicators.target_met, 0)}</p>
                </li>
              </ul>
              <Chart
                title="Indicators by dimension of quality and trend"
                summary={resultsSummary(r.indicators)}
                option={resultsOption(r.by_dimension)}
                height={Math.max(220, r.by_dimension.length * 36 + 60)}
                openTable
                table={<ResultsTable results={r} />}
              />
              <ByDimension results={r} />
            </>
          )}
        </Loaded>
      </section>
      <h2>One team's indicators</h2>
      <div className="filters" role="search" aria-label="Filter indicators">
        <TeamFilter programmeId={programme.id} placeholder="Type a team's name" />
        <SelectFilter param="dimension" label="Dimension" allLabel="All six dimensions" options={DIMENSIONS.map((d) => ({ value: d, label: label(d) }))} />
      </div>
      {team ? (
        <Loaded state={summary} what="the team's indicators">
          {(s) => {
            const grouped = byDimension([s]);
            const shown = DIMENSIONS.filter((d) => !dimension || d === dimension);
            const total = shown.reduce((n, d) => n + grouped[d].length, 0);
            return (
              <>
                <p data-testid="indicator-count">
                  {plural(total, "indicator")} of {s.team.name}.
                </p>
                {shown.map((d) => (
                  <section key={d} aria-labelledby={`dim-${d}`} data-testid={`dimension-${d}`}>
                    <h3 id={`dim-${d}`}>
                      {label(d)} <span className="hint">({grouped[d].length})</span>
                    </h3>
                    {grouped[d].length === 0 ? (
                      <Empty>No indicators of this team measure this dimension yet.</Empty>
                    ) : (
                      <div className="grid-2">
                        {grouped[d].map((e) => (
                          <IndicatorCard key={e.indicator.id} indicator={e.indicator} team={e.team} asOf={day} editTeamId={e.team.id} say={say} />
                        ))}
                      </div>
                    )}
                  </section>
                ))}
              </>
            );
          }}
        </Loaded>
      ) : (
        <Empty>Choose a team to see its indicators, baselines, targets and periods.</Empty>
      )}
      {toast}
    </>
  );
}
