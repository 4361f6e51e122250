/**
 * The signed-in session: the token from `POST /auth/login`, kept in sessionStorage (gone when the
 * tab closes), and who it stands for. Every API call sends it as `Authorization: Bearer …`
 * (see api.ts). A store read with useSyncExternalStore, so the header and views follow it.
 */
import { useSyncExternalStore } from "react";
import type { components } from "../client/schema";
import type { Action } from "./enums";

export type { Action, Role } from "./enums";

type ApiMe = components["schemas"]["Me"];

/**
 * Who the token stands for, as `/auth/me` (and sign-in) answer: role, teams, the role's row of
 * the API's permission table and the resources written only for `team_ids`. A session kept
 * before the permissions were sent lacks them (permissions.ts then reads `/auth/me`).
 */
export type Me = Omit<ApiMe, "permissions" | "team_scoped" | "expires_at"> & Partial<Pick<ApiMe, "permissions" | "team_scoped" | "expires_at">>;

export interface Session {
  token: string;
  expires_at: string;
  me: Me;
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

/**
 * Whether the session may take `action` on `resource`, from the permissions the API sent (never a
 * copy of its table). `team`: the row's team(s) for team-scoped resources (null or [] is a
 * programme-wide row); leave it out to ask about the resource at all (an "Add" button).
 */
export function may(me: Me | null | undefined, resource: string, action: Action, team?: string | readonly string[] | null): boolean {
  if (!me?.permissions?.[resource]?.includes(action)) return false;
  if (action === "read" || team === undefined || !(me.team_scoped ?? []).includes(resource)) return true;
  const teams = team === null ? [] : typeof team === "string" ? [team] : team;
  return teams.length > 0 && teams.every((t) => me.team_ids.includes(t));
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
