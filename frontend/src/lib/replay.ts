/**
 * The as-of replay of rows read from the plain lists (the read models replay on the server).
 * These mirror the API's rules (api/dashboard/replay.py) so tables and the read models agree:
 *
 * - payment: paid if paid with paid_date <= D, a payment paid later shows as scheduled;
 *   otherwise its recorded status;
 * - support activity: delivered if delivered with end_date <= D; cancelled as recorded;
 *   otherwise planned;
 * - evidence: published_on <= D.
 */

export function paymentStatusAsOf(p: { status: string; paid_date?: string | null }, asOf: string): string {
  if (p.status === "paid") return p.paid_date && p.paid_date <= asOf ? "paid" : "scheduled";
  return p.status;
}

export function activityStatusAsOf(a: { status: string; end_date: string }, asOf: string): string {
  if (a.status === "delivered" && a.end_date <= asOf) return "delivered";
  if (a.status === "cancelled") return "cancelled";
  return "planned";
}

export interface DatedPayment {
  status: string;
  scheduled_date: string;
  paid_date?: string | null;
  amount_pence: number;
}

export interface CumulativePoint {
  date: string;
  scheduled: number;
  paid: number | null;
}

/**
 * Cumulative money over time: `scheduled` adds every non-cancelled payment on its scheduled date
 * (the plan); `paid` adds each payment on the day it was paid, up to D and not after (the replay
 * stops there, so later points carry null). One point per day on which either total changes,
 * plus D itself.
 */
export function cumulative(payments: readonly DatedPayment[], asOf: string): CumulativePoint[] {
  const scheduledOn = new Map<string, number>();
  const paidOn = new Map<string, number>();
  for (const p of payments) {
    if (p.status === "cancelled") continue;
    scheduledOn.set(p.scheduled_date, (scheduledOn.get(p.scheduled_date) ?? 0) + p.amount_pence);
    if (p.status === "paid" && p.paid_date && p.paid_date <= asOf) {
      paidOn.set(p.paid_date, (paidOn.get(p.paid_date) ?? 0) + p.amount_pence);
    }
  }
  const days = [...new Set([...scheduledOn.keys(), ...paidOn.keys(), asOf])].sort();
  let scheduled = 0;
  let paid = 0;
  return days.map((date) => {
    scheduled += scheduledOn.get(date) ?? 0;
    paid += paidOn.get(date) ?? 0;
    return { date, scheduled, paid: date <= asOf ? paid : null };
  });
}
