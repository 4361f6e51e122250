/** URL state: filters, table sorting and the as-of date live in the query string. */
import { useCallback, useContext } from "react";
import { useSearchParams } from "wouter";
import { ProgrammeContext } from "../features/programmes/context";
import { isIsoDate, todayIso } from "./format";

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

/** `?as_of=today`: today, asked for in so many words (a programme that has ended opens on its end). */
export const TODAY = "today";

/**
 * The day a view replays, or null for today. `as_of` in the URL wins (`today` for today); without
 * one, a programme that has ended opens on its last day, and a running one on today. An invalid
 * value counts as absent.
 */
export function resolveAsOf(raw: string | null, end: string | null | undefined, today: string): string | null {
  if (raw === TODAY) return null;
  if (isIsoDate(raw)) return raw;
  return end && end < today ? end : null;
}

/** The as-of day `search` asks for (null: today), given the programme's last day `end`. */
export function readAsOf(search: URLSearchParams, end?: string | null): string | null {
  return resolveAsOf(search.get("as_of"), end, todayIso());
}

/** What to put in `as_of` to show `day` (null: today): nothing when it is the default. */
export function asOfParam(day: string | null, end: string | null | undefined, today: string): string | null {
  if (day === resolveAsOf(null, end, today)) return null;
  return day ?? TODAY;
}

/**
 * The as-of day of the programme shown (or of the programme ending on `end`, for controls outside
 * the programme's context), and a setter taking a day or null for today.
 */
export function useAsOf(end?: string): [string | null, (value: string | null) => void] {
  const [search, update] = useParams();
  const programme = useContext(ProgrammeContext);
  const last = end ?? programme?.end_date;
  const set = useCallback(
    (value: string | null) => update({ as_of: asOfParam(value, last, todayIso()) }),
    [update, last],
  );
  return [resolveAsOf(search.get("as_of"), last, todayIso()), set];
}
