import { useState, type ReactNode } from "react";
import { Badge } from "../../components/Badge";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { Empty, Loaded } from "../../components/States";
import { currencyUnit } from "../../lib/exportTable";
import { formatDate, formatMoney, label, penceToPoundsString } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import { useMay } from "../../lib/permissions";
import { useSession } from "../../lib/session";
import { SignInToEdit } from "../auth/SignInLink";
import type { MilestoneAsOf } from "../dashboard/api";
import { useTeamMoney, type AmendmentAsOf, type AwardMoney, type BudgetLineMoney, type ReportAsOf, type TeamMoneyDetail } from "./api";
import { MoneyTiles, ReportTiles, Variance } from "./MoneyParts";
import { changeText, newDatesText, varianceText } from "./shape";
import { AmendmentDecision, AmendmentForm, ReportReview, SpendReportForm } from "./write";

type Milestone = Pick<MilestoneAsOf, "id" | "title" | "due_date">;

type Open =
  | { kind: "amend"; award: AwardMoney }
  | { kind: "decide"; award: AwardMoney; amendment: AmendmentAsOf }
  | { kind: "report"; award: AwardMoney; reportId: string | null }
  | { kind: "review"; report: ReportAsOf };

function money(key: string, header: string, get: (r: BudgetLineMoney) => number, currency: string): Column<BudgetLineMoney> {
  return {
    key,
    header,
    numeric: true,
    value: get,
    text: (r) => formatMoney(get(r), currency),
    csv: (r) => penceToPoundsString(get(r)),
    unit: currencyUnit(currency),
  };
}

function lineColumns(currency: string): Column<BudgetLineMoney>[] {
  return [
    { key: "category", header: "Category", value: (l) => l.category, text: (l) => label(l.category) },
    { key: "period", header: "Period", value: (l) => l.period_start, text: (l) => `${formatDate(l.period_start)} – ${formatDate(l.period_end)}` },
    { key: "description", header: "For", minor: true, value: (l) => l.description ?? "" },
    money("budgeted", "Budget", (l) => l.budgeted_pence, currency),
    money("spend", "Approved spend", (l) => l.spend_pence, currency),
    { ...money("variance", "Variance", (l) => l.variance_pence, currency), cell: (l) => <Variance pence={l.variance_pence} currency={currency} /> },
  ];
}

function amendmentColumns(currency: string): Column<AmendmentAsOf>[] {
  return [
    { key: "effective", header: "Effective", value: (a) => a.effective_date, text: (a) => formatDate(a.effective_date) },
    { key: "kind", header: "Kind", value: (a) => a.kind, text: (a) => label(a.kind) },
    {
      key: "change",
      header: "Change",
      numeric: true,
      value: (a) => a.amount_change_pence,
      text: (a) => changeText(a.amount_change_pence, currency),
      csv: (a) => penceToPoundsString(a.amount_change_pence),
      unit: currencyUnit(currency),
    },
    { key: "dates", header: "New dates", value: (a) => a.new_end_date ?? a.new_start_date ?? null, text: (a) => newDatesText(a.new_start_date, a.new_end_date) },
    { key: "reason", header: "Reason", minor: true, value: (a) => a.reason },
    {
      key: "status",
      header: "Status",
      value: (a) => a.status,
      text: (a) => `${statusLabel("amendmentAsOf", a.status)}${a.decided_on ? ` ${formatDate(a.decided_on)}` : ""}`,
      cell: (a) => (
        <>
          <Badge value={a.status} text={statusLabel("amendmentAsOf", a.status)} />
          {a.decided_on ? <span className="hint"> {formatDate(a.decided_on)}</span> : null}
          {a.status === "approved" && !a.counts ? <span className="hint"> (effective later)</span> : null}
        </>
      ),
    },
  ];
}

/** Original against amended terms: what changed is shown side by side. */
function Terms({ a }: { a: AwardMoney }) {
  const m = (p: number) => formatMoney(p, a.currency);
  const dates = (t: AwardMoney["original"]) => `${formatDate(t.start_date)} – ${formatDate(t.end_date)}`;
  return (
    <dl className="dl" data-testid="award-terms">
      <dt>Original</dt>
      <dd data-testid="award-original">
        {m(a.original.amount_pence)}, {dates(a.original)}
      </dd>
      <dt>Amended</dt>
      <dd data-testid="award-amended">
        {m(a.amended.amount_pence)}, {dates(a.amended)}
        {a.amended.amount_pence !== a.original.amount_pence ? (
          <span className="hint"> ({changeText(a.amended.amount_pence - a.original.amount_pence, a.currency)})</span>
        ) : null}
      </dd>
      <dt>Budgeted</dt>
      <dd>
        {m(a.figures.budgeted_pence)}, {m(a.figures.unallocated_pence)} unallocated
      </dd>
      <dt>Approved spend</dt>
      <dd>
        {m(a.figures.spend_pence)}, {varianceText(a.figures.variance_pence, a.currency)}; {m(a.figures.paid_pence)} paid
      </dd>
    </dl>
  );
}

function AwardCard({ a, actions, amendmentActions }: { a: AwardMoney; actions: ReactNode; amendmentActions?: (row: AmendmentAsOf) => ReactNode }) {
  return (
    <section className="card" aria-labelledby={`award-${a.id}`} data-testid="award-money">
      <h3 id={`award-${a.id}`} style={{ marginTop: 0 }}>
        Award {a.identifier}
      </h3>
      <Terms a={a} />
      {actions ? <div className="form-actions">{actions}</div> : null}
      {a.amendments.length === 0 ? (
        <p className="hint" data-testid="no-amendments">
          No amendments: the award stands as made.
        </p>
      ) : (
        <DataTable
          id={`amendments_${a.identifier}`}
          caption={`Amendments of ${a.identifier}`}
          columns={amendmentColumns(a.currency)}
          rows={a.amendments}
          rowKey={(x) => x.id}
          filename={`amendments-${a.identifier}.csv`}
          actions={amendmentActions}
        />
      )}
      <DataTable
        id={`budget_${a.identifier}`}
        caption={`Budget lines of ${a.identifier}`}
        columns={lineColumns(a.currency)}
        rows={a.budget_lines}
        rowKey={(x) => x.id}
        defaultSort="period"
        filename={`budget-${a.identifier}.csv`}
        empty="No budget lines yet."
      />
    </section>
  );
}

function reportColumns(m: TeamMoneyDetail): Column<ReportAsOf>[] {
  const identifier = new Map(m.awards.map((a) => [a.id, a.identifier]));
  return [
    { key: "award", header: "Award", minor: true, value: (r) => identifier.get(r.award_id) ?? r.award_id },
    { key: "period", header: "Period", value: (r) => r.period_start, text: (r) => `${formatDate(r.period_start)} – ${formatDate(r.period_end)}` },
    { key: "due", header: "Due", value: (r) => r.due_date, text: (r) => formatDate(r.due_date) },
    {
      key: "status",
      header: "Status",
      value: (r) => r.status,
      text: (r) => `${statusLabel("report", r.status)}${r.overdue ? ", overdue" : r.due_soon ? ", due soon" : ""}`,
      cell: (r) => (
        <>
          <Badge value={r.status} text={statusLabel("report", r.status)} />
          {r.overdue ? <Badge value="late" text="Overdue" /> : r.due_soon ? <Badge value="due_soon" text="Due soon" /> : null}
        </>
      ),
    },
    {
      key: "spend",
      header: "Spend",
      numeric: true,
      value: (r) => r.spend_pence,
      text: (r) => formatMoney(r.spend_pence, m.currency),
      csv: (r) => penceToPoundsString(r.spend_pence),
      unit: currencyUnit(m.currency),
    },
  ];
}

/**
 * The team's money on the as-of day (`/teams/{id}/money`): per award its original and amended
 * terms, the amendment history, budget lines against approved spend; then its spend reports.
 * The write buttons show only when `/auth/me` permits.
 */
// long: the section's markup: figures, each award, the reports and the write dialogs
export function TeamMoney({
  teamId,
  asOf,
  say,
  milestones,
}: {
  teamId: string;
  asOf: string | null;
  say: (message: string | null) => void;
  /** The team's reporting milestones, that a report may satisfy. */
  milestones: readonly Milestone[];
}) {
  const state = useTeamMoney(teamId, asOf);
  const may = useMay();
  const session = useSession();
  const [open, setOpen] = useState<Open | null>(null);
  const mayAmend = may("award-amendments", "write");
  const mayDecide = may("award-amendments", "approve");
  const mayReport = may("spend-reports", "write", teamId);
  const mayReview = may("spend-reports", "approve", teamId);
  const show = (o: Open) => {
    say(null);
    setOpen(o);
  };
  const done = (message: string) => {
    setOpen(null);
    say(message);
  };
  return (
    <section aria-labelledby="team-money" data-testid="team-money">
      <h2 id="team-money">Budget and spend</h2>
      <Loaded state={state} what="the team's budget and spend">
        {(m) => (
          <>
            <MoneyTiles f={m.totals} currency={m.currency} label="Team budget and spend" testId="team-money" />
            {!session ? (
              <p className="hint">
                <SignInToEdit what="propose amendments or write spend reports" />
              </p>
            ) : null}
            {m.awards.length === 0 ? <Empty>No award by this date.</Empty> : null}
            {m.awards.map((a) => (
              <AwardCard
                key={a.id}
                a={a}
                actions={
                  <>
                    {mayAmend ? (
                      <button type="button" className="secondary" onClick={() => show({ kind: "amend", award: a })}>
                        Propose an amendment<span className="visually-hidden"> to {a.identifier}</span>
                      </button>
                    ) : null}
                    {mayReport ? (
                      <button type="button" className="secondary" onClick={() => show({ kind: "report", award: a, reportId: null })}>
                        Draft a spend report<span className="visually-hidden"> for {a.identifier}</span>
                      </button>
                    ) : null}
                  </>
                }
                amendmentActions={
                  mayDecide
                    ? (x) =>
                        x.status === "proposed" && x.decided_on === null ? (
                          <button type="button" className="secondary" onClick={() => show({ kind: "decide", award: a, amendment: x })}>
                            Decide<span className="visually-hidden"> on the {label(x.kind).toLowerCase()} effective {formatDate(x.effective_date)}</span>
                          </button>
                        ) : null
                    : undefined
                }
              />
            ))}
            <h3>Spend reports</h3>
            <ReportTiles r={m.reports} testId="team-reports" />
            <DataTable
              id="team_reports"
              caption="Spend reports"
              columns={reportColumns(m)}
              rows={m.report_list}
              rowKey={(r) => r.id}
              defaultSort="due"
              filename="team-spend-reports.csv"
              empty="No spend reports yet."
              actions={
                mayReport || mayReview
                  ? (r) => {
                      const award = m.awards.find((a) => a.id === r.award_id);
                      const when = `${formatDate(r.period_start)} – ${formatDate(r.period_end)}`;
                      if (mayReport && award && (r.status === "draft" || r.status === "returned")) {
                        return (
                          <button type="button" className="secondary" onClick={() => show({ kind: "report", award, reportId: r.id })}>
                            Edit and submit<span className="visually-hidden"> the report for {when}</span>
                          </button>
                        );
                      }
                      if (mayReview && r.status === "submitted") {
                        return (
                          <button type="button" className="secondary" onClick={() => show({ kind: "review", report: r })}>
                            Review<span className="visually-hidden"> the report for {when}</span>
                          </button>
                        );
                      }
                      return null;
                    }
                  : undefined
              }
            />
            <Dialogs open={open} day={m.as_of} milestones={milestones} close={() => setOpen(null)} done={done} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Dialogs({
  open,
  day,
  milestones,
  close,
  done,
}: {
  open: Open | null;
  day: string;
  milestones: readonly Milestone[];
  close: () => void;
  done: (message: string) => void;
}) {
  const title =
    open?.kind === "amend"
      ? `Propose an amendment to ${open.award.identifier}`
      : open?.kind === "decide"
        ? `Decide on an amendment to ${open.award.identifier}`
        : open?.kind === "report"
          ? `${open.reportId ? "Edit" : "Draft"} a spend report for ${open.award.identifier}`
          : "Review a spend report";
  return (
    <Dialog title={title} open={open !== null} onClose={close}>
      {open?.kind === "amend" ? <AmendmentForm award={open.award} day={day} onDone={done} /> : null}
      {open?.kind === "decide" ? <AmendmentDecision amendmentId={open.amendment.id} currency={open.award.currency} day={day} onDone={done} /> : null}
      {open?.kind === "report" ? <SpendReportForm award={open.award} reportId={open.reportId} day={day} milestones={milestones} onDone={done} /> : null}
      {open?.kind === "review" ? <ReportReview reportId={open.report.id} day={day} onDone={done} /> : null}
    </Dialog>
  );
}
