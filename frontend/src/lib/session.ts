/**
 * The signed-in session: the token from `POST /auth/login`, kept in sessionStorage (gone when the
 * tab closes), and who it stands for. Every API call sends it as `Authorization: Bearer …`
 * (see api.ts). A store read with useSyncExternalStore, so the header and views follow it.
 */
import { useSyncExternalStore } from "react";

export type Role = "admin" | "programme_manager" | "finance" | "team_editor" | "viewer";

export interface Session {
  token: string;
  expires_at: string;
  me: { kind: string; id: string; name: string; role: Role; team_ids: string[] };
}

const KEY = "sp.session";
const listeners = new Set<() => void>();
let current: Session | null = read();

function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}

function read(): Session | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== "string" || !s.me) return null;
    if (s.expires_at && Date.parse(s.expires_at) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

function emit(): void {
  for (const listener of listeners) listener();
}

export function getSession(): Session | null {
  if (current && current.expires_at && Date.parse(current.expires_at) <= Date.now()) setSession(null);
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  const store = storage();
  if (session) store?.setItem(KEY, JSON.stringify(session));
  else store?.removeItem(KEY);
  emit();
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** Who may write what (a copy of the API's permission table, only to decide what to show). */
const WRITERS: Record<string, readonly Role[]> = {
  milestones: ["admin", "programme_manager", "team_editor"],
  "support-activities": ["admin", "programme_manager", "team_editor"],
  payments: ["admin", "programme_manager", "finance"],
};
const AUDIT_READERS: readonly Role[] = ["admin", "programme_manager"];

export function mayWrite(session: Session | null, resource: string): boolean {
  return session !== null && (WRITERS[resource] ?? []).includes(session.me.role);
}

export function mayReadAudit(session: Session | null): boolean {
  return session !== null && AUDIT_READERS.includes(session.me.role);
}

/** The sign-in view's address, coming back to `next` (a hash path such as `/timeline?x=1`). */
export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

/** An Idempotency-Key: random, also where crypto.randomUUID is missing (plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
