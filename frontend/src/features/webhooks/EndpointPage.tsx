import { useId, useMemo } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "wouter";
import { Badge } from "../../components/Badge";
import { Chart } from "../../components/Chart";
import { PageHead } from "../../components/PageHead";
import { PagedTable, type PagedColumn } from "../../components/PagedTable";
import { Loaded } from "../../components/States";
import { usePaged } from "../../lib/paging";
import { useCan } from "../../lib/permissions";
import { useParam } from "../../lib/url";
import { AdminOnly } from "./AdminOnly";
import {
  deliveriesKey,
  loadDeliveries,
  useEndpoint,
  useRecentDeliveries,
  type Delivery,
  type DeliveryPage,
  type DeliveryStatus,
  type Endpoint,
} from "./api";
import { DeliveryPanel } from "./DeliveryPanel";
import {
  DELIVERY_STATUSES,
  deliveryCounts,
  formatTime,
  outcomesOption,
  outcomesSummary,
  STATUS_TEXT,
  tone,
  typesText,
} from "./shape";

function isStatus(value: string | null): value is DeliveryStatus {
  return DELIVERY_STATUSES.includes(value as DeliveryStatus);
}

/** The recent deliveries' outcomes: whether the receiver keeps up is seen faster than read. */
function OutcomesChart({ endpointId }: { endpointId: string }) {
  const recent = useRecentDeliveries(endpointId);
  const counts = useMemo(() => deliveryCounts(recent.data?.items ?? []), [recent.data]);
  const option = useMemo(() => outcomesOption(counts), [counts]);
  if (recent.status !== "success") return null;
  return (
    <Chart
      title="Outcomes of the latest deliveries"
      summary={outcomesSummary(counts)}
      option={option}
      height={200}
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" className="num">Deliveries</th>
            </tr>
          </thead>
          <tbody>
            {DELIVERY_STATUSES.map((s) => (
              <tr key={s}>
                <th scope="row">{STATUS_TEXT[s]}</th>
                <td className="num">{counts[s]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function useColumns(open: (id: string) => void): PagedColumn<Delivery>[] {
  return useMemo(
    () => [
      {
        key: "event_type",
        header: "Event type",
        value: (d) => d.event_type,
        cell: (d) => (
          <button type="button" className="link" onClick={() => open(d.id)}>
            {d.event_type}
            <span className="visually-hidden">, event {d.event_position}: show its attempts</span>
          </button>
        ),
      },
      { key: "status", header: "Status", value: (d) => d.status, text: (d) => STATUS_TEXT[d.status], cell: (d) => <Badge value={tone(d.status)} text={STATUS_TEXT[d.status]} /> },
      { key: "attempts", header: "Attempts", value: (d) => d.attempts, numeric: true },
      { key: "code", header: "Last answer", value: (d) => d.last_status_code, text: (d) => (d.last_status_code === null ? d.last_error || "–" : `HTTP ${d.last_status_code}`) },
      { key: "next", header: "Next attempt", value: (d) => d.next_attempt_at, text: (d) => formatTime(d.next_attempt_at), minor: true },
      { key: "delivered", header: "Delivered at", value: (d) => d.delivered_at, text: (d) => formatTime(d.delivered_at) },
    ],
    [open],
  );
}

function Facts({ endpoint }: { endpoint: Endpoint }) {
  return (
    <dl className="dl" data-testid="endpoint-facts">
      <dt>Status</dt>
      <dd>
        <Badge value={tone(endpoint.status)} text={STATUS_TEXT[endpoint.status]} />
        {endpoint.disabled_reason ? ` ${endpoint.disabled_reason}` : ""}
      </dd>
      <dt>Event types</dt>
      <dd>{typesText(endpoint.event_types)}</dd>
      <dt>Failures in a row</dt>
      <dd>{endpoint.failures_in_a_row}</dd>
      <dt>Signing secrets</dt>
      <dd>
        {endpoint.secrets_active}
        {endpoint.previous_secret_expires_at ? ` (the previous one stops signing ${formatTime(endpoint.previous_secret_expires_at)})` : ""}
      </dd>
    </dl>
  );
}

/** `/#/webhooks/:endpointId`: the endpoint, its deliveries (by status, newest first) and a delivery's attempts. */
// long: the page's sections (facts, chart, filter, table, the delivery open)
export function EndpointPage() {
  const { endpointId = "" } = useParams();
  const canRead = useCan("webhook-endpoints", "read");
  const canWrite = useCan("webhook-endpoints", "write");
  const endpoint = useEndpoint(endpointId, canRead);
  const queries = useQueryClient();
  const filterId = useId();
  const [statusParam, setStatus] = useParam("status");
  const [deliveryId, setDelivery] = useParam("delivery");
  const status = isStatus(statusParam) ? statusParam : null;
  const paged = usePaged<Delivery, DeliveryPage>(canRead ? deliveriesKey(endpointId, status) : null, (cursor) =>
    loadDeliveries(endpointId, status, cursor),
  );
  const columns = useColumns(setDelivery);
  if (!canRead) return <AdminOnly title="Webhook endpoint" />;
  // The worker adds deliveries and attempts behind the page's back: read them again on demand.
  const refresh = () => {
    for (const key of [["webhook-deliveries", endpointId], ["webhook-delivery"], ["webhook-endpoint", endpointId]]) {
      void queries.invalidateQueries({ queryKey: key });
    }
  };
  return (
    <>
      <PageHead dated={false} title="Webhook endpoint" actions={<button type="button" className="secondary" onClick={refresh}>Refresh</button>}>
        <p>
          <Link to="/webhooks">All endpoints</Link>
        </p>
      </PageHead>
      <Loaded state={endpoint} what="the endpoint">
        {(e) => (
          <>
            <p>
              <strong data-testid="endpoint-url">{e.url}</strong>
              {e.description ? `: ${e.description}` : ""}
            </p>
            <Facts endpoint={e} />
          </>
        )}
      </Loaded>
      <h2>Deliveries</h2>
      <OutcomesChart endpointId={endpointId} />
      <div className="field">
        <label htmlFor={filterId}>Show deliveries</label>
        <select id={filterId} value={status ?? ""} onChange={(e) => setStatus(e.target.value || null, { replace: true })}>
          <option value="">Every status</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_TEXT[s]}
            </option>
          ))}
        </select>
      </div>
      <PagedTable
        id="deliveries"
        caption="Deliveries"
        columns={columns}
        paged={paged}
        rowKey={(d) => d.id}
        empty={status ? `No ${STATUS_TEXT[status].toLowerCase()} delivery.` : "No delivery yet: one is made for each matching event written from now on."}
      />
      {deliveryId ? <DeliveryPanel key={deliveryId} id={deliveryId} canWrite={canWrite} disabled={endpoint.data?.status === "disabled"} /> : null}
    </>
  );
}
