/**
 * The API's enums as lists, for selects, filters and tables: each typed by the generated client
 * (src/client/schema.d.ts), so the type check refuses a value the API does not have and a list
 * that lacks one of the API's values (TS types do not exist at run time, so the lists are still
 * written out, in the order the dashboard shows them). `enums.test.ts` also compares each with
 * the OpenAPI document. Status enums have their labels in labels.ts.
 */
import type { components } from "../client/schema";

type S = components["schemas"];

/** `{ missing: "x" }` unless the tuple T holds every value of U: a readable type error. */
type Every<U, T extends readonly unknown[]> = [Exclude<U, T[number]>] extends [never] ? unknown : { missing: Exclude<U, T[number]> };

/** `valuesOf<S["Flag"]>()(["red", "amber", "green"])`: the list, checked against the enum. */
export function valuesOf<U extends string>() {
  return <const T extends readonly U[]>(values: T & Every<U, T>): T => values;
}

export const EVIDENCE_KINDS = valuesOf<S["EvidenceKind"]>()(["case_study", "report", "toolkit", "publication", "presentation", "dataset"]);
export const SUPPORT_TYPES = valuesOf<S["SupportType"]>()(["diagnostic_needs_assessment", "knowledge_capture", "learning_event", "coaching"]);
export const SUPPORT_FORMATS = valuesOf<S["SupportFormat"]>()(["in_person", "online", "blended"]);
export const DIMENSIONS = valuesOf<S["QualityDimension"]>()(["safe", "effective", "person_centred", "timely", "efficient", "equitable"]);
export const INSTALMENTS = valuesOf<S["Instalment"]>()(["initial", "interim", "final"]);
export const MILESTONE_KINDS = valuesOf<S["MilestoneKind"]>()(["project", "learning", "reporting", "evaluation", "sustainability"]);
export const DUE_KINDS = valuesOf<S["DueKind"]>()(["milestone", "report", "payment"]);
export const BUDGET_CATEGORIES = valuesOf<S["BudgetCategory"]>()(["staff", "backfill", "training", "evaluation", "equipment", "other"]);
export const AMENDMENT_KINDS = valuesOf<S["AmendmentKind"]>()(["uplift", "reduction", "extension", "reprofile"]);
export const FLAGS = valuesOf<S["Flag"]>()(["red", "amber", "green"]);
export const PROVENANCES = valuesOf<S["Provenance"]>()(["sourced", "synthetic"]);
/** Milestones by replayed status in the order the changes table lists them (most telling first). */
export const MILESTONES_BY_OUTCOME = valuesOf<S["MilestoneStatusAsOf"]>()(["achieved", "late", "in_progress", "planned", "deferred", "cancelled"]);

export type Role = S["Role"];
export type Action = S["Action"];
export type Provenance = S["Provenance"];
