/**
 * Hash routing in a page of code (`/#/timeline?as_of=2013-12-31`): the location lives in the URL's
 * hash, so a reload or a shared link works on any static host without server-side rewrites.
 * It replaces a routing library that weighed a tenth of the first view's download.
 */
import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type ComponentType,
  type MouseEvent,
  type ReactNode,
} from "react";

export interface Location {
  pathname: string;
  /** `?a=1`, or "" */
  search: string;
}

export type To = string | { pathname?: string; search?: string };

let snapshot: { raw: string; location: Location } = { raw: "\0", location: { pathname: "/", search: "" } };

function current(): Location {
  const raw = window.location.hash.replace(/^#\/?/, "/");
  if (raw !== snapshot.raw) {
    const q = raw.indexOf("?");
    snapshot = { raw, location: { pathname: q < 0 ? raw : raw.slice(0, q), search: q < 0 ? "" : raw.slice(q) } };
  }
  return snapshot.location;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("hashchange", listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("hashchange", listener);
    window.removeEventListener("popstate", listener);
  };
}

/** The path a `to` names, resolved against the current location (an object keeps the path). */
export function resolve(to: To, from: Location = current()): string {
  if (typeof to === "string") return to;
  const search = to.search ?? "";
  return `${to.pathname ?? from.pathname}${search && !search.startsWith("?") ? `?${search}` : search}`;
}

export function navigate(to: To, opts: { replace?: boolean } = {}): void {
  const url = `${window.location.pathname}${window.location.search}#${resolve(to)}`;
  if (opts.replace) window.history.replaceState(window.history.state, "", url);
  else window.history.pushState(null, "", url);
  for (const listener of listeners) listener();
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, current);
}

export function useNavigate(): typeof navigate {
  return navigate;
}

type SetSearch = (
  next: URLSearchParams | ((prev: URLSearchParams) => URLSearchParams),
  opts?: { replace?: boolean },
) => void;

const setSearch: SetSearch = (next, opts) => {
  const here = current();
  const value = typeof next === "function" ? next(new URLSearchParams(here.search)) : next;
  const text = value.toString();
  navigate({ pathname: here.pathname, search: text ? `?${text}` : "" }, opts);
};

/** The query string of the hash, and a setter (a function of the previous value, or a value). */
export function useSearchParams(): [URLSearchParams, SetSearch] {
  const { search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  return [params, setSearch];
}

function plainClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  return e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey && !e.currentTarget.target;
}

type AnchorProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: To; replace?: boolean };

export function Link({ to, replace, onClick, ...rest }: AnchorProps) {
  const location = useLocation();
  return (
    <a
      {...rest}
      href={`#${resolve(to, location)}`}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || !plainClick(e)) return;
        e.preventDefault();
        navigate(to, { replace });
      }}
    />
  );
}

/** A Link that says when it is the current page (`aria-current="page"`); `end`: exactly this path. */
export function NavLink({ end, ...props }: AnchorProps & { end?: boolean }) {
  const { pathname } = useLocation();
  const target = resolve(props.to).split("?")[0] ?? "/";
  const active = pathname === target || (!end && target !== "/" && pathname.startsWith(`${target}/`));
  return <Link {...props} aria-current={active ? "page" : undefined} />;
}

export interface Route {
  /** `/teams/:teamId`: a segment starting with ":" is a parameter. */
  path: string;
  Component: ComponentType;
}

const RouteContext = createContext<{ params: Record<string, string>; element: ReactNode }>({ params: {}, element: null });

/** The first route whose path matches, with its parameters; null when none does. */
export function match(routes: readonly Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  const parts = pathname.split("/").filter(Boolean);
  for (const route of routes) {
    const want = route.path.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (want.every((w, i) => (w.startsWith(":") ? ((params[w.slice(1)] = decodeURIComponent(parts[i]!)), true) : w === parts[i]))) {
      return { route, params };
    }
  }
  return null;
}

/** Renders `layout` with the matched route's view in its <Outlet />. */
export function Router({ routes, layout: Layout, fallback: Fallback }: { routes: readonly Route[]; layout: ComponentType; fallback: ComponentType }) {
  const { pathname } = useLocation();
  const found = match(routes, pathname);
  const View = found?.route.Component ?? Fallback;
  // Fetch the view's code now, while the layout still waits for the programme.
  useEffect(() => {
    (View as { preload?: () => unknown }).preload?.();
  }, [View]);
  return (
    <RouteContext.Provider value={{ params: found?.params ?? {}, element: <View key={found?.route.path ?? "*"} /> }}>
      <Layout />
    </RouteContext.Provider>
  );
}

export function Outlet() {
  return <>{useContext(RouteContext).element}</>;
}

export function useRouteParams(): Record<string, string> {
  return useContext(RouteContext).params;
}

/**
 * A view whose code loads when it is first shown (its own chunk). Not React.lazy: Suspense holds
 * a revealed boundary back for up to 300 ms; a tiny store has no such wait.
 */
export function lazyView(load: () => Promise<ComponentType>, Placeholder: ComponentType): ComponentType {
  let Loaded: ComponentType | null = null;
  let loading: Promise<void> | null = null;
  const waiting = new Set<() => void>();
  const start = () =>
    (loading ??= load().then((c) => {
      Loaded = c;
      for (const listener of waiting) listener();
    }));
  function LazyView() {
    useEffect(() => {
      void start();
    }, []);
    const View = useSyncExternalStore(
      (listener) => {
        waiting.add(listener);
        return () => waiting.delete(listener);
      },
      () => Loaded,
    );
    // Arrived by the navigation links: focus the new view's heading once it is there.
    useEffect(() => {
      const heading = document.querySelector<HTMLElement>("main h1");
      if (View && heading && document.activeElement?.closest("nav")) heading.focus();
    }, [View]);
    // `View` is the module's one component, the same on every render once loaded.
    return createElement(View ?? Placeholder);
  }
  return Object.assign(LazyView, { preload: start });
}
