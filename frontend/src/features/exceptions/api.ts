/** The exceptions list (`/programmes/{id}/exceptions`) and the side-by-side of chosen teams. */
import type { paths } from "../../client/schema";
import { client, get, type Schemas } from "../../lib/api";
import { useQuery } from "@tanstack/react-query";
import { dayKey } from "../../lib/query";

export type ExceptionsPage = Schemas["ExceptionsPage"];
export type TeamException = Schemas["TeamException"];
export type Flag = Schemas["Flag"];
export type TeamComparison = Schemas["TeamComparison"];
export type ComparedTeam = Schemas["ComparedTeam"];
type ExceptionSort = NonNullable<
  NonNullable<paths["/api/v1/programmes/{programme_id}/exceptions"]["get"]["parameters"]["query"]>["sort"]
>;

export { FLAGS } from "../../lib/enums";
export const FLAG_LABELS: Record<Flag, string> = { red: "Red", amber: "Amber", green: "Green" };
export const FLAG_COLOURS: Record<Flag, string> = { red: "#dc2626", amber: "#d97706", green: "#16a34a" };

export function loadExceptions(
  programmeId: string,
  asOf: string | null,
  query: { sort?: string; q?: string; flag?: string | null; limit?: number },
  cursor: string | undefined,
): Promise<ExceptionsPage> {
  return get(
    client.GET("/api/v1/programmes/{programme_id}/exceptions", {
      params: {
        path: { programme_id: programmeId },
        query: {
          ...(asOf ? { as_of: asOf } : {}),
          limit: query.limit ?? 25,
          ...(query.sort ? { sort: query.sort as ExceptionSort } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(query.flag ? { flag: query.flag as Flag } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
}

/** The chosen teams side by side: one request whatever their number (1 to 4). */
export function useComparison(programmeId: string, ids: readonly string[], asOf: string | null) {
  return useQuery({
    queryKey: ["compare", programmeId, [...ids], dayKey(asOf)],
    queryFn: () =>
      get(
        client.GET("/api/v1/programmes/{programme_id}/compare", {
          params: {
            path: { programme_id: programmeId },
            query: { team_id: [...ids], ...(asOf ? { as_of: asOf } : {}) },
          },
        }),
      ),
    enabled: ids.length > 0,
  });
}
