/**
 * What a keystroke in the as-of box means. A date input reports a whole, valid date at every
 * step of typing the year (0002, 0020, 0201, 2013) and of the day (2013-06-03, 2013-06-30), so
 * the box applies a day only when it lies in the input's range, and only once typing pauses.
 */
import { isIsoDate } from "../lib/format";

export const EARLIEST = "2000-01-01";
export const LATEST = "2100-12-31";
/** How long typing must pause before a day is applied (a blur or Enter applies it at once). */
export const SETTLE_MS = 600;

/** `null`: back to today (the box was cleared); a day to apply; `undefined`: not a day yet. */
export function draftDay(value: string): string | null | undefined {
  if (value === "") return null;
  if (!isIsoDate(value) || value < EARLIEST || value > LATEST) return undefined;
  return value;
}
