import { useEffect, useId, useState, type ReactNode } from "react";
import type { Page } from "../lib/api";
import { download, toCsv } from "../lib/csv";
import { exportRows } from "../lib/exportTable";
import type { PagedState } from "../lib/paging";
import { formatSort, nextSort, parseSort, type SortSpec } from "../lib/table";
import { useParams } from "../lib/url";
import { useExportFilename, type Column } from "./DataTable";
import { columnClass, SortHeader } from "./SortHeader";
import { Empty, ErrorPanel, Loading } from "./States";

export interface PagedColumn<T> extends Column<T> {
  /** The API's sort field for this column (`-field` descending); no field: not sortable. */
  sortBy?: string;
}

/** The API's sort for a column sort spec (`-amount` on a column sorted by `amount_pence`). */
export function apiSortOf<T>(columns: readonly PagedColumn<T>[], sort: SortSpec | null): string | undefined {
  const field = sort ? columns.find((c) => c.key === sort.key)?.sortBy : undefined;
  return field && sort ? `${sort.desc ? "-" : ""}${field}` : undefined;
}

/** The table's sort and search from the query string (`<id>_sort`, `<id>_q`). */
export function useTableQuery<T>(
  id: string,
  columns: readonly PagedColumn<T>[],
  defaultSort?: string,
): { sort: SortSpec | null; apiSort: string | undefined; q: string } {
  const [search] = useParams();
  const sort = parseSort(search.get(`${id}_sort`) ?? defaultSort);
  const apiSort = apiSortOf(columns, sort);
  return {
    sort: apiSort ? sort : null,
    apiSort,
    q: search.get(`${id}_q`) ?? "",
  };
}

/** A search box bound to `<id>_q`, applied a moment after typing stops (one request, not one a key). */
export function SearchBox({ param, label, placeholder }: { param: string; label: string; placeholder?: string }) {
  const inputId = useId();
  const [search, update] = useParams();
  const applied = search.get(param) ?? "";
  const [draft, setDraft] = useState(applied);
  const [seen, setSeen] = useState(applied);
  if (seen !== applied) {
    setSeen(applied);
    setDraft(applied);
  }
  useEffect(() => {
    if (draft.trim() === applied) return;
    const timer = window.setTimeout(() => update({ [param]: draft.trim() || null }, { replace: true }), 300);
    return () => window.clearTimeout(timer);
  }, [draft, applied, param, update]);
  return (
    <div>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="search" value={draft} placeholder={placeholder ?? "Type to search"} onChange={(e) => setDraft(e.target.value)} />
    </div>
  );
}

/**
 * A table of one page of an API list: the API sorts (click a header), searches (`q`) and pages
 * (Previous / Next); CSV downloads the page shown. Sort and search live in the query string.
 */
// long: the table's markup (tools, states, header, rows, paging)
export function PagedTable<T, P extends Page<T>>({
  id,
  caption,
  columns: allColumns,
  paged,
  rows: pick,
  rowKey,
  total,
  search,
  defaultSort,
  filename,
  empty = "Nothing to show.",
  footer,
  actions,
  note,
}: {
  id: string;
  caption: string;
  columns: PagedColumn<T>[];
  paged: PagedState<T, P>;
  /** The rows shown from a page (default: its items). */
  rows?: (page: P) => readonly T[];
  rowKey: (row: T) => string;
  /** Rows matching the filters, when the API says. */
  total?: (page: P) => number | null;
  /** Label of the `q` search box; none: no search. */
  search?: string;
  defaultSort?: string;
  filename?: string;
  empty?: ReactNode;
  footer?: (page: P) => ReactNode;
  actions?: (row: T) => ReactNode;
  note?: (page: P) => ReactNode;
}) {
  const [params, update] = useParams();
  const columns = allColumns.filter((c) => !c.csvOnly);
  const { sort } = useTableQuery(id, allColumns, defaultSort);
  const { state, page, next, prev } = paged;
  const textOf = (column: Column<T>, row: T): string => {
    if (column.text) return column.text(row);
    const v = column.value(row);
    return v === null || v === undefined ? "" : String(v);
  };
  const data = state.status === "success" ? state.data : null;
  const rows = data ? (pick ? pick(data) : data.items) : [];
  const count = data && total ? total(data) : null;
  const q = params.get(`${id}_q`) ?? "";

  const fileName = useExportFilename();
  const onDownload = () => {
    const { header, body } = exportRows(allColumns, rows);
    download(fileName(filename ?? id), toCsv(header, body));
  };

  return (
    <div className="data-table" data-testid={`table-${id}`}>
      <div className="table-tools">
        {search ? <SearchBox param={`${id}_q`} label={search} /> : <div />}
        <p className="table-count" aria-live="polite" data-testid={`table-${id}-count`}>
          {data
            ? `Page ${page}: ${rows.length} ${rows.length === 1 ? "row" : "rows"}${count !== null ? ` of ${count}` : ""}`
            : ""}
        </p>
        <button type="button" className="secondary" onClick={onDownload} disabled={rows.length === 0}>
          Download CSV<span className="visually-hidden"> of {caption.toLowerCase()}</span>
        </button>
      </div>
      {state.status === "pending" ? <Loading what={caption.toLowerCase()} /> : null}
      {state.status === "error" ? <ErrorPanel error={state.error} retry={() => void state.refetch()} /> : null}
      {data && note ? note(data) : null}
      {data && rows.length === 0 && page === 1 ? (
        <Empty>{q ? `No rows match “${q}”.` : empty}</Empty>
      ) : data ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
          <table>
            <caption className="visually-hidden">
              {caption}
              {sort ? `, sorted by ${columns.find((c) => c.key === sort.key)?.header ?? sort.key}` : ""}, page {page}
            </caption>
            <thead>
              <SortHeader
                columns={columns}
                sort={sort}
                sortable={(c) => Boolean(c.sortBy)}
                onSort={(key) => update({ [`${id}_sort`]: formatSort(nextSort(sort, key)) }, { replace: true })}
                actions={Boolean(actions)}
              />
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={columnClass(c)}>
                      {c.cell ? c.cell(row) : textOf(c, row)}
                    </td>
                  ))}
                  {actions ? <td>{actions(row)}</td> : null}
                </tr>
              ))}
            </tbody>
            {footer ? <tfoot>{footer(data)}</tfoot> : null}
          </table>
        </div>
      ) : null}
      {prev || next || page > 1 ? (
        <nav className="pager" aria-label={`Pages of ${caption.toLowerCase()}`}>
          <button type="button" className="secondary" onClick={prev ?? undefined} disabled={!prev}>
            Previous page
          </button>{" "}
          <span>Page {page}</span>{" "}
          <button type="button" className="secondary" onClick={next ?? undefined} disabled={!next}>
            Next page
          </button>
        </nav>
      ) : null}
    </div>
  );
}
