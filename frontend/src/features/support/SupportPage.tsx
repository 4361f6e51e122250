import { useState } from "react";
import { useToast } from "../../components/Toast";
import { Badge } from "../../components/Badge";
import { statusLabel, statusOptions } from "../../lib/labels";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { Dialog } from "../../components/Dialog";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { formatDate, formatNumber, label, shortLabel, todayIso } from "../../lib/format";
import { activityStatusAsOf } from "../../lib/replay";
import { useAsOf, useParams } from "../../lib/url";
import type { Page } from "../../lib/api";
import { usePaged } from "../../lib/paging";
import { SUPPORT_TYPES, useProgrammeSummary, type TeamBreakdown } from "../dashboard/api";
import { FiguresTable, nameColumn, useTeamFigures, type FiguresColumn } from "../dashboard/TeamFiguresTable";
import { TeamFilter } from "../programmes/TeamPicker";
import { NameTeamsButton, useTeamNames } from "../programmes/teams";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import { ActivityForm } from "./ActivityForm";
import { loadActivities, type SupportActivity } from "./api";
import { gaps, matrixCells, matrixTotals, type SupportType } from "./shape";
import { useCan, useMay } from "../../lib/permissions";
import { useSession } from "../../lib/session";
import { useRowEditing } from "../../components/RowEditing";
import { ACTIVITY } from "./write";
import { SignInToEdit } from "../auth/SignInLink";

function cellText(c: { activities: number; hours: number }): string {
  return c.activities ? `${c.activities} · ${formatNumber(c.hours)} h` : "–";
}

function matrixColumns(): FiguresColumn[] {
  const cellOf = (t: TeamBreakdown, type: SupportType) => matrixCells(t.support)[type];
  const all = (t: TeamBreakdown) => {
    const c = matrixCells(t.support);
    return {
      activities: SUPPORT_TYPES.reduce((n, type) => n + c[type].activities, 0),
      hours: SUPPORT_TYPES.reduce((n, type) => n + c[type].hours, 0),
    };
  };
  return [
    nameColumn,
    ...SUPPORT_TYPES.flatMap((type): FiguresColumn[] => [
      {
        key: type,
        header: shortLabel(type),
        numeric: true,
        value: (t) => cellOf(t, type).activities,
        text: (t) => cellText(cellOf(t, type)),
        cell: (t) => (
          <span className={cellOf(t, type).activities ? undefined : "gap"}>
            {cellText(cellOf(t, type))}
            {cellOf(t, type).activities ? null : <span className="visually-hidden">none</span>}
          </span>
        ),
        csv: (t) => cellOf(t, type).activities,
      },
      { key: `${type}_hours`, header: `${shortLabel(type)} (hours)`, value: (t) => cellOf(t, type).hours, csvOnly: true },
    ]),
    { key: "total", header: "All support", numeric: true, value: (t) => all(t).activities, text: (t) => cellText(all(t)) },
    { key: "gaps", header: "Not yet received", value: (t) => gaps(matrixCells(t.support)).map(label).join("; ") },
  ];
}

function activityColumns(teamName: (id: string) => string | undefined, day: string): PagedColumn<SupportActivity>[] {
  return [
    { key: "title", header: "Activity", sortBy: "title", value: (a) => a.title },
    { key: "type", header: "Type", sortBy: "type", value: (a) => a.type, text: (a) => label(a.type) },
    {
      key: "teams",
      header: "Teams",
      value: (a) => (a.team_ids ?? []).map((id) => teamName(id) ?? id).join("; "),
      cell: (a) => (
        <ul className="tag-list">
          {(a.team_ids ?? []).map((id) => (
            <li key={id}>
              <TeamLink id={id} name={teamName(id) ?? "Team"} />
            </li>
          ))}
        </ul>
      ),
    },
    { key: "start", header: "Start", sortBy: "start_date", value: (a) => a.start_date, text: (a) => formatDate(a.start_date) },
    { key: "end", header: "End", minor: true, value: (a) => a.end_date, text: (a) => formatDate(a.end_date) },
    { key: "provider", header: "Provider", minor: true, value: (a) => a.provider },
    { key: "format", header: "Format", minor: true, value: (a) => a.format, text: (a) => label(a.format) },
    { key: "hours", header: "Hours", numeric: true, minor: true, value: (a) => a.hours, text: (a) => formatNumber(a.hours) },
    { key: "people", header: "Participants", numeric: true, minor: true, value: (a) => a.participant_count },
    {
      key: "status",
      header: "Status",
      value: (a) => activityStatusAsOf(a, day),
      text: (a) => statusLabel("activity", activityStatusAsOf(a, day)),
      cell: (a) => <Badge value={activityStatusAsOf(a, day)} />,
    },
    { key: "outcomes", header: "Outcomes", value: (a) => a.outcomes, csvOnly: true },
  ];
}

const MATRIX = matrixColumns();

// long: the view's markup (matrix, filters, the paged table, the dialogs)
export function SupportPage() {
  const programme = useProgramme();
  const session = useSession();
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const summary = useProgrammeSummary(programme.id, asOf);
  const matrix = useTeamFigures("matrix", programme.id, asOf, MATRIX);
  const [logging, setLogging] = useState(false);
  const { say: setSaved, toast } = useToast();
  const canLog = useCan("support-activities", "write");
  const may = useMay();
  // A team editor edits the activities of its own teams only.
  const editing = useRowEditing({
    resource: ACTIVITY,
    what: "support activity",
    editTitle: "Change a support activity",
    mayWrite: may("support-activities", "write") ? (a: SupportActivity) => may("support-activities", "write", a.team_ids ?? []) : null,
    form: (id, onDone) => <ActivityForm programmeId={programme.id} id={id} onDone={onDone} />,
    savedMessage: (a) => `Saved: “${a.title}” (${label(a.type).toLowerCase()}).`,
    say: setSaved,
  });
  const type = search.get("type");
  const status = search.get("status");
  const team = search.get("team");
  const placeholder = activityColumns(() => undefined, day);
  const { apiSort, q } = useTableQuery("activities", placeholder, "start");
  const activities = usePaged<SupportActivity, Page<SupportActivity>>(
    ["activities", programme.id, type ?? "", status ?? "", team ?? "", apiSort ?? "", q],
    (cursor) => loadActivities(programme.id, { type, status, teamId: team, sort: apiSort, q }, cursor),
  );
  // Name the page's teams once the matrix (which names a page of teams) has answered.
  const ids =
    activities.state.status === "success" && matrix.state.status !== "pending"
      ? activities.state.data.items.flatMap((a) => a.team_ids ?? [])
      : null;
  const names = useTeamNames(programme.id, ids, summary.status === "success" ? summary.data.teams.total : null);

  return (
    <>
      <PageHead
        title="Support"
        actions={
          canLog ? (
            <button type="button" onClick={() => { setSaved(null); setLogging(true); }}>
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
      {toast}
      <h2>Team × type of support</h2>
      <FiguresTable
        id="matrix"
        caption="Support delivered by team and type"
        columns={MATRIX}
        paged={matrix}
        filename="support-matrix.csv"
        footer={() =>
          summary.status === "success" ? (
            <tr data-testid="matrix-total">
              <td>Programme (each activity once)</td>
              {SUPPORT_TYPES.map((t) => (
                <td key={t} className="num">
                  {cellText(matrixTotals(summary.data.support).cells[t])}
                </td>
              ))}
              <td className="num">{cellText(matrixTotals(summary.data.support))}</td>
              <td />
            </tr>
          ) : null
        }
      />
      <h2>Activities</h2>
      <div className="filters" role="search" aria-label="Filter activities">
        <SelectFilter param="type" label="Type" options={enumOptions(SUPPORT_TYPES)} allLabel="All types" />
        <SelectFilter param="status" label="Recorded status" options={statusOptions("activity")} allLabel="Any status" />
        <TeamFilter programmeId={programme.id} />
      </div>
      <PagedTable
        id="activities"
        caption="Support activities"
        columns={activityColumns(names.name, day)}
        paged={activities}
        rowKey={(a) => a.id}
        search="Search activities (title, provider)"
        defaultSort="start"
        filename="support-activities.csv"
        empty="No support activities match these filters."
        note={() => <NameTeamsButton names={names} />}
        actions={editing.actions}
      />
      {editing.dialogs}
      <Dialog title="Log a support activity" open={logging} onClose={() => setLogging(false)}>
        {logging ? (
          <ActivityForm
            programmeId={programme.id}
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
