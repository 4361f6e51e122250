import { Chart, prefetchCharts } from "../../components/Chart";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { Tile } from "../../components/Tile";
import { formatMoney, formatMonth, formatNumber, formatPercent, plural } from "../../lib/format";
import { useAsOf } from "../../lib/url";
import { MILESTONE_STATUSES, useProgrammeSummary, type MilestoneMonth } from "../dashboard/api";
import { milestoneColumns, moneyColumn, nameColumn, TeamFiguresTable } from "../dashboard/TeamFiguresTable";
import { DueSummary } from "../due/DueSummary";
import { useProgramme } from "../programmes/context";
import { statusLabel } from "../../lib/labels";
import { Rounds } from "./Rounds";
import { SinceLastBoard } from "./SinceLastBoard";
import {
  countsOption,
  MILESTONE_COLOURS,
  milestoneRows,
  milestonesByMonthOption,
  mostLateRows,
  paidShareRows,
  supportRows,
  type CountRow,
} from "./shape";

// This view draws charts: fetch the chart library while its data loads.
prefetchCharts(["bar"]);

function MonthTable({ months }: { months: readonly MilestoneMonth[] }) {
  return (
    <table>
      <caption>Milestones due by month, by status</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          {MILESTONE_STATUSES.map((st) => (
            <th key={st} scope="col" className="num">
              {statusLabel("milestoneAsOf", st)}
            </th>
          ))}
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <th scope="row">{formatMonth(`${m.month}-01`)}</th>
            {MILESTONE_STATUSES.map((st) => (
              <td key={st} className="num">
                {m[st]}
              </td>
            ))}
            <td className="num">{m.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
      <DueSummary programmeId={programme.id} asOf={asOf} />
      <Loaded state={summary} what="the programme summary">
        {(s) => {
          // A series: its rounds hold the teams, so it shows them rather than tiles of zeros.
          if (s.rounds.length > 0) return <Rounds rounds={s.rounds} asOf={s.as_of} />;
          const currency = s.funding.currency;
          const milestones = milestoneRows(s.milestones);
          const support = supportRows(s.support);
          const delivered = support.reduce((n, r) => n + r.count, 0);
          const hours = support.reduce((n, r) => n + (r.hours ?? 0), 0);
          const due = s.milestones.achieved + s.milestones.late;
          const paidShare = paidShareRows(s.team_distributions);
          const mostLate = mostLateRows(s.most_late);
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

              <div className="grid-2">
                <section className="card" aria-labelledby="paid-share">
                  <h2 id="paid-share" style={{ marginTop: 0 }}>
                    Teams by share of their award paid
                  </h2>
                  <Chart
                    title="Teams by share of award paid"
                    hideTitle
                    summary={
                      paidShare.map((r) => `${r.label}: ${r.count}`).join(", ") +
                      `. ${formatMoney(s.funding.paid_pence, currency)} paid of ${formatMoney(s.funding.awarded_pence, currency)} awarded.`
                    }
                    option={countsOption(paidShare)}
                    height={320}
                    table={<CountTable rows={paidShare} caption="Teams by share of award paid" first="Share paid" />}
                  />
                </section>
                <section className="card" aria-labelledby="most-late">
                  <h2 id="most-late" style={{ marginTop: 0 }}>
                    Teams with the most late milestones
                  </h2>
                  {mostLate.length === 0 ? (
                    <Empty>No team has a late milestone on this date.</Empty>
                  ) : (
                    <Chart
                      title="Late milestones by team, top ten and all others"
                      hideTitle
                      summary={mostLate.map((r) => `${r.label}: ${r.count}`).join(", ") + "."}
                      option={countsOption(mostLate, { others: "#a1a1aa" }, "#dc2626")}
                      height={Math.max(180, mostLate.length * 26 + 40)}
                      table={<CountTable rows={mostLate} caption="Late milestones by team" first="Team" />}
                    />
                  )}
                </section>
              </div>

              <section className="card" aria-labelledby="by-team">
                <h2 id="by-team" style={{ marginTop: 0 }}>
                  Awarded and paid, by team
                </h2>
                <TeamFiguresTable
                  id="teams"
                  caption="Funding by team"
                  programmeId={programme.id}
                  asOf={asOf}
                  filename="funding-by-team.csv"
                  columns={[
                    nameColumn,
                    moneyColumn("awarded", "Awarded", (t) => t.awarded_pence, currency, "awarded_pence"),
                    moneyColumn("paid", "Paid", (t) => t.paid_pence, currency, "paid_pence"),
                    moneyColumn("remaining", "Remaining", (t) => t.remaining_pence, currency, "remaining_pence"),
                    ...milestoneColumns,
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
              {s.milestones_by_month.length ? (
                <section className="card" aria-labelledby="by-month">
                  <h2 id="by-month" style={{ marginTop: 0 }}>
                    Milestones due each month
                  </h2>
                  <Chart
                    title="Milestones due by month, by status"
                    hideTitle
                    summary={`${plural(s.milestones.total, "milestone")} due over ${plural(s.milestones_by_month.length, "month")}, from ${formatMonth(`${s.milestones_by_month[0]!.month}-01`)} to ${formatMonth(`${s.milestones_by_month.at(-1)!.month}-01`)}.`}
                    option={milestonesByMonthOption(s.milestones_by_month)}
                    height={280}
                    table={<MonthTable months={s.milestones_by_month} />}
                  />
                </section>
              ) : null}
            </>
          );
        }}
      </Loaded>
      <SinceLastBoard asOf={asOf} />
    </>
  );
}
