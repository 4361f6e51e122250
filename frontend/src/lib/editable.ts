/**
 * Load a row with its ETag, then edit it: the one way every edit form reads and saves. The row is
 * read afresh each time a form opens (never from the cache), and saved as a JSON merge patch of
 * what changed with `If-Match: <the ETag read>`; a 412 (someone else changed it) is shown by the
 * form (FormProblem) with a Reload that reads the row again.
 */
import { useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import type { Fetched } from "./api";
import { useFormWrite, type Fields, type FormWrite } from "./formWrite";

interface Versioned {
  id: string;
  version: number;
}

/** How to read, change and delete one kind of row (each feature declares its own, with MERGE_PATCH from api.ts). */
export interface RowResource<Row extends Versioned, Patch> {
  /** Names the row's query: `["edit", name, id]`. */
  name: string;
  read: (id: string) => Promise<Fetched<Row>>;
  /** PATCH with `If-Match: etag` and MERGE_PATCH. */
  update: (id: string, etag: string, patch: Patch) => Promise<Fetched<Row>>;
  /** DELETE with `If-Match: etag`. */
  remove?: (id: string, etag: string) => Promise<void>;
}

/** The ETag to send back as If-Match: the response's, or made from the row's version. */
export function etagOf(loaded: Fetched<Versioned>): string {
  return loaded.etag ?? `"${loaded.data.version}"`;
}

export interface EditableRow<Row extends Versioned, Patch> {
  /** The row and its ETag as read (pending while `id` is null). */
  query: UseQueryResult<Fetched<Row>>;
  row: Row | null;
  etag: string | null;
  /** The form's write state; also runs the form's other writes (a create). */
  write: FormWrite;
  /** Saves `patch` under the ETag read: the saved row, or null (see `write`). */
  save: (patch: Patch) => Promise<Row | null>;
  /** Reads the row again (after a 412), showing the form again once it is there; clears the message. */
  reload: () => void;
}

/** `id` null: nothing to load (a form that creates); `fields` as for useFormWrite. */
export function useEditableRow<Row extends Versioned, Patch>(
  resource: RowResource<Row, Patch>,
  id: string | null,
  fields: Fields,
): EditableRow<Row, Patch> {
  const queries = useQueryClient();
  const queryKey = ["edit", resource.name, id];
  const query = useQuery({
    queryKey,
    queryFn: () => resource.read(id!),
    enabled: id !== null,
    // Each opening reads the row afresh: an edit must start from the latest version.
    staleTime: 0,
    gcTime: 0,
  });
  const write = useFormWrite(fields);
  const loaded = query.data ?? null;
  const etag = loaded ? etagOf(loaded) : null;
  const save = async (patch: Patch): Promise<Row | null> => {
    if (id === null || etag === null) throw new Error("save before the row was read");
    return write.run(async () => (await resource.update(id, etag, patch)).data);
  };
  // Back to "loading" until the fresh row is there: the form is never shown (nor typed into)
  // with the old row while the new one is on its way.
  const reload = () => {
    write.reset();
    void queries.resetQueries({ queryKey, exact: true });
  };
  return { query, row: loaded?.data ?? null, etag, write, save, reload };
}

/**
 * Deletes a row under If-Match: the ETag of the version the list showed, or, when the list
 * carries no version, of the row read just before.
 */
export async function removeRow<Row extends Versioned, Patch>(
  resource: RowResource<Row, Patch>,
  id: string,
  version?: number,
): Promise<void> {
  if (!resource.remove) throw new Error(`a ${resource.name} cannot be deleted here`);
  const etag = version === undefined ? etagOf(await resource.read(id)) : `"${version}"`;
  await resource.remove(id, etag);
}
