/**
 * Submitting a form through a TanStack mutation: busy state, the server's field errors in the
 * form's words, the 412 "stale" case, and the cache invalidated after every successful write.
 */
import { useCallback, useRef } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, fieldErrors, humanField, spoken, type Problem } from "./problem";
import { AFTER_WRITE } from "./query";
import { newIdempotencyKey } from "./session";

export interface WriteState {
  busy: boolean;
  /** Messages by field name; "" holds those that name no field of the form. */
  errors: Record<string, string>;
  /** The server's problem, its messages in the form's words (labels, money in £). */
  problem: Problem | null;
  /** The row changed since it was read (412): the form must reload before trying again. */
  stale: boolean;
  /** A failure that is not the server's answer (network, bug). */
  failure: string | null;
  /** Each field's label on the form, to name the fields in error. */
  labels: Readonly<Record<string, string>>;
}

export type Fields = readonly string[] | Readonly<Record<string, string>>;

/** The fields' labels: given (`{ paid_date: "Paid on" }`), or made from the names. */
function labelsOf(fields: Fields): Record<string, string> {
  if (!Array.isArray(fields)) return { ...(fields as Record<string, string>) };
  return Object.fromEntries((fields as readonly string[]).map((f) => [f, humanField(f)]));
}

/** What a failed write means for the form. */
export function writeState(busy: boolean, error: unknown, labels: Readonly<Record<string, string>>): WriteState {
  const idle = { busy, errors: {}, problem: null, stale: false, failure: null, labels };
  if (error === null || error === undefined) return idle;
  if (error instanceof ApiError) {
    const problem = spoken(error.problem, labels);
    return { ...idle, errors: fieldErrors(problem, Object.keys(labels)), problem, stale: error.isStale };
  }
  return { ...idle, failure: error instanceof Error ? error.message : String(error) };
}

export interface FormWrite extends WriteState {
  /** Runs `write`; its result, or null when it failed (the state then says why). */
  run: <T>(write: () => Promise<T>) => Promise<T | null>;
  reset: () => void;
  /** The same state with other labels (a form whose labels depend on what it shows). */
  withLabels: (fields: Fields) => WriteState;
}

/** `fields`: the form's field names, or better a map from each to its label on the form. */
export function useFormWrite(fields: Fields): FormWrite {
  const queries = useQueryClient();
  const mutation = useMutation<unknown, unknown, () => Promise<unknown>>({
    mutationFn: (write) => write(),
    // Any write may change any view (the read models aggregate every resource). Not awaited:
    // the form closes on success while the views reload behind it.
    onSuccess: () => void queries.invalidateQueries(AFTER_WRITE),
  });
  const { mutateAsync, reset } = mutation;
  const run = useCallback(
    async <T,>(write: () => Promise<T>): Promise<T | null> => {
      try {
        return (await mutateAsync(write)) as T;
      } catch {
        return null;
      }
    },
    [mutateAsync],
  );
  const withLabels = (other: Fields) => writeState(mutation.isPending, mutation.error, labelsOf(other));
  return { ...withLabels(fields), run, reset, withLabels };
}

/**
 * Idempotency-Key per body: resubmitting the same body (a retry after a network failure) reuses
 * its key, so the server writes once; a changed body gets a new key (the API refuses a reused
 * key with another body).
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useCallback((body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
}
