import { label } from "../lib/format";
import { anyStatusLabel } from "../lib/labels";

/** A status (or a tag such as "Sourced") as a coloured label; statuses read from `labels.ts`. */
export function Badge({ value, text, title }: { value: string; text?: string; title?: string }) {
  return (
    <span className={`badge badge-${value}`} title={title}>
      {text ?? anyStatusLabel(value) ?? label(value)}
    </span>
  );
}
