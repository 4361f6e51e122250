/** The signed-in person's reminder preferences (`/me/reminder-preferences`). */
import { useQuery } from "@tanstack/react-query";
import { client, get, MERGE_PATCH } from "../../lib/api";
import type { Preferences, PreferencesPatch } from "./shape";

/** `token`: the session's (keys the query to the person; null: not asked, nobody is signed in). */
export function usePreferences(token: string | null) {
  return useQuery({
    queryKey: ["reminder-preferences", token],
    queryFn: () => get(client.GET("/api/v1/me/reminder-preferences")),
    enabled: token !== null,
  });
}

export function savePreferences(patch: PreferencesPatch): Promise<Preferences> {
  return get(client.PATCH("/api/v1/me/reminder-preferences", { body: patch, headers: MERGE_PATCH }));
}
