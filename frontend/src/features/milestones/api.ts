import { client, unwrap, type Fetched, type Schemas } from "../../lib/api";
import { MERGE_PATCH, type RowResource } from "../../lib/editable";
import { statusValues } from "../../lib/labels";

export type Milestone = Schemas["MilestoneRead"];
export type MilestoneUpdate = Schemas["MilestoneUpdate"];
export const RECORDED_STATUSES = statusValues("milestone");
export { MILESTONE_KINDS } from "../../lib/enums";

export function loadMilestone(id: string): Promise<Fetched<Milestone>> {
  return unwrap(client.GET("/api/v1/milestones/{milestone_id}", { params: { path: { milestone_id: id } } }));
}

/** JSON merge patch guarded by the ETag that was read (412 if someone else changed it). */
export function updateMilestone(id: string, etag: string, patch: MilestoneUpdate): Promise<Fetched<Milestone>> {
  return unwrap(
    client.PATCH("/api/v1/milestones/{milestone_id}", {
      params: { path: { milestone_id: id }, header: { "if-match": etag } },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

export const MILESTONE: RowResource<Milestone, MilestoneUpdate> = { name: "milestone", read: loadMilestone, update: updateMilestone };
