import { useState } from "react";
import { Badge } from "../../components/Badge";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { formatDate, formatNumber, label, shortLabel, todayIso } from "../../lib/format";
import { activityStatusAsOf } from "../../lib/replay";
import { useAsOf, useParams } from "../../lib/url";
import { SUPPORT_TYPES, useProgrammeSummary } from "../dashboard/api";
import { useTeams, type Team } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import { ActivityForm } from "./ActivityForm";
import { ACTIVITY_STATUSES, useActivities, type SupportActivity } from "./api";
import { gaps, matrixTotals, supportMatrix, type MatrixRow } from "./shape";
import { mayWrite, useSession } from "../../lib/session";
import { SignInToEdit } from "../auth/SignInLink";

function cellText(c: { activities: number; hours: number }): string {
  return c.activities ? `${c.activities} · ${formatNumber(c.hours)} h` : "–";
}

function matrixColumns(): Column<MatrixRow>[] {
  return [
    { key: "team", header: "Team", value: (r) => r.name, cell: (r) => <TeamLink id={r.id} name={r.name} /> },
    ...SUPPORT_TYPES.flatMap((type): Column<MatrixRow>[] => [
      {
        key: type,
        header: shortLabel(type),
        numeric: true,
        value: (r) => r.cells[type].activities,
        text: (r) => cellText(r.cells[type]),
        cell: (r) => (
          <span className={r.cells[type].activities ? undefined : "gap"}>
            {cellText(r.cells[type])}
            {r.cells[type].activities ? null : <span className="visually-hidden">none</span>}
          </span>
        ),
        csv: (r) => r.cells[type].activities,
      },
      { key: `${type}_hours`, header: `${shortLabel(type)} (hours)`, value: (r) => r.cells[type].hours, csvOnly: true },
    ]),
    { key: "total", header: "All support", numeric: true, value: (r) => r.activities, text: (r) => cellText(r) },
    { key: "gaps", header: "Not yet received", value: (r) => gaps(r).map(label).join("; ") },
  ];
}

function activityColumns(teamName: Map<string, string>, day: string): Column<SupportActivity>[] {
  return [
    { key: "title", header: "Activity", value: (a) => a.title },
    { key: "type", header: "Type", value: (a) => a.type, text: (a) => label(a.type) },
    {
      key: "teams",
      header: "Teams",
      value: (a) => (a.team_ids ?? []).map((id) => teamName.get(id) ?? id).join("; "),
      cell: (a) => (
        <ul className="tag-list">
          {(a.team_ids ?? []).map((id) => (
            <li key={id}>
              <TeamLink id={id} name={teamName.get(id)} />
            </li>
          ))}
        </ul>
      ),
    },
    { key: "start", header: "Start", value: (a) => a.start_date, text: (a) => formatDate(a.start_date) },
    { key: "end", header: "End", value: (a) => a.end_date, text: (a) => formatDate(a.end_date) },
    { key: "provider", header: "Provider", value: (a) => a.provider },
    { key: "format", header: "Format", value: (a) => a.format, text: (a) => label(a.format) },
    { key: "hours", header: "Hours", numeric: true, value: (a) => a.hours, text: (a) => formatNumber(a.hours) },
    { key: "people", header: "Participants", numeric: true, value: (a) => a.participant_count },
    {
      key: "status",
      header: "Status",
      value: (a) => activityStatusAsOf(a, day),
      text: (a) => label(activityStatusAsOf(a, day)),
      cell: (a) => <Badge value={activityStatusAsOf(a, day)} />,
    },
    { key: "outcomes", header: "Outcomes", value: (a) => a.outcomes, csvOnly: true },
  ];
}

export function SupportPage() {
  const programme = useProgramme();
  const session = useSession();
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const summary = useProgrammeSummary(programme.id, asOf);
  const teams = useTeams(programme.id);
  const activities = useActivities(programme.id);
  const [logging, setLogging] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const teamList: Team[] = teams.status === "ready" ? teams.data : [];
  const teamName = new Map(teamList.map((t) => [t.id, t.name]));
  const type = search.get("type");
  const status = search.get("status");
  const team = search.get("team");

  return (
    <>
      <PageHead
        title="Support"
        actions={
          mayWrite(session, "support-activities") ? (
            <button type="button" onClick={() => { setSaved(null); setLogging(true); }} disabled={teams.status !== "ready"}>
              Log a support activity
            </button>
          ) : session ? null : (
            <SignInToEdit what="log support" />
          )
        }
      >
        The support package: diagnostic and needs assessment, learning mechanisms for knowledge
        capture, learning events and coaching. The matrix counts activities delivered by the as-of
        date and their contact hours.
      </PageHead>
      {saved ? (
        <p className="notice success" role="status">
          {saved}
        </p>
      ) : null}
      <h2>Team × type of support</h2>
      <Loaded state={summary} what="the support matrix">
        {(s) => {
          const totals = matrixTotals(s.support);
          return (
            <DataTable
              id="matrix"
              caption="Support delivered by team and type"
              columns={matrixColumns()}
              rows={supportMatrix(s.by_team)}
              rowKey={(r) => r.id}
              filename="support-matrix.csv"
              footer={
                <tr data-testid="matrix-total">
                  <td>Programme (each activity once)</td>
                  {SUPPORT_TYPES.map((t) => (
                    <td key={t} className="num">
                      {cellText(totals.cells[t])}
                    </td>
                  ))}
                  <td className="num">{cellText(totals)}</td>
                  <td />
                </tr>
              }
            />
          );
        }}
      </Loaded>
      <h2>Activities</h2>
      <div className="filters" role="search" aria-label="Filter activities">
        <SelectFilter param="type" label="Type" options={enumOptions(SUPPORT_TYPES)} allLabel="All types" />
        <SelectFilter param="status" label="Status" options={enumOptions(ACTIVITY_STATUSES)} allLabel="Any status" />
        <SelectFilter param="team" label="Team" options={teamList.map((t) => ({ value: t.id, label: t.name }))} allLabel="All teams" />
      </div>
      <Loaded state={activities} what="support activities">
        {(rows) => (
          <DataTable
            id="activities"
            caption="Support activities"
            columns={activityColumns(teamName, day)}
            rows={rows.filter(
              (a) =>
                (!type || a.type === type) &&
                (!status || activityStatusAsOf(a, day) === status) &&
                (!team || (a.team_ids ?? []).includes(team)),
            )}
            rowKey={(a) => a.id}
            defaultSort="start"
            filename="support-activities.csv"
            empty="No support activities match these filters."
          />
        )}
      </Loaded>
      <Dialog title="Log a support activity" open={logging} onClose={() => setLogging(false)}>
        {logging ? (
          <ActivityForm
            programmeId={programme.id}
            teams={teamList}
            onDone={(a) => {
              setLogging(false);
              setSaved(`Saved: “${a.title}” (${label(a.type).toLowerCase()}).`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
