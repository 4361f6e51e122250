import { formatNumber, formatPercent, label } from "../../lib/format";
import type { ProgrammeResults } from "../dashboard/api";

/**
 * The programme's results by quality dimension before any team is chosen: indicators improving
 * (by the rule stated here) and meeting their target.
 */
export function ByDimension({ results }: { results: ProgrammeResults }) {
  const all = results.indicators;
  return (
    <div data-testid="results-by-dimension">
      <p className="hint" data-testid="improving-rule">
        An indicator is <strong>improving</strong> when its latest value is better than its
        baseline <em>and</em> better than the period measured before it (with one period measured,
        the baseline is the period before). Target met: the latest value reaches the target.
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Improving and target met by dimension">
        <table>
          <caption>Indicators improving and meeting their target, by dimension of quality</caption>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col" className="num">Indicators</th>
              <th scope="col" className="num">Improving</th>
              <th scope="col" className="num">Target met</th>
            </tr>
          </thead>
          <tbody>
            {results.by_dimension.map((d) => (
              <tr key={d.dimension} data-testid={`dimension-row-${d.dimension}`}>
                <th scope="row">{label(d.dimension)}</th>
                <td className="num">{formatNumber(d.total, 0)}</td>
                <td className="num">
                  {formatNumber(d.improving_since_previous, 0)} ({formatPercent(d.improving_since_previous, d.total)})
                </td>
                <td className="num">
                  {formatNumber(d.target_met, 0)} ({formatPercent(d.target_met, d.total)})
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All dimensions</th>
              <td className="num">{formatNumber(all.total, 0)}</td>
              <td className="num">{formatNumber(all.improving_since_previous, 0)}</td>
              <td className="num">{formatNumber(all.target_met, 0)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
