/**
 * The reminder preferences form's rules, as plain functions (tested in shape.test.ts): the days
 * typed, and the merge patch of what changed.
 */
import type { Schemas } from "../../lib/api";

export type Preferences = Schemas["ReminderPreferencesRead"];
export type PreferencesPatch = Schemas["ReminderPreferencesUpdate"];

export const MIN_DAYS = 1;
export const MAX_DAYS = 90;

/** The days typed as a whole number from 1 to 90, or null (the form says why). */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= MIN_DAYS && days <= MAX_DAYS ? days : null;
}

/** Only the fields that changed: a merge patch leaves the others as they are. */
export function preferencesPatch(before: Preferences, after: Preferences): PreferencesPatch {
  const patch: PreferencesPatch = {};
  if (after.enabled !== before.enabled) patch.enabled = after.enabled;
  if (after.days_ahead !== before.days_ahead) patch.days_ahead = after.days_ahead;
  if (after.include_overdue !== before.include_overdue) patch.include_overdue = after.include_overdue;
  return patch;
}

/** What the digest will hold, in one sentence under the form. */
export function digestText(p: Preferences): string {
  if (!p.enabled) return "You get no reminder e-mail.";
  const days = p.days_ahead === 1 ? "the next day" : `the next ${p.days_ahead} days`;
  return `Once a day you get one e-mail listing what you are responsible for that is due today or within ${days}${p.include_overdue ? ", and what is overdue" : ""} (none on a day with nothing to list).`;
}
