/**
 * Pure shaping for budget against spend: the bars of a chart (budget, approved spend, paid), the
 * variance in words, an amendment's change as people read it, and a report's place on the as-of
 * day. Every figure is the API's; nothing here adds rules of its own.
 */
import { PALETTE, type ChartOption } from "../../charts/types";
import { formatDate, formatMoney, formatMoneyShort, label, parsePounds } from "../../lib/format";

/** One group of bars: a category, a financial year, a budget line. */
export interface MoneyBar {
  key: string;
  label: string;
  budget_pence: number;
  spent_pence: number;
  /** Payments are per award, not per category: null where the figure does not exist. */
  paid_pence: number | null;
}

/** Budget less approved spend: positive is money still unspent, negative an overspend. */
export function variance(budget: number, spent: number): number {
  return budget - spent;
}

/** "£20,000 under budget", "£5,000 over budget", "on budget". */
export function varianceText(pence: number, currency: string): string {
  if (pence === 0) return "on budget";
  return `${formatMoney(Math.abs(pence), currency)} ${pence > 0 ? "under" : "over"} budget`;
}

/** Grouped bars: budget, approved spend and (where it exists) paid, one group per row. */
export function moneyBarsOption(rows: readonly MoneyBar[], currency: string): ChartOption {
  const series: { name: string; colour: string; data: (number | null)[] }[] = [
    { name: "Budget", colour: PALETTE[0]!, data: rows.map((r) => r.budget_pence) },
    { name: "Approved spend", colour: PALETTE[1]!, data: rows.map((r) => r.spent_pence) },
  ];
  if (rows.some((r) => r.paid_pence !== null)) {
    series.push({ name: "Paid", colour: PALETTE[2]!, data: rows.map((r) => r.paid_pence) });
  }
  return {
    animation: false,
    legend: { top: 0 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) => (v === null || v === undefined || v === "-" ? "–" : formatMoney(Number(v), currency)),
    },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: rows.map((r) => r.label), axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatMoneyShort(v, currency) } },
    series: series.map((s) => ({ name: s.name, type: "bar" as const, itemStyle: { color: s.colour }, data: s.data })),
  };
}

/** The chart's sentence: the totals, and the rows overspent (its accessible name says it all). */
export function moneyBarsSummary(rows: readonly MoneyBar[], currency: string, what: string): string {
  if (rows.length === 0) return `No budget by ${what} yet.`;
  const budget = rows.reduce((n, r) => n + r.budget_pence, 0);
  const spent = rows.reduce((n, r) => n + r.spent_pence, 0);
  const over = rows.filter((r) => r.spent_pence > r.budget_pence).map((r) => r.label);
  const overText = over.length ? ` Over budget: ${over.join(", ")}.` : " No part is over budget.";
  const paid = rows.some((r) => r.paid_pence !== null) ? `; ${formatMoney(rows.reduce((n, r) => n + (r.paid_pence ?? 0), 0), currency)} paid` : "";
  return `By ${what}: ${formatMoney(budget, currency)} budgeted, ${formatMoney(spent, currency)} approved spend, ${varianceText(variance(budget, spent), currency)}${paid}.${overText}`;
}

/** `+£20,000`, `−£10,000`, or "no change" (extensions and re-profiles move dates only). */
export function changeText(pence: number, currency: string): string {
  if (pence === 0) return "no change";
  return `${pence > 0 ? "+" : "−"}${formatMoney(Math.abs(pence), currency)}`;
}

/** "1 Apr 2013 – 31 Mar 2015", "to 31 Mar 2015", or "" when the dates do not change. */
export function newDatesText(start: string | null | undefined, end: string | null | undefined): string {
  if (start && end) return `${formatDate(start)} – ${formatDate(end)}`;
  if (end) return `to ${formatDate(end)}`;
  if (start) return `from ${formatDate(start)}`;
  return "";
}

export type ReportStatusAsOf = "draft" | "submitted" | "returned" | "approved";

/** Dated on or before `day`, or undated (shown as recorded, as the API does). */
function by(date: string | null | undefined, day: string): boolean {
  return !date || date <= day;
}

/**
 * A report's status on the as-of day, by the API's replay rules (`api/dashboard/money_replay.py`):
 * approved or returned once decided by then, submitted once submitted by then, returned if
 * submitted again only after a return by then, else a draft.
 */
export function reportStatusAsOf(
  r: { status: string; submitted_on?: string | null; decided_on?: string | null },
  day: string,
): ReportStatusAsOf {
  if (r.status === "approved" && by(r.decided_on, day)) return "approved";
  if (r.status === "returned" && by(r.decided_on, day)) return "returned";
  if (r.status !== "draft" && by(r.submitted_on, day)) return "submitted";
  // Submitted again after the day, but returned by then: with the team, as returned.
  if (r.status === "submitted" && r.decided_on && r.decided_on <= day) return "returned";
  return "draft";
}

/** Days ahead that a report still owed counts as due soon (the API's DUE_SOON_DAYS). */
export const DUE_SOON_DAYS = 30;

export type DueState = "overdue" | "due_soon" | "due_later" | "in";

/**
 * Whether the team still owes the report on `day` (a draft, or returned to it): overdue once its
 * due day has passed, due soon within 30 days; "in" once submitted or approved.
 */
export function dueState(
  r: { status: string; due_date: string; submitted_on?: string | null; decided_on?: string | null },
  day: string,
): DueState {
  const status = reportStatusAsOf(r, day);
  if (status === "submitted" || status === "approved") return "in";
  if (r.due_date < day) return "overdue";
  return daysLate(day, r.due_date) <= DUE_SOON_DAYS ? "due_soon" : "due_later";
}

/** Days late on `day` (0 when not yet due): a whole-day difference of ISO dates. */
export function daysLate(dueDate: string, day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}

/**
 * The spend typed per budget line, as the lines to write: blank is no line, an amount must be
 * pounds (the only check the form makes; every rule is the server's). `errors` by budget line.
 */
export function spendLinesFrom(typed: Readonly<Record<string, string>>): {
  lines: { budget_line_id: string; amount_pence: number }[];
  errors: Record<string, string>;
} {
  const lines: { budget_line_id: string; amount_pence: number }[] = [];
  const errors: Record<string, string> = {};
  for (const [id, text] of Object.entries(typed)) {
    if (text.trim() === "") continue;
    const pence = parsePounds(text);
    if (pence === null) errors[id] = "Enter an amount in pounds, such as 12,000 or 1,234.50.";
    else lines.push({ budget_line_id: id, amount_pence: pence });
  }
  return { lines, errors };
}

/** The bars by category, in the API's order (every category, empty ones too): no paid figure. */
export function categoryBars(rows: readonly { category: string; budgeted_pence: number; spend_pence: number }[]): MoneyBar[] {
  return rows.map((r) => ({ key: r.category, label: label(r.category), budget_pence: r.budgeted_pence, spent_pence: r.spend_pence, paid_pence: null }));
}

/** The bars by financial year: `2013-14` reads `2013–14`. */
export function yearBars(rows: readonly { year: string; budgeted_pence: number; spend_pence: number }[]): MoneyBar[] {
  return rows.map((r) => ({ key: r.year, label: r.year.replace("-", "–"), budget_pence: r.budgeted_pence, spent_pence: r.spend_pence, paid_pence: null }));
}

/** The financial year (1 April – 31 March) of a month `YYYY-MM`, as the API names it: `2013-14`. */
export function yearOfMonth(month: string): string {
  const y = Number(month.slice(0, 4)) - (month.slice(5, 7) < "04" ? 1 : 0);
  return `${y}-${String((y + 1) % 100).padStart(2, "0")}`;
}

/**
 * Paid by financial year, from the summary's money by month (paid by as_of, in the month paid),
 * added to the year bars; a year with payments but no budget or spend gets its own bar.
 */
export function withPaidByYear(bars: readonly MoneyBar[], months: readonly { month: string; paid_pence: number }[]): MoneyBar[] {
  const paid = new Map<string, number>();
  for (const m of months) if (m.paid_pence) paid.set(yearOfMonth(m.month), (paid.get(yearOfMonth(m.month)) ?? 0) + m.paid_pence);
  const out = bars.map((b) => ({ ...b, paid_pence: paid.get(b.key) ?? 0 }));
  for (const [year, pence] of paid) {
    if (!bars.some((b) => b.key === year)) out.push({ key: year, label: year.replace("-", "–"), budget_pence: 0, spent_pence: 0, paid_pence: pence });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The day a decision (or a submission) is recorded on by default: the as-of day shown, so it
 * counts on the screen the user is looking at, but never a day still to come (the API refuses
 * one in the future).
 */
export function decisionDay(day: string, today: string): string {
  return day < today ? day : today;
}
