import { label } from "../lib/format";

export function Badge({ value, text }: { value: string; text?: string }) {
  return <span className={`badge badge-${value}`}>{text ?? label(value)}</span>;
}
