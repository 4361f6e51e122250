import { useState, type ReactNode } from "react";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Dialog } from "../../components/Dialog";
import { RowActions } from "../../components/RowActions";
import { useMay } from "../../lib/permissions";
import type { Evidence } from "./api";
import { EvidenceForm } from "./EvidenceForm";
import { deleteEvidence } from "./write";

/**
 * Change and delete buttons for each piece of evidence the caller may write (a team editor: its
 * own teams' only, never programme-wide evidence), and their dialogs.
 */
export function useEvidenceEditing(say: (message: string | null) => void) {
  const may = useMay();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Evidence | null>(null);

  const actions = may("evidence", "write")
    ? (e: Evidence): ReactNode =>
        may("evidence", "write", e.team_id ?? null) ? (
          <RowActions
            name={e.title}
            onEdit={() => { say(null); setEditing(e.id); }}
            onDelete={() => { say(null); setDeleting(e); }}
          />
        ) : null
    : undefined;

  const dialogs = (
    <>
      <Dialog title="Change evidence" open={editing !== null} onClose={() => setEditing(null)}>
        {editing ? (
          <EvidenceForm
            id={editing}
            onDone={(e) => {
              setEditing(null);
              say(`Saved: “${e.title}”.`);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDelete
        what="evidence"
        name={deleting?.title ?? ""}
        open={deleting !== null}
        remove={() => deleteEvidence(deleting!.id, `"${deleting!.version}"`)}
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
