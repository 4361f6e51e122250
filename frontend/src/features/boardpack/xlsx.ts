/**
 * The board pack as one workbook (write-excel-file): a sheet per table, the header row bold and
 * frozen, money as numbers in pounds with a currency format, the unit in the header.
 * Loaded only when someone asks for the workbook.
 */
import type { Cell, Sheet } from "write-excel-file/browser";
import { currencyUnit, exportHeader } from "../../lib/exportTable";
import { isMoney, type BoardPack, type PackCell, type PackTable } from "./shape";

/** Excel's number format for money: `£#,##0.00` with the symbol quoted. */
export function moneyFormat(currency: string): string {
  return `"${currencyUnit(currency)}"#,##0.00`;
}

function cell(value: PackCell, currency: string, bold: boolean): Cell {
  const weight = bold ? { fontWeight: "bold" as const } : {};
  if (value === null) return null;
  if (isMoney(value)) return { value: value.pence / 100, type: Number, format: moneyFormat(currency), ...weight };
  if (typeof value === "number") return { value, type: Number, ...weight };
  return { value, type: String, ...weight };
}

/** Excel refuses sheet names over 31 characters or with any of `[]:*?/\`. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31).trim();
}

function sheet(table: PackTable, currency: string): Sheet<Blob> {
  const header: Cell[] = table.columns.map((c) => ({ value: exportHeader(c), type: String, fontWeight: "bold" }));
  const rows = table.rows.map((r) => r.map((v) => cell(v, currency, false)));
  const total = table.total ? [table.total.map((v) => cell(v, currency, true))] : [];
  const widths = table.columns.map((c, i) => ({ width: i === 0 ? 36 : Math.max(12, exportHeader(c).length + 2) }));
  return { data: [header, ...rows, ...total], sheet: sheetName(table.sheet), columns: widths, stickyRowsCount: 1 };
}

/** Every table of the pack, in the page's order. */
export function packSheets(pack: BoardPack): Sheet<Blob>[] {
  return pack.tables.map((t) => sheet(t, pack.currency));
}

export async function packXlsx(pack: BoardPack): Promise<Blob> {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  return writeXlsxFile(packSheets(pack), { fontFamily: "Calibri", fontSize: 11 }).toBlob();
}
