/** Submitting a form: busy state, the server's field errors, and the 412 "stale" case. */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, fieldErrors, humanField, spoken, type Problem } from "./problem";
import { newIdempotencyKey } from "./session";
import { invalidate } from "./useData";

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

const IDLE = { busy: false, errors: {}, problem: null, stale: false, failure: null };

/** The fields' labels: given (`{ paid_date: "Paid on" }`), or made from the names. */
function labelsOf(fields: readonly string[] | Readonly<Record<string, string>>): Record<string, string> {
  if (!Array.isArray(fields)) return { ...(fields as Record<string, string>) };
  return Object.fromEntries((fields as readonly string[]).map((f) => [f, humanField(f)]));
}

/** `fields`: the form's field names, or better a map from each to its label on the form. */
export function useWrite(fields: readonly string[] | Readonly<Record<string, string>>) {
  const [state, setState] = useState<Omit<WriteState, "labels">>(IDLE);
  const labels = labelsOf(fields);
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });

  const run = useCallback(async <T,>(write: () => Promise<T>): Promise<T | null> => {
    setState({ ...IDLE, busy: true });
    try {
      const result = await write();
      setState(IDLE);
      invalidate();
      return result;
    } catch (error) {
      if (error instanceof ApiError) {
        const problem = spoken(error.problem, labelsRef.current);
        setState({
          busy: false,
          errors: fieldErrors(problem, Object.keys(labelsRef.current)),
          problem,
          stale: error.isStale,
          failure: null,
        });
      } else {
        setState({ ...IDLE, failure: error instanceof Error ? error.message : String(error) });
      }
      return null;
    }
  }, []);

  const reset = useCallback(() => setState(IDLE), []);
  return { ...state, labels, run, reset };
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
