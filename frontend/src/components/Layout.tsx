import { useEffect, useId, useRef, type ReactNode } from "react";
import { useLocation, useSearchParams } from "wouter";
import { NavLink } from "../lib/router";
import { SessionControl } from "../features/auth/SignInLink";
import { pickProgramme, useProgrammes } from "../features/programmes/api";
import { ProgrammeContext } from "../features/programmes/context";
import { formatDate } from "../lib/format";
import { useMay } from "../lib/permissions";
import { useSession } from "../lib/session";
import { carry, useParam } from "../lib/url";
import { AsOfControl } from "./AsOfControl";
import { MenuButton, useCurrentInView, useHeaderMenu } from "./compactHeader";
import { PrintHead } from "./printHead";
import { Empty, ErrorPanel, Loading } from "./States";

const NAV = [
  { to: "/", label: "Overview", end: true },
  { to: "/timeline", label: "Timeline" },
  { to: "/due", label: "Due" },
  { to: "/funding", label: "Funding" },
  { to: "/money", label: "Budget" },
  { to: "/support", label: "Support" },
  { to: "/results", label: "Results" },
  { to: "/teams", label: "Teams" },
  { to: "/evidence", label: "Evidence" },
  { to: "/exceptions", label: "Exceptions" },
  { to: "/compare", label: "Compare" },
  { to: "/board-pack", label: "Board pack" },
];

/** Shown only to a role the API lets read it (admins). */
const ADMIN_NAV = [{ to: "/webhooks", label: "Webhooks", resource: "webhook-endpoints" }];

/** The page around a view (`children`): header, programme and as-of controls, navigation. */
// long: the page frame's markup (header, programme and as-of controls, navigation)
export function Layout({ children }: { children: ReactNode }) {
  const programmes = useProgrammes();
  const [search] = useSearchParams();
  const [wanted, setWanted] = useParam("programme");
  const [path] = useLocation();
  const selectId = useId();
  const controlsId = useId();
  const menu = useHeaderMenu(path);
  const navRef = useRef<HTMLElement>(null);
  useCurrentInView(navRef, path);
  const programme = programmes.status === "success" ? pickProgramme(programmes.data, wanted) : null;
  const may = useMay();
  const signedIn = useSession() !== null;
  const nav = [...NAV, ...ADMIN_NAV.filter((item) => may(item.resource, "read"))];

  // Move focus to the new page's heading after navigation, for keyboard and screen-reader users.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>("main h1");
    if (heading && document.activeElement?.closest("nav")) heading.focus();
  }, [path]);

  // The sign-in view needs no programme (reads may need the sign-in first).
  const signingIn = path === "/sign-in";
  const choices = programmes.status === "success" ? programmes.data : [];

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById("main")?.focus();
      }}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <div>
            <NavLink to={`/${carry(search)}`} className="brand">
              Shared Purpose Tracker
              <small>
                {programme
                  ? `${programme.title}: ${formatDate(programme.start_date)} – ${formatDate(programme.end_date)}`
                  : "Improvement programme dashboard"}
              </small>
            </NavLink>
          </div>
          <MenuButton open={menu.open} toggle={menu.toggle} controls={controlsId} />
          <div className="header-controls" id={controlsId} data-open={menu.open || undefined}>
            {choices.length > 1 && programme ? (
              <div>
                <label htmlFor={selectId}>Programme</label>
                <select id={selectId} value={programme.id} onChange={(e) => setWanted(e.target.value)}>
                  {choices.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            {programme && !signingIn ? <AsOfControl start={programme.start_date} end={programme.end_date} /> : null}
            {signedIn ? (
              <NavLink to={`/reminders${carry(search)}`} className="session-link">
                Reminders
              </NavLink>
            ) : null}
            <SessionControl />
          </div>
        </div>
        <nav className="site-nav" aria-label="Views" ref={navRef}>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={`${item.to}${carry(search)}`} end={"end" in item ? item.end : undefined}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {signingIn ? (
          children
        ) : (
          <>
            {programmes.status === "pending" ? <Loading what="the programme" /> : null}
            {programmes.status === "error" ? <ErrorPanel error={programmes.error} retry={() => void programmes.refetch()} /> : null}
            {programmes.status === "success" && !programme ? (
              <Empty>No programme yet. Load one with `shared-purpose seed` or the API.</Empty>
            ) : null}
            {programme ? (
              <ProgrammeContext.Provider value={programme}>
                <PrintHead />
                {children}
              </ProgrammeContext.Provider>
            ) : null}
          </>
        )}
      </main>
    </>
  );
}
