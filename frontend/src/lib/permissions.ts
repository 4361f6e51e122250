/**
 * What the signed-in caller may do, as the API says (`GET /auth/me`, also answered by sign-in):
 * the dashboard offers an action only when this allows it. A session without the permissions
 * (kept from before they were sent) reads `/auth/me` once per token.
 */
import { useQuery } from "@tanstack/react-query";
import { client, get } from "./api";
import { getSession, may, setSession, useSession, type Action, type Me } from "./session";

/** Reads `/auth/me` and keeps it in the session it was asked for. */
async function refresh(token: string): Promise<Me> {
  const me = (await get(client.GET("/api/v1/auth/me"))) as Me;
  const session = getSession();
  if (session?.token === token) setSession({ ...session, me });
  return me;
}

/** The caller (null when signed out), its permissions read once per session. */
export function useMe(): Me | null {
  const session = useSession();
  const token = session && !session.me.permissions ? session.token : null;
  // Keyed by the token: one request per session, shared by every component that asks.
  useQuery({ queryKey: ["me", token], queryFn: () => refresh(token!), enabled: token !== null });
  return session?.me ?? null;
}

/** `useCan("payments", "approve")`; `team` as in `may` (the row's team, null for programme-wide). */
export function useCan(resource: string, action: Action, team?: string | readonly string[] | null): boolean {
  return may(useMe(), resource, action, team);
}

/** The same question for many rows at once (a table's buttons): `can(resource, action, team)`. */
export function useMay(): (resource: string, action: Action, team?: string | readonly string[] | null) => boolean {
  const me = useMe();
  return (resource, action, team) => may(me, resource, action, team);
}
