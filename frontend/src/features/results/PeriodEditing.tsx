import { useMemo, useState } from "react";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Dialog } from "../../components/Dialog";
import { RowActions } from "../../components/RowActions";
import { removeRow } from "../../lib/editable";
import { formatDate, formatValue } from "../../lib/format";
import { useCan } from "../../lib/permissions";
import { PeriodForm } from "./PeriodForm";
import { periodsOf } from "./periods";
import type { Indicator } from "./shape";

type Brief = Indicator["periods"][number];

/**
 * The periods of an indicator with "Add period", "Edit" and "Delete", for whoever may write them
 * (a team editor: its own teams' indicators). Nothing is shown to others.
 */
export function PeriodEditing({ indicator, teamId, say }: { indicator: Indicator; teamId: string; say: (message: string | null) => void }) {
  const canWrite = useCan("indicator-periods", "write", teamId);
  const [form, setForm] = useState<{ id: string | null } | null>(null);
  const [deleting, setDeleting] = useState<Brief | null>(null);
  const periods = useMemo(() => periodsOf(indicator.id), [indicator.id]);
  if (!canWrite) return null;
  const span = (p: { period_start: string; period_end: string }) => `${formatDate(p.period_start)} – ${formatDate(p.period_end)}`;
  const open = (id: string | null) => {
    say(null);
    setForm({ id });
  };
  return (
    <div className="period-editing" data-testid="period-editing">
      <h4>Periods reported</h4>
      {indicator.periods.length === 0 ? <p className="hint">None yet.</p> : null}
      <ul className="plain-list">
        {indicator.periods.map((p) => (
          <li key={p.id} data-testid="period">
            {span(p)}: <strong>{formatValue(p.actual_value, indicator.unit)}</strong>{" "}
            <RowActions
              look="link"
              name={`the period ${span(p)}`}
              onEdit={() => open(p.id)}
              onDelete={() => { say(null); setDeleting(p); }}
            />
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => open(null)}>
        Add period<span className="visually-hidden"> to {indicator.title}</span>
      </button>
      <Dialog title={form?.id ? `Edit a period: ${indicator.title}` : `Add a period: ${indicator.title}`} open={form !== null} onClose={() => setForm(null)}>
        {form ? (
          <PeriodForm
            indicatorId={indicator.id}
            unit={indicator.unit}
            id={form.id}
            onDone={(p) => {
              setForm(null);
              say(`Saved: ${formatValue(p.actual_value, indicator.unit)} for ${span(p)}, ${indicator.title}.`);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDelete
        what="period"
        name={deleting ? `${indicator.title}, ${span(deleting)}` : ""}
        open={deleting !== null}
        // The brief carries no version: the period is read just before, for its ETag.
        remove={() => removeRow(periods, deleting!.id)}
        onClose={() => setDeleting(null)}
        onDone={() => {
          say(`Deleted: the period ${deleting ? span(deleting) : ""} of ${indicator.title}.`);
          setDeleting(null);
        }}
      />
    </div>
  );
}
