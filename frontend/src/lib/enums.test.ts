import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { components } from "../client/schema";
import * as enums from "./enums";
import { STATUS_LABELS } from "./labels";

type S = components["schemas"];

/** The OpenAPI document the client is generated from (frontend/openapi.json). */
const schemas = (JSON.parse(readFileSync(new URL("../../openapi.json", import.meta.url), "utf8")) as {
  components: { schemas: Record<string, { enum?: string[] }> };
}).components.schemas;

function apiValues(name: string): string[] {
  const values = schemas[name]?.enum;
  if (!values) throw new Error(`${name} is no enum of the OpenAPI document`);
  return [...values].sort();
}

// Each list of the dashboard and the API enum it stands for.
const LISTS: [string, readonly string[]][] = [
  ["EvidenceKind", enums.EVIDENCE_KINDS],
  ["SupportType", enums.SUPPORT_TYPES],
  ["SupportFormat", enums.SUPPORT_FORMATS],
  ["QualityDimension", enums.DIMENSIONS],
  ["Instalment", enums.INSTALMENTS],
  ["MilestoneKind", enums.MILESTONE_KINDS],
  ["DueKind", enums.DUE_KINDS],
  ["Flag", enums.FLAGS],
  ["BudgetCategory", enums.BUDGET_CATEGORIES],
  ["AmendmentKind", enums.AMENDMENT_KINDS],
  ["AmendmentStatusAsOf", Object.keys(STATUS_LABELS.amendmentAsOf)],
  ["AmendmentStatus", Object.keys(STATUS_LABELS.amendment)],
  ["ReportStatus", Object.keys(STATUS_LABELS.report)],
  ["Provenance", enums.PROVENANCES],
  ["MilestoneStatusAsOf", enums.MILESTONES_BY_OUTCOME],
  ["MilestoneStatus", Object.keys(STATUS_LABELS.milestone)],
  ["MilestoneStatusAsOf", Object.keys(STATUS_LABELS.milestoneAsOf)],
  ["PaymentStatus", Object.keys(STATUS_LABELS.payment)],
  ["AwardStatus", Object.keys(STATUS_LABELS.award)],
  ["TeamStatus", Object.keys(STATUS_LABELS.team)],
  ["ActivityStatus", Object.keys(STATUS_LABELS.activity)],
  ["SustainabilityStatus", Object.keys(STATUS_LABELS.sustainability)],
];

describe("the dashboard's enum lists", () => {
  it.each(LISTS)("%s: exactly the API's values, each once", (name, list) => {
    expect([...list].sort()).toEqual(apiValues(name));
  });

  it("are the values in the dashboard's order", () => {
    expect(enums.FLAGS).toEqual(["red", "amber", "green"]);
    expect(enums.DUE_KINDS).toEqual(["milestone", "report", "payment"]);
  });

  it("are checked by the type check too", () => {
    // @ts-expect-error: a list lacking one of the enum's values does not compile
    const short = enums.valuesOf<S["Flag"]>()(["red", "amber"]);
    // @ts-expect-error: nor does a value the enum lacks
    const long = enums.valuesOf<S["Flag"]>()(["red", "amber", "green", "blue"]);
    expect([short.length, long.length]).toEqual([2, 4]);
  });
});
