import { client, MERGE_PATCH, get, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";
import { FormLoading } from "../../components/States";
import { lazyPart } from "../../lib/lazyPart";
import { statusValues } from "../../lib/labels";

export type Award = Schemas["AwardRead"];
export type Payment = Schemas["PaymentRead"];
export const PAYMENT_STATUSES = statusValues("payment");
export { INSTALMENTS } from "../../lib/enums";

export interface PaymentsQuery {
  teamId?: string | null;
  status?: string | null;
  sort?: string;
  limit?: number;
}

/** One page of the programme's (or one team's) payments, filtered and sorted by the API. */
export function loadPayments(programmeId: string, query: PaymentsQuery, cursor: string | undefined) {
  return get(
    client.GET("/api/v1/payments", {
      params: {
        query: {
          ...(query.teamId ? { team_id: query.teamId } : { programme_id: programmeId }),
          ...(query.status ? { status: query.status as Payment["status"] } : {}),
          sort: query.sort ?? "scheduled_date",
          limit: query.limit ?? 25,
          cursor,
        },
      },
    }),
  );
}

/** A team's awards (a handful): the choices when adding a payment. */
export function loadTeamAwards(teamId: string): Promise<Award[]> {
  return get(client.GET("/api/v1/awards", { params: { query: { team_id: teamId, limit: 100 } } })).then((p) => p.items);
}

export function loadAward(id: string): Promise<Award> {
  return get(client.GET("/api/v1/awards/{award_id}", { params: { path: { award_id: id } } }));
}

export type PaymentCreate = Schemas["PaymentCreate"];
export type PaymentUpdate = Schemas["PaymentUpdate"];

export function loadPayment(id: string): Promise<Fetched<Payment>> {
  return unwrap(client.GET("/api/v1/payments/{payment_id}", { params: { path: { payment_id: id } } }));
}

/** `idempotencyKey` (required by the API for payments) makes a retried submit write once. */
export function createPayment(body: PaymentCreate, idempotencyKey: string): Promise<Fetched<Payment>> {
  return unwrap(client.POST("/api/v1/payments", { body, params: { header: { "Idempotency-Key": idempotencyKey } } }));
}

export function updatePayment(id: string, etag: string, patch: PaymentUpdate): Promise<Fetched<Payment>> {
  return unwrap(
    client.PATCH("/api/v1/payments/{payment_id}", {
      params: { path: { payment_id: id }, header: { "if-match": etag } },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

export const PAYMENT: RowResource<Payment, PaymentUpdate> = { name: "payment", read: loadPayment, update: updatePayment };

/** The form, loaded when first opened (most readers never open it). */
export const PaymentForm = lazyPart(() => import("./PaymentForm").then((m) => m.PaymentForm), FormLoading);
