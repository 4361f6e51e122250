/**
 * The event types an endpoint may take: the OpenAPI document's `webhooks` section, written out
 * because a type cannot be listed at run time. The check below fails `npm run typecheck` when the
 * document (src/client/schema.d.ts) gains or loses a type, so the list never drifts from the API.
 */
import type { webhooks } from "../../client/schema";

export type EventType = keyof webhooks;

export const EVENT_TYPES = [
  "programme.created", "programme.updated", "programme.deleted", "organisation.created",
  "organisation.updated", "organisation.deleted", "team.created", "team.updated", "team.deleted",
  "partner.created", "partner.updated", "partner.deleted", "quality-goal.created", "quality-goal.updated",
  "quality-goal.deleted", "indicator.created", "indicator.updated", "indicator.deleted", "period.created",
  "period.updated", "period.deleted", "award.created", "award.updated", "award.deleted",
  "award-amendment.created", "award-amendment.updated", "award-amendment.deleted", "budget-line.created",
  "budget-line.updated", "budget-line.deleted", "payment.created", "payment.updated", "payment.deleted",
  "spend-report.created", "spend-report.updated", "spend-report.deleted", "spend-line.created",
  "spend-line.updated", "spend-line.deleted", "milestone.created", "milestone.updated", "milestone.deleted",
  "support-activity.created", "support-activity.updated", "support-activity.deleted", "evidence.created",
  "evidence.updated", "evidence.deleted", "checkin.created", "checkin.updated", "checkin.deleted",
  "user.created", "user.updated", "api-key.created", "api-key.updated", "feed-token.created",
  "feed-token.updated", "signing-key.rotated", "import.completed", "webhook-endpoint.created",
  "webhook-endpoint.updated", "webhook-endpoint.deleted", "webhook-endpoint.rotated",
  "webhook-endpoint.disabled", "milestone.achieved", "payment.approved", "payment.paid", "award.amended",
  "report.submitted", "report.approved", "report.returned", "milestone.due-soon", "milestone.overdue",
  "report.due-soon", "report.overdue",
] as const satisfies readonly EventType[];

// Every documented type is listed: `true` only when none is missing.
type Missing = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
export const EVERY_TYPE_LISTED: [Missing] extends [never] ? true : Missing = true;
