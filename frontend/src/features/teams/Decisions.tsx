import { Badge } from "../../components/Badge";
import { Empty } from "../../components/States";
import { formatDate } from "../../lib/format";
import { statusLabel, type StatusKind } from "../../lib/labels";
import type { TeamSummary } from "../dashboard/api";

export const NOT_RECORDED = "date not recorded";

/** A replayed status with the day its decision took effect, or "date not recorded" when the
 * status rests on a decision whose day is unknown (shown as recorded on every day). */
export function DatedStatus({
  kind,
  status,
  undated,
  since,
  badge = false,
}: {
  kind: StatusKind;
  status: string;
  undated: boolean;
  since?: string | null;
  badge?: boolean;
}) {
  return (
    <>
      {badge ? <Badge value={status} text={statusLabel(kind, status)} /> : statusLabel(kind, status)}
      {undated ? (
        <span className="hint" data-testid="date-not-recorded">
          {" "}
          ({NOT_RECORDED})
        </span>
      ) : since ? (
        <span className="hint"> (since {formatDate(since)})</span>
      ) : null}
    </>
  );
}

/** The plain-text form of the same, for CSV and sorting. */
export function datedStatusText(kind: StatusKind, status: string, undated: boolean): string {
  return statusLabel(kind, status) + (undated ? ` (${NOT_RECORDED})` : "");
}

type Checkin = TeamSummary["sustainability_checkins"][number];

/** The team's sustainability check-ins made by the as-of day, latest first. */
export function CheckinHistory({ checkins, asOf }: { checkins: readonly Checkin[]; asOf: string }) {
  return (
    <section aria-labelledby="checkins" data-testid="checkin-history">
      <h2 id="checkins">Sustainability check-ins</h2>
      <p className="hint">Whether the team's work carried on after its funding, as checked by {formatDate(asOf)}, latest first.</p>
      {checkins.length === 0 ? (
        <Empty>No check-in by this date.</Empty>
      ) : (
        <ol className="checkin-list">
          {checkins.map((c) => (
            <li key={c.id}>
              <time dateTime={c.checked_on}>{formatDate(c.checked_on)}</time>:{" "}
              <Badge value={c.status} text={statusLabel("sustainability", c.status)} />
              {c.note ? <span className="hint"> {c.note}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
