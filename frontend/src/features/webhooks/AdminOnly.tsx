import { Link } from "wouter";
import { PageHead } from "../../components/PageHead";
import { useSignInPath } from "../auth/SignInLink";
import { useSession } from "../../lib/session";

/** What a view for admins says to anyone else: sign in (as an admin), or that the role may not. */
export function AdminOnly({ title }: { title: string }) {
  const session = useSession();
  const to = useSignInPath();
  return (
    <>
      <PageHead dated={false} title={title} />
      <div className="state" data-testid="admins-only">
        {session ? (
          <p>Only admins manage webhooks: your role may not see them.</p>
        ) : (
          <p>
            Only admins manage webhooks. <Link to={to}>Sign in</Link> as an admin to see them.
          </p>
        )}
      </div>
    </>
  );
}
