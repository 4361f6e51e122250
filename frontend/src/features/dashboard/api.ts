/** The read models: the programme (or a team) replayed on the as-of day, each in one request. */
import { client, get, type Schemas } from "../../lib/api";
import { useData } from "../../lib/useData";

export type ProgrammeSummary = Schemas["ProgrammeSummary"];
export type ProgrammeTimeline = Schemas["ProgrammeTimeline"];
export type TeamSummary = Schemas["TeamSummary"];
export type TeamBreakdown = Schemas["TeamBreakdown"];
export type MilestoneAsOf = Schemas["MilestoneAsOf"];
export type MilestoneCounts = Schemas["MilestoneCounts"];
export type SupportByType = Schemas["SupportByType"];

function asOfQuery(asOf: string | null): { as_of?: string } {
  return asOf ? { as_of: asOf } : {};
}

export function useProgrammeSummary(programmeId: string, asOf: string | null) {
  return useData(`summary:${programmeId}:${asOf ?? "today"}`, () =>
    get(
      client.GET("/api/v1/programmes/{programme_id}/summary", {
        params: { path: { programme_id: programmeId }, query: asOfQuery(asOf) },
      }),
    ),
  );
}

export function useProgrammeTimeline(programmeId: string, asOf: string | null) {
  return useData(`timeline:${programmeId}:${asOf ?? "today"}`, () =>
    get(
      client.GET("/api/v1/programmes/{programme_id}/timeline", {
        params: { path: { programme_id: programmeId }, query: asOfQuery(asOf) },
      }),
    ),
  );
}

export function loadTeamSummary(teamId: string, asOf: string | null): Promise<TeamSummary> {
  return get(
    client.GET("/api/v1/teams/{team_id}/summary", {
      params: { path: { team_id: teamId }, query: asOfQuery(asOf) },
    }),
  );
}

export function useTeamSummary(teamId: string, asOf: string | null) {
  return useData(`team-summary:${teamId}:${asOf ?? "today"}`, () => loadTeamSummary(teamId, asOf));
}

/** Several teams' summaries (the Results view), a few requests at a time. */
export function useTeamSummaries(teamIds: readonly string[] | null, asOf: string | null) {
  const key = teamIds === null ? null : `team-summaries:${teamIds.join(",")}:${asOf ?? "today"}`;
  return useData(key, async () => {
    const ids = teamIds ?? [];
    const out: TeamSummary[] = [];
    for (let i = 0; i < ids.length; i += 6) {
      out.push(...(await Promise.all(ids.slice(i, i + 6).map((id) => loadTeamSummary(id, asOf)))));
    }
    return out;
  });
}

export const SUPPORT_TYPES = ["diagnostic_needs_assessment", "knowledge_capture", "learning_event", "coaching"] as const;
export const MILESTONE_STATUSES = ["achieved", "in_progress", "planned", "late", "deferred", "cancelled"] as const;
export const DIMENSIONS = ["safe", "effective", "person_centred", "timely", "efficient", "equitable"] as const;
