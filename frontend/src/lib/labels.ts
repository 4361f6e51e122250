/**
 * The one vocabulary for statuses: a label for every value of each status enum of the API, keyed
 * by the generated client's types (a value the API adds and this map lacks fails the type check).
 * Badges, tables, charts, filters and forms all read these, so a status reads the same everywhere.
 * Each map lists its values in the order the dashboard shows them.
 */
import type { components } from "../client/schema";
import { formatDate } from "./format";

type S = components["schemas"];

export const STATUS_LABELS = {
  /** A milestone's status as recorded (what the form edits). */
  milestone: {
    planned: "Planned",
    in_progress: "In progress",
    achieved: "Achieved",
    missed: "Missed",
    deferred: "Deferred",
    cancelled: "Cancelled",
  } satisfies Record<S["MilestoneStatus"], string>,
  /** A milestone's status replayed on the as-of day (what the read models show). */
  milestoneAsOf: {
    achieved: "Achieved",
    in_progress: "In progress",
    planned: "Planned",
    late: "Late",
    deferred: "Deferred",
    cancelled: "Cancelled",
  } satisfies Record<S["MilestoneStatusAsOf"], string>,
  payment: {
    scheduled: "Scheduled",
    approved: "Approved",
    paid: "Paid",
    cancelled: "Cancelled",
  } satisfies Record<S["PaymentStatus"], string>,
  award: {
    awarded: "Awarded",
    active: "Active",
    closed: "Closed",
    withdrawn: "Withdrawn",
  } satisfies Record<S["AwardStatus"], string>,
  team: {
    active: "Active",
    completed: "Completed",
    withdrawn: "Withdrawn",
  } satisfies Record<S["TeamStatus"], string>,
  activity: {
    planned: "Planned",
    delivered: "Delivered",
    cancelled: "Cancelled",
  } satisfies Record<S["ActivityStatus"], string>,
  sustainability: {
    not_assessed: "Not assessed",
    continuing: "Continuing",
    partly_continuing: "Partly continuing",
    stopped: "Stopped",
  } satisfies Record<S["SustainabilityStatus"], string>,
  /** An amendment's status as recorded (what the decision form sets). */
  amendment: {
    proposed: "Proposed",
    approved: "Approved",
    rejected: "Rejected",
  } satisfies Record<S["AmendmentStatus"], string>,
  /** A spend report's status: draft → submitted → approved, or returned to the team. */
  report: {
    draft: "Draft",
    submitted: "Submitted",
    returned: "Returned",
    approved: "Approved",
  } satisfies Record<S["ReportStatus"], string>,
  /** An amendment's status on the as-of day (one decided later shows as proposed). */
  amendmentAsOf: {
    proposed: "Proposed",
    approved: "Approved",
    rejected: "Rejected",
  } satisfies Record<S["AmendmentStatusAsOf"], string>,
} as const;

export type StatusKind = keyof typeof STATUS_LABELS;
export type StatusOf<K extends StatusKind> = keyof (typeof STATUS_LABELS)[K] & string;

/** The values of one enum, in display order. */
export function statusValues<K extends StatusKind>(kind: K): readonly StatusOf<K>[] {
  return Object.keys(STATUS_LABELS[kind]) as StatusOf<K>[];
}

/** The label of a value of the enum `kind`; an unknown value is shown as it came. */
export function statusLabel(kind: StatusKind, value: string): string {
  return (STATUS_LABELS[kind] as Record<string, string>)[value] ?? value;
}

/** Filter choices for one enum. */
export function statusOptions(kind: StatusKind): { value: string; label: string }[] {
  return statusValues(kind).map((value) => ({ value, label: statusLabel(kind, value) }));
}

// Any status value to its label: the enums agree where they share a value ("Planned", "Cancelled").
const ANY: Record<string, string> = Object.assign({}, ...Object.values(STATUS_LABELS));

/** The label of a status whatever its enum, or undefined when `value` is no status. */
export function anyStatusLabel(value: string): string | undefined {
  return ANY[value];
}

/**
 * Why a milestone's replayed status differs from its record, or null when they agree: the
 * dashboard shows the day replayed, the form edits the record, so "Late" opening as "Missed"
 * says so: "Late on 30 Jun 2013 (recorded later as missed)".
 */
export function replayNote(
  shown: { status: string; asOf: string },
  recorded: { status: string; completed_date?: string | null },
  today: string,
): string | null {
  if (shown.status === recorded.status) return null;
  const when = shown.asOf < today ? "recorded later as" : "recorded as";
  const done =
    recorded.status === "achieved" && recorded.completed_date ? `, completed ${formatDate(recorded.completed_date)}` : "";
  const now = statusLabel("milestone", recorded.status).toLowerCase();
  return `${statusLabel("milestoneAsOf", shown.status)} on ${formatDate(shown.asOf)} (${when} ${now}${done})`;
}
