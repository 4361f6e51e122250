import { Link, useSearchParams } from "wouter";
import { Loaded } from "../../components/States";
import { carry } from "../../lib/url";
import { useDueCounts } from "./api";
import { dueSentence } from "./shape";

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
