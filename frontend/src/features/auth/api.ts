import { client, get, unwrap, type Schemas } from "../../lib/api";
import { setSession, type Session } from "../../lib/session";
import { useQuery } from "@tanstack/react-query";
import { forgetSession, invalidateAll } from "../../lib/query";

export type AuditEvent = Schemas["AuditEventRead"];

/** POST /auth/login; on success the token is kept for the tab and every read reloads with it. */
export async function signIn(email: string, password: string): Promise<Session> {
  const { data } = await unwrap(client.POST("/api/v1/auth/login", { body: { email, password } }));
  const session: Session = { token: data.token, expires_at: data.expires_at, me: data.me };
  setSession(session);
  void invalidateAll();
  return session;
}

/**
 * POST /auth/logout ends the user's sessions on the server (every device); the tab forgets its
 * token whatever the answer: a token the server already refuses is signed out anyway.
 */
export async function signOut(): Promise<void> {
  try {
    await client.POST("/api/v1/auth/logout");
  } catch {
    // Offline: the server ends the session when it expires; this tab forgets it now.
  }
  setSession(null);
  void forgetSession();
}

/** The latest audit events of one team's rows (admin and programme_manager only). */
export function useTeamAudit(teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["audit", teamId],
    queryFn: () => get(client.GET("/api/v1/audit-events", { params: { query: { team_id: teamId, limit: 20 } } })),
    enabled,
  });
}
