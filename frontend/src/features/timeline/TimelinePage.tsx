import { useState } from "react";
import { Badge } from "../../components/Badge";
import { Chart } from "../../components/Chart";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { formatDate, formatNumber, label, plural } from "../../lib/format";
import { useAsOf, useParams } from "../../lib/url";
import { MILESTONE_STATUSES, useProgrammeTimeline, type MilestoneAsOf } from "../dashboard/api";
import { MILESTONE_KINDS } from "../milestones/api";
import { MilestoneForm } from "../milestones/MilestoneForm";
import { useTeams } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import { mayWrite, useSession } from "../../lib/session";
import { SignInToEdit } from "../auth/SignInLink";
import { filterMilestones, firstLanes, lanes, statusCounts, timelineOption, timeRange } from "./shape";

export function milestoneColumns(all: readonly MilestoneAsOf[], withTeam = true): Column<MilestoneAsOf>[] {
  const titles = new Map(all.map((m) => [m.id, m.title]));
  const columns: Column<MilestoneAsOf>[] = [
    {
      key: "team",
      header: "Team",
      value: (m) => m.team_name ?? "Programme-wide",
      cell: (m) => <TeamLink id={m.team_id} name={m.team_name} />,
    },
    { key: "title", header: "Milestone", value: (m) => m.title },
    { key: "kind", header: "Kind", value: (m) => m.kind, text: (m) => label(m.kind) },
    { key: "due", header: "Due", value: (m) => m.due_date, text: (m) => formatDate(m.due_date) },
    {
      key: "completed",
      header: "Completed",
      value: (m) => m.completed_date ?? null,
      text: (m) => (m.completed_date ? formatDate(m.completed_date) : ""),
    },
    { key: "status", header: "Status", value: (m) => m.status, text: (m) => label(m.status), cell: (m) => <Badge value={m.status} /> },
    {
      key: "depends",
      header: "Depends on",
      value: (m) => m.depends_on_ids.map((d) => titles.get(d) ?? d).join("; "),
    },
  ];
  return withTeam ? columns : columns.filter((c) => c.key !== "team");
}

export function TimelinePage() {
  const programme = useProgramme();
  const session = useSession();
  const canEdit = mayWrite(session, "milestones");
  const [asOf] = useAsOf();
  const [search] = useParams();
  const timeline = useProgrammeTimeline(programme.id, asOf);
  const teams = useTeams(programme.id);
  const [editing, setEditing] = useState<MilestoneAsOf | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const filter = { team: search.get("team"), status: search.get("status"), kind: search.get("kind") };

  return (
    <>
      <PageHead title="Timeline" actions={session ? null : <SignInToEdit what="update milestones" />}>
        Every milestone from {formatDate(programme.start_date)} to {formatDate(programme.end_date)} and
        the sustainability check-ins after it, coloured by status on the as-of date. Arrows show
        dependencies.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter milestones">
        <SelectFilter
          param="team"
          label="Team"
          allLabel="All teams"
          options={[
            { value: "programme", label: "Programme-wide only" },
            ...(teams.status === "ready" ? teams.data.map((t) => ({ value: t.id, label: t.name })) : []),
          ]}
        />
        <SelectFilter param="status" label="Status" options={enumOptions(MILESTONE_STATUSES)} allLabel="Any status" />
        <SelectFilter param="kind" label="Kind" options={enumOptions(MILESTONE_KINDS)} allLabel="Any kind" />
      </div>
      {saved ? (
        <p className="notice success" role="status">
          {saved}
        </p>
      ) : null}
      <Loaded state={timeline} what="the timeline">
        {(t) => {
          const shown = filterMilestones(t.milestones, filter);
          const drawn = firstLanes(shown);
          const rowCount = lanes(shown).length;
          const drawnRows = lanes(drawn).length;
          const counts = statusCounts(shown);
          const window = { start: t.programme.start_date, end: t.programme.end_date };
          const summary =
            `${plural(shown.length, "milestone")} in ${plural(rowCount, "row")}: ` +
            MILESTONE_STATUSES.filter((s) => counts[s])
              .map((s) => `${formatNumber(counts[s] ?? 0, 0)} ${label(s).toLowerCase()}`)
              .join(", ") +
            (timeRange(drawn, window, t.as_of).showAsOf
              ? `. The vertical line marks ${formatDate(t.as_of)}.`
              : `. The as-of day, ${formatDate(t.as_of)}, is well after the last milestone.`) +
            (drawnRows < rowCount
              ? ` The chart shows the first ${drawnRows} rows; choose a team to see another, or use the table.`
              : "");
          return (
            <>
              <section className="card" aria-label="Milestone timeline chart">
                {shown.length ? (
                  <Chart
                    title="Milestones by team over time"
                    summary={summary}
                    option={timelineOption(drawn, window, t.as_of)}
                    height={Math.max(200, drawnRows * 38 + 90)}
                  />
                ) : (
                  <Empty>No milestones match these filters.</Empty>
                )}
              </section>
              <h2>Milestones</h2>
              <p className="hint">The table is the chart's text alternative; update a milestone from its row.</p>
              <DataTable
                id="milestones"
                caption="Milestones"
                columns={milestoneColumns(t.milestones)}
                rows={shown}
                rowKey={(m) => m.id}
                defaultSort="due"
                filename="milestones.csv"
                empty="No milestones match these filters."
                actions={
                  canEdit
                    ? (m) => (
                        <button type="button" className="secondary" onClick={() => { setSaved(null); setEditing(m); }}>
                          Update<span className="visually-hidden"> {m.title}</span>
                        </button>
                      )
                    : undefined
                }
              />
            </>
          );
        }}
      </Loaded>
      <Dialog title="Update milestone" open={editing !== null} onClose={() => setEditing(null)}>
        {editing ? (
          <MilestoneForm
            id={editing.id}
            onDone={(m) => {
              setEditing(null);
              setSaved(`Saved: “${m.title}” is now ${label(m.status).toLowerCase()}.`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
