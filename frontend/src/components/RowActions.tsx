/**
 * Edit and Delete buttons for one row; `name` completes each button's accessible name
 * ("Edit Coaching day"), so a screen reader's list of buttons says which row each one is for.
 */
export function RowActions({
  name,
  onEdit,
  onDelete,
  look = "secondary",
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
  look?: "secondary" | "link";
}) {
  return (
    <span className="row-actions">
      <button type="button" className={look} onClick={onEdit}>
        Edit<span className="visually-hidden"> {name}</span>
      </button>
      <button type="button" className={look} onClick={onDelete}>
        Delete<span className="visually-hidden"> {name}</span>
      </button>
    </span>
  );
}
