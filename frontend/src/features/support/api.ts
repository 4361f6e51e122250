import { client, collect, get, MAX_LIMIT, unwrap, type Fetched, type Schemas } from "../../lib/api";
import { useData } from "../../lib/useData";

export type SupportActivity = Schemas["SupportActivityRead"];
export const ACTIVITY_STATUSES = ["planned", "delivered", "cancelled"] as const;
export const SUPPORT_FORMATS = ["in_person", "online", "blended"] as const;

export function useActivities(programmeId: string) {
  return useData(`activities:${programmeId}`, () =>
    collect((cursor) =>
      get(
        client.GET("/api/v1/support-activities", {
          params: { query: { programme_id: programmeId, limit: MAX_LIMIT, cursor } },
        }),
      ),
    ),
  );
}

export type SupportActivityCreate = Schemas["SupportActivityCreate"];

export function createActivity(body: SupportActivityCreate, idempotencyKey?: string): Promise<Fetched<SupportActivity>> {
  const params = idempotencyKey ? { header: { "Idempotency-Key": idempotencyKey } } : {};
  return unwrap(client.POST("/api/v1/support-activities", { body, params }));
}
