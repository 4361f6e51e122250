import { client, MERGE_PATCH, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";
import { FormLoading } from "../../components/States";
import { lazyPart } from "../../lib/lazyPart";
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

/** What the view showed: the milestone's status replayed on the as-of day. */
export interface ShownAs {
  status: string;
  asOf: string;
}

/** The replayed status of milestone `id` among `milestones`, for the form's note. */
export function shownAs(milestones: readonly { id: string; status: string }[], id: string, asOf: string): ShownAs | undefined {
  const m = milestones.find((x) => x.id === id);
  return m ? { status: m.status, asOf } : undefined;
}

/** The form, loaded when first opened (most readers never open it). */
export const MilestoneForm = lazyPart(() => import("./MilestoneForm").then((m) => m.MilestoneForm), FormLoading);
