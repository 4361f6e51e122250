import { client, collect, get, MAX_LIMIT, type Schemas } from "../../lib/api";
import { useQuery } from "@tanstack/react-query";

export type Programme = Schemas["ProgrammeRead"];
export type Team = Schemas["TeamRead"];

export function useProgrammes() {
  return useQuery({
    queryKey: ["programmes"],
    queryFn: () =>
      collect((cursor) =>
        get(client.GET("/api/v1/programmes", { params: { query: { limit: MAX_LIMIT, cursor, sort: "start_date" } } })),
      ),
  });
}

/**
 * The programme to show: the one named in the URL, else the latest-starting round (a programme
 * no other programme names as its parent), so a fresh database opens on Shared Purpose.
 */
export function pickProgramme(programmes: readonly Programme[], wanted: string | null): Programme | null {
  if (wanted) {
    const found = programmes.find((p) => p.id === wanted || p.code === wanted);
    if (found) return found;
  }
  const parents = new Set(programmes.map((p) => p.parent_id).filter(Boolean));
  const rounds = programmes.filter((p) => !parents.has(p.id));
  const pool = rounds.length ? rounds : [...programmes];
  return pool.reduce<Programme | null>((best, p) => (best === null || p.start_date > best.start_date ? p : best), null);
}
