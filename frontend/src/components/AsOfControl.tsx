import { useId, useState } from "react";
import { formatDate, isIsoDate, todayIso } from "../lib/format";
import { useAsOf } from "../lib/url";

/**
 * Replays the programme on a chosen day (`?as_of=`). The date applies when it is a whole valid
 * date; "Today" clears it. Shortcuts jump to the programme's start and end.
 */
export function AsOfControl({ start, end }: { start: string; end: string }) {
  const id = useId();
  const [asOf, setAsOf] = useAsOf();
  const [draft, setDraft] = useState(asOf ?? "");
  // Follow the URL when it changes from elsewhere (back button, a link).
  const [seen, setSeen] = useState(asOf);
  if (seen !== asOf) {
    setSeen(asOf);
    setDraft(asOf ?? "");
  }

  const apply = (value: string) => {
    setDraft(value);
    if (value === "") setAsOf(null);
    else if (isIsoDate(value)) setAsOf(value);
  };

  return (
    <div className="as-of-control" role="group" aria-label="As-of date">
      <label htmlFor={id}>As of</label>
      <input
        id={id}
        type="date"
        value={draft}
        min="2000-01-01"
        max="2100-12-31"
        onChange={(e) => apply(e.target.value)}
        aria-describedby={`${id}-now`}
        data-testid="as-of-input"
      />{" "}
      <button type="button" onClick={() => apply("")} disabled={asOf === null}>
        Today
      </button>{" "}
      <button type="button" onClick={() => apply(end)} title={`The last day of the programme, ${formatDate(end)}`}>
        Programme end
      </button>
      <span id={`${id}-now`} className="visually-hidden">
        Showing the programme as it stood on {formatDate(asOf ?? todayIso())}; the programme ran{" "}
        {formatDate(start)} to {formatDate(end)}.
      </span>
    </div>
  );
}
