import type { ReactNode } from "react";
import { PagedTable, useTableQuery, type PagedColumn } from "../../components/PagedTable";
import { currencyUnit } from "../../lib/exportTable";
import { formatMoney, penceToPoundsString } from "../../lib/format";
import { usePaged, type PagedState } from "../../lib/paging";
import { rememberTeams } from "../programmes/teams";
import { TeamLink } from "../teams/links";
import { loadTeamFigures, teamFiguresKey, type TeamBreakdown, type TeamFiguresPage } from "./api";

export type FiguresColumn = PagedColumn<TeamBreakdown>;

export const nameColumn: FiguresColumn = {
  key: "name",
  header: "Team",
  sortBy: "name",
  value: (t) => t.name,
  cell: (t) => <TeamLink id={t.id} name={t.name} />,
};

// Money a phone shows; the other sums wait for a wider screen (and are in the CSV).
const KEY_MONEY = new Set(["awarded", "paid"]);

export function moneyColumn(
  key: string,
  header: string,
  get: (t: TeamBreakdown) => number,
  currency: string,
  sortBy?: string,
): FiguresColumn {
  return {
    key,
    header,
    numeric: true,
    minor: !KEY_MONEY.has(key),
    sortBy,
    value: get,
    text: (t) => formatMoney(get(t), currency),
    csv: (t) => penceToPoundsString(get(t)),
    unit: currencyUnit(currency),
  };
}

export const milestoneColumns: FiguresColumn[] = [
  { key: "achieved", header: "Achieved", numeric: true, minor: true, sortBy: "achieved", value: (t) => t.milestones.achieved },
  { key: "late", header: "Late", numeric: true, sortBy: "late", value: (t) => t.milestones.late },
];

/** One page of per-team figures, sorted and searched as the table's query string says. */
export function useTeamFigures(
  id: string,
  programmeId: string,
  asOf: string | null,
  columns: FiguresColumn[],
  { provenance, defaultSort = "name", pageSize = 25 }: { provenance?: string | null; defaultSort?: string; pageSize?: number } = {},
): PagedState<TeamBreakdown, TeamFiguresPage> {
  const { apiSort, q } = useTableQuery(id, columns, defaultSort);
  const key = teamFiguresKey(programmeId, asOf, { sort: apiSort, q, provenance, limit: pageSize });
  return usePaged<TeamBreakdown, TeamFiguresPage>(key, (cursor) =>
    loadTeamFigures(programmeId, asOf, { sort: apiSort, q, provenance, limit: pageSize }, cursor).then((page) => {
      rememberTeams(page.items);
      return page;
    }),
  );
}

/**
 * The per-team figures a page at a time (`/programmes/{id}/team-figures`): the API sorts, searches
 * by team name and pages, so a programme of 10,000 teams costs one page.
 */
export function TeamFiguresTable({
  id,
  caption,
  programmeId,
  asOf,
  columns,
  provenance,
  defaultSort = "name",
  filename,
  footer,
}: {
  id: string;
  caption: string;
  programmeId: string;
  asOf: string | null;
  columns: FiguresColumn[];
  provenance?: string | null;
  defaultSort?: string;
  filename?: string;
  footer?: (page: TeamFiguresPage) => ReactNode;
}) {
  const paged = useTeamFigures(id, programmeId, asOf, columns, { provenance, defaultSort });
  return <FiguresTable id={id} caption={caption} columns={columns} paged={paged} defaultSort={defaultSort} filename={filename} footer={footer} />;
}

/** The table of a page the view loaded itself (with useTeamFigures). */
export function FiguresTable({
  id,
  caption,
  columns,
  paged,
  defaultSort = "name",
  filename,
  footer,
}: {
  id: string;
  caption: string;
  columns: FiguresColumn[];
  paged: PagedState<TeamBreakdown, TeamFiguresPage>;
  defaultSort?: string;
  filename?: string;
  footer?: (page: TeamFiguresPage) => ReactNode;
}) {
  return (
    <PagedTable<TeamBreakdown, TeamFiguresPage>
      id={id}
      caption={caption}
      columns={columns}
      paged={paged}
      rowKey={(t) => t.id}
      total={(p) => p.total}
      search="Search teams by name"
      defaultSort={defaultSort}
      filename={filename}
      empty="No teams match."
      footer={footer}
    />
  );
}
