import { describe, expect, it } from "vitest";
import type { ProgrammeResults, ProgrammeSummary, TeamFiguresPage } from "../dashboard/api";
import { packDocument, runningHead } from "./pdf";
import { packCharts } from "./sections";
import { boardPack, cellText, packTable } from "./shape";
import { moneyFormat, packSheets, sheetName } from "./xlsx";

const programme = {
  id: "p1",
  code: "CTG-SP",
  title: "Shared Purpose",
  start_date: "2012-06-01",
  end_date: "2015-12-31",
  currency: "GBP",
  award_cap_pence: 42_000_000,
  max_teams: 9,
};
const counts = { planned: 4, in_progress: 1, achieved: 3, late: 2, deferred: 0, cancelled: 0, total: 10 };
const support = [
  { type: "diagnostic_needs_assessment" as const, activities: 2, hours: 6 },
  { type: "coaching" as const, activities: 1, hours: 1.5 },
];

const summary: ProgrammeSummary = {
  as_of: "2013-12-31",
  programme,
  teams: {
    total: 2,
    sourced: 1,
    synthetic: 1,
    active: 2,
    completed: 0,
    withdrawn: 0,
    status_undated: 0,
    sustainability: { not_assessed: 2, continuing: 0, partly_continuing: 0, stopped: 0 },
  },
  funding: { currency: "GBP", awards: 2, awarded_pence: 84_000_000, paid_pence: 25_200_050, scheduled_unpaid_pence: 10_000_000, remaining_pence: 58_799_950 },
  milestones: counts,
  support,
  evidence: { total: 3, exemplars: 1 },
  funding_by_month: [
    { month: "2012-09", paid_pence: 25_200_050, scheduled_unpaid_pence: 0 },
    { month: "2014-04", paid_pence: 0, scheduled_unpaid_pence: 10_000_000 },
  ],
  milestones_by_month: [],
  team_distributions: { paid_share: [], not_awarded: 0, late_milestones: [] },
  most_late: { teams: [{ id: "t1", name: "Team in_progress", late: 2 }], others_teams: 0, others_late: 0 },
  rounds: [],
};

const zero = { total: 0, improving: 0, worsening: 0, no_change: 0, no_data: 0, improving_since_previous: 0, target_met: 0, target_not_met: 0 };
const results: ProgrammeResults = {
  as_of: "2013-12-31",
  programme,
  indicators: { ...zero, total: 3, improving: 2, no_data: 1, target_met: 1, target_not_met: 1 },
  by_dimension: [{ ...zero, dimension: "person_centred", goals: 1, total: 3, improving: 2, no_data: 1, target_met: 1, target_not_met: 1 }],
};

const teams: TeamFiguresPage = {
  as_of: "2013-12-31",
  total: 1,
  next_cursor: null,
  items: [
    {
      id: "t1",
      name: "Team A",
      provenance: "synthetic",
      status: "active",
      status_undated: false,
      sustainability_status: "not_assessed",
      awarded_pence: 42_000_000,
      paid_pence: 12_600_025,
      scheduled_unpaid_pence: 0,
      remaining_pence: 29_399_975,
      milestones: counts,
      support,
      evidence: { total: 1, exemplars: 0 },
    },
  ],
};

const pack = boardPack(summary, results, teams);

describe("boardPack", () => {
  it("labels codes and names the unit in money headers", () => {
    const t = packTable(pack, "teams");
    expect(t.columns.map((c) => (c.unit ? `${c.header} (${c.unit})` : c.header)).slice(0, 4)).toEqual(["Team", "Provenance", "Awarded (£)", "Paid (£)"]);
    expect(t.rows[0]!.slice(0, 4)).toEqual(["Team A", "Synthetic", { pence: 42_000_000 }, { pence: 12_600_025 }]);
    expect(t.rows[0]!.slice(-2)).toEqual([3, 7.5]);
    expect(packTable(pack, "milestones").rows[1]).toEqual(["In progress", 1]);
    expect(packTable(pack, "support").rows.map((r) => r[0])).toEqual(["Diagnostic", "Knowledge capture", "Learning events", "Coaching"]);
    expect(packTable(pack, "results").rows[2]!.slice(0, 4)).toEqual(["Person-centred", 1, 3, 2]);
  });
  it("keeps money exact, in pence, until it is shown", () => {
    const month = packTable(pack, "payments-by-month");
    expect(month.rows[1]).toEqual(["Apr 2014", { pence: 0 }, { pence: 10_000_000 }, { pence: 25_200_050 }, { pence: 35_200_050 }]);
    expect(cellText({ pence: 25_200_050 }, "GBP")).toBe("£252,000.50");
    expect(cellText(null, "GBP")).toBe("–");
  });
  it("notes a programme with more teams than the table shows", () => {
    expect(packTable(pack, "teams").note).toBeUndefined();
    expect(packTable(boardPack(summary, results, { ...teams, total: 80 }), "teams").note).toBe("The first 1 of 80 teams by name.");
  });
  it("draws a late chart only when a milestone is late", () => {
    expect(packCharts(summary, results).map((c) => c.id)).toEqual(["funding", "milestones", "late", "results", "support"]);
    const none = { ...summary, most_late: { teams: [], others_teams: 0, others_late: 0 } };
    expect(packCharts(none, results).map((c) => c.id)).not.toContain("late");
  });
});

describe("packSheets", () => {
  const sheets = packSheets(pack);
  it("has one sheet per table, a bold header row and frozen headers", () => {
    expect(sheets.map((s) => s.sheet)).toEqual(["Key figures", "Payments by month", "Teams", "Milestones by status", "Late milestones", "Results", "Support"]);
    for (const s of sheets) {
      expect(s.stickyRowsCount).toBe(1);
      expect(s.data[0]!.every((c) => c !== null && typeof c === "object" && "fontWeight" in c && c.fontWeight === "bold")).toBe(true);
    }
  });
  it("writes money as pounds with a £ format and the unit in the header", () => {
    const t = sheets[2]!;
    expect(t.data[0]![2]).toMatchObject({ value: "Awarded (£)" });
    expect(t.data[1]![3]).toEqual({ value: 126_000.25, type: Number, format: '"£"#,##0.00' });
    expect(t.data[1]![1]).toEqual({ value: "Synthetic", type: String });
    expect(moneyFormat("EUR")).toBe('"€"#,##0.00');
  });
  it("makes sheet names Excel accepts", () => {
    expect(sheetName("A/B: c?[d]")).toBe("A B  c  d");
    expect(sheetName("x".repeat(40))).toHaveLength(31);
  });
});

describe("packDocument", () => {
  const charts = packCharts(summary, results);
  const doc = packDocument(pack, charts, charts.map(() => "<svg/>"));
  it("is A4 with the programme and day on every page and numbered pages", () => {
    expect(doc.pageSize).toBe("A4");
    expect(runningHead(pack)).toBe("Shared Purpose: as it stood on 31 Dec 2013");
    const header = doc.header as (page: number, pages: number) => { text: string };
    const footer = doc.footer as (page: number, pages: number) => { text: string };
    expect(header(2, 5).text).toBe(runningHead(pack));
    expect(footer(2, 5).text).toBe("Page 2 of 5");
  });
  it("holds every table with its header repeated and every chart as SVG", () => {
    const text = JSON.stringify(doc.content);
    for (const t of pack.tables.filter((x) => x.id !== "key-figures")) expect(text).toContain(t.title);
    expect(text).toContain('"headerRows":1');
    expect(text.match(/"svg":"<svg\/>"/g)).toHaveLength(charts.length);
  });
});
