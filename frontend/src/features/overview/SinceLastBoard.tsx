import { useId, useState } from "react";
import { Empty, Loaded } from "../../components/States";
import { client, get } from "../../lib/api";
import { formatDate, formatMoney, formatNumber, isIsoDate, todayIso } from "../../lib/format";
import { useQuery } from "@tanstack/react-query";
import { useParam } from "../../lib/url";
import { useProgramme } from "../programmes/context";
import { changeRows, formatChange, formatFigure, type ProgrammeChanges } from "./changes";

function useChanges(programmeId: string, from: string | null, to: string) {
  return useQuery({
    queryKey: ["changes", programmeId, from, to],
    queryFn: () =>
      get(
        client.GET("/api/v1/programmes/{programme_id}/changes", {
          params: { path: { programme_id: programmeId }, query: { from: from!, to } },
        }),
      ),
    enabled: from !== null,
  });
}

function ChangesTable({ c }: { c: ProgrammeChanges }) {
  const currency = c.programme.currency;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Figures on both days">
      <table data-testid="changes-table">
        <caption>
          Every figure on {formatDate(c.before.day)} and on {formatDate(c.after.day)}, with its change (shares in
          percentage points)
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className="num">{formatDate(c.before.day)}</th>
            <th scope="col" className="num">{formatDate(c.after.day)}</th>
            <th scope="col" className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {changeRows(c).map((r) => (
            <tr key={r.key} data-testid={`change-${r.key}`}>
              <th scope="row">{r.label}</th>
              <td className="num">{formatFigure(r.before, r.kind, currency)}</td>
              <td className="num">{formatFigure(r.after, r.kind, currency)}</td>
              <td className="num">{formatChange(r, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Period({ c }: { c: ProgrammeChanges }) {
  const p = c.period;
  return (
    <ul className="tiles" aria-label="What happened in the period" data-testid="period">
      <li className="tile">
        <p className="tile-label">Payments paid</p>
        <p className="tile-value">{formatMoney(p.paid_pence, c.programme.currency)}</p>
        <p className="tile-note">{formatNumber(p.payments_paid, 0)} payments</p>
      </li>
      <li className="tile">
        <p className="tile-label">Milestones achieved</p>
        <p className="tile-value">{formatNumber(p.milestones_achieved, 0)}</p>
      </li>
      <li className="tile">
        <p className="tile-label">Support delivered</p>
        <p className="tile-value">{formatNumber(p.support_delivered, 0)}</p>
        <p className="tile-note">{formatNumber(p.support_hours)} hours</p>
      </li>
      <li className="tile">
        <p className="tile-label">Evidence published</p>
        <p className="tile-value">{formatNumber(p.evidence_published, 0)}</p>
      </li>
    </ul>
  );
}

/**
 * "Since the last board": the Overview's figures on the last board's day (`?since=`) and on the
 * as-of day, with each change, and what happened in between (one request, one snapshot).
 */
export function SinceLastBoard({ asOf }: { asOf: string | null }) {
  const programme = useProgramme();
  const inputId = useId();
  const [since, setSince] = useParam("since");
  const to = asOf ?? todayIso();
  const from = isIsoDate(since) && since <= to ? since : null;
  const [draft, setDraft] = useState(since ?? "");
  const changes = useChanges(programme.id, from, to);
  const apply = (value: string) => setSince(isIsoDate(value) ? value : null, { replace: true });

  return (
    <section className="card" aria-labelledby="since-board" data-testid="since-board">
      <h2 id="since-board" style={{ marginTop: 0 }}>
        Since the last board
      </h2>
      <div className="filters">
        <div>
          <label htmlFor={inputId}>Last board's day</label>
          <input
            id={inputId}
            type="date"
            min={programme.start_date}
            max={to}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              if (isIsoDate(e.target.value)) apply(e.target.value);
            }}
            onBlur={() => apply(draft)}
          />
        </div>
        {since ? (
          <button type="button" className="secondary" onClick={() => { setDraft(""); setSince(null, { replace: true }); }}>
            Clear the board's day
          </button>
        ) : null}
      </div>
      {!from ? (
        <Empty>
          {since ? "Choose a day on or before the as-of date." : "Choose the last board's day to see every figure's change since then, and what happened in the period."}
        </Empty>
      ) : (
        <Loaded state={changes} what="the changes since the last board">
          {(c) => (
            <>
              <h3>
                In the period {formatDate(c.before.day)} to {formatDate(c.after.day)}
              </h3>
              <Period c={c} />
              <ChangesTable c={c} />
            </>
          )}
        </Loaded>
      )}
    </section>
  );
}
