import { client, collect, get, MAX_LIMIT, type Schemas } from "../../lib/api";
import { useData } from "../../lib/useData";

export type Evidence = Schemas["EvidenceRead"];
export const EVIDENCE_KINDS = ["case_study", "report", "toolkit", "publication", "presentation", "dataset"] as const;

export interface EvidenceFilter {
  kind?: string | null;
  teamId?: string | null;
  exemplar?: boolean | null;
}

/** The programme's evidence, filtered by the API (kind, team, exemplar). */
export function useEvidence(programmeId: string, filter: EvidenceFilter) {
  const { kind, teamId, exemplar } = filter;
  return useData(`evidence:${programmeId}:${kind ?? ""}:${teamId ?? ""}:${exemplar ?? ""}`, () =>
    collect((cursor) =>
      get(
        client.GET("/api/v1/evidence", {
          params: {
            query: {
              programme_id: programmeId,
              limit: MAX_LIMIT,
              cursor,
              ...(kind ? { kind: kind as Evidence["kind"] } : {}),
              ...(teamId ? { team_id: teamId } : {}),
              ...(exemplar !== null && exemplar !== undefined ? { is_exemplar: exemplar } : {}),
            },
          },
        }),
      ),
    ),
  );
}
