import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { changes } from "../../lib/edit";
import { useEditableRow, type EditableRow } from "../../lib/editable";
import { label } from "../../lib/format";
import { EVIDENCE_KINDS, type Evidence } from "./api";
import { EVIDENCE, type EvidenceUpdate } from "./write";

const LABELS = {
  kind: "Kind",
  title: "Title",
  url: "Link (http or https)",
  published_on: "Published on",
  summary: "Summary",
  is_exemplar: "An exemplar of best practice",
} as const;

/** Change a piece of evidence: read afresh with its ETag, prefilled, sent as a merge patch. */
export function EvidenceForm({ id, onDone }: { id: string; onDone: (saved: Evidence) => void }) {
  const edit = useEditableRow(EVIDENCE, id, LABELS);
  const { query } = edit;
  if (query.status === "pending") return <Loading what="the evidence" />;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  return <EvidenceFormBody key={edit.etag} row={query.data.data} edit={edit} onDone={onDone} />;
}

// long: the form's markup, one Field per input
function EvidenceFormBody({
  row,
  edit,
  onDone,
}: {
  row: Evidence;
  edit: EditableRow<Evidence, EvidenceUpdate>;
  onDone: (saved: Evidence) => void;
}) {
  const [v, setV] = useState({ kind: row.kind, title: row.title, url: row.url, published_on: row.published_on, summary: row.summary ?? "" });
  const [exemplar, setExemplar] = useState(Boolean(row.is_exemplar));
  const { write } = edit;
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch = changes(row, { ...v, is_exemplar: exemplar }) as EvidenceUpdate;
    const saved = await edit.save(patch);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="evidence-form">
      <FormProblem state={write} onReload={edit.reload} />
      <Field label={LABELS.title} error={write.errors.title}>
        {(p) => <input {...p} name="title" value={v.title} onChange={set("title")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-grid">
        <Field label={LABELS.kind} error={write.errors.kind}>
          {(p) => (
            <select {...p} name="kind" value={v.kind} onChange={set("kind")}>
              {EVIDENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.published_on} error={write.errors.published_on}>
          {(p) => <input {...p} name="published_on" type="date" value={v.published_on} onChange={set("published_on")} />}
        </Field>
      </div>
      <Field label={LABELS.url} error={write.errors.url}>
        {(p) => <input {...p} name="url" type="url" value={v.url} onChange={set("url")} style={{ width: "100%" }} />}
      </Field>
      <Field label={LABELS.summary} error={write.errors.summary}>
        {(p) => <textarea {...p} name="summary" rows={3} value={v.summary} onChange={set("summary")} style={{ width: "100%" }} />}
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" name="is_exemplar" checked={exemplar} onChange={(e) => setExemplar(e.target.checked)} /> {LABELS.is_exemplar}
        </label>
        {write.errors.is_exemplar ? <p className="error">{write.errors.is_exemplar}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : "Save evidence"}
        </button>
      </div>
    </form>
  );
}
