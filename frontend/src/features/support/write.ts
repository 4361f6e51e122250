/** Reading one support activity with its ETag, then changing or deleting it under If-Match. */
import { client, MERGE_PATCH, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";
import type { SupportActivity } from "./api";

export type SupportActivityUpdate = Schemas["SupportActivityUpdate"];

export function loadActivity(id: string): Promise<Fetched<SupportActivity>> {
  return unwrap(client.GET("/api/v1/support-activities/{support_activity_id}", { params: { path: { support_activity_id: id } } }));
}

export function updateActivity(id: string, etag: string, patch: SupportActivityUpdate): Promise<Fetched<SupportActivity>> {
  return unwrap(
    client.PATCH("/api/v1/support-activities/{support_activity_id}", {
      params: { path: { support_activity_id: id }, header: { "if-match": etag } },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

export async function deleteActivity(id: string, etag: string): Promise<void> {
  await unwrap(client.DELETE("/api/v1/support-activities/{support_activity_id}", { params: { path: { support_activity_id: id }, header: { "if-match": etag } } }));
}

export const ACTIVITY: RowResource<SupportActivity, SupportActivityUpdate> = {
  name: "support-activity",
  read: loadActivity,
  update: updateActivity,
  remove: deleteActivity,
};
