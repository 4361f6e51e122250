/**
 * Team names for rows that carry only a team id (activities, evidence): remembered from every
 * team the dashboard has read (per-team figures, the picker's suggestions, summaries), and looked
 * up for the rest of a page only, never by listing a large programme.
 */
import { client, get } from "../../lib/api";
import { useData } from "../../lib/useData";

/** A programme this small is named in one request (`/teams?programme_id=…&limit=50`). */
export const SMALL_PROGRAMME = 50;

const names = new Map<string, string>();

export function rememberTeams(teams: readonly { id: string; name: string }[]): void {
  for (const t of teams) names.set(t.id, t.name);
}

export function knownTeamName(id: string | null | undefined): string | undefined {
  return id ? names.get(id) : undefined;
}

export function searchTeams(programmeId: string, q: string, limit = 10) {
  return get(
    client.GET("/api/v1/teams", {
      params: { query: { programme_id: programmeId, limit, sort: "name", ...(q ? { q } : {}) } },
    }),
  ).then((page) => {
    rememberTeams(page.items);
    return page.items;
  });
}

export function loadTeam(id: string) {
  return get(client.GET("/api/v1/teams/{team_id}", { params: { path: { team_id: id } } })).then((t) => {
    rememberTeams([t]);
    return t;
  });
}

/**
 * The names of `ids` (null waits). Unknown names come from one request when the programme has
 * at most SMALL_PROGRAMME teams, else one request per unknown team on the page.
 */
export function useTeamNames(programmeId: string, ids: readonly string[] | null, teamCount: number | null) {
  const missing = ids === null ? null : [...new Set(ids)].filter((id) => !names.has(id)).sort();
  const key = missing === null || teamCount === null ? null : `team-names:${programmeId}:${missing.join(",")}`;
  const state = useData(key, async () => {
    if (missing === null || missing.length === 0) return true;
    if (teamCount !== null && teamCount <= SMALL_PROGRAMME) await searchTeams(programmeId, "", SMALL_PROGRAMME);
    else await Promise.all(missing.map((id) => loadTeam(id).catch(() => null)));
    return true;
  });
  return { ready: state.status !== "loading", name: (id: string | null | undefined) => knownTeamName(id) };
}
