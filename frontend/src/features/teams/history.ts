/** Shaping audit events for the team page's history (pure, unit-tested). */

const SKIP = new Set(["id", "version", "created_at", "updated_at"]);

type Row = Record<string, unknown> | null;

/** The fields a write changed (all of them for a create or delete), bookkeeping left out. */
export function changedFields(before: Row, after: Row): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((k) => !SKIP.has(k))
    .filter((k) => before === null || after === null || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort();
}

/** What the row is called: its title, name or identifier, as the API showed it. */
export function rowName(before: Row, after: Row): string {
  const row = after ?? before ?? {};
  for (const key of ["title", "name", "identifier", "ref"]) {
    const value = row[key];
    if (typeof value === "string" && value) return value;
  }
  return "";
}

/** `2026-11-26T09:05:00+00:00` → `26 Nov 2026, 09:05` (the reader's time zone). */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
