/** Submitting a form: busy state, the server's field errors, and the 412 "stale" case. */
import { useCallback, useState } from "react";
import { ApiError, fieldErrors, type Problem } from "./problem";
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
