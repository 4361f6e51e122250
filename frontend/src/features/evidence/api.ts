import { client, get, type Schemas } from "../../lib/api";

export type Evidence = Schemas["EvidenceRead"];
export { EVIDENCE_KINDS } from "../../lib/enums";

export interface EvidenceQuery {
  kind?: string | null;
  teamId?: string | null;
  exemplar?: boolean | null;
  q?: string;
  sort?: string;
  limit?: number;
}

/** One page of the programme's evidence, filtered (kind, team, exemplar, `q`) and sorted by the API. */
export function loadEvidence(programmeId: string, query: EvidenceQuery, cursor: string | undefined) {
  const { kind, teamId, exemplar, q } = query;
  return get(
    client.GET("/api/v1/evidence", {
      params: {
        query: {
          programme_id: programmeId,
          limit: query.limit ?? 25,
          cursor,
          sort: query.sort ?? "-published_on",
          ...(kind ? { kind: kind as Evidence["kind"] } : {}),
          ...(teamId ? { team_id: teamId } : {}),
          ...(exemplar !== null && exemplar !== undefined ? { is_exemplar: exemplar } : {}),
          ...(q ? { q } : {}),
        },
      },
    }),
  );
}
