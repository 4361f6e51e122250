/**
 * A component whose code loads when it is first rendered (its own chunk), such as an edit form:
 * most readers never open one, so a view's first load does not carry it. Not React.lazy, for the
 * reason lazyView gives (router.tsx); `Placeholder` shows while the code loads.
 */
import { createElement, useEffect, useSyncExternalStore, type ComponentType } from "react";

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: ComponentType): ComponentType<P> {
  let Loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const waiting = new Set<() => void>();
  const start = () =>
    (loading ??= load().then((c) => {
      Loaded = c;
      for (const listener of waiting) listener();
    }));
  return function LazyPart(props: P) {
    useEffect(() => {
      void start();
    }, []);
    const Part = useSyncExternalStore(
      (listener) => {
        waiting.add(listener);
        return () => waiting.delete(listener);
      },
      () => Loaded,
    );
    return Part ? createElement(Part, props) : createElement(Placeholder);
  };
}
