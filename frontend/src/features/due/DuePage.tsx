import { useId, useState } from "react";
import { Badge } from "../../components/Badge";
import { enumOptions, SelectFilter } from "../../components/Filters";
import { PageHead } from "../../components/PageHead";
import { Empty, Loaded } from "../../components/States";
import { download } from "../../lib/csv";
import { formatDate, formatMoney, formatNumber, label, plural } from "../../lib/format";
import { usePaged } from "../../lib/paging";
import { dayKey } from "../../lib/query";
import { useSession } from "../../lib/session";
import { useAsOf, useParams } from "../../lib/url";
import { useProgramme } from "../programmes/context";
import { TeamFilter } from "../programmes/TeamPicker";
import { TeamLink } from "../teams/links";
import { DEFAULT_DAYS, DUE_KINDS, fetchDueCsv, loadDue, WINDOWS, type DueItem, type ProgrammeDue } from "./api";
import { daysParam, dueSentence } from "./shape";
import { FeedTokens } from "./FeedTokens";

const PER_PAGE = 50;

function WindowPicker({ days }: { days: number }) {
  const [, update] = useParams();
  const id = useId();
  const choices: number[] = WINDOWS.includes(days as (typeof WINDOWS)[number]) ? [...WINDOWS] : [...WINDOWS, days].sort((a, b) => a - b);
  return (
    <div>
      <label htmlFor={id}>Due within</label>
      <select id={id} value={days} data-testid="due-days" onChange={(e) => update({ days: e.target.value === String(DEFAULT_DAYS) ? null : e.target.value }, { replace: true })}>
        {choices.map((d) => (
          <option key={d} value={d}>
            {plural(d, "day")}
          </option>
        ))}
      </select>
    </div>
  );
}

function DueTable({ items }: { items: DueItem[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Due and overdue items" data-testid="due-table">
      <table>
        <caption className="visually-hidden">Milestones, reports and payments due or overdue</caption>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Kind</th>
            <th scope="col">Title</th>
            <th scope="col">Team</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col">State</th>
            <th scope="col" className="num">Days overdue</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>{formatDate(i.due_date)}</td>
              <td>{label(i.kind)}</td>
              <td>{i.title}</td>
              <td>
                <TeamLink id={i.team_id ?? null} name={i.team_name ?? null} />
              </td>
              <td className="num">{i.amount_pence == null ? "" : formatMoney(i.amount_pence, i.currency ?? "GBP")}</td>
              <td>
                <Badge value={i.state === "overdue" ? "late" : "in_progress"} text={label(i.state)} />
              </td>
              <td className="num">{i.days_overdue ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// long: the view's markup (filters, counts, the paged table, the feed panel)
export function DuePage() {
  const programme = useProgramme();
  const session = useSession();
  const [asOf] = useAsOf();
  const [search] = useParams();
  const days = daysParam(search.get("days"), DEFAULT_DAYS);
  const teamId = search.get("team");
  const kind = search.get("kind");
  const q = { asOf, days, teamId, kind };
  const due = usePaged<DueItem, ProgrammeDue>(
    ["due", programme.id, dayKey(asOf), days, teamId ?? "", kind ?? ""],
    (cursor) => loadDue(programme.id, q, cursor, PER_PAGE),
  );
  const [failure, setFailure] = useState<string | null>(null);
  const onDownload = async () => {
    setFailure(null);
    try {
      download(`due-${asOf ?? "today"}.csv`, await fetchDueCsv(programme.id, q));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      <PageHead title="Due">
        Milestones, reports and payments due in the days after the as-of date, and those overdue on
        it (due before it and not achieved or paid by then).
      </PageHead>
      <div className="filters" role="search" aria-label="Filter what is due">
        <WindowPicker days={days} />
        <TeamFilter programmeId={programme.id} />
        <SelectFilter param="kind" label="Kind" options={enumOptions(DUE_KINDS)} allLabel="Any kind" />
      </div>
      <Loaded state={due.state} what="what is due">
        {(d) => (
          <>
            <p className="hint" data-testid="due-counts">
              {dueSentence(d, days)} Overdue on {formatDate(d.as_of)}: {plural(d.counts.overdue.milestone, "milestone")},{" "}
              {plural(d.counts.overdue.report, "report")} and {plural(d.counts.overdue.payment, "payment")}.
            </p>
            <div className="table-tools">
              <p className="table-count" aria-live="polite">
                {d.total === 0 ? "No items" : `Items ${(due.page - 1) * PER_PAGE + 1}–${(due.page - 1) * PER_PAGE + d.items.length} of ${formatNumber(d.total, 0)}`}
              </p>
              <button type="button" className="secondary" onClick={() => void onDownload()} disabled={d.total === 0}>
                Download CSV<span className="visually-hidden"> of what is due</span>
              </button>
            </div>
            {failure ? (
              <p className="notice error" role="alert">
                {failure}
              </p>
            ) : null}
            {d.items.length === 0 ? <Empty>Nothing is due or overdue in this window.</Empty> : <DueTable items={d.items} />}
            {due.prev || due.next ? (
              <nav className="pager" aria-label="Pages of items">
                <button type="button" className="secondary" onClick={due.prev ?? undefined} disabled={!due.prev}>
                  Previous
                </button>{" "}
                <span>Page {due.page}</span>{" "}
                <button type="button" className="secondary" onClick={due.next ?? undefined} disabled={!due.next}>
                  Next
                </button>
              </nav>
            ) : null}
          </>
        )}
      </Loaded>
      {session ? <FeedTokens programmeId={programme.id} teamId={teamId} /> : null}
    </>
  );
}
