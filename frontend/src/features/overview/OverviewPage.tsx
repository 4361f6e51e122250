import { Chart } from "../../components/Chart";
import { DataTable } from "../../components/DataTable";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { Tile } from "../../components/Tile";
import { formatMoney, formatNumber, formatPercent, penceToPoundsString, plural } from "../../lib/format";
import { useAsOf } from "../../lib/url";
import { useProgrammeSummary, type TeamBreakdown } from "../dashboard/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import {
  awardedVsPaidOption,
  countsOption,
  MAX_BARS,
  MILESTONE_COLOURS,
  milestoneRows,
  supportRows,
  type CountRow,
} from "./shape";

function CountTable({ rows, caption, first, hours }: { rows: CountRow[]; caption: string; first: string; hours?: boolean }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" className="num">
            Count
          </th>
          {hours ? (
            <th scope="col" className="num">
              Hours
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{formatNumber(r.count, 0)}</td>
            {hours ? <td className="num">{formatNumber(r.hours ?? 0)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OverviewPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const summary = useProgrammeSummary(programme.id, asOf);

  return (
    <>
      <PageHead title="Overview">
        {programme.title}: how much has been awarded and paid, which milestones are late, what
        support the teams have had.
      </PageHead>
      <Loaded state={summary} what="the programme summary">
        {(s) => {
          const currency = s.funding.currency;
          const milestones = milestoneRows(s.milestones);
          const support = supportRows(s.support);
          const delivered = support.reduce((n, r) => n + r.count, 0);
          const hours = support.reduce((n, r) => n + (r.hours ?? 0), 0);
          const due = s.milestones.achieved + s.milestones.late;
          return (
            <>
              {s.teams.total === 0 ? <Empty>This programme has no teams yet, so there is nothing to show.</Empty> : null}
              <ul className="tiles" aria-label="Key figures" data-testid="tiles">
                <Tile
                  testId="tile-teams"
                  label="Teams"
                  value={formatNumber(s.teams.total, 0)}
                  note={`${s.teams.sourced} sourced, ${s.teams.synthetic} synthetic`}
                />
                <Tile
                  testId="tile-awarded"
                  label="Total awarded"
                  value={formatMoney(s.funding.awarded_pence, currency)}
                  note={plural(s.funding.awards, "award")}
                />
                <Tile
                  testId="tile-paid"
                  label="Paid to date"
                  value={formatMoney(s.funding.paid_pence, currency)}
                  note={`${formatPercent(s.funding.paid_pence, s.funding.awarded_pence)} of awarded`}
                  tone="good"
                />
                <Tile
                  testId="tile-remaining"
                  label="Remaining"
                  value={formatMoney(s.funding.remaining_pence, currency)}
                  note={`${formatMoney(s.funding.scheduled_unpaid_pence, currency)} scheduled`}
                />
                <Tile
                  testId="tile-achieved"
                  label="Milestones achieved"
                  value={formatNumber(s.milestones.achieved, 0)}
                  note={`of ${formatNumber(s.milestones.total, 0)} (${formatPercent(s.milestones.achieved, due)} of those due)`}
                  tone="good"
                />
                <Tile
                  testId="tile-late"
                  label="Milestones late"
                  value={formatNumber(s.milestones.late, 0)}
                  note="due and not achieved"
                  tone={s.milestones.late > 0 ? "bad" : undefined}
                />
                <Tile
                  testId="tile-support"
                  label="Support delivered"
                  value={formatNumber(delivered, 0)}
                  note={`activities, ${formatNumber(hours)} hours`}
                />
                <Tile
                  testId="tile-evidence"
                  label="Evidence"
                  value={formatNumber(s.evidence.total, 0)}
                  note={plural(s.evidence.exemplars, "exemplar")}
                />
              </ul>

              <section className="card" aria-labelledby="awarded-paid">
                <h2 id="awarded-paid" style={{ marginTop: 0 }}>
                  Awarded and paid, by team
                </h2>
                <Chart
                  title="Awarded vs paid per team"
                  hideTitle
                  summary={
                    s.by_team.length > MAX_BARS
                      ? `The ${MAX_BARS} teams with the most still to pay, of ${s.by_team.length}; every team is in the table.`
                      : `${plural(s.by_team.length, "team")}: ${formatMoney(s.funding.awarded_pence, currency)} awarded, ${formatMoney(s.funding.paid_pence, currency)} paid.`
                  }
                  option={awardedVsPaidOption(s.by_team, currency)}
                  height={Math.max(220, Math.min(s.by_team.length, MAX_BARS) * 34 + 60)}
                />
                <DataTable<TeamBreakdown>
                  id="teams"
                  caption="Funding by team"
                  rows={s.by_team}
                  rowKey={(t) => t.id}
                  filename="funding-by-team.csv"
                  columns={[
                    { key: "name", header: "Team", value: (t) => t.name, cell: (t) => <TeamLink id={t.id} name={t.name} /> },
                    {
                      key: "awarded",
                      header: "Awarded",
                      numeric: true,
                      value: (t) => t.awarded_pence,
                      text: (t) => formatMoney(t.awarded_pence, currency),
                      csv: (t) => penceToPoundsString(t.awarded_pence),
                    },
                    {
                      key: "paid",
                      header: "Paid",
                      numeric: true,
                      value: (t) => t.paid_pence,
                      text: (t) => formatMoney(t.paid_pence, currency),
                      csv: (t) => penceToPoundsString(t.paid_pence),
                    },
                    {
                      key: "remaining",
                      header: "Remaining",
                      numeric: true,
                      value: (t) => t.remaining_pence,
                      text: (t) => formatMoney(t.remaining_pence, currency),
                      csv: (t) => penceToPoundsString(t.remaining_pence),
                    },
                    { key: "achieved", header: "Achieved", numeric: true, value: (t) => t.milestones.achieved },
                    { key: "late", header: "Late", numeric: true, value: (t) => t.milestones.late },
                  ]}
                />
              </section>

              <div className="grid-2">
                <section className="card" aria-labelledby="milestone-status">
                  <h2 id="milestone-status" style={{ marginTop: 0 }}>
                    Milestones by status
                  </h2>
                  <Chart
                    title="Milestone status breakdown"
                    hideTitle
                    summary={milestones.map((r) => `${r.label}: ${r.count}`).join(", ") + "."}
                    option={countsOption(milestones, MILESTONE_COLOURS)}
                    height={240}
                    table={<CountTable rows={milestones} caption="Milestones by status" first="Status" />}
                  />
                </section>
                <section className="card" aria-labelledby="support-type">
                  <h2 id="support-type" style={{ marginTop: 0 }}>
                    Support delivered, by type
                  </h2>
                  <Chart
                    title="Activities delivered by type"
                    hideTitle
                    summary={support.map((r) => `${r.label}: ${r.count}`).join(", ") + "."}
                    option={countsOption(support)}
                    height={240}
                    table={<CountTable rows={support} caption="Support activities delivered by type" first="Type" hours />}
                  />
                </section>
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
