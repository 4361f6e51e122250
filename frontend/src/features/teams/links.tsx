import { Link, useSearchParams } from "wouter";
import { carry } from "../../lib/url";

/** A link to a team's page that keeps the programme and as-of date. */
export function TeamLink({ id, name }: { id: string | null | undefined; name: string | null | undefined }) {
  const [search] = useSearchParams();
  if (!id) return <>{name ?? "Programme-wide"}</>;
  return <Link to={`/teams/${id}${carry(search)}`}>{name ?? id}</Link>;
}
