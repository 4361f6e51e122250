/**
 * The money read models, each for the as-of day: the programme's budget against spend (totals,
 * by category, by financial year, reports owed and a page of teams) and one team's, award by
 * award (terms, amendments, budget lines, reports).
 */
import { useQuery } from "@tanstack/react-query";
import type { paths } from "../../client/schema";
import { client, get, type Schemas } from "../../lib/api";
import { dayKey } from "../../lib/query";

export type ProgrammeMoney = Schemas["ProgrammeMoney"];
export type TeamMoney = Schemas["TeamMoney"];
export type MoneyFigures = Schemas["MoneyFigures"];
export type ReportCounts = Schemas["ReportCounts"];
export type CategoryMoney = Schemas["CategoryMoney"];
export type YearMoney = Schemas["YearMoney"];
export type TeamMoneyDetail = Schemas["TeamMoneyDetail"];
export type AwardMoney = Schemas["AwardMoney"];
export type AmendmentAsOf = Schemas["AmendmentAsOf"];
export type BudgetLineMoney = Schemas["BudgetLineMoney"];
export type ReportAsOf = Schemas["ReportAsOf"];

type MoneyRoute = paths["/api/v1/programmes/{programme_id}/money"]["get"];
type MoneySort = NonNullable<NonNullable<MoneyRoute["parameters"]["query"]>["sort"]>;

export interface MoneyQuery {
  sort?: string | null;
  q?: string | null;
  limit?: number;
}

/** One key per page asked, so the figures and the table share one request. */
export function moneyKey(programmeId: string, asOf: string | null, query: MoneyQuery) {
  return ["money", programmeId, dayKey(asOf), query.sort ?? "", query.q ?? "", query.limit ?? 25] as const;
}

/** The programme's money and one page of its teams (every page repeats the programme's figures). */
export function loadProgrammeMoney(
  programmeId: string,
  asOf: string | null,
  query: MoneyQuery,
  cursor: string | undefined,
): Promise<ProgrammeMoney> {
  return get(
    client.GET("/api/v1/programmes/{programme_id}/money", {
      params: {
        path: { programme_id: programmeId },
        query: {
          ...(asOf ? { as_of: asOf } : {}),
          limit: query.limit ?? 25,
          ...(query.sort ? { sort: query.sort as MoneySort } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
}

export function useTeamMoney(teamId: string, asOf: string | null) {
  return useQuery({
    queryKey: ["team-money", teamId, dayKey(asOf)],
    queryFn: () =>
      get(
        client.GET("/api/v1/teams/{team_id}/money", {
          params: { path: { team_id: teamId }, query: asOf ? { as_of: asOf } : {} },
        }),
      ),
  });
}
