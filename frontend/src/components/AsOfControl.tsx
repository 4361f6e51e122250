import { useEffect, useId, useState } from "react";
import { formatDate, todayIso } from "../lib/format";
import { useAsOf } from "../lib/url";
import { draftDay, EARLIEST, LATEST, SETTLE_MS } from "./asOfDraft";

/**
 * Replays the programme on a chosen day (`?as_of=`). A typed day applies once typing pauses (or
 * on Enter or leaving the box), and only when it is a whole day in range, so a half-typed date
 * never reaches the API. A programme that has ended opens on its last day (`useAsOf`), so
 * "Today" is one click away beside the box; a shortcut jumps to the programme's end.
 */
export function AsOfControl({ start, end }: { start: string; end: string }) {
  const id = useId();
  const [asOf, setAsOf] = useAsOf(end);
  const [draft, setDraft] = useState(asOf ?? "");
  // Follow the URL when it changes from elsewhere (back button, a link).
  const [seen, setSeen] = useState(asOf);
  if (seen !== asOf) {
    setSeen(asOf);
    setDraft(asOf ?? "");
  }

  const commit = (value: string) => {
    const day = draftDay(value);
    if (day !== undefined && day !== asOf) setAsOf(day);
  };
  const apply = (value: string) => {
    setDraft(value);
    commit(value);
  };
  // Typing: apply the draft once it has stood still for SETTLE_MS.
  useEffect(() => {
    const day = draftDay(draft);
    if (day === undefined || day === asOf) return;
    const timer = window.setTimeout(() => setAsOf(day), SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, asOf, setAsOf]);

  return (
    <div className="as-of-control" role="group" aria-label="As-of date">
      <label htmlFor={id}>As of</label>
      <input
        id={id}
        type="date"
        value={draft}
        min={EARLIEST}
        max={LATEST}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit(draft)}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit(draft);
        }}
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
