import { useContext, useId, useMemo, useState, type ReactNode } from "react";
import { ProgrammeContext } from "../features/programmes/context";
import { download, toCsv, type CsvCell } from "../lib/csv";
import { exportFilename, exportRows } from "../lib/exportTable";
import { todayIso } from "../lib/format";
import { formatSort, matchesQuery, nextSort, parseSort, sortRows, type SortValue } from "../lib/table";
import { useAsOf, useParams } from "../lib/url";
import { columnClass, SortHeader } from "./SortHeader";
import { Empty } from "./States";

export interface Column<T> {
  key: string;
  header: string;
  /** What the column sorts by and, unless `csv` says otherwise, what the CSV holds. */
  value: (row: T) => SortValue;
  /** The text shown (and searched); defaults to the value. */
  text?: (row: T) => string;
  /** Rich content instead of the text (links, badges). */
  cell?: (row: T) => ReactNode;
  csv?: (row: T) => CsvCell;
  /** The unit of the CSV's plain numbers, named in its header: "Amount (£)". */
  unit?: string;
  numeric?: boolean;
  sortable?: boolean;
  /** Only in the CSV download, not on screen. */
  csvOnly?: boolean;
  /** Less important: hidden on a phone's width (still in the CSV), so the key columns show. */
  minor?: boolean;
}

const PAGE = 200;

/** A download's file name with the programme's code and the as-of day (today when unset). */
export function useExportFilename(): (base: string, ext?: string) => string {
  const programme = useContext(ProgrammeContext);
  const [asOf] = useAsOf();
  return (base, ext = "csv") => exportFilename(base, programme?.code, asOf ?? todayIso(), ext);
}

/**
 * A table that sorts (click a header), filters (text box) and downloads what it shows as CSV.
 * Sort and filter live in the query string as `<id>_sort` and `<id>_q`.
 */
export function DataTable<T>({
  id,
  caption,
  columns: allColumns,
  rows,
  rowKey,
  defaultSort,
  filename,
  empty = "Nothing to show.",
  footer,
  actions,
}: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  defaultSort?: string;
  filename?: string;
  empty?: ReactNode;
  footer?: ReactNode;
  actions?: (row: T) => ReactNode;
}) {
  const [search, update] = useParams();
  const columns = useMemo(() => allColumns.filter((c) => !c.csvOnly), [allColumns]);
  const [limit, setLimit] = useState(PAGE);
  const filterId = useId();
  const sortParam = `${id}_sort`;
  const queryParam = `${id}_q`;
  const sort = parseSort(search.get(sortParam) ?? defaultSort);
  const query = search.get(queryParam) ?? "";

  const textOf = (column: Column<T>, row: T): string => {
    if (column.text) return column.text(row);
    const v = column.value(row);
    return v === null || v === undefined ? "" : String(v);
  };

  const shown = useMemo(() => {
    const filtered = query
      ? rows.filter((row) => matchesQuery(columns.map((c) => textOf(c, row)).join(" "), query))
      : [...rows];
    const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
    return column && sort ? sortRows(filtered, column.value, sort.desc) : filtered;
    // textOf only reads columns, which are in the deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, columns, query, sort?.key, sort?.desc]);

  const fileName = useExportFilename();
  const onDownload = () => {
    const { header, body } = exportRows(allColumns, shown);
    download(fileName(filename ?? id), toCsv(header, body));
  };

  return (
    <div className="data-table" data-testid={`table-${id}`}>
      <div className="table-tools">
        <div>
          <label htmlFor={filterId}>Filter {caption.toLowerCase()}</label>
          <input
            id={filterId}
            type="search"
            value={query}
            placeholder="Type to filter"
            onChange={(e) => update({ [queryParam]: e.target.value || null }, { replace: true })}
          />
        </div>
        <p className="table-count" aria-live="polite">
          {shown.length === rows.length
            ? `${rows.length} ${rows.length === 1 ? "row" : "rows"}`
            : `${shown.length} of ${rows.length} rows`}
        </p>
        <button type="button" className="secondary" onClick={onDownload} disabled={shown.length === 0}>
          Download CSV<span className="visually-hidden"> of {caption.toLowerCase()}</span>
        </button>
      </div>
      {rows.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
          <table>
            <caption className="visually-hidden">
              {caption}
              {sort ? `, sorted by ${columns.find((c) => c.key === sort.key)?.header ?? sort.key}` : ""}
            </caption>
            <thead>
              <SortHeader
                columns={columns}
                sort={sort}
                sortable={(c) => c.sortable !== false}
                onSort={(key) => update({ [sortParam]: formatSort(nextSort(sort, key)) }, { replace: true })}
                actions={Boolean(actions)}
              />
            </thead>
            <tbody>
              {shown.slice(0, limit).map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={columnClass(c)}>
                      {c.cell ? c.cell(row) : textOf(c, row)}
                    </td>
                  ))}
                  {actions ? <td>{actions(row)}</td> : null}
                </tr>
              ))}
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={columns.length + (actions ? 1 : 0)}>No rows match “{query}”.</td>
                </tr>
              ) : null}
            </tbody>
            {footer ? <tfoot>{footer}</tfoot> : null}
          </table>
        </div>
      )}
      {shown.length > limit ? (
        <p>
          <button type="button" className="secondary" onClick={() => setLimit((n) => n + PAGE)}>
            Show {Math.min(PAGE, shown.length - limit)} more of {shown.length - limit}
          </button>
        </p>
      ) : null}
    </div>
  );
}
