/** Small helpers the edit forms share: a merge patch of what changed, and a row's ETag. */

/** The fields of `values` that differ from `row` (arrays compared by content): a merge patch. */
export function changes(row: object, values: object): Record<string, unknown> {
  const was = row as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, now] of Object.entries(values)) {
    if (JSON.stringify(now ?? null) !== JSON.stringify(was[key] ?? null)) patch[key] = now;
  }
  return patch;
}

/** The ETag to send back as If-Match: the response's, or made from the row's version. */
export function etagOf(loaded: { data: { version: number }; etag: string | null }): string {
  return loaded.etag ?? `"${loaded.data.version}"`;
}

/** The value a number box holds: NaN when empty, so the server names the field. */
export function numberOf(text: string): number {
  return text.trim() === "" ? NaN : Number(text);
}
