/** An indicator's change in its own terms: percentages in percentage points, money in £. */
import { formatMoney, formatNumber } from "../../lib/format";

const MONEY_UNITS = new Set(["£", "gbp", "pounds", "£k"]);

export function formatChange(change: number, unit: string, measure?: string): string {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "";
  const size = Math.abs(change);
  const u = unit.trim().toLowerCase();
  if (measure === "percentage" || u === "%") return `${sign}${formatNumber(size, 1)} pp`;
  if (MONEY_UNITS.has(u)) return `${sign}${formatMoney(Math.round(size * (u === "£k" ? 100_000 : 100)), "GBP")}`;
  return `${sign}${formatNumber(size, 2)}${unit ? ` ${unit}` : ""}`;
}
