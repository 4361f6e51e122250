/**
 * The as-of replay of rows read from the plain lists (the read models replay on the server).
 * These mirror the API's rules (api/dashboard/replay.py) so tables and the read models agree:
 *
 * - payment: paid if paid with paid_date <= D, a payment paid later shows as scheduled;
 *   otherwise its recorded status;
 * - support activity: delivered if delivered with end_date <= D; cancelled as recorded;
 *   otherwise planned;
 * - evidence: published_on <= D;
 * - milestone, team, award and sustainability: a decision counts only from its date; one whose
 *   date was not recorded is shown as recorded and flagged `status_undated` ("date not recorded").
 *
 * The milestone, team, award and sustainability cases are shared with the API's tests:
 * tests/replay_cases.json (replay.test.ts runs them here).
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

/** A decision dated `day` counts on D: made by then, or its date not recorded. */
function countsOn(day: string | null | undefined, asOf: string): boolean {
  return day == null || day <= asOf;
}

function shownBy(day: string | null | undefined, asOf: string): string | null {
  return day != null && day <= asOf ? day : null;
}

export interface DecidedMilestone {
  status: string;
  due_date: string;
  completed_date?: string | null;
  decided_on?: string | null;
  decision_reason?: string;
}

export interface MilestoneAsOf {
  status: string;
  status_undated: boolean;
  completed_date: string | null;
  decided_on: string | null;
  decision_reason: string;
}

const DECISIONS = new Set(["deferred", "cancelled"]);

/** A milestone on D (the read models' MilestoneAsOf); `missed` shows as late or planned. */
export function milestoneAsOf(m: DecidedMilestone, asOf: string): MilestoneAsOf {
  const decided = DECISIONS.has(m.status) && countsOn(m.decided_on, asOf);
  const done = shownBy(m.completed_date, asOf);
  let status: string;
  if (m.status === "achieved" && done != null) status = "achieved";
  else if (decided) status = m.status;
  else if (m.due_date < asOf) status = "late";
  else status = m.status === "in_progress" ? "in_progress" : "planned";
  return {
    status,
    status_undated: DECISIONS.has(m.status) && m.decided_on == null,
    completed_date: done,
    decided_on: decided ? (m.decided_on ?? null) : null,
    decision_reason: decided ? (m.decision_reason ?? "") : "",
  };
}

export interface TeamAsOf {
  status: string;
  status_undated: boolean;
  status_changed_on: string | null;
}

/** A team on D: completed or withdrawn from the day it changed, otherwise active. */
export function teamAsOf(
  t: { status: string; status_changed_on?: string | null },
  asOf: string,
): TeamAsOf {
  const ended = t.status !== "active";
  return {
    status: ended && countsOn(t.status_changed_on, asOf) ? t.status : "active",
    status_undated: ended && t.status_changed_on == null,
    status_changed_on: shownBy(t.status_changed_on, asOf),
  };
}

export interface AwardAsOf {
  counted: boolean;
  status: string;
  status_undated: boolean;
  activated_on: string | null;
  closed_on: string | null;
}

/** An award on D: counted once awarded; closed or withdrawn from closed_on, active from
 * activated_on, otherwise awarded. */
export function awardAsOf(
  a: { status: string; award_date: string; activated_on?: string | null; closed_on?: string | null },
  asOf: string,
): AwardAsOf {
  const { status } = a;
  const started = a.activated_on ?? null;
  const closed = a.closed_on ?? null;
  let shown = "awarded";
  let undated = false;
  if ((status === "closed" || status === "withdrawn") && countsOn(closed, asOf)) {
    shown = status;
    undated = closed == null;
  } else if (status !== "awarded" && started != null && started <= asOf) {
    shown = "active";
  } else if ((status === "active" || status === "closed") && started == null) {
    shown = "active";
    undated = true;
  }
  return {
    counted: a.award_date <= asOf,
    status: shown,
    status_undated: undated,
    activated_on: shownBy(started, asOf),
    closed_on: shownBy(closed, asOf),
  };
}

/** A team's sustainability on D: its latest check-in on or before D, else not assessed. */
export function sustainabilityAsOf(
  checkins: readonly { checked_on: string; status: string }[],
  asOf: string,
): string {
  let latest: { checked_on: string; status: string } | null = null;
  for (const c of checkins) {
    if (c.checked_on <= asOf && (latest == null || c.checked_on > latest.checked_on)) latest = c;
  }
  return latest?.status ?? "not_assessed";
}
