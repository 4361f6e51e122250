/**
 * Tables as files people open in Excel: labels instead of codes, the unit in the column header
 * ("Awarded (£)") over plain numbers, and the programme and as-of day in the file name.
 */
import type { CsvCell } from "./csv";
import { formatMoney, isIsoDate } from "./format";

export interface ExportColumn<T> {
  header: string;
  /** Shown in brackets after the header in files: "£", "hours". */
  unit?: string;
  value: (row: T) => unknown;
  text?: (row: T) => string;
  csv?: (row: T) => CsvCell;
}

/** "£" for GBP, "€" for EUR, the code itself for a currency without a symbol. */
export function currencyUnit(currency: string): string {
  return formatMoney(0, currency).slice(0, -1).trim();
}

export function exportHeader(column: { header: string; unit?: string }): string {
  return column.unit ? `${column.header} (${column.unit})` : column.header;
}

/**
 * A cell as a file holds it: `csv` when the column says; a code (`in_progress`) as its label;
 * numbers and ISO days as they are (spreadsheets read both); true/false as Yes/No.
 */
export function exportCell<T>(column: ExportColumn<T>, row: T): CsvCell {
  if (column.csv) return column.csv(row);
  const value = column.value(row);
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value;
  const text = String(value);
  if (column.text && !isIsoDate(text)) return column.text(row);
  return text;
}

export function exportRows<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): { header: string[]; body: CsvCell[][] } {
  return {
    header: columns.map(exportHeader),
    body: rows.map((row) => columns.map((c) => exportCell(c, row))),
  };
}

/** Letters, digits, dot and dash; anything else becomes one dash. */
function slug(text: string): string {
  return text.trim().replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "export";
}

/**
 * `CTG-SP_payments_2013-12-31.csv`: the programme's code, what the file holds and the day the
 * figures stand on, so two downloads of different days or programmes never overwrite each other.
 */
export function exportFilename(base: string, programmeCode: string | null | undefined, asOf: string, ext: string): string {
  const name = slug(base.replace(/\.[A-Za-z0-9]+$/, ""));
  const parts = programmeCode ? [slug(programmeCode), name, asOf] : [name, asOf];
  return `${parts.join("_")}.${ext}`;
}
