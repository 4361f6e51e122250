/**
 * The typed API client: openapi-fetch over the types generated from the API's own OpenAPI
 * document (src/client/schema.d.ts, never edited by hand). Every call goes through `unwrap`, so
 * failures surface as ApiError with the server's problem document (see problem.ts).
 */
import createClient from "openapi-fetch";
import type { components, paths } from "../client/schema";
import { ApiError, networkError, toProblem } from "./problem";
import { getSession, setSession } from "./session";

export type Schemas = components["schemas"];

/** Set at build time with VITE_API_BASE; empty means the API is on the dashboard's origin. */
export const API_BASE = (import.meta.env.VITE_API_BASE ?? "").replace(/\/+$/, "");

export const client = createClient<paths>({ baseUrl: API_BASE });

// Every request carries the session token when signed in; a 401 with a token means it expired
// or was revoked, so the session is dropped (the view then offers the sign-in).
client.use({
  onRequest({ request }) {
    const session = getSession();
    if (session && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${session.token}`);
    }
    return request;
  },
  onResponse({ request, response }) {
    const sent = request.headers.get("Authorization");
    const session = getSession();
    if (response.status === 401 && session && sent === `Bearer ${session.token}`) setSession(null);
    return response;
  },
});

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The media type of a PATCH body (RFC 7396), as every update route expects. */
export const MERGE_PATCH = { "Content-Type": "application/merge-patch+json" } as const;

export interface Fetched<T> {
  data: T;
  /** The response's ETag (send it back as If-Match when writing). */
  etag: string | null;
}

/**
 * Awaits an openapi-fetch call; returns the data and ETag or throws ApiError. Lists also answer
 * `text/csv` when asked (`format=csv`); the dashboard never asks, so a string is not a result.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<Fetched<Exclude<T, string>>> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw networkError(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    throw new ApiError(toProblem(error, response.status), response.headers.get("Retry-After"));
  }
  return { data: data as Exclude<T, string>, etag: response.headers.get("ETag") };
}

export async function get<T>(call: Promise<FetchResult<T>>): Promise<Exclude<T, string>> {
  return (await unwrap(call)).data;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** The largest page the API serves. */
export const MAX_LIMIT = 500;

/** Follows `next_cursor` until the last page (bounded, so a bad cursor cannot loop forever). */
export async function collect<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 200,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const { items, next_cursor } = await page(cursor);
    rows.push(...items);
    if (!next_cursor) return rows;
    cursor = next_cursor;
  }
  throw new Error(`more than ${maxPages} pages; narrow the filter`);
}
