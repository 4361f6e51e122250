import { Badge } from "../../components/Badge";
import { Chart, prefetchCharts } from "../../components/Chart";
import { SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { formatMoney, formatNumber } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { dayKey } from "../../lib/query";
import { useAsOf, useParams } from "../../lib/url";
import { countsOption } from "../overview/shape";
import { useProgramme } from "../programmes/context";
import { rememberTeams } from "../programmes/teams";
import { TeamLink } from "../teams/links";
import { FLAG_COLOURS, FLAG_LABELS, FLAGS, loadExceptions, type ExceptionsPage as Page, type TeamException } from "./api";

prefetchCharts(["bar"]);

const ID = "exceptions";

function columns(currency: string): PagedColumn<TeamException>[] {
  return [
    {
      key: "flag",
      header: "Flag",
      sortBy: "flag",
      value: (t) => FLAG_LABELS[t.flag],
      cell: (t) => <Badge value={`flag-${t.flag}`} text={FLAG_LABELS[t.flag]} />,
    },
    { key: "name", header: "Team", sortBy: "name", value: (t) => t.name, cell: (t) => <TeamLink id={t.id} name={t.name} /> },
    {
      key: "reasons",
      header: "Reasons",
      value: (t) => t.reasons.join("; "),
      cell: (t) =>
        t.reasons.length ? (
          <ul className="reasons">
            {t.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          "No exceptions"
        ),
    },
    { key: "late", header: "Late milestones", numeric: true, sortBy: "late", value: (t) => t.late },
    {
      key: "paid",
      header: "Paid of award",
      numeric: true,
     
      value: (t) => t.paid_percent,
      text: (t) =>
        t.awarded_pence === null ? "No award" : `${t.paid_percent ?? 0}% of ${formatMoney(t.awarded_pence, currency)}`,
    },
    { key: "worsening", header: "Worsening indicators", numeric: true, value: (t) => t.worsening },
    { key: "support", header: "Support delivered", numeric: true, value: (t) => t.support_delivered },
  ];
}

function FlagChart({ page }: { page: Page }) {
  const rows = FLAGS.map((f) => ({ key: f, label: FLAG_LABELS[f], count: page.counts[f] }));
  return (
    <Chart
      title="Teams by flag"
      hideTitle
      summary={`${rows.map((r) => `${r.label}: ${r.count}`).join(", ")}; ${page.elapsed_percent}% of the programme's time gone.`}
      option={countsOption(rows, FLAG_COLOURS)}
      height={160}
      table={
        <table>
          <caption>Teams by flag</caption>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col" className="num">Teams</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatNumber(r.count, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function ExceptionsPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const [search] = useParams();
  const flag = search.get("flag");
  const cols = columns(programme.currency);
  const { apiSort, q } = useTableQuery(ID, cols, "-flag");
  const key = ["exceptions", programme.id, dayKey(asOf), apiSort ?? "", q, flag ?? ""];
  const paged = usePaged<TeamException, Page>(key, (cursor) =>
    loadExceptions(programme.id, asOf, { sort: apiSort, q, flag }, cursor).then((page) => {
      rememberTeams(page.items);
      return page;
    }),
  );
  const data = paged.state.status === "success" ? paged.state.data : null;

  return (
    <>
      <PageHead title="Exceptions">
        Which teams need attention on the as-of date. Each team is flagged by the worst of four
        rules: late milestones (1–2 amber, 3 or more red); paid share of its award behind the
        share of the programme's time gone (20 points amber, 40 red); indicators worse than their
        baseline (1 amber, 2 or more red); no support delivered once a quarter of the time is gone
        (amber) or half (red).
      </PageHead>
      <section className="card" aria-labelledby="flag-counts">
        <h2 id="flag-counts" style={{ marginTop: 0 }}>
          Teams by flag
        </h2>
        {data ? <FlagChart page={data} /> : null}
      </section>
      <div className="filters" role="search" aria-label="Filter exceptions">
        <SelectFilter param="flag" label="Flag" allLabel="All flags" options={FLAGS.map((f) => ({ value: f, label: FLAG_LABELS[f] }))} />
      </div>
      <PagedTable<TeamException, Page>
        id={ID}
        caption="Teams by flag, with the reasons"
        columns={cols}
        paged={paged}
        rowKey={(t) => t.id}
        total={(p) => p.total}
        search="Team name"
        defaultSort="-flag"
        filename="exceptions.csv"
        empty="No team matches."
      />
    </>
  );
}
