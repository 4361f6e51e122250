/** "Since the last board": each figure on two days and its change (pure, unit-tested). */
import type { Schemas } from "../../lib/api";
import { MILESTONES_BY_OUTCOME } from "../../lib/enums";
import { formatMoney, formatNumber, label } from "../../lib/format";

export type ProgrammeChanges = Schemas["ProgrammeChanges"];
export type DayFigures = Schemas["DayFigures"];

export type Kind = "count" | "money" | "share" | "hours";

export interface ChangeRow {
  key: string;
  label: string;
  kind: Kind;
  before: number;
  after: number;
}

/** A share in percent, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole ? (part / whole) * 100 : null;
}

const due = (d: DayFigures) => d.milestones.achieved + d.milestones.late;

/** Every figure the Overview shows, on both days. Shares as percentages (null: no base). */
export function changeRows(c: ProgrammeChanges): ChangeRow[] {
  const b = c.before;
  const a = c.after;
  const rows: ChangeRow[] = [];
  const add = (key: string, text: string, kind: Kind, get: (d: DayFigures) => number | null) =>
    rows.push({ key, label: text, kind, before: get(b) ?? NaN, after: get(a) ?? NaN });
  add("teams", "Teams", "count", (d) => d.teams);
  add("awarded", "Total awarded", "money", (d) => d.funding.awarded_pence);
  add("paid", "Paid to date", "money", (d) => d.funding.paid_pence);
  add("paid-share", "Paid, share of awarded", "share", (d) => share(d.funding.paid_pence, d.funding.awarded_pence));
  add("remaining", "Remaining", "money", (d) => d.funding.remaining_pence);
  add("scheduled", "Scheduled, unpaid", "money", (d) => d.funding.scheduled_unpaid_pence);
  for (const s of MILESTONES_BY_OUTCOME) {
    add(`m-${s}`, `Milestones ${label(s).toLowerCase()}`, "count", (d) => d.milestones[s]);
  }
  add("due-share", "Achieved, share of those due", "share", (d) => share(d.milestones.achieved, due(d)));
  add("teams-late", "Teams with late milestones", "count", (d) => d.teams_with_late);
  add("support", "Support activities delivered", "count", (d) => d.support.reduce((n, s) => n + s.activities, 0));
  add("hours", "Support hours", "hours", (d) => d.support.reduce((n, s) => n + s.hours, 0));
  for (const type of b.support.map((s) => s.type)) {
    add(`s-${type}`, label(type), "count", (d) => d.support.find((s) => s.type === type)?.activities ?? 0);
  }
  add("evidence", "Evidence published", "count", (d) => d.evidence.total);
  add("exemplars", "Exemplars", "count", (d) => d.evidence.exemplars);
  return rows;
}

/** A figure as shown in the table. */
export function formatFigure(value: number, kind: Kind, currency: string): string {
  if (!Number.isFinite(value)) return "–";
  if (kind === "money") return formatMoney(value, currency);
  if (kind === "share") return `${formatNumber(value, 1)}%`;
  return formatNumber(value, kind === "hours" ? 1 : 0);
}

/** The change from `before` to `after`: signed; shares in percentage points; "no change". */
export function formatChange(row: ChangeRow, currency: string): string {
  const { before, after, kind } = row;
  if (!Number.isFinite(before) || !Number.isFinite(after)) return "–";
  const delta = after - before;
  if (Math.abs(delta) < (kind === "share" ? 0.05 : 1e-9)) return "no change";
  const sign = delta > 0 ? "+" : "−";
  const size = Math.abs(delta);
  if (kind === "money") return `${sign}${formatMoney(size, currency)}`;
  if (kind === "share") return `${sign}${formatNumber(size, 1)} pp`;
  return `${sign}${formatNumber(size, kind === "hours" ? 1 : 0)}`;
}
