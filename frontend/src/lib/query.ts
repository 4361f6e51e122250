/**
 * The dashboard's one query cache (TanStack Query): every read is a `useQuery` under a key that
 * names all its inputs (programme, as-of day, filters, cursor), and every write invalidates the
 * cache, since the read models aggregate every resource and any write may change any view.
 */
import { QueryClient, type InvalidateQueryFilters, type QueryKey } from "@tanstack/react-query";
import { ApiError } from "./problem";

/** A refusal (4xx) will not change on retry; a network failure or a 5xx gets one more try. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof DOMException && error.name === "AbortError") return false;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 1;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data changes only through writes, which invalidate: a view read once stays fresh, so
        // going back to it costs no request (the request budgets count on it).
        staleTime: Infinity,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = makeQueryClient();

/**
 * What a write makes stale: every view's data, but not a row open in an edit form (it is read
 * afresh whenever a form opens, and the form closes on save).
 */
export const AFTER_WRITE: InvalidateQueryFilters = { predicate: (query) => query.queryKey[0] !== "edit" };

/** After sign-in or sign-out: reload what is on screen, mark the rest stale. */
export function invalidateAll(): Promise<void> {
  return queryClient.invalidateQueries(AFTER_WRITE);
}

/** Reads only a signed-in role may make (the audit trail): dropped at sign-out, not reloaded
 * without the session (which would be refused, 401). */
export const SIGNED_IN_ONLY: QueryKey[] = [["audit"]];

/** After sign-out: forget what only the session could read, then reload the rest. */
export function forgetSession(): Promise<void> {
  for (const queryKey of SIGNED_IN_ONLY) queryClient.removeQueries({ queryKey });
  return invalidateAll();
}

/** `null` leaves a query disabled (it waits for its inputs). */
export type Key = QueryKey | null;

/** The as-of part of a key: the day asked for, or "today" (the API's default). */
export function dayKey(asOf: string | null): string {
  return asOf ?? "today";
}
