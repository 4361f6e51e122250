/** Sorting and filtering for DataTable, kept pure so they can be unit-tested. */

export type SortValue = string | number | boolean | null | undefined;

export interface SortSpec {
  key: string;
  desc: boolean;
}

/** `-amount` → {key: "amount", desc: true}. */
export function parseSort(text: string | null | undefined): SortSpec | null {
  if (!text) return null;
  const desc = text.startsWith("-");
  const key = desc ? text.slice(1) : text;
  return key ? { key, desc } : null;
}

export function formatSort(spec: SortSpec): string {
  return `${spec.desc ? "-" : ""}${spec.key}`;
}

/** Clicking a header: ascending first, then descending, then back to ascending. */
export function nextSort(current: SortSpec | null, key: string): SortSpec {
  if (current && current.key === key) return { key, desc: !current.desc };
  return { key, desc: false };
}

/** Missing values sort last in both directions; text compares naturally ("Team 2" < "Team 10"). */
export function compareValues(a: SortValue, b: SortValue): number {
  const aMissing = a === null || a === undefined || a === "";
  const bMissing = b === null || b === undefined || b === "";
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b), "en-GB", { numeric: true, sensitivity: "base" });
}

export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, desc: boolean): T[] {
  const indexed = rows.map((row, i) => ({ row, i, v: value(row) }));
  indexed.sort((x, y) => {
    const xMissing = x.v === null || x.v === undefined || x.v === "";
    const yMissing = y.v === null || y.v === undefined || y.v === "";
    if (xMissing !== yMissing) return xMissing ? 1 : -1;
    const c = compareValues(x.v, y.v);
    return (desc ? -c : c) || x.i - y.i;
  });
  return indexed.map((x) => x.row);
}

/** Every word of the query must appear somewhere in the row's text (case-insensitive). */
export function matchesQuery(text: string, query: string): boolean {
  const haystack = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
