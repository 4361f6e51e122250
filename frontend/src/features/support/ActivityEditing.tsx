import { useState, type ReactNode } from "react";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Dialog } from "../../components/Dialog";
import { RowActions } from "../../components/RowActions";
import { label } from "../../lib/format";
import { useMay } from "../../lib/permissions";
import { ActivityForm } from "./ActivityForm";
import type { SupportActivity } from "./api";
import { deleteActivity } from "./write";

/**
 * Change and delete buttons for each activity the caller may write (a team editor: those of its
 * own teams only), and their dialogs. `say` confirms a save where the user is.
 */
export function useActivityEditing(programmeId: string, say: (message: string | null) => void) {
  const may = useMay();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SupportActivity | null>(null);
  const anyWrite = may("support-activities", "write");

  const actions = anyWrite
    ? (a: SupportActivity): ReactNode =>
        may("support-activities", "write", a.team_ids ?? []) ? (
          <RowActions
            name={a.title}
            onEdit={() => { say(null); setEditing(a.id); }}
            onDelete={() => { say(null); setDeleting(a); }}
          />
        ) : null
    : undefined;

  const dialogs = (
    <>
      <Dialog title="Change a support activity" open={editing !== null} onClose={() => setEditing(null)}>
        {editing ? (
          <ActivityForm
            programmeId={programmeId}
            id={editing}
            onDone={(a) => {
              setEditing(null);
              say(`Saved: “${a.title}” (${label(a.type).toLowerCase()}).`);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDelete
        what="support activity"
        name={deleting?.title ?? ""}
        open={deleting !== null}
        remove={() => deleteActivity(deleting!.id, `"${deleting!.version}"`)}
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
