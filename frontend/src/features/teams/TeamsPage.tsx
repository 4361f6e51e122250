import { Badge } from "../../components/Badge";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { PROVENANCES } from "../../lib/enums";
import { label } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import { useAsOf, useParams } from "../../lib/url";
import { milestoneColumns, moneyColumn, nameColumn, TeamFiguresTable } from "../dashboard/TeamFiguresTable";
import { useProgramme } from "../programmes/context";
import { DatedStatus, datedStatusText } from "./Decisions";

export function TeamsPage() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const [search] = useParams();
  const provenance = search.get("provenance");
  const currency = programme.currency;

  return (
    <>
      <PageHead title="Teams">
        The award-holder teams. Only Oxford University Hospitals' project is published; the other
        teams are synthetic, made up for the demonstration and flagged so. Open a team for its
        organisations, quality goal, milestones, support and evidence.
      </PageHead>
      <div className="filters" role="search" aria-label="Filter teams">
        <SelectFilter param="provenance" label="Provenance" options={enumOptions(PROVENANCES)} allLabel="Sourced and synthetic" />
      </div>
      <TeamFiguresTable
        id="teams"
        caption="Teams"
        programmeId={programme.id}
        asOf={asOf}
        provenance={provenance}
        filename="teams.csv"
        columns={[
          nameColumn,
          {
            key: "provenance",
            header: "Provenance",
            value: (t) => t.provenance,
            text: (t) => label(t.provenance),
            cell: (t) => <Badge value={t.provenance} />,
          },
          {
            key: "status",
            header: "Status",
            value: (t) => t.status,
            text: (t) => datedStatusText("team", t.status, t.status_undated),
            cell: (t) => <DatedStatus kind="team" status={t.status} undated={t.status_undated} />,
          },
          {
            key: "sustainability",
            header: "After funding",
            minor: true,
            value: (t) => t.sustainability_status,
            text: (t) => statusLabel("sustainability", t.sustainability_status),
          },
          moneyColumn("awarded", "Awarded", (t) => t.awarded_pence, currency, "awarded_pence"),
          moneyColumn("paid", "Paid", (t) => t.paid_pence, currency, "paid_pence"),
          moneyColumn("remaining", "Remaining", (t) => t.remaining_pence, currency, "remaining_pence"),
          ...milestoneColumns,
          { key: "evidence", header: "Evidence", numeric: true, minor: true, value: (t) => t.evidence.total },
        ]}
      />
    </>
  );
}
