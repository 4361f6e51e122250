/**
 * What is left to allocate on an award: its amount less its payments that are not cancelled
 * (scheduled, approved or paid), the most another payment may be; the API's
 * `payment-exceeds-award` rule counts the same way. Not the dashboard's "remaining" (awarded less
 * paid), which still includes payments scheduled but unpaid.
 */
import { client, collect, get, MAX_LIMIT } from "../../lib/api";
import type { Award, Payment } from "./api";

export interface Allocation {
  awarded: number;
  /** Σ of the award's payments not cancelled, leaving out the one being changed. */
  committed: number;
  left: number;
}

export function allocation(award: Award, payments: readonly Payment[], exceptId: string | null): Allocation {
  const committed = payments
    .filter((p) => p.status !== "cancelled" && p.id !== exceptId)
    .reduce((sum, p) => sum + p.amount_pence, 0);
  return { awarded: award.amount_pence, committed, left: award.amount_pence - committed };
}

export async function loadAllocation(award: Award, exceptId: string | null): Promise<Allocation> {
  const payments = await collect((cursor) =>
    get(client.GET("/api/v1/payments", { params: { query: { award_id: award.id, limit: MAX_LIMIT, cursor } } })),
  );
  return allocation(award, payments, exceptId);
}
