/**
 * A series (a programme with rounds) on its Overview: one row per round with its figures on the
 * as-of day, and the series' totals, instead of tiles of zeros (the series holds no teams itself).
 */
import { Link, useSearchParams } from "wouter";
import type { Schemas } from "../../lib/api";
import { formatDate, formatMoney, formatNumber, plural } from "../../lib/format";
import { withParams } from "../../lib/url";

export type Round = Schemas["RoundFigures"];

/** The series' totals; money only when every round counts in the same currency. */
export function roundTotals(rounds: readonly Round[]) {
  const currencies = new Set(rounds.map((r) => r.currency));
  const sum = (get: (r: Round) => number) => rounds.reduce((n, r) => n + get(r), 0);
  return {
    currency: currencies.size === 1 ? rounds[0]!.currency : null,
    teams: sum((r) => r.teams),
    awarded_pence: sum((r) => r.awarded_pence),
    paid_pence: sum((r) => r.paid_pence),
    milestones: sum((r) => r.milestones),
    achieved: sum((r) => r.achieved),
    late: sum((r) => r.late),
  };
}

function RoundLink({ round }: { round: Round }) {
  const [search] = useSearchParams();
  // Another programme: its own default day, so the as-of day is not carried over.
  const query = withParams(search, { programme: round.id, as_of: null }).toString();
  return <Link to={`/?${query}`}>{round.title}</Link>;
}

export function Rounds({ rounds, asOf }: { rounds: readonly Round[]; asOf: string }) {
  const total = roundTotals(rounds);
  const money = (pence: number, currency: string | null) => (currency ? formatMoney(pence, currency) : "–");
  return (
    <section className="card" aria-labelledby="rounds-heading" data-testid="rounds">
      <h2 id="rounds-heading" style={{ marginTop: 0 }}>
        Rounds of this series
      </h2>
      <p className="hint">
        {plural(rounds.length, "round")}, figures as they stood on {formatDate(asOf)}. Open a round for its teams,
        milestones and money.
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Rounds">
        <table>
          <caption className="visually-hidden">Rounds of this series and their totals</caption>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col" className="col-minor">Window</th>
              <th scope="col" className="num">Teams</th>
              <th scope="col" className="num">Awarded</th>
              <th scope="col" className="num col-minor">Paid</th>
              <th scope="col" className="num col-minor">Achieved</th>
              <th scope="col" className="num">Late</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.round !== null && r.round !== undefined ? `${r.round}. ` : ""}
                  <RoundLink round={r} />
                </th>
                <td className="col-minor">
                  {formatDate(r.start_date)} – {formatDate(r.end_date)}
                </td>
                <td className="num">{formatNumber(r.teams, 0)}</td>
                <td className="num">{formatMoney(r.awarded_pence, r.currency)}</td>
                <td className="num col-minor">{formatMoney(r.paid_pence, r.currency)}</td>
                <td className="num col-minor">
                  {formatNumber(r.achieved, 0)} of {formatNumber(r.milestones, 0)}
                </td>
                <td className="num">{formatNumber(r.late, 0)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="rounds-total">
              <th scope="row">All rounds</th>
              <td className="col-minor" />
              <td className="num">{formatNumber(total.teams, 0)}</td>
              <td className="num">{money(total.awarded_pence, total.currency)}</td>
              <td className="num col-minor">{money(total.paid_pence, total.currency)}</td>
              <td className="num col-minor">
                {formatNumber(total.achieved, 0)} of {formatNumber(total.milestones, 0)}
              </td>
              <td className="num">{formatNumber(total.late, 0)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
