/** Small helpers the edit forms share: a merge patch of what changed, and a number box's value. */

/** The fields of `values` that differ from `row` (arrays compared by content): a merge patch. */
export function changes(row: object, values: object): Record<string, unknown> {
  const was = row as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, now] of Object.entries(values)) {
    if (JSON.stringify(now ?? null) !== JSON.stringify(was[key] ?? null)) patch[key] = now;
  }
  return patch;
}

/** The value a number box holds: NaN when empty, so the server names the field. */
export function numberOf(text: string): number {
  return text.trim() === "" ? NaN : Number(text);
}
