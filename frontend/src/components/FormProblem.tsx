import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { useAddress } from "../lib/router";
import { signInPath } from "../lib/session";
import type { WriteState } from "../lib/formWrite";

/**
 * The form-level message: the problem's title and detail (and errors that name no field), or
 * the "changed by someone else" notice on 412 with a reload button. Takes focus when it appears.
 */
// long: one branch per kind of failure (stale, network, 401, 403, field errors)
export function FormProblem({ state, onReload }: { state: WriteState; onReload?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const address = useAddress();
  const shown = state.stale || state.problem !== null || state.failure !== null;
  useEffect(() => {
    if (!shown) return;
    // Focus the first field in error, else this message.
    const form = ref.current?.closest("form");
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? ref.current)?.focus();
  }, [shown, state.problem, state.stale]);
  if (!shown) return null;
  if (state.stale) {
    return (
      <div className="notice error" role="alert" tabIndex={-1} ref={ref} data-testid="stale-notice">
        <strong>Changed by someone else.</strong> This row was changed since you opened it, so your
        change was not saved. Reload to see the latest version, then make your change again.
        {onReload ? (
          <div className="form-actions">
            <button type="button" onClick={onReload}>
              Reload
            </button>
          </div>
        ) : null}
      </div>
    );
  }
  if (state.failure) {
    return (
      <div className="notice error" role="alert" tabIndex={-1} ref={ref}>
        <strong>Not saved.</strong> {state.failure}
      </div>
    );
  }
  const problem = state.problem!;
  if (problem.status === 401) {
    return (
      <div className="notice error" role="alert" tabIndex={-1} ref={ref} data-testid="form-problem">
        <strong>Not saved: sign in to edit.</strong> Your session has ended or you are not signed in.{" "}
        <Link to={signInPath(address)}>Sign in</Link>, then make your change again.
      </div>
    );
  }
  if (problem.status === 403) {
    return (
      <div className="notice error" role="alert" tabIndex={-1} ref={ref} data-testid="form-problem">
        <strong>Not saved: {problem.title}.</strong> Your role may not make this change.
        {problem.detail && problem.detail !== problem.title ? <p>{problem.detail}</p> : null}
      </div>
    );
  }
  const unplaced = state.errors[""];
  const named = Object.keys(state.errors).filter((k) => k !== "");
  const fieldCount = named.length;
  const names = named.map((k) => `“${state.labels[k] ?? k}”`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return (
    <div className="notice error" role="alert" tabIndex={-1} ref={ref} data-testid="form-problem">
      <strong>Not saved: {problem.title}.</strong>
      {fieldCount > 0 ? ` Check ${list} below.` : null}
      {unplaced ? <p>{unplaced}</p> : fieldCount === 0 && problem.detail && problem.detail !== problem.title ? <p>{problem.detail}</p> : null}
    </div>
  );
}
