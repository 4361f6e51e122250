import { useMemo, useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { changes, numberOf } from "../../lib/edit";
import { useEditableRow, type EditableRow } from "../../lib/editable";
import { useIdempotencyKey } from "../../lib/formWrite";
import { createPeriod, periodsOf, type Period, type PeriodCreate, type PeriodUpdate } from "./periods";

const LABELS = {
  period_start: "First day measured",
  period_end: "Last day measured",
  actual_value: "Value measured",
  comment: "Comment",
} as const;

/** Report an indicator's value for a period (POST), or change one (`id`: GET with ETag, PATCH). */
export function PeriodForm({
  indicatorId,
  unit,
  id = null,
  onDone,
}: {
  indicatorId: string;
  unit: string;
  id?: string | null;
  onDone: (saved: Period) => void;
}) {
  const periods = useMemo(() => periodsOf(indicatorId), [indicatorId]);
  const edit = useEditableRow(periods, id, LABELS);
  const { query } = edit;
  if (!id) return <PeriodFormBody indicatorId={indicatorId} unit={unit} row={null} edit={edit} onDone={onDone} />;
  if (query.status === "pending") return <Loading what="the period" />;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  return <PeriodFormBody key={edit.etag} indicatorId={indicatorId} unit={unit} row={query.data.data} edit={edit} onDone={onDone} />;
}

// long: the form's markup, one Field per input
function PeriodFormBody({
  indicatorId,
  unit,
  row,
  edit,
  onDone,
}: {
  indicatorId: string;
  unit: string;
  /** The period being changed, or null to add one. */
  row: Period | null;
  edit: EditableRow<Period, PeriodUpdate>;
  onDone: (saved: Period) => void;
}) {
  const [v, setV] = useState({
    period_start: row?.period_start ?? "",
    period_end: row?.period_end ?? "",
    actual_value: row?.actual_value === null || row?.actual_value === undefined ? "" : String(row.actual_value),
    comment: row?.comment ?? "",
  });
  const [valueError, setValueError] = useState<string | null>(null);
  const { write } = edit;
  const idempotencyKey = useIdempotencyKey();
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // An empty value is "not measured" (null); anything else goes to the server as typed.
    const fields = { ...v, actual_value: v.actual_value.trim() === "" ? null : numberOf(v.actual_value) };
    // Only the shape of the number is checked here (JSON has no NaN); every rule is the server's.
    setValueError(Number.isNaN(fields.actual_value) ? "Enter a number, such as 18.2, or leave it empty." : null);
    if (Number.isNaN(fields.actual_value)) return;
    const body = fields as PeriodCreate;
    const saved =
      row === null
        ? await write.run(async () => (await createPeriod(indicatorId, body, idempotencyKey(body))).data)
        : await edit.save(changes(row, fields) as PeriodUpdate);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="period-form">
      <FormProblem state={write} onReload={row ? edit.reload : undefined} />
      <div className="form-grid">
        <Field label={LABELS.period_start} error={write.errors.period_start}>
          {(p) => <input {...p} name="period_start" type="date" value={v.period_start} onChange={set("period_start")} />}
        </Field>
        <Field label={LABELS.period_end} error={write.errors.period_end}>
          {(p) => <input {...p} name="period_end" type="date" value={v.period_end} onChange={set("period_end")} />}
        </Field>
        <Field label={LABELS.actual_value} hint={`In ${unit || "the indicator's unit"}; empty if not measured.`} error={valueError ?? write.errors.actual_value}>
          {(p) => <input {...p} name="actual_value" inputMode="decimal" autoComplete="off" value={v.actual_value} onChange={set("actual_value")} />}
        </Field>
      </div>
      <Field label={LABELS.comment} error={write.errors.comment}>
        {(p) => <textarea {...p} name="comment" rows={2} value={v.comment} onChange={set("comment")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : row ? "Save period" : "Add period"}
        </button>
      </div>
    </form>
  );
}
