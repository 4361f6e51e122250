import type { ReactNode } from "react";
import type { SortSpec } from "../lib/table";

interface HeaderColumn {
  key: string;
  header: string;
  numeric?: boolean;
  /** Less important: hidden on a phone's width (still in the CSV), so the key columns show. */
  minor?: boolean;
}

/** A header's or cell's classes: numbers right-aligned, minor columns hidden when narrow. */
export function columnClass(c: { numeric?: boolean; minor?: boolean }): string | undefined {
  return [c.numeric ? "num" : "", c.minor ? "col-minor" : ""].filter(Boolean).join(" ") || undefined;
}

/**
 * A table's header row: each sortable column a button that asks for the next order, the active
 * one marked with `aria-sort` and an arrow. Shared by the in-memory and the paged tables.
 */
export function SortHeader<C extends HeaderColumn>({
  columns,
  sort,
  sortable,
  onSort,
  actions,
}: {
  columns: readonly C[];
  sort: SortSpec | null | undefined;
  sortable: (column: C) => boolean;
  onSort: (key: string) => void;
  actions: boolean;
}): ReactNode {
  return (
    <tr>
      {columns.map((c) => {
        const active = sort?.key === c.key;
        const ariaSort = active ? (sort?.desc ? "descending" : "ascending") : undefined;
        return (
          <th key={c.key} scope="col" className={columnClass(c)} aria-sort={ariaSort}>
            {!sortable(c) ? (
              c.header
            ) : (
              <button type="button" onClick={() => onSort(c.key)}>
                {c.header}
                <span aria-hidden="true">{active ? (sort?.desc ? "▼" : "▲") : "↕"}</span>
              </button>
            )}
          </th>
        );
      })}
      {actions ? (
        <th scope="col">
          <span className="visually-hidden">Actions</span>
        </th>
      ) : null}
    </tr>
  );
}
