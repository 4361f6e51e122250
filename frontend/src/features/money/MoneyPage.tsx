import type { UseQueryResult } from "@tanstack/react-query";
import { Badge } from "../../components/Badge";
import { Chart, prefetchCharts } from "../../components/Chart";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { currencyUnit } from "../../lib/exportTable";
import { formatDate, formatMoney, formatNumber, penceToPoundsString, plural } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { useAsOf, useParams } from "../../lib/url";
import { useProgrammeSummary, type ProgrammeSummary } from "../dashboard/api";
import { useProgramme } from "../programmes/context";
import { rememberTeams } from "../programmes/teams";
import { TeamLink } from "../teams/links";
import { loadProgrammeMoney, moneyKey, type ProgrammeMoney, type TeamMoney } from "./api";
import { MoneyTiles, ReportTiles, Variance } from "./MoneyParts";
import { categoryBars, moneyBarsOption, moneyBarsSummary, withPaidByYear, yearBars, type MoneyBar } from "./shape";

// This view draws bar charts: fetch the chart library while its data loads.
prefetchCharts(["bar"]);

function money(key: string, header: string, get: (t: TeamMoney) => number, currency: string, minor = true): PagedColumn<TeamMoney> {
  return {
    key,
    header,
    numeric: true,
    minor,
    sortBy: key === "variance" ? "variance_pence" : `${key}_pence`,
    value: get,
    text: (t) => formatMoney(get(t), currency),
    csv: (t) => penceToPoundsString(get(t)),
    unit: currencyUnit(currency),
  };
}

function teamColumns(currency: string): PagedColumn<TeamMoney>[] {
  return [
    { key: "name", header: "Team", sortBy: "name", value: (t) => t.name, cell: (t) => <TeamLink id={t.id} name={t.name} /> },
    money("awarded", "Awarded", (t) => t.awarded_pence, currency),
    money("budgeted", "Budgeted", (t) => t.budgeted_pence, currency, false),
    money("spend", "Approved spend", (t) => t.spend_pence, currency, false),
    money("paid", "Paid", (t) => t.paid_pence, currency),
    { ...money("variance", "Variance", (t) => t.variance_pence, currency), cell: (t) => <Variance pence={t.variance_pence} currency={currency} /> },
    {
      key: "overdue_reports",
      header: "Reports overdue",
      numeric: true,
      sortBy: "overdue_reports",
      value: (t) => t.overdue_reports,
      text: (t) => formatNumber(t.overdue_reports, 0),
      cell: (t) => (t.overdue_reports ? <Badge value="late" text={`${t.overdue_reports} overdue`} /> : "0"),
    },
  ];
}

function BarsTable({ rows, caption, what, currency }: { rows: readonly MoneyBar[]; caption: string; what: string; currency: string }) {
  const paid = rows.some((r) => r.paid_pence !== null);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col" className="num">Budget</th>
          <th scope="col" className="num">Approved spend</th>
          <th scope="col" className="num">Variance</th>
          {paid ? <th scope="col" className="num">Paid</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{formatMoney(r.budget_pence, currency)}</td>
            <td className="num">{formatMoney(r.spent_pence, currency)}</td>
            <td className="num">{formatMoney(r.budget_pence - r.spent_pence, currency)}</td>
            {paid ? <td className="num">{formatMoney(r.paid_pence, currency)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Budget against approved spend as bars, with its sentence and its data as a table. */
export function MoneyChart({ rows, what, who, currency, testId }: { rows: MoneyBar[]; what: string; who: string; currency: string; testId: string }) {
  const paid = rows.some((r) => r.paid_pence !== null);
  const title = `Budget against approved spend${paid ? " and paid" : ""} by ${what}, ${who}`;
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <Chart
        title={title}
        summary={moneyBarsSummary(rows, currency, what)}
        option={moneyBarsOption(rows, currency)}
        height={280}
        table={<BarsTable rows={rows} caption={title} what={what === "category" ? "Category" : "Financial year"} currency={currency} />}
      />
    </section>
  );
}

/** Sorts the team table by overdue reports, most first, and goes to it. */
function OverdueLink() {
  const [, update] = useParams();
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        update({ money_teams_sort: "-overdue_reports" }, { replace: true });
        document.getElementById("money-teams")?.scrollIntoView();
      }}
    >
      owed, past their due day: which teams?
    </button>
  );
}

function Figures({ m, months, currency }: { m: ProgrammeMoney; months: UseQueryResult<ProgrammeSummary>; currency: string }) {
  return (
    <>
      <MoneyTiles f={m.totals} currency={currency} label="Money on this day" testId="money" />
      <div className="grid-2">
        <MoneyChart rows={categoryBars(m.by_category)} what="category" who="all teams" currency={currency} testId="money-by-category" />
        {/* Payments are per award, not per line: paid shows by year (the summary's months), not by category. */}
        <Loaded state={months} what="the payments by month">
          {(s) => <MoneyChart rows={withPaidByYear(yearBars(m.by_year), s.funding_by_month)} what="financial year" who="all teams" currency={currency} testId="money-by-year" />}
        </Loaded>
      </div>
      <h2>Spend reports</h2>
      <ReportTiles
        r={m.reports}
        testId="reports"
        overdueNote={m.reports.overdue ? <OverdueLink /> : undefined}
      />
    </>
  );
}

/**
 * Budget against approved spend and payments on the as-of day: the programme's figures, by
 * category and financial year, reports owed, and a page of teams (one request: every page of the
 * read model repeats the programme's figures).
 */
export function MoneyPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const currency = programme.currency;
  const summary = useProgrammeSummary(programme.id, asOf);
  const columns = teamColumns(currency);
  const { apiSort, q } = useTableQuery("money_teams", columns, "name");
  const query = { sort: apiSort, q };
  const paged = usePaged<TeamMoney, ProgrammeMoney>(moneyKey(programme.id, asOf, query), (cursor) =>
    loadProgrammeMoney(programme.id, asOf, query, cursor).then((page) => {
      rememberTeams(page.items);
      return page;
    }),
  );
  return (
    <>
      <PageHead title="Budget and spend">
        Each award's budget against the spend its team reported and finance approved, and the payments made, on the
        as-of day; amendments count from the day they were approved and took effect.
      </PageHead>
      <Loaded state={paged.state} what="the programme's money">
        {(m) => (
          <>
            <p className="hint" data-testid="money-as-of">
              Figures on {formatDate(m.as_of)}: {plural(m.total, "team")}.
            </p>
            <Figures m={m} months={summary} currency={currency} />
          </>
        )}
      </Loaded>
      <h2 id="money-teams">By team</h2>
      <PagedTable<TeamMoney, ProgrammeMoney>
        id="money_teams"
        caption="Budget and spend by team"
        columns={columns}
        paged={paged}
        rowKey={(t) => t.id}
        total={(p) => p.total}
        search="Search teams by name"
        defaultSort="name"
        filename="budget-by-team.csv"
        empty="No teams match."
      />
    </>
  );
}
