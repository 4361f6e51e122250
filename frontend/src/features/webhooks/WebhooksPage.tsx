import { useMemo, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { Badge } from "../../components/Badge";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { FormProblem } from "../../components/FormProblem";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { useToast } from "../../components/Toast";
import { useFormWrite } from "../../lib/formWrite";
import { describe } from "../../lib/problem";
import { useCan } from "../../lib/permissions";
import { useProgrammes } from "../programmes/api";
import { AdminOnly } from "./AdminOnly";
import { removeEndpoint, rotateSecret, updateEndpoint, useEndpoints, type Endpoint, type SecretRotated } from "./api";
import { EditEndpoint, EndpointForm } from "./EndpointForm";
import { SecretReveal } from "./SecretReveal";
import { formatTime, programmeText, STATUS_TEXT, tone, typesText } from "./shape";

type Open =
  | { kind: "register" }
  | { kind: "created"; secret: string }
  | { kind: "edit"; row: Endpoint }
  | { kind: "rotate"; row: Endpoint }
  | { kind: "remove"; row: Endpoint }
  | null;

/** Rotate, after saying what happens; then the new secret, once, and when the old one stops. */
function RotateSecret({ row, onDone }: { row: Endpoint; onDone: (message: string) => void }) {
  const write = useFormWrite([]);
  const [rotated, setRotated] = useState<SecretRotated | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answer = await write.run(() => rotateSecret(row.id));
    if (answer) {
      setRotated(answer);
      onDone(`New secret made for ${row.url}.`);
    }
  };
  if (rotated) {
    const note = `The previous secret keeps signing deliveries (beside the new one) until ${formatTime(rotated.previous_secret_expires_at)}: switch your receiver to the new one before then.`;
    return <SecretReveal secret={rotated.secret} note={note} />;
  }
  return (
    <form onSubmit={submit} noValidate data-testid="rotate-form">
      <FormProblem state={write} />
      <p>
        A new signing secret for “{row.url}”. Deliveries are signed by both the new and the previous
        secret for a while, so the receiver can switch without missing one.
      </p>
      <div className="form-actions">
        <button type="submit" disabled={write.busy}>
          {write.busy ? "Rotating…" : "Rotate secret"}
        </button>
      </div>
    </form>
  );
}

/** Disable stops deliveries; enable starts the run of failures again from 0. */
function StatusButton({ row, say }: { row: Endpoint; say: (text: string) => void }) {
  const write = useFormWrite([]);
  const next = row.status === "active" ? "disabled" : "active";
  const label = next === "disabled" ? "Disable" : "Enable";
  const toggle = async () => {
    let refused: unknown = null;
    const saved = await write.run(() =>
      updateEndpoint(row.id, { status: next }).catch((error: unknown) => {
        refused = error;
        throw error;
      }),
    );
    say(saved ? `${saved.url} is now ${STATUS_TEXT[saved.status].toLowerCase()}.` : `Not changed: ${describe(refused).title}.`);
  };
  return (
    <button type="button" className="secondary" onClick={() => void toggle()} disabled={write.busy}>
      {label}
      <span className="visually-hidden"> {row.url}</span>
    </button>
  );
}

function useColumns(): Column<Endpoint>[] {
  const programmes = useProgrammes();
  return useMemo(() => {
    const titles = new Map((programmes.data ?? []).map((p) => [p.id, p.title]));
    return [
      { key: "url", header: "URL", value: (r) => r.url, cell: (r) => <Link to={`/webhooks/${r.id}`}>{r.url}</Link> },
      { key: "description", header: "Description", value: (r) => r.description, minor: true },
      { key: "types", header: "Event types", value: (r) => typesText(r.event_types) },
      { key: "programme", header: "Programme", value: (r) => programmeText(r.programme_id, titles), minor: true },
      { key: "status", header: "Status", value: (r) => r.status, text: (r) => STATUS_TEXT[r.status], cell: (r) => <Badge value={tone(r.status)} text={STATUS_TEXT[r.status]} /> },
      { key: "failures", header: "Failures in a row", value: (r) => r.failures_in_a_row, numeric: true },
      { key: "reason", header: "Disabled because", value: (r) => r.disabled_reason || null, text: (r) => r.disabled_reason || "–" },
    ];
  }, [programmes.data]);
}

/** `/#/webhooks`: the endpoints deliveries go to, for admins to register, change and retire. */
// long: the table and its four dialogs
export function WebhooksPage() {
  const canRead = useCan("webhook-endpoints", "read");
  const canWrite = useCan("webhook-endpoints", "write");
  const endpoints = useEndpoints(canRead);
  const columns = useColumns();
  const [open, setOpen] = useState<Open>(null);
  const { say, toast } = useToast();
  const close = () => setOpen(null);
  if (!canRead) return <AdminOnly title="Webhooks" />;
  const actions = (row: Endpoint) => (
    <span className="row-actions">
      <button type="button" className="secondary" onClick={() => setOpen({ kind: "edit", row })}>
        Edit<span className="visually-hidden"> {row.url}</span>
      </button>
      <StatusButton row={row} say={say} />
      <button type="button" className="secondary" onClick={() => setOpen({ kind: "rotate", row })}>
        Rotate secret<span className="visually-hidden"> of {row.url}</span>
      </button>
      <button type="button" className="secondary" onClick={() => setOpen({ kind: "remove", row })}>
        Remove<span className="visually-hidden"> {row.url}</span>
      </button>
    </span>
  );
  return (
    <>
      <PageHead
        dated={false}
        title="Webhooks"
        actions={canWrite ? <button type="button" onClick={() => setOpen({ kind: "register" })}>Register endpoint</button> : null}
      >
        <p>
          Each endpoint is sent the events written from its registration on, signed with its secret
          and retried for a day until it answers 2xx. Open one to see its deliveries.
        </p>
      </PageHead>
      <Loaded state={endpoints} what="the endpoints">
        {(rows) => (
          <DataTable
            id="webhooks"
            caption="Webhook endpoints"
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            empty="No endpoint yet: register one to have events sent to it."
            actions={canWrite ? actions : undefined}
          />
        )}
      </Loaded>
      {/* One dialog from the form to its secret: closing one to open another would close both. */}
      <Dialog
        title={open?.kind === "created" ? "Endpoint registered" : "Register endpoint"}
        open={open?.kind === "register" || open?.kind === "created"}
        onClose={close}
      >
        {open?.kind === "created" ? (
          <SecretReveal secret={open.secret} />
        ) : (
          <EndpointForm row={null} onCreated={(c) => setOpen({ kind: "created", secret: c.secret ?? "" })} />
        )}
      </Dialog>
      <Dialog title="Edit endpoint" open={open?.kind === "edit"} onClose={close}>
        {open?.kind === "edit" ? (
          <EditEndpoint
            id={open.row.id}
            onSaved={(saved) => {
              close();
              say(`Saved ${saved.url}.`);
            }}
          />
        ) : null}
      </Dialog>
      <Dialog title="Rotate signing secret" open={open?.kind === "rotate"} onClose={close}>
        {open?.kind === "rotate" ? <RotateSecret row={open.row} onDone={say} /> : null}
      </Dialog>
      <ConfirmDelete
        what="webhook endpoint"
        name={open?.kind === "remove" ? open.row.url : ""}
        open={open?.kind === "remove"}
        remove={() => (open?.kind === "remove" ? removeEndpoint(open.row.id) : Promise.resolve())}
        onClose={close}
        onDone={() => {
          close();
          say("Endpoint removed: nothing more is sent to it.");
        }}
      />
      {toast}
    </>
  );
}
