/**
 * The money writes: amendments (proposed by finance, approved or rejected by an approver) and
 * spend reports with their lines (drafted and submitted by the team, approved or returned by a
 * reviewer). The forms load when first opened: most readers never open them.
 */
import { client, get, MERGE_PATCH, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";
import { FormLoading } from "../../components/States";
import { lazyPart } from "../../lib/lazyPart";
import { newIdempotencyKey } from "../../lib/session";

export type Amendment = Schemas["AwardAmendmentRead"];
export type AmendmentCreate = Schemas["AwardAmendmentCreate"];
export type AmendmentUpdate = Schemas["AwardAmendmentUpdate"];
export type SpendReport = Schemas["SpendReportRead"];
export type SpendReportCreate = Schemas["SpendReportCreate"];
export type SpendReportUpdate = Schemas["SpendReportUpdate"];
export type SpendLine = Schemas["SpendLineRead"];
export type ReportSummary = Schemas["SpendReportSummary"];

export function createAmendment(body: AmendmentCreate, idempotencyKey: string): Promise<Fetched<Amendment>> {
  return unwrap(client.POST("/api/v1/award-amendments", { body, params: { header: { "Idempotency-Key": idempotencyKey } } }));
}

export const AMENDMENT: RowResource<Amendment, AmendmentUpdate> = {
  name: "award-amendment",
  read: (id) => unwrap(client.GET("/api/v1/award-amendments/{award_amendment_id}", { params: { path: { award_amendment_id: id } } })),
  update: (id, etag, patch) =>
    unwrap(
      client.PATCH("/api/v1/award-amendments/{award_amendment_id}", {
        params: { path: { award_amendment_id: id }, header: { "if-match": etag } },
        body: patch,
        headers: MERGE_PATCH,
      }),
    ),
};

export function createReport(body: SpendReportCreate, idempotencyKey: string): Promise<Fetched<SpendReport>> {
  return unwrap(client.POST("/api/v1/spend-reports", { body, params: { header: { "Idempotency-Key": idempotencyKey } } }));
}

export const REPORT: RowResource<SpendReport, SpendReportUpdate> = {
  name: "spend-report",
  read: (id) => unwrap(client.GET("/api/v1/spend-reports/{spend_report_id}", { params: { path: { spend_report_id: id } } })),
  update: (id, etag, patch) =>
    unwrap(
      client.PATCH("/api/v1/spend-reports/{spend_report_id}", {
        params: { path: { spend_report_id: id }, header: { "if-match": etag } },
        body: patch,
        headers: MERGE_PATCH,
      }),
    ),
};

/** A report's lines (one per budget line of its award: a handful). */
export function loadLines(reportId: string): Promise<SpendLine[]> {
  return get(client.GET("/api/v1/spend-lines", { params: { query: { report_id: reportId, limit: 500 } } })).then((p) => p.items);
}

/**
 * Writes the spend typed per budget line: a new line for a budget line not reported yet, the
 * changed amount of one already there (under its version's ETag), and deletes the line of an
 * amount cleared. Each is its own request; a refused one stops the rest and its problem is
 * shown, what was written stays in the draft.
 */
export async function saveLines(
  reportId: string,
  currency: string,
  wanted: readonly { budget_line_id: string; amount_pence: number }[],
  existing: readonly SpendLine[],
): Promise<void> {
  for (const line of wanted) {
    const there = existing.find((l) => l.budget_line_id === line.budget_line_id);
    if (!there) {
      const body = { report_id: reportId, budget_line_id: line.budget_line_id, amount_pence: line.amount_pence, currency };
      await unwrap(client.POST("/api/v1/spend-lines", { body, params: { header: { "Idempotency-Key": newIdempotencyKey() } } }));
    } else if (there.amount_pence !== line.amount_pence) {
      await unwrap(
        client.PATCH("/api/v1/spend-lines/{spend_line_id}", {
          params: { path: { spend_line_id: there.id }, header: { "if-match": `"${there.version}"` } },
          body: { amount_pence: line.amount_pence },
          headers: MERGE_PATCH,
        }),
      );
    }
  }
  // An amount cleared in the form: the line goes (a budget line with no spend is simply absent).
  for (const there of existing) {
    if (!wanted.some((l) => l.budget_line_id === there.budget_line_id)) {
      await unwrap(
        client.DELETE("/api/v1/spend-lines/{spend_line_id}", {
          params: { path: { spend_line_id: there.id }, header: { "if-match": `"${there.version}"` } },
        }),
      );
    }
  }
}

export function loadSummary(reportId: string): Promise<ReportSummary> {
  return get(client.GET("/api/v1/spend-reports/{report_id}/summary", { params: { path: { report_id: reportId } } }));
}

export const AmendmentForm = lazyPart(() => import("./AmendmentForm").then((m) => m.AmendmentForm), FormLoading);
export const AmendmentDecision = lazyPart(() => import("./AmendmentForm").then((m) => m.AmendmentDecision), FormLoading);
export const SpendReportForm = lazyPart(() => import("./SpendReportForm").then((m) => m.SpendReportForm), FormLoading);
export const ReportReview = lazyPart(() => import("./ReportReview").then((m) => m.ReportReview), FormLoading);
