/**
 * The board pack: its figures are the API's; printed (print media, A4) and downloaded as a PDF,
 * every page names the programme and the as-of day and is numbered, with no controls on paper;
 * chart exports are real PNG and SVG files; the workbook has a sheet per table; CSVs are labelled.
 */
import type { Download, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { formatMoney } from "../src/lib/format";
import { ARTIFACTS, axeScan, expect, openView, screenshot, test } from "./fixtures";

const AS_OF = "2013-12-31";
const DAY = "31 Dec 2013";
const PYTHON = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", ".venv", "bin", "python");
/** Words of controls that must never reach paper. */
const CONTROLS = ["Sign in", "Sign out", "Download", "Export chart", "Print", "Filter", "Search teams", "Show the data as a table", "Skip to content", "As of (", "Next page"];

/** The text of each page of a PDF. */
async function pdfPages(data: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" ").replace(/\s+/g, " "));
  }
  await doc.destroy();
  return pages;
}

function expectPaged(pages: string[], programme: string, what: string): void {
  expect(pages.length, `${what}: pages`).toBeGreaterThan(1);
  pages.forEach((text, i) => {
    expect(text, `${what} page ${i + 1}`).toContain(programme);
    expect(text, `${what} page ${i + 1}`).toContain(DAY);
    expect(text, `${what} page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
  });
}

async function saved(page: Page, click: () => Promise<void>): Promise<{ file: Download; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  return { file, body: readFileSync(path) };
}

/** Keeps a file with the screenshots, to look at. */
function keep(name: string, body: Buffer): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), body);
}

async function openPack(page: Page): Promise<void> {
  await openView(page, `/board-pack?as_of=${AS_OF}`);
  await expect(page.getByTestId("pack-figures")).toBeVisible();
}

test.describe("board pack", () => {
  test("the figures are the API's; printed to A4, every page is headed and numbered, no controls", async ({ page, api }) => {
    test.setTimeout(60_000);
    const s = await api.summary(AS_OF);
    const r = await api.results(AS_OF);
    await openPack(page);
    const figures = page.getByTestId("pack-figures");
    await expect(figures).toContainText(formatMoney(s.funding.awarded_pence));
    await expect(figures).toContainText(formatMoney(s.funding.paid_pence));
    await expect(page.getByTestId("pack-table-late").locator("tfoot")).toContainText(String(s.milestones.late));
    await expect(page.getByTestId("pack-table-results").locator("tfoot")).toContainText(String(r.indicators.total));
    await expect(page.getByTestId("pack-table-teams").locator("thead")).toContainText("Awarded (£)");
    await expect(page.getByTestId("pack-table-teams").locator("tbody tr")).toHaveCount(s.teams.total);
    await screenshot(page, "board-pack");

    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    keep("board-pack-printed.pdf", pdf);
    const pages = await pdfPages(pdf);
    expectPaged(pages, s.programme.title, "printed");
    const all = pages.join(" ");
    for (const word of CONTROLS) expect(all, `"${word}" on paper`).not.toContain(word);
    expect(all).toContain("Awarded (£)");
    expect(all).toContain("Results by dimension of quality");
    await page.emulateMedia({ media: "screen" });
  });

  test("Download board pack (PDF): the same content, A4, headed and numbered", async ({ page, api }) => {
    test.setTimeout(60_000);
    const s = await api.summary(AS_OF);
    await openPack(page);
    const { file, body } = await saved(page, () => page.getByRole("button", { name: "Download board pack (PDF)" }).click());
    expect(file.suggestedFilename()).toBe(`${s.programme.code}_board-pack_${AS_OF}.pdf`);
    expect(body.subarray(0, 5).toString()).toBe("%PDF-");
    keep("board-pack.pdf", body);
    const pages = await pdfPages(body);
    expectPaged(pages, s.programme.title, "downloaded");
    const all = pages.join(" ");
    for (const text of ["Board pack", "Funding", "Late milestones by team", "Results by dimension of quality", "Support delivered by type", "Awarded (£)", formatMoney(s.funding.awarded_pence)]) {
      expect(all).toContain(text);
    }
    const doc = await getDocument({ data: new Uint8Array(body), verbosity: 0 }).promise;
    const [, , width, height] = (await doc.getPage(1)).view;
    expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]);
    await doc.destroy();
  });

  test("Export chart: a PNG and a parseable SVG", async ({ page }) => {
    await openPack(page);
    const chart = page.locator("figure.chart").first();
    await expect(chart.locator('[data-rendered="true"]')).toBeVisible();
    const png = await saved(page, () => chart.getByRole("button", { name: /^Export chart \(PNG\)/ }).click());
    expect(png.file.suggestedFilename()).toMatch(new RegExp(`^CTG-SP_.+_${AS_OF}\\.png$`));
    expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = await saved(page, () => chart.getByRole("button", { name: /^Export chart \(SVG\)/ }).click());
    expect(svg.file.suggestedFilename()).toMatch(/\.svg$/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return { root: doc.documentElement.nodeName, error: doc.getElementsByTagName("parsererror").length, texts: doc.getElementsByTagName("text").length };
    }, svg.body.toString("utf8"));
    expect([parsed.root, parsed.error]).toEqual(["svg", 0]);
    expect(parsed.texts, "the chart's labels are SVG text").toBeGreaterThan(0);
  });

  test("Download board pack (XLSX): a sheet per table, bold headers, money in pounds", async ({ page, api }) => {
    const s = await api.summary(AS_OF);
    await openPack(page);
    const { file, body } = await saved(page, () => page.getByRole("button", { name: "Download board pack (XLSX)" }).click());
    expect(file.suggestedFilename()).toBe(`${s.programme.code}_board-pack_${AS_OF}.xlsx`);
    // Read back with openpyxl, the library the API's own XLSX exports and loads use.
    const script = [
      "import io, json, sys, warnings, openpyxl",
      "warnings.simplefilter('ignore')  # no default style: openpyxl applies its own",
      "wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))",
      "out = {ws.title: {'header': [c.value for c in ws[1]], 'bold': all(c.font.b for c in ws[1]),",
      "  'rows': ws.max_row - 1, 'c3': [ws.cell(4, 2).value, ws.cell(4, 2).number_format]} for ws in wb.worksheets}",
      "print(json.dumps(out))",
    ].join("\n");
    const book = JSON.parse(execFileSync(PYTHON, ["-c", script], { input: body }).toString()) as Record<
      string,
      { header: string[]; bold: boolean; rows: number; c3: [number, string] }
    >;
    expect(Object.keys(book)).toEqual(["Key figures", "Payments by month", "Teams", "Milestones by status", "Late milestones", "Results", "Support"]);
    for (const sheet of Object.values(book)) expect(sheet.bold).toBe(true);
    expect(book["Teams"]!.header.slice(0, 3)).toEqual(["Team", "Provenance", "Awarded (£)"]);
    expect(book["Teams"]!.rows).toBe(s.teams.total);
    // Key figures, row 4: total awarded, in pounds with a £ format.
    expect(book["Key figures"]!.c3).toEqual([s.funding.awarded_pence / 100, '"£"#,##0.00']);
  });

  test("CSV downloads: labels, the unit in the header, programme and day in the name", async ({ page, api }) => {
    const p = await api.programme();
    await openView(page, `/?as_of=${AS_OF}`);
    const { file, body } = await saved(page, () => page.getByRole("button", { name: "Download CSV of funding by team" }).click());
    expect(file.suggestedFilename()).toBe(`${p.code}_funding-by-team_${AS_OF}.csv`);
    const [header, first] = body.toString("utf8").replace(/^\ufeff/, "").split("\r\n");
    expect(header).toBe("Team,Awarded (£),Paid (£),Remaining (£),Achieved,Late");
    expect(first).toMatch(/^.+,\d+\.\d{2},\d+\.\d{2},\d+\.\d{2},\d+,\d+$/);
  });

  test("other views print without their controls, headed and numbered", async ({ page, api }) => {
    const p = await api.programme();
    for (const view of ["/", "/funding"]) {
      await openView(page, `${view}?as_of=${AS_OF}`);
      await page.emulateMedia({ media: "print" });
      const pages = await pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }));
      expectPaged(pages, p.title, view);
      for (const word of CONTROLS) expect(pages.join(" "), `"${word}" on paper (${view})`).not.toContain(word);
      await page.emulateMedia({ media: "screen" });
    }
  });

  test("accessible at 1280 and 375 px", async ({ page }) => {
    await openPack(page);
    await axeScan(page, "board pack");
    await page.setViewportSize({ width: 375, height: 800 });
    await openPack(page);
    await axeScan(page, "board pack at 375 px");
    await screenshot(page, "board-pack-375");
  });
});
