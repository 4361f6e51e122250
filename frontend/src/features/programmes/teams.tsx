/**
 * Team names for rows that carry only a team id (activities, evidence): remembered from every
 * team the dashboard has read (per-team figures, the picker's suggestions, summaries), and looked
 * up for the rest of a page only, never by listing a large programme.
 */
import { useState } from "react";
import { client, get } from "../../lib/api";
import { useQuery } from "@tanstack/react-query";

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
 * The names of `ids` (null waits). In a programme of at most SMALL_PROGRAMME teams the unknown
 * ones come from one request; in a larger one only when asked (`lookUp`, a button), one request
 * per unknown team of the page, so a first load stays within its few requests.
 */
export function useTeamNames(programmeId: string, ids: readonly string[] | null, teamCount: number | null) {
  const [asked, setAsked] = useState<string | null>(null);
  const missing = ids === null ? null : [...new Set(ids)].filter((id) => !names.has(id)).sort();
  const wanted = missing === null ? "" : missing.join(",");
  const small = teamCount !== null && teamCount <= SMALL_PROGRAMME;
  const go = missing !== null && missing.length > 0 && teamCount !== null && (small || asked === wanted);
  const state = useQuery({
    queryKey: ["team-names", programmeId, wanted],
    queryFn: async () => {
      if (small) await searchTeams(programmeId, "", SMALL_PROGRAMME);
      else await Promise.all((missing ?? []).map((id) => loadTeam(id).catch(() => null)));
      return true;
    },
    enabled: go,
  });
  return {
    name: (id: string | null | undefined) => knownTeamName(id),
    /** Unknown names on the page that a click may look up (large programmes only). */
    unnamed: !small && missing !== null && state.status !== "success" ? missing.length : 0,
    busy: go && state.status === "pending",
    lookUp: () => setAsked(wanted),
  };
}

/** "Name the 12 teams on this page": the look-up a large programme does only when asked. */
export function NameTeamsButton({ names }: { names: ReturnType<typeof useTeamNames> }) {
  if (names.unnamed === 0) return null;
  return (
    <p>
      <button type="button" className="secondary" onClick={names.lookUp} disabled={names.busy}>
        {names.busy ? "Looking up…" : `Show the names of ${names.unnamed} ${names.unnamed === 1 ? "team" : "teams"} on this page`}
      </button>
    </p>
  );
}
