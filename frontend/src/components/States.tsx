import type { ReactNode } from "react";
import { Link } from "wouter";
import { useAddress } from "../lib/router";
import { ApiError, describe } from "../lib/problem";
import { signInPath } from "../lib/session";
import type { UseQueryResult } from "@tanstack/react-query";

export function Loading({ what = "data" }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

/** While a form's code loads. */
export function FormLoading() {
  return <Loading what="the form" />;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state">{children}</p>;
}

export function ErrorPanel({ error, retry }: { error: unknown; retry?: () => void }) {
  const { title, detail } = describe(error);
  const address = useAddress();
  const needsSignIn = error instanceof ApiError && error.needsSignIn;
  return (
    <div className="state error" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title ? <p>{detail}</p> : null}
      {needsSignIn ? (
        <p>
          <Link to={signInPath(address)} data-testid="sign-in-to-read">
            Sign in to see this
          </Link>
        </p>
      ) : null}
      {retry ? (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Renders loading, error or `children(data)`: no view is ever a blank screen. */
export function Loaded<T>({
  state,
  what,
  children,
}: {
  state: UseQueryResult<T>;
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === "pending") return <Loading what={what} />;
  if (state.status === "error") return <ErrorPanel error={state.error} retry={() => void state.refetch()} />;
  return <>{children(state.data)}</>;
}
