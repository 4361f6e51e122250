import { useState } from "react";
import { Badge } from "../../components/Badge";
import { Chart } from "../../components/Chart";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { Tile } from "../../components/Tile";
import { formatDate, formatMoney, label, penceToPoundsString, plural, todayIso } from "../../lib/format";
import { cumulative, paymentStatusAsOf } from "../../lib/replay";
import { useAsOf, useParams } from "../../lib/url";
import { useProgrammeSummary, type TeamBreakdown } from "../dashboard/api";
import { PAYMENT_STATUSES, useFunding, type Payment, type PaymentRow } from "../payments/api";
import { PaymentForm } from "../payments/PaymentForm";
import { useTeams } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import { cumulativeOption, cumulativeSummary } from "./shape";
import { mayWrite, useSession } from "../../lib/session";
import { SignInToEdit } from "../auth/SignInLink";

interface ShownPayment extends PaymentRow {
  statusAsOf: string;
}

function paymentColumns(currency: string): Column<ShownPayment>[] {
  return [
    { key: "team", header: "Team", value: (p) => p.team.name, cell: (p) => <TeamLink id={p.team.id} name={p.team.name} /> },
    { key: "award", header: "Award", value: (p) => p.award.identifier },
    { key: "instalment", header: "Instalment", value: (p) => p.instalment, text: (p) => label(p.instalment) },
    { key: "scheduled", header: "Scheduled", value: (p) => p.scheduled_date, text: (p) => formatDate(p.scheduled_date) },
    {
      key: "paid_on",
      header: "Paid on",
      value: (p) => (p.statusAsOf === "paid" ? (p.paid_date ?? null) : null),
      text: (p) => (p.statusAsOf === "paid" && p.paid_date ? formatDate(p.paid_date) : ""),
    },
    {
      key: "amount",
      header: "Amount",
      numeric: true,
      value: (p) => p.amount_pence,
      text: (p) => formatMoney(p.amount_pence, currency),
      csv: (p) => penceToPoundsString(p.amount_pence),
    },
    { key: "status", header: "Status", value: (p) => p.statusAsOf, text: (p) => label(p.statusAsOf), cell: (p) => <Badge value={p.statusAsOf} /> },
  ];
}

function teamColumns(currency: string): Column<TeamBreakdown>[] {
  const money = (key: string, header: string, get: (t: TeamBreakdown) => number): Column<TeamBreakdown> => ({
    key,
    header,
    numeric: true,
    value: get,
    text: (t) => formatMoney(get(t), currency),
    csv: (t) => penceToPoundsString(get(t)),
  });
  return [
    { key: "name", header: "Team", value: (t) => t.name, cell: (t) => <TeamLink id={t.id} name={t.name} /> },
    money("awarded", "Awarded", (t) => t.awarded_pence),
    money("paid", "Paid", (t) => t.paid_pence),
    money("scheduled", "Scheduled, unpaid", (t) => t.scheduled_unpaid_pence),
    money("remaining", "Remaining", (t) => t.remaining_pence),
  ];
}

export function FundingPage() {
  const programme = useProgramme();
  const session = useSession();
  const canEdit = mayWrite(session, "payments");
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const teamFilter = search.get("team");
  const statusFilter = search.get("status");
  const summary = useProgrammeSummary(programme.id, asOf);
  const teams = useTeams(programme.id);
  const funding = useFunding(programme.id, teams.status === "ready" ? teams.data : null);
  const [form, setForm] = useState<{ paymentId: string | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const currency = programme.currency;

  return (
    <>
      <PageHead
        title="Funding"
        actions={
          canEdit ? (
            <button type="button" onClick={() => { setSaved(null); setForm({ paymentId: null }); }} disabled={funding.status !== "ready"}>
              Add a payment
            </button>
          ) : session ? null : (
            <SignInToEdit what="record payments" />
          )
        }
      >
        Money awarded to the teams and paid out over time, against the payment schedule.
      </PageHead>
      {saved ? (
        <p className="notice success" role="status">
          {saved}
        </p>
      ) : null}
      <Loaded state={summary} what="the funding summary">
        {(s) => (
          <ul className="tiles" aria-label="Funding figures">
            <Tile testId="funding-awarded" label="Awarded" value={formatMoney(s.funding.awarded_pence, currency)} note={plural(s.funding.awards, "award")} />
            <Tile testId="funding-paid" label="Paid" value={formatMoney(s.funding.paid_pence, currency)} tone="good" />
            <Tile testId="funding-scheduled" label="Scheduled, unpaid" value={formatMoney(s.funding.scheduled_unpaid_pence, currency)} />
            <Tile testId="funding-remaining" label="Remaining" value={formatMoney(s.funding.remaining_pence, currency)} />
          </ul>
        )}
      </Loaded>
      <div className="filters" role="search" aria-label="Filter payments">
        <SelectFilter
          param="team"
          label="Team"
          allLabel="All teams (total)"
          options={teams.status === "ready" ? teams.data.map((t) => ({ value: t.id, label: t.name })) : []}
        />
        <SelectFilter param="status" label="Payment status" options={enumOptions(PAYMENT_STATUSES)} allLabel="Any status" />
      </div>
      <Loaded state={funding} what="payments">
        {(f) => {
          const counted = f.payments.filter((p) => p.award.award_date <= day && (!teamFilter || p.team.id === teamFilter));
          const points = cumulative(counted, day);
          const who = teamFilter ? (f.awards.find((a) => a.team.id === teamFilter)?.team.name ?? "this team") : "all teams";
          const rows: ShownPayment[] = counted
            .map((p) => ({ ...p, statusAsOf: paymentStatusAsOf(p, day) }))
            .filter((p) => !statusFilter || p.statusAsOf === statusFilter);
          return (
            <>
              <section className="card" aria-label="Cumulative payments chart">
                <Chart
                  title={`Cumulative paid vs scheduled, ${who}`}
                  summary={cumulativeSummary(points, day, currency)}
                  option={cumulativeOption(points, day, currency)}
                  height={300}
                  table={
                    <table>
                      <caption>Cumulative amounts by date, {who}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Date</th>
                          <th scope="col" className="num">Scheduled</th>
                          <th scope="col" className="num">Paid</th>
                        </tr>
                      </thead>
                      <tbody>
                        {points.map((p) => (
                          <tr key={p.date}>
                            <th scope="row">{formatDate(p.date)}</th>
                            <td className="num">{formatMoney(p.scheduled, currency)}</td>
                            <td className="num">{p.paid === null ? "–" : formatMoney(p.paid, currency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  }
                />
              </section>
              <h2>Payments</h2>
              <DataTable
                id="payments"
                caption="Payments"
                columns={paymentColumns(currency)}
                rows={rows}
                rowKey={(p) => p.id}
                defaultSort="scheduled"
                filename="payments.csv"
                empty="No payments match these filters on this date."
                actions={
                  canEdit
                    ? (p) =>
                  p.status === "scheduled" || p.status === "approved" ? (
                    <button type="button" className="secondary" onClick={() => { setSaved(null); setForm({ paymentId: p.id }); }}>
                      Record payment<span className="visually-hidden"> for {p.team.name}, {label(p.instalment)}</span>
                    </button>
                  ) : null
                    : undefined
                }
              />
              <Dialog
                title={form?.paymentId ? "Record a payment" : "Add a payment"}
                open={form !== null}
                onClose={() => setForm(null)}
              >
                {form ? (
                  <PaymentForm
                    paymentId={form.paymentId}
                    awards={f.awards}
                    onDone={(p: Payment) => {
                      setForm(null);
                      setSaved(`Saved: ${formatMoney(p.amount_pence, p.currency)} ${label(p.instalment).toLowerCase()} payment, ${label(p.status).toLowerCase()}.`);
                    }}
                  />
                ) : null}
              </Dialog>
            </>
          );
        }}
      </Loaded>
      <h2>By team</h2>
      <Loaded state={summary} what="the funding by team">
        {(s) => (
          <DataTable
            id="funding_teams"
            caption="Funding by team"
            columns={teamColumns(currency)}
            rows={s.by_team}
            rowKey={(t) => t.id}
            filename="funding-by-team.csv"
          />
        )}
      </Loaded>
    </>
  );
}
