import { useState } from "react";
import { Badge } from "../../components/Badge";
import { DataTable, type Column } from "../../components/DataTable";
import { FormProblem } from "../../components/FormProblem";
import { Loaded } from "../../components/States";
import { useFormWrite } from "../../lib/formWrite";
import { redeliver, useDelivery, type Attempt, type DeliveryDetail } from "./api";
import { attemptOk, attemptOutcome, formatTime, latencyText, redeliveryText, STATUS_TEXT, tone } from "./shape";

const ATTEMPT_COLUMNS: Column<Attempt>[] = [
  { key: "number", header: "Attempt", value: (a) => a.number, numeric: true },
  { key: "started_at", header: "Time", value: (a) => a.started_at, text: (a) => formatTime(a.started_at) },
  { key: "latency", header: "Latency", value: (a) => a.latency_ms, text: (a) => latencyText(a.latency_ms), numeric: true },
  {
    key: "outcome",
    header: "Answer",
    value: (a) => attemptOutcome(a),
    cell: (a) => <Badge value={attemptOk(a) ? "delivered" : "missed"} text={attemptOutcome(a)} />,
  },
  { key: "worker", header: "Worker", value: (a) => a.worker, minor: true },
  { key: "manual", header: "By hand", value: (a) => (a.manual ? "Yes" : "No") },
];

/** A delivery's attempts, and "Redeliver" (sent now, from this request) with its outcome. */
export function DeliveryPanel({ id, canWrite, disabled }: { id: string; canWrite: boolean; disabled: boolean }) {
  const delivery = useDelivery(id);
  const write = useFormWrite([]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const send = async () => {
    setOutcome(null);
    const answer = await write.run(() => redeliver(id));
    if (answer) setOutcome(redeliveryText(answer.history));
  };
  return (
    <section className="panel" aria-labelledby="delivery-heading" data-testid="delivery-panel">
      <h2 id="delivery-heading">Delivery</h2>
      <Loaded state={delivery} what="the delivery">
        {(d: DeliveryDetail) => (
          <>
            <p>
              {d.event_type} (event {d.event_position}): <Badge value={tone(d.status)} text={STATUS_TEXT[d.status]} />
              {d.delivered_at ? ` on ${formatTime(d.delivered_at)}` : d.next_attempt_at ? `; next try ${formatTime(d.next_attempt_at)}` : ""}
            </p>
            {canWrite ? (
              <div className="form-actions">
                <button type="button" onClick={() => void send()} disabled={write.busy || disabled}>
                  {write.busy ? "Sending…" : "Redeliver"}
                </button>
                {disabled ? <span className="hint"> Enable the endpoint to redeliver.</span> : null}
              </div>
            ) : null}
            <FormProblem state={write} />
            <p role="status" data-testid="redelivery-outcome">
              {outcome ?? ""}
            </p>
            <DataTable
              id="attempts"
              caption="Attempts"
              columns={ATTEMPT_COLUMNS}
              rows={d.history}
              rowKey={(a) => String(a.number)}
              empty="Not tried yet: the worker sends it shortly."
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
