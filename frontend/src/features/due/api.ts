/**
 * What is due: the read model (a page of items and the counts), its CSV, and the caller's
 * calendar feed tokens.
 */
import { API_BASE, client, get, unwrap, type Schemas } from "../../lib/api";
import { ApiError, toProblem } from "../../lib/problem";
import { getSession, newIdempotencyKey } from "../../lib/session";
import { useQuery } from "@tanstack/react-query";
import { dayKey } from "../../lib/query";

export type ProgrammeDue = Schemas["ProgrammeDue"];
export type DueItem = Schemas["DueItem"];
export type DueKind = DueItem["kind"];
export type FeedToken = Schemas["FeedTokenRead"];
export type FeedTokenCreated = Schemas["FeedTokenCreated"];

export { DUE_KINDS } from "../../lib/enums";
export const WINDOWS = [7, 14, 30, 60, 90] as const;
export const DEFAULT_DAYS = 30;

export interface DueQuery {
  asOf: string | null;
  days: number;
  teamId: string | null;
  kind: string | null;
}

function query(q: DueQuery): Record<string, string> {
  const out: Record<string, string> = { days: String(q.days) };
  if (q.asOf) out.as_of = q.asOf;
  if (q.teamId) out.team_id = q.teamId;
  if (q.kind) out.kind = q.kind;
  return out;
}

export function loadDue(programmeId: string, q: DueQuery, cursor: string | undefined, limit = 50): Promise<ProgrammeDue> {
  return get(
    client.GET("/api/v1/programmes/{programme_id}/due", {
      params: {
        path: { programme_id: programmeId },
        query: { ...query(q), kind: (q.kind as DueKind | null) ?? undefined, limit, ...(cursor ? { cursor } : {}) },
      },
    }),
  );
}

/** Only the counts (one item): the Overview's line. */
export function useDueCounts(programmeId: string, asOf: string | null) {
  const q = { asOf, days: DEFAULT_DAYS, teamId: null, kind: null };
  return useQuery({ queryKey: ["due-counts", programmeId, dayKey(asOf)], queryFn: () => loadDue(programmeId, q, undefined, 1) });
}

/** Every matching item as the API's CSV (labels, £ in the header), fetched with the session. */
export async function fetchDueCsv(programmeId: string, q: DueQuery): Promise<string> {
  const params = new URLSearchParams({ ...query(q), format: "csv" });
  const headers: Record<string, string> = { Accept: "text/csv" };
  const session = getSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(`${API_BASE}/api/v1/programmes/${encodeURIComponent(programmeId)}/due?${params}`, { headers });
  if (!response.ok) throw new ApiError(toProblem(await response.json().catch(() => undefined), response.status), null);
  return response.text();
}

export function useFeedTokens(signedIn: boolean) {
  return useQuery({ queryKey: ["feed-tokens"], queryFn: () => get(client.GET("/api/v1/feed-tokens")), enabled: signedIn });
}

export async function createFeedToken(name: string, programmeId: string, teamId: string | null): Promise<FeedTokenCreated> {
  const body = { name, programme_id: programmeId, team_id: teamId };
  const made = await unwrap(
    client.POST("/api/v1/feed-tokens", { body, params: { header: { "Idempotency-Key": newIdempotencyKey() } } }),
  );
  return made.data;
}

export async function revokeFeedToken(id: string): Promise<void> {
  await unwrap(client.DELETE("/api/v1/feed-tokens/{feed_token_id}", { params: { path: { feed_token_id: id } } }));
}

/** The address a calendar app subscribes to. */
export function feedUrl(path: string): string {
  return new URL(`${API_BASE}${path}`, window.location.href).href;
}
