import { Badge } from "../../components/Badge";
import { useToast } from "../../components/Toast";
import { SelectFilter, enumOptions } from "../../components/Filters";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { PageHead } from "../../components/PageHead";
import type { Page } from "../../lib/api";
import { formatDate, label, plural, todayIso } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { useAsOf, useParams } from "../../lib/url";
import { useProgrammeSummary } from "../dashboard/api";
import { useProgramme } from "../programmes/context";
import { TeamFilter } from "../programmes/TeamPicker";
import { NameTeamsButton, useTeamNames } from "../programmes/teams";
import { TeamLink } from "../teams/links";
import { EVIDENCE_KINDS, loadEvidence, type Evidence } from "./api";
import { useRowEditing } from "../../components/RowEditing";
import { useMay } from "../../lib/permissions";
import { EvidenceForm } from "./EvidenceForm";
import { EVIDENCE } from "./write";

function columns(teamName: (id: string | null | undefined) => string | undefined): PagedColumn<Evidence>[] {
  return [
    {
      key: "title",
      header: "Title",
      sortBy: "title",
      value: (e) => e.title,
      cell: (e) => (
        <>
          <a href={e.url} rel="noreferrer noopener" target="_blank">
            {e.title}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          {e.summary ? <div className="hint">{e.summary}</div> : null}
        </>
      ),
    },
    { key: "kind", header: "Kind", value: (e) => e.kind, text: (e) => label(e.kind) },
    {
      key: "team",
      header: "Team",
      value: (e) => (e.team_id ? (teamName(e.team_id) ?? e.team_id) : "Programme-wide"),
      cell: (e) => <TeamLink id={e.team_id} name={e.team_id ? (teamName(e.team_id) ?? "Team") : null} />,
    },
    { key: "published", header: "Published", sortBy: "published_on", value: (e) => e.published_on, text: (e) => formatDate(e.published_on) },
    {
      key: "exemplar",
      header: "Exemplar",
      value: (e) => (e.is_exemplar ? "yes" : "no"),
      text: (e) => (e.is_exemplar ? "Exemplar" : ""),
      cell: (e) => (e.is_exemplar ? <Badge value="exemplar" text="Exemplar" /> : null),
    },
    { key: "url", header: "URL", value: (e) => e.url, csvOnly: true },
  ];
}

// long: the view's markup (filters, the paged table, its editing dialogs)
export function EvidencePage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const day = asOf ?? todayIso();
  const [search] = useParams();
  const kind = search.get("kind");
  const team = search.get("team");
  const exemplarParam = search.get("exemplar");
  const exemplar = exemplarParam === "yes" ? true : exemplarParam === "no" ? false : null;
  const summary = useProgrammeSummary(programme.id, asOf);
  const { apiSort, q } = useTableQuery("evidence", columns(() => undefined), "-published");
  const evidence = usePaged<Evidence, Page<Evidence>>(
    ["evidence", programme.id, kind ?? "", team ?? "", exemplarParam ?? "", apiSort ?? "", q],
    (cursor) => loadEvidence(programme.id, { kind, teamId: team, exemplar, q, sort: apiSort }, cursor),
  );
  // Evidence published after the as-of day is not shown (the replay: published_on <= as_of).
  const published = (p: Page<Evidence>) => p.items.filter((e) => e.published_on <= day);
  const ids = evidence.state.status === "success" ? published(evidence.state.data).flatMap((e) => (e.team_id ? [e.team_id] : [])) : null;
  const names = useTeamNames(programme.id, ids, summary.status === "success" ? summary.data.teams.total : null);
  const { say, toast } = useToast();
  const may = useMay();
  // A team editor edits its own teams' evidence only, never programme-wide evidence.
  const editing = useRowEditing({
    resource: EVIDENCE,
    what: "evidence",
    editTitle: "Change evidence",
    mayWrite: may("evidence", "write") ? (e: Evidence) => may("evidence", "write", e.team_id ?? null) : null,
    form: (id, onDone) => <EvidenceForm id={id} onDone={onDone} />,
    savedMessage: (e) => `Saved: “${e.title}”.`,
    say,
  });

  return (
    <>
      <PageHead title="Evidence library">
        Case studies, reports, toolkits and other evidence of what works, from the teams and the
        programme. Exemplars of best practice are flagged.
      </PageHead>
      {summary.status === "success" ? (
        <p data-testid="evidence-count">
          {plural(summary.data.evidence.total, "piece")} of evidence published by {formatDate(day)}, of which{" "}
          {plural(summary.data.evidence.exemplars, "exemplar")}.
        </p>
      ) : null}
      <div className="filters" role="search" aria-label="Filter evidence">
        <SelectFilter param="kind" label="Kind" options={enumOptions(EVIDENCE_KINDS)} allLabel="All kinds" />
        <TeamFilter programmeId={programme.id} />
        <SelectFilter
          param="exemplar"
          label="Exemplar"
          allLabel="All evidence"
          options={[
            { value: "yes", label: "Exemplars only" },
            { value: "no", label: "Not exemplars" },
          ]}
        />
      </div>
      <PagedTable
        id="evidence"
        caption="Evidence"
        columns={columns(names.name)}
        paged={evidence}
        rows={published}
        rowKey={(e) => e.id}
        actions={editing.actions}
        search="Search evidence titles"
        defaultSort="-published"
        filename="evidence.csv"
        empty="No evidence matches these filters on this date."
        note={(p) => {
          const later = p.items.length - published(p).length;
          return (
            <>
              {later > 0 ? <p className="hint">{plural(later, "piece")} on this page published after {formatDate(day)}, not shown.</p> : null}
              <NameTeamsButton names={names} />
            </>
          );
        }}
      />
      {editing.dialogs}
      {toast}
    </>
  );
}
