import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Field } from "../../components/Field";
import { FormProblem } from "../../components/FormProblem";
import { ErrorPanel, Loading } from "../../components/States";
import { formatMoney, label, parsePounds, penceToPoundsString } from "../../lib/format";
import { statusLabel, statusValues } from "../../lib/labels";
import { useEditableRow, type EditableRow } from "../../lib/editable";
import { useIdempotencyKey } from "../../lib/formWrite";
import { TeamPicker, type Picked } from "../programmes/TeamPicker";
import { loadAllocation } from "./allocation";
import {
  createPayment,
  INSTALMENTS,
  loadAward,
  loadTeamAwards,
  PAYMENT,
  type Award,
  type Payment,
  type PaymentUpdate,
} from "./api";

const STATUSES = statusValues("payment");
/** Without the approve permission a payment is only scheduled or cancelled. */
const UNAPPROVED = ["scheduled", "cancelled"] as const satisfies readonly Payment["status"][];

function labelsFor(currency: string) {
  return {
    award_id: "Award",
    instalment: "Instalment",
    amount_pence: `Amount (${currency === "GBP" ? "£" : currency})`,
    scheduled_date: "Scheduled for",
    status: "Status",
    paid_date: "Paid on",
  };
}

/**
 * Record a payment: mark a scheduled one as paid (PATCH with If-Match), or add a new one (POST)
 * to an award of a team found with the type-ahead picker. Without `mayApprove` (the caller's
 * approve permission) it changes or adds scheduled payments only.
 */
export function PaymentForm({
  paymentId,
  programmeId,
  team,
  mayApprove,
  onDone,
}: {
  paymentId: string | null;
  programmeId: string;
  /** The team to start from (the view's team filter), if any. */
  team: Picked | null;
  mayApprove: boolean;
  onDone: (saved: Payment) => void;
}) {
  // The body names the amount in its award's currency (write.withLabels).
  const edit = useEditableRow(PAYMENT, paymentId, labelsFor("GBP"));
  const awardId = edit.row?.award_id ?? null;
  const award = useQuery({ queryKey: ["award", awardId], queryFn: () => loadAward(awardId!), enabled: awardId !== null });
  const { query } = edit;
  const common = { programmeId, mayApprove, edit, onDone };
  if (!paymentId) return <PaymentFormBody row={null} team={team} award={null} {...common} />;
  if (query.status === "error") return <ErrorPanel error={query.error} retry={() => void query.refetch()} />;
  if (award.status === "error") return <ErrorPanel error={award.error} retry={() => void award.refetch()} />;
  if (query.status === "pending" || award.status === "pending") return <Loading what="the payment" />;
  return <PaymentFormBody key={edit.etag} row={query.data.data} team={null} award={award.data} {...common} />;
}

function awardText(a: Award): string {
  return `${a.identifier} (${formatMoney(a.amount_pence, a.currency)})`;
}

// long: the form's markup, one Field per input, and the award's allocation
function PaymentFormBody({
  row,
  edit,
  programmeId,
  team: startTeam,
  award: fixedAward,
  mayApprove,
  onDone,
}: {
  /** The payment being changed, or null to add one. */
  row: Payment | null;
  edit: EditableRow<Payment, PaymentUpdate>;
  programmeId: string;
  team: Picked | null;
  award: Award | null;
  mayApprove: boolean;
  onDone: (saved: Payment) => void;
}) {
  const [team, setTeam] = useState<Picked | null>(startTeam);
  const teamAwards = useQuery({
    queryKey: ["team-awards", team?.id ?? null],
    queryFn: () => loadTeamAwards(team!.id),
    enabled: row === null && team !== null,
  });
  const awards: Award[] = fixedAward ? [fixedAward] : teamAwards.status === "success" ? teamAwards.data : [];
  const [chosen, setAwardId] = useState(row?.award_id ?? "");
  const awardId = awards.some((a) => a.id === chosen) ? chosen : (awards[0]?.id ?? "");
  const [instalment, setInstalment] = useState<string>(row?.instalment ?? "interim");
  const [amount, setAmount] = useState(row ? penceToPoundsString(row.amount_pence) : "");
  const [scheduled, setScheduled] = useState(row?.scheduled_date ?? "");
  const [status, setStatus] = useState<string>(row ? (mayApprove ? "paid" : row.status) : "scheduled");
  const [paidDate, setPaidDate] = useState(row?.paid_date ?? "");
  const [amountError, setAmountError] = useState<string | null>(null);
  const idempotencyKey = useIdempotencyKey();
  const award = awards.find((a) => a.id === awardId);
  const currency = award?.currency ?? "GBP";
  const labels = labelsFor(currency);
  const write = { ...edit.write.withLabels(labels), run: edit.write.run };
  const left = useQuery({
    queryKey: ["allocation", award?.id ?? null, award?.version ?? null, row?.id ?? ""],
    queryFn: () => loadAllocation(award!, row?.id ?? null),
    enabled: award !== undefined,
  });
  const money = (pence: number) => formatMoney(pence, currency, { pence: "always" });
  const leftHint =
    left.status === "success"
      ? `${money(left.data.left)} left to allocate on this award (${money(left.data.awarded)} awarded, ${money(left.data.committed)} in ${row ? "other " : ""}payments not cancelled).`
      : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pence = parsePounds(amount);
    if (pence === null) {
      // Only the shape of the number is checked here; every rule is the server's.
      setAmountError("Enter an amount in pounds, such as 140,000 or 1,234.50.");
      return;
    }
    setAmountError(null);
    const fields = {
      award_id: awardId,
      instalment: instalment as Payment["instalment"],
      amount_pence: pence,
      scheduled_date: scheduled,
      status: status as Payment["status"],
      paid_date: paidDate || null,
    };
    const body = { ...fields, currency };
    const patch: PaymentUpdate = {};
    for (const [k, v] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
      if (v !== (row?.[k] ?? null)) (patch as Record<string, unknown>)[k] = v;
    }
    const saved =
      row === null ? await write.run(async () => (await createPayment(body, idempotencyKey(body))).data) : await edit.save(patch);
    if (saved) onDone(saved);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="payment-form">
      <FormProblem state={write} onReload={row ? edit.reload : undefined} />
      {row === null ? (
        <TeamPicker label="Team" programmeId={programmeId} value={team} onChange={setTeam} placeholder="Type a team's name" testId="payment-team" />
      ) : null}
      <Field label={labels.award_id} error={write.errors.award_id} hint={row === null && !team ? "Choose the team first." : undefined}>
        {(p) => (
          <select {...p} name="award_id" value={awardId} onChange={(e) => setAwardId(e.target.value)} disabled={row !== null || awards.length === 0}>
            {awards.map((a) => (
              <option key={a.id} value={a.id}>
                {awardText(a)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-grid">
        <Field label={labels.instalment} error={write.errors.instalment}>
          {(p) => (
            <select {...p} name="instalment" value={instalment} onChange={(e) => setInstalment(e.target.value)}>
              {INSTALMENTS.map((i) => (
                <option key={i} value={i}>
                  {label(i)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={labels.amount_pence} hint={leftHint} error={amountError ?? write.errors.amount_pence}>
          {(p) => <input {...p} name="amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </Field>
        <Field label={labels.scheduled_date} error={write.errors.scheduled_date}>
          {(p) => <input {...p} name="scheduled_date" type="date" value={scheduled} onChange={(e) => setScheduled(e.target.value)} />}
        </Field>
        <Field label={labels.status} error={write.errors.status}>
          {(p) => (
            <select {...p} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {(mayApprove ? STATUSES : UNAPPROVED).map((s) => (
                <option key={s} value={s}>
                  {statusLabel("payment", s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {mayApprove ? (
          <Field label={labels.paid_date} hint="Only for a paid payment." error={write.errors.paid_date}>
            {(p) => <input {...p} name="paid_date" type="date" value={paidDate} onChange={(e) => setPaidDate(e.target.value)} />}
          </Field>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" disabled={write.busy || write.stale || awards.length === 0}>
          {write.busy ? "Saving…" : row ? (mayApprove ? "Record payment" : "Save payment") : "Add payment"}
        </button>
      </div>
    </form>
  );
}
