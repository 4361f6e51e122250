import { Link, useSearchParams } from "wouter";
import { Loaded } from "../../components/States";
import { formatNumber, plural } from "../../lib/format";
import { carry } from "../../lib/url";
import { DEFAULT_DAYS, useDueCounts, type ProgrammeDue } from "./api";

/** "3 due in the next 30 days, 2 overdue." */
export function dueSentence(d: Pick<ProgrammeDue, "counts">, days: number = DEFAULT_DAYS): string {
  const window = days === 0 ? "on the day" : `in the next ${plural(days, "day")}`;
  return `${formatNumber(d.counts.due.total, 0)} due ${window}, ${formatNumber(d.counts.overdue.total, 0)} overdue.`;
}

/** The Overview's line on what is due, linking to the Due view. */
export function DueSummary({ programmeId, asOf }: { programmeId: string; asOf: string | null }) {
  const counts = useDueCounts(programmeId, asOf);
  const [search] = useSearchParams();
  return (
    <Loaded state={counts} what="what is due">
      {(d) => (
        <p className="notice" data-testid="overview-due">
          <Link to={`/due${carry(search)}`}>{dueSentence(d)}</Link>
        </p>
      )}
    </Loaded>
  );
}
