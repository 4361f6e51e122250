import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { etagOf, useEditableRow, type EditableRow } from "../../lib/editable";
import { useIdempotencyKey } from "../../lib/formWrite";
import { formatDate, formatMoney, label, penceToPoundsString, todayIso } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import type { AwardMoney } from "./api";
import { decisionDay, spendLinesFrom } from "./shape";
import { createReport, loadLines, REPORT, saveLines, type SpendLine, type SpendReport, type SpendReportUpdate } from "./write";

type Milestone = { id: string; title: string; due_date: string };

const LABELS = {
  period_start: "Period from",
  period_end: "Period to",
  due_date: "Due on",
  narrative: "What happened in the period",
  submitted_on: "Submitted on",
  milestone_id: "Reporting milestone it satisfies",
  status: "Status",
};

/**
 * Draft a spend report for an award, or edit a draft (or a returned one), and submit it: the
 * spend per budget line of the award, a short narrative. The reviewer sees the period's indicator
 * values beside it (the team's indicator periods inside the report's period).
 */
export function SpendReportForm({
  award,
  reportId,
  day,
  milestones,
  onDone,
}: {
  award: AwardMoney;
  reportId: string | null;
  day: string;
  /** The team's reporting milestones: the report may satisfy one. */
  milestones: readonly Milestone[];
  onDone: (message: string) => void;
}) {
  const edit = useEditableRow(REPORT, reportId, LABELS);
  const lines = useQuery({ queryKey: ["edit", "spend-lines", reportId], queryFn: () => loadLines(reportId!), enabled: reportId !== null, staleTime: 0, gcTime: 0 });
  const common = { award, edit, day, milestones, onDone };
  if (reportId === null) return <ReportFormBody row={null} lines={[]} {...common} />;
  const failed = edit.query.status === "error" ? edit.query.error : lines.status === "error" ? lines.error : null;
  if (failed) return <ErrorPanel error={failed} retry={() => void (edit.query.refetch(), lines.refetch())} />;
  if (!edit.row || lines.status !== "success") return <Loading what="the report" />;
  return <ReportFormBody key={edit.etag} row={edit.row} lines={lines.data} {...common} />;
}

function lineLabel(l: AwardMoney["budget_lines"][number]): string {
  return `${label(l.category)}, ${formatDate(l.period_start)} – ${formatDate(l.period_end)}${l.description ? ` (${l.description})` : ""}`;
}

// long: the form's markup (dates, narrative, one amount per budget line) and its two submits
function ReportFormBody({
  award,
  row,
  lines,
  edit,
  day,
  milestones,
  onDone,
}: {
  award: AwardMoney;
  row: SpendReport | null;
  lines: readonly SpendLine[];
  edit: EditableRow<SpendReport, SpendReportUpdate>;
  day: string;
  milestones: readonly Milestone[];
  onDone: (message: string) => void;
}) {
  const write = edit.write;
  const idempotencyKey = useIdempotencyKey();
  const [start, setStart] = useState(row?.period_start ?? "");
  const [end, setEnd] = useState(row?.period_end ?? "");
  const [due, setDue] = useState(row?.due_date ?? "");
  const [narrative, setNarrative] = useState(row?.narrative ?? "");
  const [milestone, setMilestone] = useState(row?.milestone_id ?? "");
  const [submittedOn, setSubmittedOn] = useState(decisionDay(day, todayIso()));
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(award.budget_lines.map((b) => [b.id, penceToPoundsString(lines.find((l) => l.budget_line_id === b.id)?.amount_pence ?? null)])),
  );
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const money = (p: number) => formatMoney(p, award.currency);

  const save = async (submit: boolean) => {
    const { lines: wanted, errors } = spendLinesFrom(typed);
    setLineErrors(errors);
    if (Object.keys(errors).length) return;
    const fields = { period_start: start, period_end: end, due_date: due, narrative, milestone_id: milestone || null };
    const moving = submit ? { status: "submitted" as const, submitted_on: submittedOn } : {};
    const saved = await write.run(async () => {
      let report = row;
      let etag = edit.etag;
      if (report === null) {
        const body = { award_id: award.id, ...fields, status: "draft" as const, review_comment: "" };
        const created = await createReport(body, idempotencyKey(body));
        report = created.data;
        etag = etagOf(created);
      }
      await saveLines(report.id, award.currency, wanted, lines);
      const patch: SpendReportUpdate = { ...moving };
      for (const [k, v] of Object.entries(fields) as [keyof typeof fields, string | null][]) {
        if (v !== (report[k] ?? null)) (patch as Record<string, unknown>)[k] = v;
      }
      if (Object.keys(patch).length === 0) return report;
      return (await REPORT.update(report.id, etag!, patch)).data;
    });
    if (saved) {
      const total = wanted.reduce((n, l) => n + l.amount_pence, 0);
      onDone(`${statusLabel("report", saved.status)}: spend report for ${formatDate(saved.period_start)} – ${formatDate(saved.period_end)}, ${money(total)} spent.`);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(true);
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="spend-report-form">
      <FormProblem state={write} onReload={row ? edit.reload : undefined} />
      {row?.status === "returned" && row.review_comment ? (
        <div className="notice" data-testid="review-comment">
          <strong>Returned by the reviewer:</strong> {row.review_comment}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label={LABELS.period_start} error={write.errors.period_start}>
          {(p) => <input {...p} name="period_start" type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={LABELS.period_end} error={write.errors.period_end}>
          {(p) => <input {...p} name="period_end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <Field label={LABELS.due_date} error={write.errors.due_date}>
          {(p) => <input {...p} name="due_date" type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>Spend in the period, per budget line ({award.currency === "GBP" ? "£" : award.currency})</legend>
        {award.budget_lines.length === 0 ? <p className="hint">This award has no budget lines yet: finance plans them first.</p> : null}
        {award.budget_lines.map((b) => (
          <Field key={b.id} label={lineLabel(b)} hint={`Budget ${money(b.budgeted_pence)}; ${money(b.spend_pence)} approved so far.`} error={lineErrors[b.id]}>
            {(p) => (
              <input {...p} name={`spend-${b.id}`} inputMode="decimal" autoComplete="off" value={typed[b.id] ?? ""} onChange={(e) => setTyped({ ...typed, [b.id]: e.target.value })} />
            )}
          </Field>
        ))}
      </fieldset>
      {milestones.length ? (
        <Field label={LABELS.milestone_id} hint="The milestone may be marked achieved once this report is approved." error={write.errors.milestone_id}>
          {(p) => (
            <select {...p} name="milestone_id" value={milestone} onChange={(e) => setMilestone(e.target.value)}>
              <option value="">None</option>
              {milestones.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title} (due {formatDate(m.due_date)})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={LABELS.narrative} error={write.errors.narrative}>
        {(p) => <textarea {...p} name="narrative" rows={3} maxLength={5000} value={narrative} onChange={(e) => setNarrative(e.target.value)} />}
      </Field>
      <Field label={LABELS.submitted_on} hint="Used when you submit; the day shown, by default: the report counts as submitted from this day." error={write.errors.submitted_on ?? write.errors.status}>
        {(p) => <input {...p} name="submitted_on" type="date" value={submittedOn} onChange={(e) => setSubmittedOn(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="button" className="secondary" disabled={write.busy || write.stale} onClick={() => void save(false)}>
          Save draft
        </button>
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : "Submit report"}
        </button>
      </div>
    </form>
  );
}
