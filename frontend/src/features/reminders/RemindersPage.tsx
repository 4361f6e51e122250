import { useState, type FormEvent } from "react";
import { Link } from "wouter";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { PageHead } from "../../components/PageHead";
import { ErrorPanel, Loading } from "../../components/States";
import { useToast } from "../../components/Toast";
import { useFormWrite } from "../../lib/formWrite";
import { ApiError } from "../../lib/problem";
import { useSession } from "../../lib/session";
import { useSignInPath } from "../auth/SignInLink";
import { savePreferences, usePreferences } from "./api";
import { digestText, MAX_DAYS, MIN_DAYS, parseDays, preferencesPatch, type Preferences } from "./shape";

const LABELS = { enabled: "Send me the daily digest", days_ahead: "Days ahead", include_overdue: "Include overdue items" };

/** The form, from the preferences as read; saves only what changed. */
// long: the form's markup, one Field per input
function PreferencesForm({ saved, onSaved }: { saved: Preferences; onSaved: (p: Preferences) => void }) {
  const write = useFormWrite(LABELS);
  const [enabled, setEnabled] = useState(saved.enabled);
  const [days, setDays] = useState(String(saved.days_ahead));
  const [overdue, setOverdue] = useState(saved.include_overdue);
  const [daysError, setDaysError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const daysAhead = parseDays(days);
    if (daysAhead === null) {
      setDaysError(`Enter a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}.`);
      return;
    }
    setDaysError(null);
    const patch = preferencesPatch(saved, { enabled, days_ahead: daysAhead, include_overdue: overdue });
    const answer = await write.run(() => savePreferences(patch));
    if (answer) onSaved(answer);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="reminders-form">
      <FormProblem state={write} />
      <div className="field">
        <label>
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {LABELS.enabled}
        </label>
        {write.errors.enabled ? <p className="error">{write.errors.enabled}</p> : null}
      </div>
      <Field label={LABELS.days_ahead} hint={`Items due within this many days count as due soon (${MIN_DAYS} to ${MAX_DAYS}).`} error={daysError ?? write.errors.days_ahead}>
        {(props) => (
          <input {...props} type="number" inputMode="numeric" min={MIN_DAYS} max={MAX_DAYS} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        )}
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" name="include_overdue" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {LABELS.include_overdue}
        </label>
        {write.errors.include_overdue ? <p className="error">{write.errors.include_overdue}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" disabled={write.busy}>
          {write.busy ? "Saving…" : "Save preferences"}
        </button>
      </div>
    </form>
  );
}

/** Why there is no form: an API key is not a person (409 not-a-user), or another refusal. */
function NoPreferences({ error, retry }: { error: unknown; retry: () => void }) {
  if (error instanceof ApiError && error.status === 409) {
    return (
      <div className="notice" role="status" data-testid="not-a-user">
        <strong>{error.problem.title}.</strong> {error.problem.detail} Sign in with your own e-mail address to choose your
        reminders.
      </div>
    );
  }
  return <ErrorPanel error={error} retry={retry} />;
}

/** `/#/reminders`: the signed-in person's daily digest, on or off, and what it lists. */
export function RemindersPage() {
  const session = useSession();
  const signIn = useSignInPath();
  const prefs = usePreferences(session?.token ?? null);
  const { say, toast } = useToast();
  const [saved, setSaved] = useState<Preferences | null>(null);
  const current = saved ?? prefs.data ?? null;
  return (
    <>
      <PageHead dated={false} title="Reminders">
        <p>
          A digest is one e-mail a day listing the milestones and spend reports you are responsible for that are coming
          due or overdue; you get none on a day with nothing to list.
        </p>
      </PageHead>
      {!session ? (
        <p className="state">
          <Link to={signIn}>Sign in</Link> to choose your reminders.
        </p>
      ) : prefs.status === "pending" ? (
        <Loading what="your preferences" />
      ) : prefs.status === "error" ? (
        <NoPreferences error={prefs.error} retry={() => void prefs.refetch()} />
      ) : current ? (
        <>
          <PreferencesForm
            key={JSON.stringify(current)}
            saved={current}
            onSaved={(p) => {
              setSaved(p);
              say("Reminder preferences saved.");
            }}
          />
          <p data-testid="digest-text">{digestText(current)}</p>
        </>
      ) : null}
      {toast}
    </>
  );
}
