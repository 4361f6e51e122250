import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Link, useLocation, useSearchParams } from "wouter";
import { Field } from "../../components/Field";
import { ApiError, describe, fieldErrors } from "../../lib/problem";
import { useSession } from "../../lib/session";
import { signIn, signOut } from "./api";

/** Only a path inside the dashboard (`/timeline?…`), never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/";
}

interface Failure {
  title: string;
  detail: string;
  retryAfter: number | null;
  errors: Record<string, string>;
}

/** A failed sign-in as the form shows it: the server's words, each field's message by it. */
function failureOf(error: unknown): Failure | null {
  if (error === null || error === undefined) return null;
  const { title, detail } = describe(error);
  const api = error instanceof ApiError ? error : null;
  return { title, detail, retryAfter: api?.retryAfter ?? null, errors: api ? fieldErrors(api.problem, ["email", "password"]) : {} };
}

/** The sign-in view (`#/sign-in?next=/timeline`): e-mail and password, the server's error as is. */
// long: the view's markup: the signed-in notice, the problem and two fields
export function SignInPage() {
  const [search] = useSearchParams();
  const next = safeNext(search.get("next"));
  const [, navigate] = useLocation();
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => signIn(email.trim(), password),
    onSuccess: () => {
      setPassword("");
      navigate(next, { replace: true });
    },
  });
  const busy = login.isPending;
  const failure = failureOf(login.error);
  const problemRef = useRef<HTMLDivElement>(null);
  const formId = useId();

  useEffect(() => {
    document.title = "Sign in · Shared Purpose Tracker";
  }, []);

  // Focus the first field in error, else the message, each time a sign-in fails.
  useEffect(() => {
    if (!login.error) return;
    const invalid = problemRef.current?.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? problemRef.current)?.focus();
  }, [login.error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  return (
    <>
      <div className="page-head-wrap">
        <div className="page-head">
          <h1 tabIndex={-1}>Sign in</h1>
        </div>
        <div className="lede">
          Anyone may read the dashboard where the server allows it; editing milestones, payments and
          support needs a signed-in user with an editing role.
        </div>
      </div>
      {session ? (
        <p className="notice success" role="status" data-testid="signed-in-notice">
          You are signed in as <strong>{session.me.name}</strong> ({session.me.role.replace(/_/g, " ")}).{" "}
          <Link to={next}>Continue</Link>{" "}
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      ) : null}
      <form onSubmit={submit} noValidate aria-labelledby={`${formId}-title`} className="sign-in-form" data-testid="sign-in-form">
        <h2 id={`${formId}-title`} className="visually-hidden">
          Sign in with e-mail and password
        </h2>
        {failure ? (
          <div className="notice error" role="alert" tabIndex={-1} ref={problemRef} data-testid="sign-in-problem">
            <strong>{failure.title}.</strong>
            {failure.detail && failure.detail !== failure.title ? <p>{failure.detail}</p> : null}
            {failure.errors[""] ? <p>{failure.errors[""]}</p> : null}
            {failure.retryAfter !== null ? (
              <p>
                Try again in {failure.retryAfter} {failure.retryAfter === 1 ? "second" : "seconds"}.
              </p>
            ) : null}
          </div>
        ) : null}
        <Field label="E-mail" error={failure?.errors.email}>
          {(p) => (
            <input
              {...p}
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={failure?.errors.password}>
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </form>
    </>
  );
}
