/**
 * Webhook endpoints and their deliveries (admins): the reads as queries, the writes as plain
 * calls that forms run through useFormWrite (which invalidates the cache after each). An
 * endpoint has no version column: its ETag is a digest of the body, so edits and deletes read it
 * afresh and send that back as If-Match.
 */
import { useQuery } from "@tanstack/react-query";
import { client, collect, get, MERGE_PATCH, MAX_LIMIT, unwrap, type Fetched, type Schemas } from "../../lib/api";

export type Endpoint = Schemas["WebhookEndpointRead"];
export type EndpointCreate = Schemas["WebhookEndpointCreate"];
export type EndpointCreated = Schemas["WebhookEndpointCreated"];
export type EndpointUpdate = Schemas["WebhookEndpointUpdate"];
export type SecretRotated = Schemas["SecretRotated"];
export type Delivery = Schemas["WebhookDeliveryRead"];
export type DeliveryDetail = Schemas["WebhookDeliveryDetail"];
export type DeliveryPage = Schemas["WebhookDeliveryPage"];
export type Attempt = Schemas["WebhookAttemptRead"];
export type DeliveryStatus = Schemas["DeliveryStatus"];

/** Every endpoint (an admin registers a handful; `collect` bounds the pages); `enabled` as useEndpoint's. */
export function useEndpoints(enabled = true) {
  return useQuery({
    queryKey: ["webhook-endpoints"],
    enabled,
    queryFn: () =>
      collect((cursor) =>
        get(client.GET("/api/v1/webhook-endpoints", { params: { query: { limit: MAX_LIMIT, ...(cursor ? { cursor } : {}) } } })),
      ),
  });
}

export function readEndpoint(id: string): Promise<Fetched<Endpoint>> {
  return unwrap(client.GET("/api/v1/webhook-endpoints/{endpoint_id}", { params: { path: { endpoint_id: id } } }));
}

/** `enabled` false: not asked (a caller who may not read endpoints). */
export function useEndpoint(id: string, enabled = true) {
  return useQuery({ queryKey: ["webhook-endpoint", id], queryFn: async () => (await readEndpoint(id)).data, enabled });
}

export function createEndpoint(body: EndpointCreate, idempotencyKey: string): Promise<Fetched<EndpointCreated>> {
  return unwrap(client.POST("/api/v1/webhook-endpoints", { body, params: { header: { "Idempotency-Key": idempotencyKey } } }));
}

/** A merge patch under the ETag of the endpoint read just before (a 412 if it changed since). */
export async function updateEndpoint(id: string, patch: EndpointUpdate, etag?: string): Promise<Endpoint> {
  const ifMatch = etag ?? (await readEndpoint(id)).etag ?? undefined;
  return get(
    client.PATCH("/api/v1/webhook-endpoints/{endpoint_id}", {
      params: { path: { endpoint_id: id }, header: ifMatch ? { "if-match": ifMatch } : {} },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

export async function removeEndpoint(id: string): Promise<void> {
  const { etag } = await readEndpoint(id);
  await unwrap(
    client.DELETE("/api/v1/webhook-endpoints/{endpoint_id}", {
      params: { path: { endpoint_id: id }, header: etag ? { "if-match": etag } : {} },
    }),
  );
}

export function rotateSecret(id: string): Promise<SecretRotated> {
  return get(client.POST("/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret", { params: { path: { endpoint_id: id } } }));
}

export function deliveriesKey(endpointId: string, status: DeliveryStatus | null) {
  return ["webhook-deliveries", endpointId, status ?? "all"] as const;
}

export function loadDeliveries(
  endpointId: string,
  status: DeliveryStatus | null,
  cursor: string | undefined,
  limit = 25,
): Promise<DeliveryPage> {
  return get(
    client.GET("/api/v1/webhook-endpoints/{endpoint_id}/deliveries", {
      params: {
        path: { endpoint_id: endpointId },
        query: { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
      },
    }),
  );
}

/** The newest deliveries of every status, for the chart (one page, whatever the table shows). */
export function useRecentDeliveries(endpointId: string) {
  return useQuery({
    queryKey: ["webhook-deliveries", endpointId, "recent"],
    queryFn: () => loadDeliveries(endpointId, null, undefined, 100),
  });
}

export function useDelivery(id: string | null) {
  return useQuery({
    queryKey: ["webhook-delivery", id],
    queryFn: () => get(client.GET("/api/v1/webhook-deliveries/{delivery_id}", { params: { path: { delivery_id: id! } } })),
    enabled: id !== null,
  });
}

export function redeliver(id: string): Promise<DeliveryDetail> {
  return get(client.POST("/api/v1/webhook-deliveries/{delivery_id}/redeliver", { params: { path: { delivery_id: id } } }));
}
