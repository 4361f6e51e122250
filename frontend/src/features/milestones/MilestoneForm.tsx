import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { formatDate, todayIso } from "../../lib/format";
import { replayNote, statusLabel } from "../../lib/labels";
import { useEditableRow, type EditableRow } from "../../lib/editable";
import { MILESTONE, RECORDED_STATUSES, type Milestone, type MilestoneUpdate, type ShownAs } from "./api";

const FIELDS = ["status", "completed_date", "due_date", "decided_on", "decision_reason"] as const;
// The statuses that are decisions: they record the day they were taken (and, but for a miss, why).
const DECISIONS = new Set(["missed", "deferred", "cancelled"]);


/**
 * Update a milestone's status (and completed or new due date), guarded by If-Match. The form edits
 * the recorded status; `shown` (the replayed one) is explained when it differs.
 */
export function MilestoneForm({ id, shown, onDone }: { id: string; shown?: ShownAs; onDone: (saved: Milestone) => void }) {
  const edit = useEditableRow(MILESTONE, id, FIELDS);
  const { query } = edit;
  if (query.status === "pending") return <Loading what="the milestone" />;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  return <MilestoneFormBody key={edit.etag} row={query.data.data} edit={edit} shown={shown} onDone={onDone} />;
}

// long: the form's markup, one Field per input
function MilestoneFormBody({
  row,
  edit,
  shown,
  onDone,
}: {
  row: Milestone;
  edit: EditableRow<Milestone, MilestoneUpdate>;
  shown?: ShownAs;
  onDone: (saved: Milestone) => void;
}) {
  const [status, setStatus] = useState<string>(row.status);
  const [completed, setCompleted] = useState(row.completed_date ?? "");
  const [due, setDue] = useState(row.due_date);
  const [decided, setDecided] = useState(row.decided_on ?? "");
  const [reason, setReason] = useState(row.decision_reason);
  const { write } = edit;
  const deciding = DECISIONS.has(status);
  const note = shown ? replayNote(shown, row, todayIso()) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: MilestoneUpdate = {};
    if (status !== row.status) patch.status = status as Milestone["status"];
    if ((completed || null) !== (row.completed_date ?? null)) patch.completed_date = completed || null;
    if (due !== row.due_date) patch.due_date = due;
    // A decision's day and reason go with a decision status; any other status clears them.
    const day = deciding ? decided || null : null;
    const why = deciding ? reason.trim() : "";
    if (day !== (row.decided_on ?? null)) patch.decided_on = day;
    if (why !== row.decision_reason) patch.decision_reason = why;
    const saved = await edit.save(patch);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby="milestone-form-about" data-testid="milestone-form">
      <p id="milestone-form-about">
        <strong>{row.title}</strong>, due {formatDate(row.due_date)}.
        {note ? <span data-testid="milestone-replay-note"> {note}.</span> : null}
      </p>
      <FormProblem state={write} onReload={edit.reload} />
      <Field label="Status" error={write.errors.status}>
        {(p) => (
          <select {...p} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {RECORDED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel("milestone", s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Completed on" hint="Needed once achieved." error={write.errors.completed_date}>
        {(p) => <input {...p} name="completed_date" type="date" value={completed} onChange={(e) => setCompleted(e.target.value)} />}
      </Field>
      {deciding ? (
        <>
          <Field label="Decided on" hint="The day it was so decided: the dashboard shows it from then." error={write.errors.decided_on}>
            {(p) => <input {...p} name="decided_on" type="date" value={decided} max={todayIso()} onChange={(e) => setDecided(e.target.value)} />}
          </Field>
          <Field label="Reason" hint={status === "missed" ? "Optional for a miss." : "Why it was deferred or cancelled."} error={write.errors.decision_reason}>
            {(p) => <input {...p} name="decision_reason" type="text" maxLength={200} style={{ width: "100%", maxWidth: "32rem" }} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </>
      ) : null}
      <Field label="Due date" hint="Change it when the milestone is deferred." error={write.errors.due_date}>
        {(p) => <input {...p} name="due_date" type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : "Save milestone"}
        </button>
      </div>
    </form>
  );
}
