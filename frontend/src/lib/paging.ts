/**
 * Server-side paging: a page at a time from an API list or read model (keyset cursors), with the
 * cursors of the pages before kept so "Previous" goes back without refetching from the start.
 */
import { useState } from "react";
import type { Page } from "./api";
import { useData, type DataState } from "./useData";

export interface PagedState<T, P extends Page<T>> {
  state: DataState<P> & { reload: () => void };
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
  key: string | null,
  load: (cursor: string | undefined) => Promise<P>,
): PagedState<T, P> {
  const [nav, setNav] = useState<{ key: string | null; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = nav.key === key ? nav.cursors : [undefined];
  const cursor = cursors.at(-1);
  const state = useData(key === null ? null : `${key}|page:${cursor ?? ""}`, () => load(cursor));
  const nextCursor = state.status === "ready" ? (state.data.next_cursor ?? null) : null;
  return {
    state,
    page: cursors.length,
    next: nextCursor ? () => setNav({ key, cursors: [...cursors, nextCursor] }) : null,
    prev: cursors.length > 1 ? () => setNav({ key, cursors: cursors.slice(0, -1) }) : null,
  };
}
