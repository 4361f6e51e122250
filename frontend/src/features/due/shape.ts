import { formatNumber, plural } from "../../lib/format";
import type { ProgrammeDue } from "./api";

/** "3 due in the next 30 days, 2 overdue." */
export function dueSentence(d: Pick<ProgrammeDue, "counts">, days = 30): string {
  const window = days === 0 ? "on the day" : `in the next ${plural(days, "day")}`;
  return `${formatNumber(d.counts.due.total, 0)} due ${window}, ${formatNumber(d.counts.overdue.total, 0)} overdue.`;
}

/** The `days` query parameter as a window (0 to 366 days), else the default. */
export function daysParam(raw: string | null, fallback = 30): number {
  if (raw === null || !/^\d{1,3}$/.test(raw)) return fallback;
  const days = Number(raw);
  return days <= 366 ? days : fallback;
}
