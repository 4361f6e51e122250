/**
 * A small data hook: loads once per key, shares in-flight requests, and reloads everything after
 * a write (`invalidate()`). Enough for a read-mostly dashboard without a query library.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

export type DataState<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "error"; data?: undefined; error: unknown }
  | { status: "ready"; data: T; error?: undefined };

const MAX_ENTRIES = 200;
const cache = new Map<string, Promise<unknown>>();
let generation = 0;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forget every cached response (after a write) and reload what is on screen. */
export function invalidate(): void {
  cache.clear();
  generation += 1;
  for (const listener of listeners) listener();
}

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
    if (cache.size > MAX_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  return promise;
}

/**
 * `key` names what `load` fetches (include every input: ids, filters, as_of); null waits.
 */
export function useData<T>(key: string | null, load: () => Promise<T>): DataState<T> & { reload: () => void } {
  const gen = useSyncExternalStore(subscribe, () => generation);
  const [retry, setRetry] = useState(0);
  const fullKey = key === null ? null : `${gen}|${retry}|${key}`;
  const [result, setResult] = useState<{ key: string; base: string | null; state: DataState<T> } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (fullKey === null) return;
    let live = true;
    cached(fullKey, () => loadRef.current()).then(
      (data) => live && setResult({ key: fullKey, base: key, state: { status: "ready", data } }),
      (error: unknown) => live && setResult({ key: fullKey, base: key, state: { status: "error", error } }),
    );
    return () => {
      live = false;
    };
    // `key` is part of fullKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);

  const reload = useCallback(() => {
    if (fullKey !== null) cache.delete(fullKey);
    setRetry((n) => n + 1);
  }, [fullKey]);

  // After a write (or a retry) the same data reloads in the background: keep showing what is on
  // screen until the fresh copy arrives, so views keep their state and do not flash.
  const state: DataState<T> =
    result !== null && (result.key === fullKey || (result.base === key && result.state.status === "ready"))
      ? result.state
      : { status: "loading" };
  return { ...state, reload };
}
