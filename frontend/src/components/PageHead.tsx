import { useContext, useEffect, type ReactNode } from "react";
import { ProgrammeContext } from "../features/programmes/context";
import { formatDate, todayIso } from "../lib/format";
import { useAsOf } from "../lib/url";

/**
 * The view's heading (focused after navigation), its as-of day and the document title. A view
 * that shows the present only (settings, webhooks) passes `dated={false}`: no as-of note.
 */
export function PageHead({
  title,
  children,
  actions,
  dated = true,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  dated?: boolean;
}) {
  const [asOf] = useAsOf();
  const end = useContext(ProgrammeContext)?.end_date;
  useEffect(() => {
    document.title = `${title} · Shared Purpose Tracker`;
  }, [title]);
  return (
    <div className="page-head-wrap">
      <div className="page-head">
        <h1 tabIndex={-1}>{title}</h1>
        {dated ? (
          <p className="as-of-note" data-testid="as-of-note">
            {asOf ? `As it stood on ${formatDate(asOf)}` : `As of today, ${formatDate(todayIso())}`}
            {asOf && asOf === end ? <span className="hint">, the programme’s last day</span> : null}
          </p>
        ) : null}
      </div>
      {children ? <div className="lede">{children}</div> : null}
      {actions ? <div className="form-actions">{actions}</div> : null}
    </div>
  );
}
