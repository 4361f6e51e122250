import { useId, useState } from "react";
import { useToast } from "../../components/Toast";
import { statusLabel, statusOptions } from "../../lib/labels";
import { Chart, prefetchCharts } from "../../components/Chart";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { SearchBox } from "../../components/PagedTable";
import { formatDate, formatNumber, isIsoDate, label, plural, todayIso } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { dayKey } from "../../lib/query";
import { useAsOf, useParams } from "../../lib/url";
import { loadTimeline, MILESTONE_STATUSES, type MilestoneAsOf, type ProgrammeTimeline, type TimelineTeam } from "../dashboard/api";
import { MILESTONE_KINDS } from "../milestones/api";
import { MilestoneForm } from "../milestones/api";
import { TeamFilter } from "../programmes/TeamPicker";
import { rememberTeams } from "../programmes/teams";
import { useProgramme } from "../programmes/context";
import { DatedStatus, datedStatusText, NOT_RECORDED } from "../teams/Decisions";
import { TeamLink } from "../teams/links";
import { useMay } from "../../lib/permissions";
import { useSession } from "../../lib/session";
import { SignInToEdit } from "../auth/SignInLink";
import { filterMilestones, firstLanes, lanes, statusCounts, timelineOption, timeRange } from "./shape";

// This view draws charts: fetch the chart library while its data loads.
prefetchCharts(["scatter", "markArea", "markLine"]);

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
    { key: "kind", header: "Kind", minor: true, value: (m) => m.kind, text: (m) => label(m.kind) },
    { key: "due", header: "Due", value: (m) => m.due_date, text: (m) => formatDate(m.due_date) },
    {
      key: "completed",
      header: "Completed",
      minor: true,
      value: (m) => m.completed_date ?? null,
      text: (m) => (m.completed_date ? formatDate(m.completed_date) : ""),
    },
    {
      key: "status",
      header: "Status",
      value: (m) => m.status,
      text: (m) => datedStatusText("milestoneAsOf", m.status, m.status_undated),
      cell: (m) => <DatedStatus kind="milestoneAsOf" status={m.status} undated={m.status_undated} badge />,
    },
    {
      key: "decided",
      header: "Decided",
      minor: true,
      value: (m) => m.decided_on ?? null,
      text: (m) => (m.decided_on ? `${formatDate(m.decided_on)}: ${m.decision_reason}` : m.status_undated ? NOT_RECORDED : ""),
    },
    {
      key: "depends",
      header: "Depends on",
      minor: true,
      value: (m) => m.depends_on_ids.map((d) => titles.get(d) ?? d).join("; "),
    },
  ];
  return withTeam ? columns : columns.filter((c) => c.key !== "team");
}

function WindowControl() {
  const [search, update] = useParams();
  const fromId = useId();
  const toId = useId();
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const set = (name: "from" | "to", value: string) => {
    if (value === "" || isIsoDate(value)) update({ [name]: value || null }, { replace: true });
  };
  return (
    <fieldset className="window-control" data-testid="timeline-window">
      <legend>Milestones due</legend>
      <div>
        <label htmlFor={fromId}>From</label>
        <input id={fromId} type="date" defaultValue={from} key={`from:${from}`} onChange={(e) => set("from", e.target.value)} />
      </div>
      <div>
        <label htmlFor={toId}>To</label>
        <input id={toId} type="date" defaultValue={to} key={`to:${to}`} onChange={(e) => set("to", e.target.value)} />
      </div>
      <button type="button" className="secondary" onClick={() => update({ from: null, to: null }, { replace: true })} disabled={!from && !to}>
        Any date
      </button>
    </fieldset>
  );
}

const PROGRAMME_ONLY = "programme";
/** Teams per page: their milestones fit the chart's lanes and keep a page near 12 KB compressed. */
const TEAMS_PER_PAGE = 20;

// long: the view's markup (filters, the paged timeline, the milestone dialog)
export function TimelinePage() {
  const programme = useProgramme();
  const session = useSession();
  const may = useMay();
  const canEdit = may("milestones", "write");
  const [asOf] = useAsOf();
  const [search] = useParams();
  const team = search.get("team");
  const q = search.get("q") ?? "";
  const from = isIsoDate(search.get("from")) ? search.get("from") : null;
  const to = isIsoDate(search.get("to")) ? search.get("to") : null;
  const programmeOnly = team === PROGRAMME_ONLY;
  const timeline = usePaged<TimelineTeam, ProgrammeTimeline>(
    ["timeline", programme.id, dayKey(asOf), programmeOnly ? "" : (team ?? ""), q, from ?? "", to ?? ""],
    (cursor) =>
      loadTimeline(programme.id, asOf, { q, teamId: programmeOnly ? null : team, from, to, limit: programmeOnly ? 1 : TEAMS_PER_PAGE }, cursor).then(
        (t) => {
          rememberTeams(t.teams);
          return t;
        },
      ),
  );
  const [editing, setEditing] = useState<MilestoneAsOf | null>(null);
  const { say: setSaved, toast } = useToast();
  const filter = { status: search.get("status"), kind: search.get("kind") };
  const extra = [{ value: PROGRAMME_ONLY, label: "Programme-wide only" }];

  return (
    <>
      <PageHead title="Timeline" actions={session ? null : <SignInToEdit what="update milestones" />}>
        Milestones from {formatDate(programme.start_date)} to {formatDate(programme.end_date)} and
        the sustainability check-ins after it, a page of teams at a time, coloured by status on the
        as-of date. Arrows show dependencies.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter milestones">
        <SearchBox param="q" label="Search teams by name" />
        <TeamFilter programmeId={programme.id} extra={extra} />
        <SelectFilter param="status" label="Status" options={statusOptions("milestoneAsOf")} allLabel="Any status" />
        <SelectFilter param="kind" label="Kind" options={enumOptions(MILESTONE_KINDS)} allLabel="Any kind" />
        <WindowControl />
      </div>
      {toast}
      <Loaded state={timeline.state} what="the timeline">
        {(t) => {
          const all = [...t.programme_milestones, ...(programmeOnly ? [] : t.teams.flatMap((x) => x.milestones))];
          const shown = filterMilestones(all, filter);
          const drawn = firstLanes(shown);
          const rowCount = lanes(shown).length;
          const drawnRows = lanes(drawn).length;
          const counts = statusCounts(shown);
          const window = { start: from ?? t.programme.start_date, end: to ?? t.programme.end_date };
          const teamsNote = programmeOnly
            ? "Programme-wide milestones only."
            : `Teams ${(timeline.page - 1) * TEAMS_PER_PAGE + (t.teams.length ? 1 : 0)}–${(timeline.page - 1) * TEAMS_PER_PAGE + t.teams.length} of ${formatNumber(t.total_teams, 0)}${q ? ` matching “${q}”` : ""}.`;
          const summary =
            `${plural(shown.length, "milestone")} in ${plural(rowCount, "row")}: ` +
            MILESTONE_STATUSES.filter((s) => counts[s])
              .map((s) => `${formatNumber(counts[s] ?? 0, 0)} ${statusLabel("milestoneAsOf", s).toLowerCase()}`)
              .join(", ") +
            (timeRange(drawn, window, t.as_of).showAsOf
              ? `. The vertical line marks ${formatDate(t.as_of)}.`
              : `. The as-of day, ${formatDate(t.as_of)}, is well after the last milestone.`) +
            (drawnRows < rowCount ? ` The chart shows the first ${drawnRows} rows; the table lists them all.` : "");
          return (
            <>
              <p className="hint" data-testid="timeline-teams">
                {teamsNote}
                {from || to ? ` Due ${from ? `from ${formatDate(from)}` : ""}${from && to ? " " : ""}${to ? `to ${formatDate(to)}` : ""}.` : ""}
              </p>
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
              {!programmeOnly && (timeline.prev || timeline.next) ? (
                <nav className="pager" aria-label="Pages of teams">
                  <button type="button" className="secondary" onClick={timeline.prev ?? undefined} disabled={!timeline.prev}>
                    Previous teams
                  </button>{" "}
                  <span>Page {timeline.page}</span>{" "}
                  <button type="button" className="secondary" onClick={timeline.next ?? undefined} disabled={!timeline.next}>
                    Next teams
                  </button>
                </nav>
              ) : null}
              <h2>Milestones</h2>
              <p className="hint">The table is the chart's text alternative; update a milestone from its row.</p>
              <DataTable
                id="milestones"
                caption="Milestones"
                columns={milestoneColumns(all)}
                rows={shown}
                rowKey={(m) => m.id}
                defaultSort="due"
                filename="milestones.csv"
                empty="No milestones match these filters."
                actions={
                  canEdit
                    ? (m) =>
                        may("milestones", "write", m.team_id ?? null) ? (
                          <button type="button" className="secondary" onClick={() => { setSaved(null); setEditing(m); }}>
                            Update<span className="visually-hidden"> {m.title}</span>
                          </button>
                        ) : null
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
            shown={{ status: editing.status, asOf: asOf ?? todayIso() }}
            onDone={(m) => {
              setEditing(null);
              setSaved(`Saved: “${m.title}” is now recorded as ${statusLabel("milestone", m.status).toLowerCase()}.`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
