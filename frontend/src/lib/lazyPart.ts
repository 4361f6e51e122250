/**
 * Code loaded when first needed (its own chunk): a view (lazyView in router.tsx) or a part of one,
 * such as an edit form, that most readers never open. Not React.lazy: Suspense holds a revealed
 * boundary back for up to 300 ms; a tiny store has no such wait.
 */
import { createElement, useEffect, useSyncExternalStore, type ComponentType } from "react";

/** `start()` loads once; `useLoaded()` starts it and re-renders when it is there (null before). */
export function lazyModule<T>(load: () => Promise<T>) {
  let loaded: T | null = null;
  let loading: Promise<void> | null = null;
  const waiting = new Set<() => void>();
  const start = () =>
    (loading ??= load().then((value) => {
      loaded = value;
      for (const listener of waiting) listener();
    }));
  const subscribe = (listener: () => void) => {
    waiting.add(listener);
    return () => waiting.delete(listener);
  };
  function useLoaded(): T | null {
    useEffect(() => {
      void start();
    }, []);
    return useSyncExternalStore(subscribe, () => loaded);
  }
  return { start, useLoaded };
}

/** A component loaded when first rendered; `Placeholder` shows while its code loads. */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: ComponentType): ComponentType<P> {
  const part = lazyModule(load);
  return function LazyPart(props: P) {
    const Part = part.useLoaded();
    return Part ? createElement(Part, props) : createElement(Placeholder);
  };
}
