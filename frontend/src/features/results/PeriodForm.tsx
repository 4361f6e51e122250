import { useId, useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { changes, etagOf, numberOf } from "../../lib/edit";
import { useData } from "../../lib/useData";
import { useIdempotencyKey, useWrite } from "../../lib/useWrite";
import { createPeriod, loadPeriod, updatePeriod, type Period, type PeriodCreate, type PeriodUpdate } from "./periods";

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
  const [reloads, setReloads] = useState(0);
  const opened = useId();
  const loaded = useData(id ? `period-edit:${id}:${opened}:${reloads}` : null, () => loadPeriod(indicatorId, id!));
  if (!id) return <PeriodFormBody indicatorId={indicatorId} unit={unit} row={null} etag={null} onDone={onDone} />;
  if (loaded.status === "loading") return <Loading what="the period" />;
  if (loaded.status === "error") return <ErrorPanel error={loaded.error} retry={loaded.reload} />;
  return (
    <PeriodFormBody
      key={`${loaded.data.etag}:${reloads}`}
      indicatorId={indicatorId}
      unit={unit}
      row={loaded.data.data}
      etag={etagOf(loaded.data)}
      onReload={() => setReloads((n) => n + 1)}
      onDone={onDone}
    />
  );
}

function PeriodFormBody({
  indicatorId,
  unit,
  row,
  etag,
  onReload,
  onDone,
}: {
  indicatorId: string;
  unit: string;
  row: Period | null;
  etag: string | null;
  onReload?: () => void;
  onDone: (saved: Period) => void;
}) {
  const [v, setV] = useState({
    period_start: row?.period_start ?? "",
    period_end: row?.period_end ?? "",
    actual_value: row?.actual_value === null || row?.actual_value === undefined ? "" : String(row.actual_value),
    comment: row?.comment ?? "",
  });
  const [valueError, setValueError] = useState<string | null>(null);
  const write = useWrite(LABELS);
  const idempotencyKey = useIdempotencyKey();
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // An empty value is "not measured" (null); anything else goes to the server as typed.
    const fields = { ...v, actual_value: v.actual_value.trim() === "" ? null : numberOf(v.actual_value) };
    // Only the shape of the number is checked here (JSON has no NaN); every rule is the server's.
    setValueError(Number.isNaN(fields.actual_value) ? "Enter a number, such as 18.2, or leave it empty." : null);
    if (Number.isNaN(fields.actual_value)) return;
    const saved = await write.run(() => {
      if (row === null || etag === null) {
        const body = fields as PeriodCreate;
        return createPeriod(indicatorId, body, idempotencyKey(body));
      }
      return updatePeriod(indicatorId, row.id, etag, changes(row, fields) as PeriodUpdate);
    });
    if (saved) onDone(saved.data);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="period-form">
      <FormProblem state={write} onReload={onReload} />
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
