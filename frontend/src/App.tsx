import { createHashRouter, Link, RouterProvider } from "react-router";
import { Layout } from "./components/Layout";
import { PageHead } from "./components/PageHead";
import { SignInPage } from "./features/auth/SignInPage";
import { EvidencePage } from "./features/evidence/EvidencePage";
import { FundingPage } from "./features/funding/FundingPage";
import { OverviewPage } from "./features/overview/OverviewPage";
import { ResultsPage } from "./features/results/ResultsPage";
import { SupportPage } from "./features/support/SupportPage";
import { TeamPage } from "./features/teams/TeamPage";
import { TeamsPage } from "./features/teams/TeamsPage";
import { TimelinePage } from "./features/timeline/TimelinePage";

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

/**
 * Hash URLs (`/#/timeline?as_of=2013-12-31`): every view and its filters has its own address that
 * works on any static host, the API's `/` included, without server-side rewrites.
 */
const router = createHashRouter([
  {
    path: "/",
    element: <Layout />,
    children: [
      { index: true, element: <OverviewPage /> },
      { path: "timeline", element: <TimelinePage /> },
      { path: "funding", element: <FundingPage /> },
      { path: "support", element: <SupportPage /> },
      { path: "results", element: <ResultsPage /> },
      { path: "teams", element: <TeamsPage /> },
      { path: "teams/:teamId", element: <TeamPage /> },
      { path: "evidence", element: <EvidencePage /> },
      { path: "sign-in", element: <SignInPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
