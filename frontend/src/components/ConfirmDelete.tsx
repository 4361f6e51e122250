import type { FormEvent } from "react";
import { Dialog } from "./Dialog";
import { FormProblem } from "./FormProblem";
import { useFormWrite } from "../lib/formWrite";
import { invalidateAll } from "../lib/query";

/**
 * "Delete …?" with the row named, and the server's answer if it refuses (409 while other rows
 * refer to it; 412 when someone changed it since the list was read: reload and look again).
 */
export function ConfirmDelete({
  what,
  name,
  open,
  remove,
  onClose,
  onDone,
}: {
  /** The kind of row: "support activity". */
  what: string;
  /** The row as people know it: its title. */
  name: string;
  open: boolean;
  /** Deletes the row (sending the ETag that was read as If-Match). */
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const write = useFormWrite([]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await write.run(async () => {
      await remove();
      return true;
    });
    if (done) onDone();
  };
  // After a 412 the list shows an old version: read it again, then the user looks again.
  const reload = () => {
    void invalidateAll();
    write.reset();
    onClose();
  };
  return (
    <Dialog title={`Delete this ${what}?`} open={open} onClose={onClose}>
      {open ? (
        <form onSubmit={submit} noValidate data-testid="confirm-delete">
          <FormProblem state={write} onReload={reload} />
          <p>
            “{name}” will be deleted. This cannot be undone (the audit trail keeps a record).
          </p>
          <div className="form-actions">
            <button type="submit" className="danger" disabled={write.busy || write.stale}>
              {write.busy ? "Deleting…" : `Delete ${what}`}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
