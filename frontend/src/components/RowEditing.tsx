import { useState, type ReactNode } from "react";
import { removeRow, type RowResource } from "../lib/editable";
import { ConfirmDelete } from "./ConfirmDelete";
import { Dialog } from "./Dialog";
import { RowActions } from "./RowActions";

interface Titled {
  id: string;
  title: string;
  version: number;
}

/**
 * Edit and Delete buttons for each row of a table the caller may write, and their dialogs: the
 * form (which reads the row afresh with its ETag) and the confirmation (which deletes the version
 * the table showed, under If-Match). `say` confirms a save or a delete where the user is.
 */
export function useRowEditing<Row extends Titled, Patch>({
  resource,
  what,
  editTitle,
  mayWrite,
  form,
  savedMessage,
  say,
}: {
  resource: RowResource<Row, Patch>;
  /** The kind of row, as the confirmation names it: "support activity". */
  what: string;
  editTitle: string;
  /** Whether the caller may write this row; null when it may write none (no buttons at all). */
  mayWrite: ((row: Row) => boolean) | null;
  form: (id: string, onDone: (saved: Row) => void) => ReactNode;
  savedMessage: (saved: Row) => string;
  say: (message: string | null) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Row | null>(null);

  const actions = mayWrite
    ? (row: Row): ReactNode =>
        mayWrite(row) ? (
          <RowActions
            name={row.title}
            onEdit={() => { say(null); setEditing(row.id); }}
            onDelete={() => { say(null); setDeleting(row); }}
          />
        ) : null
    : undefined;

  const dialogs = (
    <>
      <Dialog title={editTitle} open={editing !== null} onClose={() => setEditing(null)}>
        {editing
          ? form(editing, (saved) => {
              setEditing(null);
              say(savedMessage(saved));
            })
          : null}
      </Dialog>
      <ConfirmDelete
        what={what}
        name={deleting?.title ?? ""}
        open={deleting !== null}
        remove={() => removeRow(resource, deleting!.id, deleting!.version)}
        onClose={() => setDeleting(null)}
        onDone={() => {
          say(`Deleted: “${deleting?.title ?? ""}”.`);
          setDeleting(null);
        }}
      />
    </>
  );
  return { actions, dialogs };
}
