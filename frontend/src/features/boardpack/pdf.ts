/**
 * The board pack as a PDF (pdfmake): A4, the programme and as-of day at the top of every page,
 * "Page n of N" at the foot, charts as vector SVG, tables whose header row repeats on each page.
 * This module and pdfmake are loaded only when someone asks for the PDF.
 */
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { exportHeader } from "../../lib/exportTable";
import { formatDate } from "../../lib/format";
import type { PackChart } from "./sections";
import { SECTIONS } from "./sections";
import { cellText, packTable, type BoardPack, type PackCell, type PackTable } from "./shape";

/** A4 less 40 pt margins either side. */
const WIDTH = 515;
const MUTED = "#4b5563";

export function runningHead(pack: BoardPack): string {
  return `${pack.programme.title}: as it stood on ${formatDate(pack.asOf)}`;
}

function row(cells: PackCell[], currency: string, bold = false): TableCell[] {
  return cells.map((cell, i) => ({
    text: cellText(cell, currency),
    bold: bold || i === 0,
    alignment: i > 0 && typeof cell !== "string" ? "right" : "left",
  }));
}

function table(t: PackTable, currency: string): Content {
  const body: TableCell[][] = [
    t.columns.map((c) => ({ text: exportHeader(c), style: "th", alignment: c.numeric ? "right" : "left" })),
    ...t.rows.map((r) => row(r, currency)),
    ...(t.total ? [row(t.total, currency, true)] : []),
  ];
  return {
    stack: [
      { text: t.title, style: "caption" },
      {
        table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: t.columns.map((_, i) => (i === 0 ? "*" : "auto")), body },
        layout: "lightHorizontalLines",
      },
      ...(t.note ? [{ text: t.note, style: "note" }] : []),
    ],
    margin: [0, 6, 0, 10],
    // A short table stays on one page; a long one breaks between rows under a repeated header.
    unbreakable: t.rows.length <= 15,
  };
}

function chart(c: PackChart, svg: string): Content {
  return {
    stack: [
      { text: c.title, style: "caption" },
      { text: c.summary, style: "note" },
      { svg, width: WIDTH },
    ],
    unbreakable: true,
    margin: [0, 6, 0, 10],
  };
}

function figures(pack: BoardPack): Content {
  const cells = pack.figures.map((f) => ({
    stack: [
      { text: f.label, style: "note" },
      { text: f.value, fontSize: 14, bold: true },
      { text: f.note, style: "note" },
    ],
  }));
  const rows: TableCell[][] = [];
  for (let i = 0; i < cells.length; i += 4) {
    const slice: TableCell[] = cells.slice(i, i + 4);
    while (slice.length < 4) slice.push({ text: "" });
    rows.push(slice);
  }
  return { table: { widths: ["*", "*", "*", "*"], body: rows }, layout: "noBorders", margin: [0, 8, 0, 8], unbreakable: true };
}

/** The document: the same sections, charts and tables as the page. `svgs[i]` draws `charts[i]`. */
export function packDocument(pack: BoardPack, charts: readonly PackChart[], svgs: readonly string[]): TDocumentDefinitions {
  const content: Content[] = [
    { text: "Board pack", style: "h1" },
    { text: pack.programme.title, style: "h2" },
    { text: `As it stood on ${formatDate(pack.asOf)}`, color: MUTED },
    figures(pack),
  ];
  for (const section of SECTIONS) {
    content.push({ text: section.title, style: "h2", margin: [0, 12, 0, 4], headlineLevel: 1 });
    charts.forEach((c, i) => {
      if (section.charts.includes(c.id)) content.push(chart(c, svgs[i] ?? ""));
    });
    for (const id of section.tables) content.push(table(packTable(pack, id), pack.currency));
  }
  const head = runningHead(pack);
  return {
    pageSize: "A4",
    pageMargins: [40, 56, 40, 48],
    info: { title: `Board pack: ${head}`, subject: "Board pack" },
    header: () => ({ text: head, fontSize: 8, color: MUTED, margin: [40, 24, 40, 0] }),
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, fontSize: 8, color: MUTED, alignment: "right", margin: [40, 16, 40, 0] }),
    content,
    // A section's heading never ends a page alone.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().length === 0,
    defaultStyle: { font: "Helvetica", fontSize: 9 },
    styles: {
      h1: { fontSize: 20, bold: true },
      h2: { fontSize: 14, bold: true },
      caption: { fontSize: 10, bold: true, margin: [0, 0, 0, 2] },
      note: { fontSize: 8, color: MUTED },
      th: { bold: true, fillColor: "#eef2f6" },
    },
  };
}

/** Builds the PDF with pdfmake and Helvetica (a standard PDF font: nothing to embed). */
export async function packPdf(pack: BoardPack, charts: readonly PackChart[], svgs: readonly string[]): Promise<Blob> {
  const [made, font] = await Promise.all([import("pdfmake/build/pdfmake"), import("pdfmake/build/standard-fonts/Helvetica")]);
  // Both are CommonJS scripts: the bundler hands over `module.exports` as the default export.
  const pdfMake = (made as unknown as { default?: typeof made }).default ?? made;
  pdfMake.addFontContainer(font.default);
  return pdfMake.createPdf(packDocument(pack, charts, svgs)).getBlob();
}
