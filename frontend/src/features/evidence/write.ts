/** Reading one piece of evidence with its ETag, then changing or deleting it under If-Match. */
import { client, MERGE_PATCH, unwrap, type Fetched, type Schemas } from "../../lib/api";
import type { RowResource } from "../../lib/editable";
import type { Evidence } from "./api";

export type EvidenceUpdate = Schemas["EvidenceUpdate"];

export function loadOneEvidence(id: string): Promise<Fetched<Evidence>> {
  return unwrap(client.GET("/api/v1/evidence/{evidence_id}", { params: { path: { evidence_id: id } } }));
}

export function updateEvidence(id: string, etag: string, patch: EvidenceUpdate): Promise<Fetched<Evidence>> {
  return unwrap(
    client.PATCH("/api/v1/evidence/{evidence_id}", {
      params: { path: { evidence_id: id }, header: { "if-match": etag } },
      body: patch,
      headers: MERGE_PATCH,
    }),
  );
}

export async function deleteEvidence(id: string, etag: string): Promise<void> {
  await unwrap(client.DELETE("/api/v1/evidence/{evidence_id}", { params: { path: { evidence_id: id }, header: { "if-match": etag } } }));
}

export const EVIDENCE: RowResource<Evidence, EvidenceUpdate> = {
  name: "evidence",
  read: loadOneEvidence,
  update: updateEvidence,
  remove: deleteEvidence,
};
