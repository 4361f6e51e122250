/**
 * Server-side paging: a page at a time from an API list or read model (keyset cursors), with the
 * cursors of the pages before kept so "Previous" goes back without refetching from the start
 * (each page is its own query, so a page seen before comes from the cache).
 */
import { useState } from "react";
import { useQuery, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import type { Page } from "./api";

export interface PagedState<T, P extends Page<T>> {
  state: UseQueryResult<P>;
  /** 1-based number of the page shown. */
  page: number;
  next: (() => void) | null;
  prev: (() => void) | null;
}

/**
 * `key` names the query (every filter, the sort, as_of); a new key starts again at page 1.
 * `load(cursor)` fetches one page.
 */
export function usePaged<T, P extends Page<T>>(
  key: QueryKey | null,
  load: (cursor: string | undefined) => Promise<P>,
): PagedState<T, P> {
  const id = key === null ? null : JSON.stringify(key);
  const [nav, setNav] = useState<{ id: string | null; cursors: (string | undefined)[] }>({ id, cursors: [undefined] });
  const cursors = nav.id === id ? nav.cursors : [undefined];
  const cursor = cursors.at(-1);
  const state = useQuery({
    queryKey: [...(key ?? []), "page", cursor ?? ""],
    queryFn: () => load(cursor),
    enabled: key !== null,
  });
  const nextCursor = state.status === "success" ? (state.data.next_cursor ?? null) : null;
  return {
    state,
    page: cursors.length,
    next: nextCursor ? () => setNav({ id, cursors: [...cursors, nextCursor] }) : null,
    prev: cursors.length > 1 ? () => setNav({ id, cursors: cursors.slice(0, -1) }) : null,
  };
}
