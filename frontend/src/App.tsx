import type { ComponentType } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { Link, Route, Router, Switch } from "wouter";
import { Layout } from "./components/Layout";
import { PageHead } from "./components/PageHead";
import { Loading } from "./components/States";
import { queryClient } from "./lib/query";
import { hashLocation, lazyView, usePreloadView } from "./lib/router";

function NotFound() {
  return (
    <>
      <PageHead title="Page not found" />
      <p>
        There is no view at this address. <Link to="/">Go to the overview</Link>.
      </p>
    </>
  );
}

function LoadingView() {
  return <Loading what="the view" />;
}

/** Each view is its own chunk, loaded when its address is first opened. */
const view = (load: () => Promise<ComponentType>) => lazyView(load, LoadingView);

/**
 * Hash URLs (`/#/timeline?as_of=2013-12-31`): every view and its filters has its own address that
 * works on any static host, the API's `/` included, without server-side rewrites.
 */
const ROUTES: readonly { path: string; Component: ComponentType }[] = [
  { path: "/", Component: view(() => import("./features/overview/OverviewPage").then((m) => m.OverviewPage)) },
  { path: "/timeline", Component: view(() => import("./features/timeline/TimelinePage").then((m) => m.TimelinePage)) },
  { path: "/funding", Component: view(() => import("./features/funding/FundingPage").then((m) => m.FundingPage)) },
  { path: "/money", Component: view(() => import("./features/money/MoneyPage").then((m) => m.MoneyPage)) },
  { path: "/support", Component: view(() => import("./features/support/SupportPage").then((m) => m.SupportPage)) },
  { path: "/results", Component: view(() => import("./features/results/ResultsPage").then((m) => m.ResultsPage)) },
  { path: "/teams", Component: view(() => import("./features/teams/TeamsPage").then((m) => m.TeamsPage)) },
  { path: "/teams/:teamId", Component: view(() => import("./features/teams/TeamPage").then((m) => m.TeamPage)) },
  { path: "/evidence", Component: view(() => import("./features/evidence/EvidencePage").then((m) => m.EvidencePage)) },
  { path: "/due", Component: view(() => import("./features/due/DuePage").then((m) => m.DuePage)) },
  { path: "/board-pack", Component: view(() => import("./features/boardpack/BoardPackPage").then((m) => m.BoardPackPage)) },
  { path: "/exceptions", Component: view(() => import("./features/exceptions/ExceptionsPage").then((m) => m.ExceptionsPage)) },
  { path: "/compare", Component: view(() => import("./features/compare/ComparePage").then((m) => m.ComparePage)) },
  { path: "/webhooks", Component: view(() => import("./features/webhooks/WebhooksPage").then((m) => m.WebhooksPage)) },
  { path: "/webhooks/:endpointId", Component: view(() => import("./features/webhooks/EndpointPage").then((m) => m.EndpointPage)) },
  { path: "/reminders", Component: view(() => import("./features/reminders/RemindersPage").then((m) => m.RemindersPage)) },
  { path: "/sign-in", Component: view(() => import("./features/auth/SignInPage").then((m) => m.SignInPage)) },
];

function Views() {
  usePreloadView(ROUTES);
  return (
    <Layout>
      <Switch>
        {ROUTES.map(({ path, Component }) => (
          <Route key={path} path={path} component={Component} />
        ))}
        <Route component={NotFound} />
      </Switch>
    </Layout>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={hashLocation}>
        <Views />
      </Router>
    </QueryClientProvider>
  );
}
