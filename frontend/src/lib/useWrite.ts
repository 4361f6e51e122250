/** Submitting a form: busy state, the server's field errors, and the 412 "stale" case. */
import { useCallback, useRef, useState } from "react";
import { ApiError, fieldErrors, type Problem } from "./problem";
import { newIdempotencyKey } from "./session";
import { invalidate } from "./useData";

export interface WriteState {
  busy: boolean;
  /** Messages by field name; "" holds those that name no field of the form. */
  errors: Record<string, string>;
  problem: Problem | null;
  /** The row changed since it was read (412): the form must reload before trying again. */
  stale: boolean;
  /** A failure that is not the server's answer (network, bug). */
  failure: string | null;
}

const IDLE: WriteState = { busy: false, errors: {}, problem: null, stale: false, failure: null };

export function useWrite(fields: readonly string[]) {
  const [state, setState] = useState<WriteState>(IDLE);
  const key = fields.join(",");

  const run = useCallback(
    async <T,>(write: () => Promise<T>): Promise<T | null> => {
      setState({ ...IDLE, busy: true });
      try {
        const result = await write();
        setState(IDLE);
        invalidate();
        return result;
      } catch (error) {
        if (error instanceof ApiError) {
          setState({
            busy: false,
            errors: fieldErrors(error.problem, key.split(",")),
            problem: error.problem,
            stale: error.isStale,
            failure: null,
          });
        } else {
          setState({ ...IDLE, failure: error instanceof Error ? error.message : String(error) });
        }
        return null;
      }
    },
    [key],
  );

  const reset = useCallback(() => setState(IDLE), []);
  return { ...state, run, reset };
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
