import { client, collect, get, MAX_LIMIT, unwrap, type Fetched, type Schemas } from "../../lib/api";
import { useData } from "../../lib/useData";
import type { Team } from "../programmes/api";

export type Award = Schemas["AwardRead"];
export type Payment = Schemas["PaymentRead"];
export const PAYMENT_STATUSES = ["scheduled", "approved", "paid", "cancelled"] as const;
export const INSTALMENTS = ["initial", "interim", "final"] as const;

export interface PaymentRow extends Payment {
  award: Award;
  team: Team;
}

export interface FundingData {
  awards: (Award & { team: Team })[];
  payments: PaymentRow[];
}

/**
 * Every award of the programme's teams and their payments, joined to the team. Awards are
 * listed per programme through their teams; payments per award set, page by page.
 */
export async function loadFunding(teams: readonly Team[]): Promise<FundingData> {
  const byTeam = new Map(teams.map((t) => [t.id, t]));
  const allAwards = await collect((cursor) =>
    get(client.GET("/api/v1/awards", { params: { query: { limit: MAX_LIMIT, cursor } } })),
  );
  const awards = allAwards.flatMap((a) => {
    const team = byTeam.get(a.team_id);
    return team ? [{ ...a, team }] : [];
  });
  const byAward = new Map(awards.map((a) => [a.id, a]));
  const allPayments = await collect((cursor) =>
    get(client.GET("/api/v1/payments", { params: { query: { limit: MAX_LIMIT, cursor } } })),
  );
  const payments = allPayments.flatMap((p) => {
    const award = byAward.get(p.award_id);
    return award ? [{ ...p, award, team: award.team }] : [];
  });
  return { awards, payments };
}

export function useFunding(programmeId: string, teams: readonly Team[] | null) {
  return useData(teams === null ? null : `funding:${programmeId}:${teams.length}`, () => loadFunding(teams ?? []));
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
      headers: { "Content-Type": "application/merge-patch+json" },
    }),
  );
}
