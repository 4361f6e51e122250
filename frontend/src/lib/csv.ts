/** CSV (RFC 4180) for table downloads. */

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A text cell that starts like a formula (`=`, `+`, `@`, `-` before a non-number, tab, CR) gets a
 * leading apostrophe so spreadsheets show it instead of running it.
 */
function neutralise(text: string): string {
  if (/^[=+@\t\r]/.test(text)) return `'${text}`;
  if (text.startsWith("-") && !/^-\d+(\.\d+)?$/.test(text)) return `'${text}`;
  return text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutralise(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Saves text as a file (browser only), with a byte-order mark so Excel reads it as UTF-8. */
export function download(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  downloadBlob(filename, new Blob(["\ufeff", text], { type }));
}

/** Saves a blob (a PDF, a workbook, an image) as a file (browser only). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
