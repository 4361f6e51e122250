import { Badge } from "../../components/Badge";
import { DataTable, type Column } from "../../components/DataTable";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { formatDate, label, plural, todayIso } from "../../lib/format";
import { useAsOf, useParams } from "../../lib/url";
import { useTeams, type Team } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "../teams/links";
import { EVIDENCE_KINDS, useEvidence, type Evidence } from "./api";

const PROGRAMME_WIDE = "programme";

export function EvidencePage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const [search] = useParams();
  const kind = search.get("kind");
  const team = search.get("team");
  const exemplarParam = search.get("exemplar");
  const exemplar = exemplarParam === "yes" ? true : exemplarParam === "no" ? false : null;
  const teams = useTeams(programme.id);
  const evidence = useEvidence(programme.id, {
    kind,
    teamId: team && team !== PROGRAMME_WIDE ? team : null,
    exemplar,
  });
  const day = asOf ?? todayIso();
  const teamList = teams.status === "ready" ? teams.data : [];
  const teamName = new Map(teamList.map((t) => [t.id, t.name]));

  return (
    <>
      <PageHead title="Evidence library">
        Case studies, reports, toolkits and other evidence of what works, from the teams and the
        programme. Exemplars of best practice are flagged.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter evidence">
        <SelectFilter param="kind" label="Kind" options={enumOptions(EVIDENCE_KINDS)} allLabel="All kinds" />
        <SelectFilter
          param="team"
          label="Team"
          allLabel="All teams"
          options={[
            { value: PROGRAMME_WIDE, label: "Programme-wide only" },
            ...teamList.map((t: Team) => ({ value: t.id, label: t.name })),
          ]}
        />
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
      <Loaded state={evidence} what="evidence">
        {(rows) => {
          const scoped = team === PROGRAMME_WIDE ? rows.filter((e) => e.team_id === null) : rows;
          const published = scoped.filter((e) => e.published_on <= day);
          const later = scoped.length - published.length;
          const exemplars = published.filter((e) => e.is_exemplar).length;
          const columns: Column<Evidence>[] = [
            {
              key: "title",
              header: "Title",
              value: (e) => e.title,
              text: (e) => `${e.title} ${e.summary}`,
              csv: (e) => e.title,
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
              value: (e) => (e.team_id ? (teamName.get(e.team_id) ?? e.team_id) : "Programme-wide"),
              cell: (e) => <TeamLink id={e.team_id} name={e.team_id ? teamName.get(e.team_id) : null} />,
            },
            { key: "published", header: "Published", value: (e) => e.published_on, text: (e) => formatDate(e.published_on) },
            {
              key: "exemplar",
              header: "Exemplar",
              value: (e) => (e.is_exemplar ? "yes" : "no"),
              text: (e) => (e.is_exemplar ? "Exemplar" : ""),
              cell: (e) => (e.is_exemplar ? <Badge value="exemplar" text="Exemplar" /> : null),
            },
            { key: "url", header: "URL", value: (e) => e.url, csvOnly: true },
          ];
          return (
            <>
              <p data-testid="evidence-count">
                {plural(published.length, "piece")} of evidence published by {formatDate(day)}, of which{" "}
                {plural(exemplars, "exemplar")}.
                {later > 0 ? ` ${plural(later, "more piece", "more pieces")} published later.` : ""}
              </p>
              <DataTable
                id="evidence"
                caption="Evidence"
                columns={columns}
                rows={published}
                rowKey={(e) => e.id}
                defaultSort="-published"
                filename="evidence.csv"
                empty="No evidence matches these filters on this date."
              />
            </>
          );
        }}
      </Loaded>
    </>
  );
}
