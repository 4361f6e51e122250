/**
 * Routing is wouter's (Router, Switch, Route, Link, useLocation, useParams, useSearchParams); this
 * file holds the little it lacks. The location lives in the hash, query string included
 * (`/#/timeline?as_of=2013-12-31`), so a reload or a shared link works on any static host without
 * server-side rewrites. wouter's own hash hook keeps the query before the hash
 * (`/?as_of=…#/timeline`), hence `hashLocation` below.
 */
import { useEffect, type AnchorHTMLAttributes, type ComponentType, createElement } from "react";
import { Link, matchRoute, useLocation, useRoute, useRouter, type BaseLocationHook } from "wouter";
import { useHashLocation } from "wouter/use-hash-location";
import { lazyModule } from "./lazyPart";

/** `/timeline?as_of=…`: the whole hash, path and query, as in the address bar. */
export function useAddress(): string {
  return useHashLocation()[0];
}

function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  const url = `${location.pathname}${location.search}#${to}`;
  if (replace) history.replaceState(history.state, "", url);
  else history.pushState(null, "", url);
  // What wouter's hash hook listens to (pushState and replaceState send no event).
  dispatchEvent(new HashChangeEvent("hashchange"));
}

function useHashPath(): [string, typeof navigate] {
  return [useAddress().split("?")[0]!, navigate];
}

/** The hash's query string. wouter's useSearch decodes it with decodeURI: "%" is escaped so that
 * URLSearchParams gets the query as written. */
function useHashSearch(): string {
  const address = useAddress();
  const q = address.indexOf("?");
  return q < 0 ? "" : address.slice(q + 1).replace(/%/g, "%25");
}

/** wouter's location hook for `<Router hook={hashLocation}>`: path, query and links all in the hash. */
export const hashLocation: BaseLocationHook = Object.assign(useHashPath, {
  searchHook: useHashSearch,
  hrefs: (href: string) => `#${href}`,
});

type NavLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; end?: boolean };

/** A Link that says when it is the current page (`aria-current="page"`); `end`: this path only, not the ones below it. */
export function NavLink({ to, end, ...rest }: NavLinkProps) {
  const path = to.split("?")[0]!;
  const [active] = useRoute(end || path === "/" ? path : `${path}/*?`);
  return <Link to={to} {...rest} aria-current={active ? "page" : undefined} />;
}

/** Starts loading the current view's code (see lazyView) while the layout still waits for the programme. */
export function usePreloadView(routes: readonly { path: string; Component: ComponentType }[]): void {
  const { parser } = useRouter();
  const [path] = useLocation();
  const View = routes.find((r) => matchRoute(parser, r.path, path)[0])?.Component;
  useEffect(() => {
    (View as { preload?: () => unknown } | undefined)?.preload?.();
  }, [View]);
}

/** A view whose code loads when it is first shown (its own chunk; see lazyPart.ts). */
export function lazyView(load: () => Promise<ComponentType>, Placeholder: ComponentType): ComponentType {
  const view = lazyModule(load);
  function LazyView() {
    const View = view.useLoaded();
    // Arrived by the navigation links: focus the new view's heading once it is there.
    useEffect(() => {
      const heading = document.querySelector<HTMLElement>("main h1");
      if (View && heading && document.activeElement?.closest("nav")) heading.focus();
    }, [View]);
    // `View` is the module's one component, the same on every render once loaded.
    return createElement(View ?? Placeholder);
  }
  return Object.assign(LazyView, { preload: view.start });
}
