import { useState } from "react";
import { Link } from "wouter";
import { useToast } from "../../components/Toast";
import { Badge } from "../../components/Badge";
import { statusLabel, statusOptions } from "../../lib/labels";
import { Chart, prefetchCharts } from "../../components/Chart";
import { Dialog } from "../../components/Dialog";
import { SelectFilter } from "../../components/Filters";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { Tile } from "../../components/Tile";
import type { Page } from "../../lib/api";
import { currencyUnit } from "../../lib/exportTable";
import { formatDate, formatMoney, label, penceToPoundsString, plural, todayIso } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { cumulative, paymentStatusAsOf, type CumulativePoint } from "../../lib/replay";
import { useCan } from "../../lib/permissions";
import { useSession } from "../../lib/session";
import { carry, useAsOf, useParams } from "../../lib/url";
import { SignInToEdit } from "../auth/SignInLink";
import { useProgrammeSummary, useTeamSummary } from "../dashboard/api";
import { moneyColumn, nameColumn, TeamFiguresTable } from "../dashboard/TeamFiguresTable";
import { loadPayments, type Payment } from "../payments/api";
import { PaymentForm } from "../payments/api";
import { useProgramme } from "../programmes/context";
import { TeamFilter, useTeamChoice } from "../programmes/TeamPicker";
import { rememberTeams } from "../programmes/teams";
import { cumulativeOption, cumulativeSummary, monthlyCumulative } from "./shape";

// This view draws charts: fetch the chart library while its data loads.
prefetchCharts(["line", "markLine"]);

function paymentColumns(currency: string, day: string, awardName: Map<string, string> | null): PagedColumn<Payment>[] {
  const status = (p: Payment) => paymentStatusAsOf(p, day);
  return [
    ...(awardName ? [{ key: "award", header: "Award", minor: true, value: (p: Payment) => awardName.get(p.award_id) ?? p.award_id }] : []),
    { key: "scheduled", header: "Scheduled", sortBy: "scheduled_date", value: (p) => p.scheduled_date, text: (p) => formatDate(p.scheduled_date) },
    { key: "instalment", header: "Instalment", minor: true, value: (p) => p.instalment, text: (p) => label(p.instalment) },
    {
      key: "paid_on",
      header: "Paid on",
      minor: true,
      value: (p) => (status(p) === "paid" ? (p.paid_date ?? null) : null),
      text: (p) => (status(p) === "paid" && p.paid_date ? formatDate(p.paid_date) : ""),
    },
    {
      key: "amount",
      header: "Amount",
      numeric: true,
      sortBy: "amount_pence",
      value: (p) => p.amount_pence,
      text: (p) => formatMoney(p.amount_pence, currency),
      csv: (p) => penceToPoundsString(p.amount_pence),
      unit: currencyUnit(currency),
    },
    { key: "status", header: "Status", value: status, text: (p) => statusLabel("payment", status(p)), cell: (p) => <Badge value={status(p)} /> },
  ];
}

function PointsTable({ points, who, currency }: { points: readonly CumulativePoint[]; who: string; currency: string }) {
  return (
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
  );
}

/**
 * What no payment holds yet: awarded less paid less scheduled-unpaid (the payments not cancelled),
 * the most a new payment may be. "Remaining" is awarded less paid.
 */
function leftToAllocate(f: { awarded_pence: number; paid_pence: number; scheduled_unpaid_pence: number }): number {
  return f.awarded_pence - f.paid_pence - f.scheduled_unpaid_pence;
}

// long: the view's markup (figures, chart, filters, payments, the payment dialog)
export function FundingPage() {
  const programme = useProgramme();
  const session = useSession();
  const canEdit = useCan("payments", "write");
  // Marking a payment approved or paid is the approve permission's (finance, admins).
  const canApprove = useCan("payments", "approve");
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const teamId = search.get("team");
  const statusFilter = search.get("status");
  const summary = useProgrammeSummary(programme.id, asOf);
  // One team chosen: its summary gives its payments for the chart and its awards' identifiers.
  const teamSummary = useTeamSummary(teamId, asOf);
  if (teamSummary.status === "success") rememberTeams([teamSummary.data.team]);
  const team = useTeamChoice(teamId);
  const [form, setForm] = useState<{ paymentId: string | null } | null>(null);
  const { say: setSaved, toast } = useToast();
  const currency = programme.currency;
  const awardName =
    teamId && teamSummary.status === "success" ? new Map(teamSummary.data.awards.map((a) => [a.id, a.identifier])) : null;
  const columns = paymentColumns(currency, day, awardName);
  const { apiSort } = useTableQuery("payments", columns, "scheduled");
  const payments = usePaged<Payment, Page<Payment>>(
    ["payments", programme.id, teamId ?? "", statusFilter ?? "", apiSort ?? ""],
    (cursor) => loadPayments(programme.id, { teamId, status: statusFilter, sort: apiSort }, cursor),
  );

  const chart = (points: CumulativePoint[], who: string) => (
    <section className="card" aria-label="Cumulative payments chart">
      <Chart
        title={`Cumulative paid vs scheduled, ${who}`}
        summary={cumulativeSummary(points, day, currency)}
        option={cumulativeOption(points, day, currency, programme.end_date)}
        height={300}
        table={<PointsTable points={points} who={who} currency={currency} />}
      />
    </section>
  );

  return (
    <>
      <PageHead
        title="Funding"
        actions={
          canEdit ? (
            <button type="button" onClick={() => { setSaved(null); setForm({ paymentId: null }); }}>
              Add a payment
            </button>
          ) : session ? null : (
            <SignInToEdit what="record payments" />
          )
        }
      >
        Money awarded to the teams and paid out over time, against the payment schedule. Budgets against the spend
        teams report: <Link to={`/money${carry(search)}`}>Budget</Link>.
      </PageHead>
      {toast}
      <Loaded state={summary} what="the funding summary">
        {(s) => (
          <ul className="tiles" aria-label="Funding figures">
            <Tile testId="funding-awarded" label="Awarded" value={formatMoney(s.funding.awarded_pence, currency)} note={plural(s.funding.awards, "award")} />
            <Tile testId="funding-paid" label="Paid" value={formatMoney(s.funding.paid_pence, currency)} tone="good" />
            <Tile testId="funding-scheduled" label="Scheduled, unpaid" value={formatMoney(s.funding.scheduled_unpaid_pence, currency)} />
            <Tile testId="funding-remaining" label="Remaining" value={formatMoney(s.funding.remaining_pence, currency)} note="awarded, not yet paid" />
            <Tile testId="funding-unallocated" label="Left to allocate" value={formatMoney(leftToAllocate(s.funding), currency)} note="awarded, in no payment yet" />
          </ul>
        )}
      </Loaded>
      <div className="filters" role="search" aria-label="Filter payments">
        <TeamFilter programmeId={programme.id} placeholder="All teams (total)" />
        <SelectFilter param="status" label="Recorded status" options={statusOptions("payment")} allLabel="Any status" />
      </div>
      {teamId ? (
        <Loaded state={teamSummary} what="the team's payments">
          {(t) =>
            chart(
              cumulative(
                t.awards.flatMap((a) => a.payments),
                day,
              ),
              t.team.name,
            )
          }
        </Loaded>
      ) : (
        <Loaded state={summary} what="the funding by month">
          {(s) => chart(monthlyCumulative(s.funding_by_month, day), "all teams")}
        </Loaded>
      )}
      <h2>Payments{team ? `: ${team.name}` : ""}</h2>
      <PagedTable
        id="payments"
        caption="Payments"
        columns={columns}
        paged={payments}
        rowKey={(p) => p.id}
        defaultSort="scheduled"
        filename="payments.csv"
        empty="No payments match these filters."
        actions={
          canEdit
            ? (p) =>
                p.status === "scheduled" || (canApprove && p.status === "approved") ? (
                  <button type="button" className="secondary" onClick={() => { setSaved(null); setForm({ paymentId: p.id }); }}>
                    {canApprove ? "Record payment" : "Change payment"}
                    <span className="visually-hidden">
                      {" "}
                      of {formatMoney(p.amount_pence, currency)}, {label(p.instalment)}, scheduled {formatDate(p.scheduled_date)}
                    </span>
                  </button>
                ) : null
            : undefined
        }
      />
      <Dialog title={form?.paymentId ? (canApprove ? "Record a payment" : "Change a payment") : "Add a payment"} open={form !== null} onClose={() => setForm(null)}>
        {form ? (
          <PaymentForm
            paymentId={form.paymentId}
            programmeId={programme.id}
            team={team}
            mayApprove={canApprove}
            onDone={(p: Payment) => {
              setForm(null);
              setSaved(`Saved: ${formatMoney(p.amount_pence, p.currency)} ${label(p.instalment).toLowerCase()} payment, ${statusLabel("payment", p.status).toLowerCase()}.`);
            }}
          />
        ) : null}
      </Dialog>
      <h2>By team</h2>
      <TeamFiguresTable
        id="funding_teams"
        caption="Funding by team"
        programmeId={programme.id}
        asOf={asOf}
        filename="funding-by-team.csv"
        columns={[
          nameColumn,
          moneyColumn("awarded", "Awarded", (t) => t.awarded_pence, currency, "awarded_pence"),
          moneyColumn("paid", "Paid", (t) => t.paid_pence, currency, "paid_pence"),
          moneyColumn("scheduled", "Scheduled, unpaid", (t) => t.scheduled_unpaid_pence, currency),
          moneyColumn("remaining", "Remaining", (t) => t.remaining_pence, currency, "remaining_pence"),
          moneyColumn("unallocated", "Left to allocate", leftToAllocate, currency),
        ]}
      />
    </>
  );
}
