/** URL state: filters, table sorting and the as-of date live in the query string. */
import { useCallback } from "react";
import { useSearchParams } from "wouter";
import { isIsoDate } from "./format";

/** Parameters that follow you from view to view. */
export const GLOBAL_PARAMS = ["programme", "as_of"] as const;

/** The query string to carry over to another view (programme and as-of date only). */
export function carry(search: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const name of GLOBAL_PARAMS) {
    const value = search.get(name);
    if (value) next.set(name, value);
  }
  const s = next.toString();
  return s ? `?${s}` : "";
}

/** A copy of `search` with `changes` applied; null or "" removes a parameter. */
export function withParams(
  search: URLSearchParams,
  changes: Record<string, string | null | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") next.delete(name);
    else next.set(name, value);
  }
  return next;
}

export function useParams(): [
  URLSearchParams,
  (changes: Record<string, string | null | undefined>, opts?: { replace?: boolean }) => void,
] {
  const [search, setSearch] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null | undefined>, opts?: { replace?: boolean }) => {
      setSearch((prev) => withParams(prev, changes), { replace: opts?.replace ?? false });
    },
    [setSearch],
  );
  return [search, update];
}

export function useParam(
  name: string,
): [string | null, (value: string | null, opts?: { replace?: boolean }) => void] {
  const [search, update] = useParams();
  const set = useCallback(
    (value: string | null, opts?: { replace?: boolean }) => update({ [name]: value }, opts),
    [name, update],
  );
  return [search.get(name), set];
}

/** The as-of date from the URL, or null for "today" (an invalid value counts as today). */
export function readAsOf(search: URLSearchParams): string | null {
  const value = search.get("as_of");
  return isIsoDate(value) ? value : null;
}

export function useAsOf(): [string | null, (value: string | null) => void] {
  const [search, update] = useParams();
  const set = useCallback((value: string | null) => update({ as_of: value }), [update]);
  return [readAsOf(search), set];
}
