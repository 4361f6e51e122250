import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { useEditableRow } from "../../lib/editable";
import { AMENDMENT_KINDS } from "../../lib/enums";
import { useFormWrite, useIdempotencyKey } from "../../lib/formWrite";
import { formatDate, formatMoney, label, parsePounds, todayIso } from "../../lib/format";
import { statusLabel } from "../../lib/labels";
import type { AwardMoney } from "./api";
import { changeText, decisionDay, newDatesText } from "./shape";
import { AMENDMENT, createAmendment, type Amendment } from "./write";

/** Why the day is asked: the dashboard replays every decision from its day. */
export const DECIDED_HINT = "The day shown, by default: the decision counts from this day.";

function symbol(currency: string): string {
  return currency === "GBP" ? "£" : currency;
}

const LABELS = {
  kind: "Kind",
  amount_change_pence: "Change",
  new_start_date: "New planned start",
  new_end_date: "New planned end",
  reason: "Reason",
  effective_date: "Effective from",
};

/**
 * Propose an uplift, reduction, extension or re-profile of an award. The change is typed as a
 * positive amount; a reduction sends it negative. Whether it fits (the programme's cap, what is
 * already paid or budgeted) is the server's to say.
 */
// long: the form's markup, one Field per input
export function AmendmentForm({ award, day, onDone }: { award: AwardMoney; day: string; onDone: (message: string) => void }) {
  const labels = { ...LABELS, amount_change_pence: `Change (${symbol(award.currency)})` };
  const write = useFormWrite(labels);
  const idempotencyKey = useIdempotencyKey();
  const [kind, setKind] = useState<Amendment["kind"]>("uplift");
  const [amount, setAmount] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [reason, setReason] = useState("");
  const [effective, setEffective] = useState(decisionDay(day, todayIso()));
  const [amountError, setAmountError] = useState<string | null>(null);
  const moves = kind === "uplift" || kind === "reduction";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pence = moves ? parsePounds(amount) : 0;
    if (pence === null) {
      setAmountError("Enter an amount in pounds, such as 20,000 or 1,234.50.");
      return;
    }
    setAmountError(null);
    const body = {
      award_id: award.id,
      kind,
      amount_change_pence: kind === "reduction" ? -pence : pence,
      currency: award.currency,
      new_start_date: start || null,
      new_end_date: end || null,
      reason,
      effective_date: effective,
      status: "proposed" as const,
    };
    const saved = await write.run(async () => (await createAmendment(body, idempotencyKey(body))).data);
    if (saved) onDone(`Proposed: ${label(saved.kind).toLowerCase()} of ${award.identifier}, ${changeText(saved.amount_change_pence, saved.currency)}, effective ${formatDate(saved.effective_date)}.`);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="amendment-form">
      <FormProblem state={write} />
      <p className="hint">
        Now {formatMoney(award.amended.amount_pence, award.currency)}, {formatDate(award.amended.start_date)} – {formatDate(award.amended.end_date)}.
      </p>
      <div className="form-grid">
        <Field label={labels.kind} error={write.errors.kind}>
          {(p) => (
            <select {...p} name="kind" value={kind} onChange={(e) => setKind(e.target.value as Amendment["kind"])}>
              {AMENDMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {moves ? (
          <Field label={labels.amount_change_pence} hint={kind === "reduction" ? "How much less." : "How much more."} error={amountError ?? write.errors.amount_change_pence}>
            {(p) => <input {...p} name="amount_change" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </Field>
        ) : null}
        <Field label={labels.effective_date} error={write.errors.effective_date}>
          {(p) => <input {...p} name="effective_date" type="date" value={effective} onChange={(e) => setEffective(e.target.value)} />}
        </Field>
        <Field label={labels.new_start_date} hint="Leave empty to keep it." error={write.errors.new_start_date}>
          {(p) => <input {...p} name="new_start_date" type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={labels.new_end_date} hint="Leave empty to keep it." error={write.errors.new_end_date}>
          {(p) => <input {...p} name="new_end_date" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
      </div>
      <Field label={labels.reason} error={write.errors.reason}>
        {(p) => <textarea {...p} name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={write.busy}>
          {write.busy ? "Saving…" : "Propose amendment"}
        </button>
      </div>
    </form>
  );
}

/** Approve or reject a proposed amendment, on a day (by default the day shown, if past). */
export function AmendmentDecision({ amendmentId, currency, day, onDone }: { amendmentId: string; currency: string; day: string; onDone: (message: string) => void }) {
  const edit = useEditableRow(AMENDMENT, amendmentId, { status: "Decision", decided_on: "Decided on" });
  const [decided, setDecided] = useState(decisionDay(day, todayIso()));
  const { query, row, write } = edit;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  if (query.status === "pending" || !row) return <Loading what="the amendment" />;
  const decide = async (status: "approved" | "rejected") => {
    const saved = await edit.save({ status, decided_on: decided });
    if (saved) onDone(`${statusLabel("amendment", saved.status)}: ${label(saved.kind).toLowerCase()} of ${changeText(saved.amount_change_pence, currency)}, decided ${formatDate(saved.decided_on)}.`);
  };
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate data-testid="amendment-decision">
      <FormProblem state={write} onReload={edit.reload} />
      <dl className="dl">
        <dt>Kind</dt>
        <dd>{label(row.kind)}</dd>
        <dt>Change</dt>
        <dd>{changeText(row.amount_change_pence, currency)}</dd>
        {row.new_start_date || row.new_end_date ? (
          <>
            <dt>New dates</dt>
            <dd>{newDatesText(row.new_start_date, row.new_end_date)}</dd>
          </>
        ) : null}
        <dt>Effective</dt>
        <dd>{formatDate(row.effective_date)}</dd>
        <dt>Reason</dt>
        <dd>{row.reason}</dd>
        <dt>Status</dt>
        <dd>{statusLabel("amendment", row.status)}</dd>
      </dl>
      {row.status === "proposed" ? (
        <>
          <Field label="Decided on" hint={DECIDED_HINT} error={write.errors.decided_on ?? write.errors.status}>
            {(p) => <input {...p} name="decided_on" type="date" value={decided} onChange={(e) => setDecided(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="button" disabled={write.busy || write.stale} onClick={() => void decide("approved")}>
              Approve
            </button>
            <button type="button" className="secondary" disabled={write.busy || write.stale} onClick={() => void decide("rejected")}>
              Reject
            </button>
          </div>
        </>
      ) : (
        <p className="hint">Already decided: it can no longer change.</p>
      )}
    </form>
  );
}
