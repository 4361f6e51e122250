import { Link, useLocation } from "wouter";
import { useAddress } from "../../lib/router";
import { signInPath, useSession } from "../../lib/session";
import { signOut } from "./api";

/** The sign-in view's address, coming back here afterwards. */
export function useSignInPath(): string {
  return signInPath(useAddress());
}

/** Shown instead of an edit button when nobody is signed in. */
export function SignInToEdit({ what = "edit" }: { what?: string }) {
  const to = useSignInPath();
  return (
    <Link to={to} className="button-link" data-testid="sign-in-to-edit">
      Sign in to {what}
    </Link>
  );
}

/** The header's "Signed in as … / Sign out", or a link to sign in. */
export function SessionControl() {
  const session = useSession();
  const to = useSignInPath();
  const [path] = useLocation();
  if (!session) {
    if (path === "/sign-in") return null;
    return (
      <Link to={to} className="session-link">
        Sign in
      </Link>
    );
  }
  return (
    <div className="session" data-testid="session">
      <span>
        Signed in as <strong>{session.me.name}</strong>
      </span>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
