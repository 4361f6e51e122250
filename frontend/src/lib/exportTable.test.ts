import { describe, expect, it } from "vitest";
import { currencyUnit, exportCell, exportFilename, exportHeader, exportRows, type ExportColumn } from "./exportTable";
import { formatDate, formatMoney, label, penceToPoundsString } from "./format";

interface Row {
  status: string;
  due: string;
  amount: number;
  hours: number;
  exemplar: boolean;
  note: string | null;
}

const row: Row = { status: "in_progress", due: "2013-06-30", amount: 12_600_050, hours: 2.5, exemplar: true, note: null };

const columns: ExportColumn<Row>[] = [
  { header: "Status", value: (r) => r.status, text: (r) => label(r.status) },
  { header: "Due", value: (r) => r.due, text: (r) => formatDate(r.due) },
  { header: "Amount", unit: "£", value: (r) => r.amount, text: (r) => formatMoney(r.amount), csv: (r) => penceToPoundsString(r.amount) },
  { header: "Hours", value: (r) => r.hours, text: () => "2.5 h" },
  { header: "Exemplar", value: (r) => r.exemplar },
  { header: "Note", value: (r) => r.note },
];

describe("exportRows", () => {
  it("writes labels, not codes; ISO days and plain numbers; the unit in the header", () => {
    const { header, body } = exportRows(columns, [row]);
    expect(header).toEqual(["Status", "Due", "Amount (£)", "Hours", "Exemplar", "Note"]);
    expect(body).toEqual([["In progress", "2013-06-30", "126000.50", 2.5, "Yes", ""]]);
  });
  it("keeps a column's own CSV value", () => {
    expect(exportCell({ header: "x", value: () => "a_b", csv: () => 3 }, row)).toBe(3);
  });
  it("names the unit of a currency", () => {
    expect(currencyUnit("GBP")).toBe("£");
    expect(currencyUnit("EUR")).toBe("€");
    expect(currencyUnit("CHF")).toBe("CHF");
    expect(exportHeader({ header: "Awarded", unit: currencyUnit("GBP") })).toBe("Awarded (£)");
  });
});

describe("exportFilename", () => {
  it("puts the programme and the as-of day in the name", () => {
    expect(exportFilename("payments.csv", "CTG-SP", "2013-12-31", "csv")).toBe("CTG-SP_payments_2013-12-31.csv");
    expect(exportFilename("Funding by team", "CTG-SP", "2013-12-31", "xlsx")).toBe("CTG-SP_Funding-by-team_2013-12-31.xlsx");
  });
  it("keeps only safe characters", () => {
    expect(exportFilename("a/b: c", "X Y/Z", "2014-01-01", "png")).toBe("X-Y-Z_a-b-c_2014-01-01.png");
    expect(exportFilename("teams", null, "2014-01-01", "csv")).toBe("teams_2014-01-01.csv");
  });
});
