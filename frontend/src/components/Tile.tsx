import type { ReactNode } from "react";

export function Tile({
  label,
  value,
  note,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  tone?: "good" | "bad";
  testId?: string;
}) {
  return (
    <li className={`tile${tone ? ` ${tone}` : ""}`} data-testid={testId}>
      <p className="tile-label">{label}</p>
      <p className="tile-value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </p>
      {note ? <p className="tile-note">{note}</p> : null}
    </li>
  );
}
