import { useId, useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { useFormWrite, useIdempotencyKey } from "../../lib/formWrite";
import { useProgrammes } from "../programmes/api";
import { createEndpoint, readEndpoint, updateEndpoint, type Endpoint, type EndpointCreated } from "./api";
import { EVENT_TYPES } from "./eventTypes";
import { addTypes } from "./shape";

const LABELS = { url: "URL", description: "Description", event_types: "Event types", programme_id: "Programme" };

/** The event types chosen, as removable tags, and a box to pick (from the API's list) or type more. */
function TypePicker({ chosen, onChange, error }: { chosen: string[]; onChange: (types: string[]) => void; error?: string }) {
  const [typed, setTyped] = useState("");
  const listId = useId();
  const add = () => {
    onChange(addTypes(chosen, typed));
    setTyped("");
  };
  return (
    <Field label={LABELS.event_types} hint="None chosen: every event type. Pick from the list or type a type, then Add." error={error}>
      {(props) => (
        <div>
          {chosen.length ? (
            <ul className="chips" aria-label="Event types chosen" data-testid="types-chosen">
              {chosen.map((t) => (
                <li key={t}>
                  {t}{" "}
                  <button type="button" className="link" onClick={() => onChange(chosen.filter((c) => c !== t))}>
                    Remove<span className="visually-hidden"> {t}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            {...props}
            list={listId}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
          <datalist id={listId}>
            {EVENT_TYPES.filter((t) => !chosen.includes(t)).map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>{" "}
          <button type="button" className="secondary" onClick={add} disabled={!typed.trim()}>
            Add
          </button>
        </div>
      )}
    </Field>
  );
}

/**
 * Register an endpoint (`row` null) or change one. A create answers the secret, passed to
 * `onCreated` to be shown once; an edit saves a merge patch under the ETag read when the form
 * opened (412 if someone changed it since: Reload).
 */
// long: the form's markup, one Field per input
export function EndpointForm({
  row,
  etag,
  onCreated,
  onSaved,
  onReload,
}: {
  row: Endpoint | null;
  etag?: string | null;
  onCreated?: (created: EndpointCreated) => void;
  onSaved?: (saved: Endpoint) => void;
  onReload?: () => void;
}) {
  const write = useFormWrite(LABELS);
  const idempotencyKey = useIdempotencyKey();
  const programmes = useProgrammes();
  const [url, setUrl] = useState(row?.url ?? "");
  const [description, setDescription] = useState(row?.description ?? "");
  const [types, setTypes] = useState<string[]>(row?.event_types ?? []);
  const [programme, setProgramme] = useState(row?.programme_id ?? "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { url: url.trim(), description: description.trim(), event_types: types, programme_id: programme || null };
    if (row === null) {
      const created = await write.run(async () => (await createEndpoint(body, idempotencyKey(body))).data);
      if (created) onCreated?.(created);
      return;
    }
    const saved = await write.run(() => updateEndpoint(row.id, body, etag ?? undefined));
    if (saved) onSaved?.(saved);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="endpoint-form">
      <FormProblem state={write} onReload={onReload} />
      <Field label={LABELS.url} hint="Where deliveries are POSTed: https:// (or http://), no user name or password." error={write.errors.url}>
        {(props) => <input {...props} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <Field label={LABELS.description} hint="What it is for, for the next admin." error={write.errors.description}>
        {(props) => <input {...props} maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <TypePicker chosen={types} onChange={setTypes} error={write.errors.event_types} />
      <Field label={LABELS.programme_id} hint="Only this programme's events; all programmes when none." error={write.errors.programme_id}>
        {(props) => (
          <select {...props} value={programme} onChange={(e) => setProgramme(e.target.value)}>
            <option value="">All programmes</option>
            {(programmes.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : row === null ? "Register endpoint" : "Save endpoint"}
        </button>
      </div>
    </form>
  );
}

/** The edit form of one endpoint, read afresh (with its ETag) each time it opens. */
export function EditEndpoint({ id, onSaved }: { id: string; onSaved: (saved: Endpoint) => void }) {
  const queries = useQueryClient();
  const queryKey = ["edit", "webhook-endpoint", id];
  const loaded = useQuery({ queryKey, queryFn: () => readEndpoint(id), staleTime: 0, gcTime: 0 });
  if (loaded.status === "pending") return <Loading what="the endpoint" />;
  if (loaded.status === "error") return <ErrorPanel error={loaded.error} retry={() => void loaded.refetch()} />;
  return (
    <EndpointForm
      // A reload mounts a new form with the fresh row.
      key={loaded.data.etag ?? loaded.dataUpdatedAt}
      row={loaded.data.data}
      etag={loaded.data.etag}
      onSaved={onSaved}
      onReload={() => void queries.resetQueries({ queryKey, exact: true })}
    />
  );
}
