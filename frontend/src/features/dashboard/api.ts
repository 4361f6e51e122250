/**
 * The read models, each answering for the as-of day: the programme's bounded summary, its per-team
 * figures and timeline a page at a time, the programme-wide results, and one team's summary.
 */
import type { paths } from "../../client/schema";
import { client, get, type Schemas } from "../../lib/api";
import { statusValues } from "../../lib/labels";
import { useQuery } from "@tanstack/react-query";
import type { Provenance } from "../../lib/enums";
import { dayKey } from "../../lib/query";

export type TeamSummary = Schemas["TeamSummary"];
export type TeamBreakdown = Schemas["TeamBreakdown"];
export type MilestoneAsOf = Schemas["MilestoneAsOf"];
export type MilestoneCounts = Schemas["MilestoneCounts"];
export type SupportByType = Schemas["SupportByType"];

export type ProgrammeSummary = Schemas["ProgrammeSummary"];
export type FundingMonth = Schemas["MonthFunding"];
export type MilestoneMonth = Schemas["MonthMilestones"];
export type TeamDistributions = Schemas["TeamDistributions"];
export type MostLate = Schemas["MostLate"];
export type TeamFiguresPage = Schemas["TeamFiguresPage"];
export type TimelineTeam = Schemas["TeamTimeline"];
export type ResultCounts = Schemas["ResultCounts"];
export type ProgrammeResults = Schemas["ProgrammeResults"];
/** A timeline page, with its teams also as `items` (the paging hook's shape). */
export type ProgrammeTimeline = Schemas["ProgrammeTimeline"] & { items: TimelineTeam[] };
type TeamSort = NonNullable<NonNullable<paths["/api/v1/programmes/{programme_id}/team-figures"]["get"]["parameters"]["query"]>["sort"]>;

function asOfQuery(asOf: string | null): { as_of?: string } {
  return asOf ? { as_of: asOf } : {};
}

export function useProgrammeSummary(programmeId: string, asOf: string | null) {
  return useQuery({
    queryKey: ["summary", programmeId, dayKey(asOf)],
    queryFn: () =>
      get(
        client.GET("/api/v1/programmes/{programme_id}/summary", {
          params: { path: { programme_id: programmeId }, query: asOfQuery(asOf) },
        }),
      ),
  });
}

export interface TeamFiguresQuery {
  sort?: string | null;
  q?: string | null;
  provenance?: string | null;
  limit?: number;
}

/** One key for a query of team figures, so views asking the same page share one request. */
export function teamFiguresKey(programmeId: string, asOf: string | null, query: TeamFiguresQuery) {
  return ["team-figures", programmeId, dayKey(asOf), query.sort ?? "", query.q ?? "", query.provenance ?? "", query.limit ?? 25] as const;
}

export function loadTeamFigures(
  programmeId: string,
  asOf: string | null,
  query: TeamFiguresQuery,
  cursor: string | undefined,
): Promise<TeamFiguresPage> {
  return get(
    client.GET("/api/v1/programmes/{programme_id}/team-figures", {
      params: {
        path: { programme_id: programmeId },
        query: {
          ...asOfQuery(asOf),
          limit: query.limit ?? 25,
          ...(query.sort ? { sort: query.sort as TeamSort } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(query.provenance ? { provenance: query.provenance as Provenance } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
}

export interface TimelineQuery {
  q?: string | null;
  teamId?: string | null;
  from?: string | null;
  to?: string | null;
  limit?: number;
}

export function loadTimeline(
  programmeId: string,
  asOf: string | null,
  query: TimelineQuery,
  cursor: string | undefined,
): Promise<ProgrammeTimeline> {
  return get(
    client.GET("/api/v1/programmes/{programme_id}/timeline", {
      params: {
        path: { programme_id: programmeId },
        query: {
          ...asOfQuery(asOf),
          limit: query.limit ?? 25,
          ...(query.q ? { q: query.q } : {}),
          ...(query.teamId ? { team_id: query.teamId } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  ).then((t) => ({ ...t, items: t.teams }));
}

export function useProgrammeResults(programmeId: string, asOf: string | null) {
  return useQuery({
    queryKey: ["results", programmeId, dayKey(asOf)],
    queryFn: () =>
      get(
        client.GET("/api/v1/programmes/{programme_id}/results", {
          params: { path: { programme_id: programmeId }, query: asOfQuery(asOf) },
        }),
      ),
  });
}

export function loadTeamSummary(teamId: string, asOf: string | null): Promise<TeamSummary> {
  return get(
    client.GET("/api/v1/teams/{team_id}/summary", {
      params: { path: { team_id: teamId }, query: asOfQuery(asOf) },
    }),
  );
}

export function useTeamSummary(teamId: string | null, asOf: string | null) {
  return useQuery({
    queryKey: ["team-summary", teamId, dayKey(asOf)],
    queryFn: () => loadTeamSummary(teamId!, asOf),
    enabled: teamId !== null,
  });
}

export { DIMENSIONS, SUPPORT_TYPES } from "../../lib/enums";
export const MILESTONE_STATUSES = statusValues("milestoneAsOf");
