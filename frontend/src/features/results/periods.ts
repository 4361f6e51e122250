/** An indicator's measured periods: add one, read one with its ETag, change or delete it. */
import { client, MERGE_PATCH, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";

export type Period = Schemas["PeriodRead"];
export type PeriodCreate = Schemas["PeriodCreate"];
export type PeriodUpdate = Schemas["PeriodUpdate"];

export function createPeriod(indicatorId: string, body: PeriodCreate, idempotencyKey: string): Promise<Fetched<Period>> {
  return unwrap(
    client.POST("/api/v1/indicators/{indicator_id}/periods", {
      params: { path: { indicator_id: indicatorId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

export function loadPeriod(indicatorId: string, id: string): Promise<Fetched<Period>> {
  return unwrap(
    client.GET("/api/v1/indicators/{indicator_id}/periods/{period_id}", { params: { path: { indicator_id: indicatorId, period_id: id } } }),
  );
}

export function updatePeriod(indicatorId: string, id: string, etag: string, patch: PeriodUpdate): Promise<Fetched<Period>> {
  return unwrap(
    client.PATCH("/api/v1/indicators/{indicator_id}/periods/{period_id}", {
      params: { path: { indicator_id: indicatorId, period_id: id }, header: { "if-match": etag } },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

/** Deletes the period as last read (its ETag): 412 if someone changed it since. */
export async function deletePeriod(indicatorId: string, id: string, etag: string): Promise<void> {
  await unwrap(
    client.DELETE("/api/v1/indicators/{indicator_id}/periods/{period_id}", {
      params: { path: { indicator_id: indicatorId, period_id: id }, header: { "if-match": etag } },
    }),
  );
}

/** The periods of one indicator (their routes are under it). */
export function periodsOf(indicatorId: string): RowResource<Period, PeriodUpdate> {
  return {
    name: `period:${indicatorId}`,
    read: (id) => loadPeriod(indicatorId, id),
    update: (id, etag, patch) => updatePeriod(indicatorId, id, etag, patch),
    remove: (id, etag) => deletePeriod(indicatorId, id, etag),
  };
}
