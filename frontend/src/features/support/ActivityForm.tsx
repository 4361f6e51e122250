import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { label } from "../../lib/format";
import { useIdempotencyKey, useWrite } from "../../lib/useWrite";
import { SUPPORT_TYPES } from "../dashboard/api";
import { TeamPicker, type Picked } from "../programmes/TeamPicker";
import { ACTIVITY_STATUSES, createActivity, SUPPORT_FORMATS, type SupportActivity, type SupportActivityCreate } from "./api";

const FIELDS = [
  "type",
  "title",
  "start_date",
  "end_date",
  "provider",
  "format",
  "hours",
  "participant_count",
  "status",
  "team_ids",
  "outcomes",
] as const;

/** Log a support activity (POST); the server checks dates, team counts and the rest. */
export function ActivityForm({
  programmeId,
  onDone,
}: {
  programmeId: string;
  onDone: (saved: SupportActivity) => void;
}) {
  const [v, setV] = useState({
    type: "coaching",
    title: "",
    start_date: "",
    end_date: "",
    provider: "",
    format: "in_person",
    hours: "0",
    participant_count: "0",
    status: "delivered",
    outcomes: "",
  });
  const [teams, setTeams] = useState<Picked[]>([]);
  const teamIds = teams.map((t) => t.id);
  const write = useWrite(FIELDS);
  const idempotencyKey = useIdempotencyKey();
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [name]: e.target.value }));
  const number = (text: string) => (text.trim() === "" ? NaN : Number(text));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      programme_id: programmeId,
      type: v.type,
      title: v.title,
      start_date: v.start_date,
      end_date: v.end_date,
      provider: v.provider,
      format: v.format,
      hours: number(v.hours),
      participant_count: number(v.participant_count),
      status: v.status,
      outcomes: v.outcomes,
      team_ids: teamIds,
    } as SupportActivityCreate;
    const saved = await write.run(() => createActivity(body, idempotencyKey(body)));
    if (saved) onDone(saved.data);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="activity-form">
      <FormProblem state={write} />
      <div className="form-grid">
        <Field label="Type" error={write.errors.type}>
          {(p) => (
            <select {...p} name="type" value={v.type} onChange={set("type")}>
              {SUPPORT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {label(t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status" error={write.errors.status}>
          {(p) => (
            <select {...p} name="status" value={v.status} onChange={set("status")}>
              {ACTIVITY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Title" error={write.errors.title}>
        {(p) => <input {...p} name="title" value={v.title} onChange={set("title")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-grid">
        <Field label="Start date" error={write.errors.start_date}>
          {(p) => <input {...p} name="start_date" type="date" value={v.start_date} onChange={set("start_date")} />}
        </Field>
        <Field label="End date" error={write.errors.end_date}>
          {(p) => <input {...p} name="end_date" type="date" value={v.end_date} onChange={set("end_date")} />}
        </Field>
        <Field label="Provider" error={write.errors.provider}>
          {(p) => <input {...p} name="provider" value={v.provider} onChange={set("provider")} />}
        </Field>
        <Field label="Format" error={write.errors.format}>
          {(p) => (
            <select {...p} name="format" value={v.format} onChange={set("format")}>
              {SUPPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {label(f)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Contact hours" error={write.errors.hours}>
          {(p) => <input {...p} name="hours" inputMode="decimal" value={v.hours} onChange={set("hours")} />}
        </Field>
        <Field label="Participants" error={write.errors.participant_count}>
          {(p) => <input {...p} name="participant_count" inputMode="numeric" value={v.participant_count} onChange={set("participant_count")} />}
        </Field>
      </div>
      <fieldset
        className="field"
        aria-describedby={write.errors.team_ids ? "team-ids-error" : "team-ids-hint"}
        aria-invalid={write.errors.team_ids ? true : undefined}
      >
        <legend>Teams supported</legend>
        <p className="hint" id="team-ids-hint">
          Coaching and diagnostics serve exactly one team; learning events one or more.
        </p>
        <TeamPicker
          label="Add a team"
          programmeId={programmeId}
          value={null}
          placeholder="Type a team's name"
          testId="activity-team"
          onChange={(t) => t && setTeams((old) => (old.some((x) => x.id === t.id) ? old : [...old, t]))}
        />
        <ul className="chips" aria-label="Teams chosen" data-testid="activity-teams">
          {teams.length === 0 ? <li className="hint">None yet.</li> : null}
          {teams.map((t) => (
            <li key={t.id}>
              {t.name}
              <button type="button" className="link" onClick={() => setTeams((old) => old.filter((x) => x.id !== t.id))}>
                Remove<span className="visually-hidden"> {t.name}</span>
              </button>
            </li>
          ))}
        </ul>
        {write.errors.team_ids ? (
          <p className="error" id="team-ids-error">
            <span className="visually-hidden">Error: </span>
            {write.errors.team_ids}
          </p>
        ) : null}
      </fieldset>
      <Field label="Outcomes" error={write.errors.outcomes}>
        {(p) => <textarea {...p} name="outcomes" rows={3} value={v.outcomes} onChange={set("outcomes")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy}>
          {write.busy ? "Saving…" : "Log activity"}
        </button>
      </div>
    </form>
  );
}
