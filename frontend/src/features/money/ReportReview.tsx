import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { useEditableRow } from "../../lib/editable";
import { formatDate, formatMoney, formatValue, label, todayIso } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import { DECIDED_HINT } from "./AmendmentForm";
import { decisionDay } from "./shape";
import { loadSummary, REPORT, type ReportSummary } from "./write";

function SummaryTables({ s }: { s: ReportSummary }) {
  const money = (p: number) => formatMoney(p, s.totals.currency);
  return (
    <>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Spend per budget line">
        <table data-testid="review-lines">
          <caption>Spend per budget line, {formatDate(s.report.period_start)} – {formatDate(s.report.period_end)}</caption>
          <thead>
            <tr>
              <th scope="col">Budget line</th>
              <th scope="col" className="num">Budget</th>
              <th scope="col" className="num">Spent</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {label(l.category)}, {formatDate(l.period_start)} – {formatDate(l.period_end)}
                  {l.description ? <span className="hint"> {l.description}</span> : null}
                </th>
                <td className="num">{money(l.budgeted_pence)}</td>
                <td className="num">{money(l.spent_pence)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{money(s.totals.budgeted_pence)}</td>
              <td className="num" data-testid="review-total">
                {money(s.totals.spent_pence)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <h3>Indicator values in the period</h3>
      {s.indicator_values.length === 0 ? (
        <p className="hint">No indicator value measured in this period.</p>
      ) : (
        <ul>
          {s.indicator_values.map((v) => (
            <li key={v.period_id}>
              {v.title}: {formatValue(v.value, v.unit)} ({formatDate(v.period_start)} – {formatDate(v.period_end)})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A reviewer reads the report (its lines against their budget, the indicator values) and approves it or returns it with comments. */
export function ReportReview({ reportId, day, onDone }: { reportId: string; day: string; onDone: (message: string) => void }) {
  const edit = useEditableRow(REPORT, reportId, { status: "Decision", decided_on: "Decided on", review_comment: "Comments for the team" });
  const summary = useQuery({ queryKey: ["edit", "report-summary", reportId], queryFn: () => loadSummary(reportId), staleTime: 0, gcTime: 0 });
  const [decided, setDecided] = useState(decisionDay(day, todayIso()));
  const [comment, setComment] = useState("");
  const { query, row, write } = edit;
  const failed = query.status === "error" ? query.error : summary.status === "error" ? summary.error : null;
  if (failed) return <ErrorPanel error={failed} retry={() => void (query.refetch(), summary.refetch())} />;
  if (!row || summary.status !== "success") return <Loading what="the report" />;
  const decide = async (status: "approved" | "returned") => {
    const saved = await edit.save({ status, decided_on: decided, ...(comment ? { review_comment: comment } : {}) });
    if (saved) onDone(`${statusLabel("report", saved.status)}: spend report for ${formatDate(saved.period_start)} – ${formatDate(saved.period_end)}, decided ${formatDate(saved.decided_on)}.`);
  };
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate data-testid="report-review">
      <FormProblem state={write} onReload={edit.reload} />
      <p>
        Award {summary.data.award_identifier}, submitted {formatDate(row.submitted_on)}, due {formatDate(row.due_date)}.
      </p>
      {row.narrative ? <blockquote>{row.narrative}</blockquote> : null}
      <SummaryTables s={summary.data} />
      {row.status === "submitted" ? (
        <>
          <Field label="Decided on" hint={DECIDED_HINT} error={write.errors.decided_on ?? write.errors.status}>
            {(p) => <input {...p} name="decided_on" type="date" value={decided} onChange={(e) => setDecided(e.target.value)} />}
          </Field>
          <Field label="Comments for the team" hint="Needed to return the report." error={write.errors.review_comment}>
            {(p) => <textarea {...p} name="review_comment" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="button" disabled={write.busy || write.stale} onClick={() => void decide("approved")}>
              Approve
            </button>
            <button type="button" className="secondary" disabled={write.busy || write.stale} onClick={() => void decide("returned")}>
              Return to the team
            </button>
          </div>
        </>
      ) : (
        <p className="hint">This report is {statusLabel("report", row.status).toLowerCase()}: only a submitted report is reviewed.</p>
      )}
    </form>
  );
}
