import { useId } from "react";
import { label as human } from "../lib/format";
import { useParam } from "../lib/url";

export interface Option {
  value: string;
  label: string;
}

export function enumOptions(values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: human(value) }));
}

/** A select bound to one query-string parameter ("" = all). */
export function SelectFilter({
  param,
  label,
  options,
  allLabel = "All",
}: {
  param: string;
  label: string;
  options: Option[];
  allLabel?: string;
}) {
  const id = useId();
  const [value, setValue] = useParam(param);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => setValue(e.target.value || null, { replace: true })}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
