import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { changes, numberOf } from "../../lib/edit";
import { useEditableRow, type EditableRow } from "../../lib/editable";
import { useIdempotencyKey } from "../../lib/formWrite";
import { label } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import { SUPPORT_TYPES } from "../dashboard/api";
import { TeamPicker, type Picked } from "../programmes/TeamPicker";
import { knownTeamName, loadTeam } from "../programmes/teams";
import { ACTIVITY_STATUSES, createActivity, SUPPORT_FORMATS, type SupportActivity, type SupportActivityCreate } from "./api";
import { ACTIVITY, type SupportActivityUpdate } from "./write";

/** Each field and its label on the form: API messages name fields by these labels. */
const LABELS = {
  type: "Type",
  title: "Title",
  start_date: "Start date",
  end_date: "End date",
  provider: "Provider",
  format: "Format",
  hours: "Contact hours",
  participant_count: "Participants",
  status: "Status",
  team_ids: "Teams supported",
  outcomes: "Outcomes",
} as const;

/** The activity's teams by name: known from what the dashboard read, else looked up. */
function named(teamIds: readonly string[]): Promise<Picked[]> {
  return Promise.all(
    teamIds.map(async (teamId) => {
      const known = knownTeamName(teamId) ?? (await loadTeam(teamId).catch(() => null))?.name;
      return { id: teamId, name: known ?? "Team" };
    }),
  );
}

/**
 * Log a support activity (POST), or change one (`id`: read afresh with its ETag, prefilled, sent
 * as a merge patch with If-Match); the server checks dates, team counts and the rest.
 */
export function ActivityForm({
  programmeId,
  id = null,
  onDone,
}: {
  programmeId: string;
  id?: string | null;
  onDone: (saved: SupportActivity) => void;
}) {
  const edit = useEditableRow(ACTIVITY, id, LABELS);
  const teamIds = edit.row?.team_ids ?? [];
  const teams = useQuery({ queryKey: ["team-names-of", teamIds], queryFn: () => named(teamIds), enabled: edit.row !== null });
  const { query } = edit;
  if (!id) return <ActivityFormBody programmeId={programmeId} row={null} edit={edit} teams={[]} onDone={onDone} />;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  if (query.status === "pending" || teams.status !== "success") return <Loading what="the activity" />;
  return <ActivityFormBody key={edit.etag} programmeId={programmeId} row={query.data.data} edit={edit} teams={teams.data} onDone={onDone} />;
}

// long: the form's markup, one Field per input, and the teams chosen
function ActivityFormBody({
  programmeId,
  row,
  edit,
  teams: startTeams,
  onDone,
}: {
  programmeId: string;
  /** The activity being changed, or null to log one. */
  row: SupportActivity | null;
  edit: EditableRow<SupportActivity, SupportActivityUpdate>;
  teams: Picked[];
  onDone: (saved: SupportActivity) => void;
}) {
  const [v, setV] = useState({
    type: row?.type ?? "coaching",
    title: row?.title ?? "",
    start_date: row?.start_date ?? "",
    end_date: row?.end_date ?? "",
    provider: row?.provider ?? "",
    format: row?.format ?? "in_person",
    hours: String(row?.hours ?? 0),
    participant_count: String(row?.participant_count ?? 0),
    status: row?.status ?? "delivered",
    outcomes: row?.outcomes ?? "",
  });
  const [teams, setTeams] = useState<Picked[]>(startTeams);
  const teamIds = teams.map((t) => t.id);
  const { write } = edit;
  const idempotencyKey = useIdempotencyKey();
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = {
      ...v,
      hours: numberOf(v.hours),
      participant_count: numberOf(v.participant_count),
      team_ids: teamIds,
    } as Omit<SupportActivityCreate, "programme_id">;
    const body = { programme_id: programmeId, ...fields } as SupportActivityCreate;
    const saved =
      row === null
        ? await write.run(async () => (await createActivity(body, idempotencyKey(body))).data)
        : await edit.save(changes(row, fields) as SupportActivityUpdate);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="activity-form">
      <FormProblem state={write} onReload={row ? edit.reload : undefined} />
      <div className="form-grid">
        <Field label={LABELS.type} error={write.errors.type}>
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
        <Field label={LABELS.status} error={write.errors.status}>
          {(p) => (
            <select {...p} name="status" value={v.status} onChange={set("status")}>
              {ACTIVITY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel("activity", s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={LABELS.title} error={write.errors.title}>
        {(p) => <input {...p} name="title" value={v.title} onChange={set("title")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-grid">
        <Field label={LABELS.start_date} error={write.errors.start_date}>
          {(p) => <input {...p} name="start_date" type="date" value={v.start_date} onChange={set("start_date")} />}
        </Field>
        <Field label={LABELS.end_date} error={write.errors.end_date}>
          {(p) => <input {...p} name="end_date" type="date" value={v.end_date} onChange={set("end_date")} />}
        </Field>
        <Field label={LABELS.provider} error={write.errors.provider}>
          {(p) => <input {...p} name="provider" value={v.provider} onChange={set("provider")} />}
        </Field>
        <Field label={LABELS.format} error={write.errors.format}>
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
        <Field label={LABELS.hours} error={write.errors.hours}>
          {(p) => <input {...p} name="hours" inputMode="decimal" value={v.hours} onChange={set("hours")} />}
        </Field>
        <Field label={LABELS.participant_count} error={write.errors.participant_count}>
          {(p) => <input {...p} name="participant_count" inputMode="numeric" value={v.participant_count} onChange={set("participant_count")} />}
        </Field>
      </div>
      <fieldset
        className="field"
        aria-describedby={write.errors.team_ids ? "team-ids-error" : "team-ids-hint"}
        aria-invalid={write.errors.team_ids ? true : undefined}
      >
        <legend>{LABELS.team_ids}</legend>
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
      <Field label={LABELS.outcomes} error={write.errors.outcomes}>
        {(p) => <textarea {...p} name="outcomes" rows={3} value={v.outcomes} onChange={set("outcomes")} style={{ width: "100%" }} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale}>
          {write.busy ? "Saving…" : row ? "Save activity" : "Log activity"}
        </button>
      </div>
    </form>
  );
}
