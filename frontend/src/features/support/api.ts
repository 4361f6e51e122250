import { client, get, unwrap, type Fetched, type Schemas } from "../../lib/api";
import { statusValues } from "../../lib/labels";

export type SupportActivity = Schemas["SupportActivityRead"];
export const ACTIVITY_STATUSES = statusValues("activity");
export { SUPPORT_FORMATS } from "../../lib/enums";

export interface ActivitiesQuery {
  type?: string | null;
  status?: string | null;
  teamId?: string | null;
  sort?: string;
  q?: string;
  limit?: number;
}

/** One page of the programme's support activities, filtered, searched and sorted by the API. */
export function loadActivities(programmeId: string, query: ActivitiesQuery, cursor: string | undefined) {
  return get(
    client.GET("/api/v1/support-activities", {
      params: {
        query: {
          programme_id: programmeId,
          limit: query.limit ?? 25,
          cursor,
          sort: query.sort ?? "start_date",
          ...(query.type ? { type: query.type as SupportActivity["type"] } : {}),
          ...(query.status ? { status: query.status as SupportActivity["status"] } : {}),
          ...(query.teamId ? { team_id: query.teamId } : {}),
          ...(query.q ? { q: query.q } : {}),
        },
      },
    }),
  );
}

export type SupportActivityCreate = Schemas["SupportActivityCreate"];

export function createActivity(body: SupportActivityCreate, idempotencyKey?: string): Promise<Fetched<SupportActivity>> {
  const params = idempotencyKey ? { header: { "Idempotency-Key": idempotencyKey } } : {};
  return unwrap(client.POST("/api/v1/support-activities", { body, params }));
}
