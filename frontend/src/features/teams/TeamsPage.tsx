import { Badge } from "../../components/Badge";
import { DataTable, type Column } from "../../components/DataTable";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Loaded } from "../../components/States";
import { formatMoney, label, penceToPoundsString, plural } from "../../lib/format";
import { useAsOf, useParams } from "../../lib/url";
import { useProgrammeSummary, type TeamBreakdown } from "../dashboard/api";
import { useOrganisations, useTeams, type Team } from "../programmes/api";
import { useProgramme } from "../programmes/context";
import { TeamLink } from "./links";

interface TeamRow extends Team {
  lead: string;
  figures: TeamBreakdown | undefined;
}

export function TeamsPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const [search] = useParams();
  const provenance = search.get("provenance");
  const teams = useTeams(programme.id);
  const orgs = useOrganisations();
  const summary = useProgrammeSummary(programme.id, asOf);
  const orgName = new Map((orgs.status === "ready" ? orgs.data : []).map((o) => [o.id, o.name]));
  const figures = new Map((summary.status === "ready" ? summary.data.by_team : []).map((t) => [t.id, t]));
  const currency = programme.currency;

  const columns: Column<TeamRow>[] = [
    { key: "name", header: "Team", value: (t) => t.name, cell: (t) => <TeamLink id={t.id} name={t.name} /> },
    { key: "project", header: "Project", value: (t) => t.project_title },
    { key: "lead", header: "Lead organisation", value: (t) => t.lead },
    {
      key: "provenance",
      header: "Provenance",
      value: (t) => t.provenance,
      text: (t) => label(t.provenance),
      cell: (t) => <Badge value={t.provenance} />,
    },
    { key: "status", header: "Status", value: (t) => t.status, text: (t) => label(t.status) },
    {
      key: "awarded",
      header: "Awarded",
      numeric: true,
      value: (t) => t.figures?.awarded_pence ?? null,
      text: (t) => (t.figures ? formatMoney(t.figures.awarded_pence, currency) : ""),
      csv: (t) => penceToPoundsString(t.figures?.awarded_pence),
    },
    {
      key: "paid",
      header: "Paid",
      numeric: true,
      value: (t) => t.figures?.paid_pence ?? null,
      text: (t) => (t.figures ? formatMoney(t.figures.paid_pence, currency) : ""),
      csv: (t) => penceToPoundsString(t.figures?.paid_pence),
    },
    { key: "late", header: "Late milestones", numeric: true, value: (t) => t.figures?.milestones.late ?? null },
    { key: "sustainability", header: "After funding", value: (t) => t.sustainability_status, text: (t) => label(t.sustainability_status) },
  ];

  return (
    <>
      <PageHead title="Teams">
        The award-holder teams. Only Oxford University Hospitals' project is published; the other
        teams are synthetic, made up for the demonstration and flagged so.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter teams">
        <SelectFilter param="provenance" label="Provenance" options={enumOptions(["sourced", "synthetic"])} allLabel="Sourced and synthetic" />
      </div>
      <Loaded state={teams} what="teams">
        {(list) => {
          const rows = list
            .filter((t) => !provenance || t.provenance === provenance)
            .map((t) => ({ ...t, lead: orgName.get(t.lead_organisation_id) ?? "", figures: figures.get(t.id) }));
          return (
            <>
              <p>{plural(rows.length, "team")}.</p>
              <DataTable id="teams" caption="Teams" columns={columns} rows={rows} rowKey={(t) => t.id} defaultSort="name" filename="teams.csv" />
            </>
          );
        }}
      </Loaded>
    </>
  );
}
