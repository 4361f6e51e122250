import type { ReactNode } from "react";
import { Tile } from "../../components/Tile";
import { formatMoney, formatNumber } from "../../lib/format";
import type { MoneyFigures, ReportCounts } from "./api";
import { varianceText } from "./shape";

/** The money tiles: what was awarded, budgeted, spent and paid, and what no line budgets. */
export function MoneyTiles({ f, currency, label, testId }: { f: MoneyFigures; currency: string; label: string; testId: string }) {
  const m = (pence: number) => formatMoney(pence, currency);
  return (
    <ul className="tiles" aria-label={label}>
      <Tile testId={`${testId}-awarded`} label="Awarded" value={m(f.awarded_pence)} note="amended on this day" />
      <Tile testId={`${testId}-budgeted`} label="Budgeted" value={m(f.budgeted_pence)} />
      <Tile testId={`${testId}-unallocated`} label="Unallocated" value={m(f.unallocated_pence)} note="awarded, in no budget line" tone={f.unallocated_pence < 0 ? "bad" : undefined} />
      <Tile testId={`${testId}-spend`} label="Approved spend" value={m(f.spend_pence)} note="in reports approved by this day" />
      <Tile testId={`${testId}-variance`} label="Variance" value={m(f.variance_pence)} note={varianceText(f.variance_pence, currency)} tone={f.variance_pence < 0 ? "bad" : undefined} />
      <Tile testId={`${testId}-paid`} label="Paid" value={m(f.paid_pence)} tone="good" />
    </ul>
  );
}

/** Reports by their status on the day, and those still owed. */
export function ReportTiles({ r, testId, overdueNote }: { r: ReportCounts; testId: string; overdueNote?: ReactNode }) {
  return (
    <ul className="tiles" aria-label="Spend reports on this day">
      <Tile testId={`${testId}-overdue`} label="Overdue" value={formatNumber(r.overdue, 0)} note={overdueNote ?? "owed, past their due day"} tone={r.overdue ? "bad" : undefined} />
      <Tile testId={`${testId}-due-soon`} label="Due soon" value={formatNumber(r.due_soon, 0)} note="owed within 30 days" />
      <Tile testId={`${testId}-submitted`} label="Submitted" value={formatNumber(r.submitted, 0)} note="waiting for review" />
      <Tile testId={`${testId}-returned`} label="Returned" value={formatNumber(r.returned, 0)} note="back with the team" />
      <Tile testId={`${testId}-approved`} label="Approved" value={formatNumber(r.approved, 0)} tone="good" />
    </ul>
  );
}

/** A variance, marked when over budget (its words in the title). */
export function Variance({ pence, currency }: { pence: number; currency: string }) {
  return (
    <span title={varianceText(pence, currency)} className={pence < 0 ? "over-budget" : undefined}>
      {formatMoney(pence, currency)}
    </span>
  );
}
