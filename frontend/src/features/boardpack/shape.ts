/**
 * The board pack as data: every figure and table once, so the page, the PDF and the workbook
 * show the same content. Money stays integer pence until a renderer formats it.
 */
import { currencyUnit } from "../../lib/exportTable";
import { formatMoney, formatMonth, formatNumber, formatPercent, label, plural, shortLabel } from "../../lib/format";
import {
  DIMENSIONS,
  MILESTONE_STATUSES,
  SUPPORT_TYPES,
  type ProgrammeResults,
  type ResultCounts,
  type ProgrammeSummary,
  type TeamFiguresPage,
} from "../dashboard/api";

/** A cell: text, a plain number, an amount of money (pence) or nothing. */
export type PackCell = string | number | { pence: number } | null;

export interface PackColumn {
  header: string;
  /** Named after the header in files: "Awarded (£)". */
  unit?: string;
  numeric?: boolean;
}

export interface PackTable {
  id: string;
  title: string;
  /** The workbook's sheet name (at most 31 characters). */
  sheet: string;
  columns: PackColumn[];
  rows: PackCell[][];
  /** A closing row (totals), kept apart so renderers can set it off. */
  total?: PackCell[];
  note?: string;
}

export interface PackFigure {
  label: string;
  value: string;
  note: string;
}

export interface BoardPack {
  programme: { code: string; title: string };
  asOf: string;
  currency: string;
  figures: PackFigure[];
  tables: PackTable[];
}

/** Teams on the board pack's per-team table (one request; a bigger programme gets a note). */
export const PACK_TEAMS = 50;

export function isMoney(cell: PackCell): cell is { pence: number } {
  return typeof cell === "object" && cell !== null;
}

/** A cell as people read it on the page and in the PDF. */
export function cellText(cell: PackCell, currency: string): string {
  if (cell === null) return "–";
  if (isMoney(cell)) return formatMoney(cell.pence, currency);
  return typeof cell === "number" ? formatNumber(cell, 2) : cell;
}

const money = (pence: number) => ({ pence });

function figures(s: ProgrammeSummary): PackFigure[] {
  const c = s.funding.currency;
  const delivered = s.support.reduce((n, x) => n + x.activities, 0);
  const hours = s.support.reduce((n, x) => n + x.hours, 0);
  const due = s.milestones.achieved + s.milestones.late;
  return [
    { label: "Teams", value: formatNumber(s.teams.total, 0), note: `${s.teams.sourced} sourced, ${s.teams.synthetic} synthetic` },
    { label: "Total awarded", value: formatMoney(s.funding.awarded_pence, c), note: plural(s.funding.awards, "award") },
    { label: "Paid to date", value: formatMoney(s.funding.paid_pence, c), note: `${formatPercent(s.funding.paid_pence, s.funding.awarded_pence)} of awarded` },
    { label: "Remaining", value: formatMoney(s.funding.remaining_pence, c), note: `${formatMoney(s.funding.scheduled_unpaid_pence, c)} scheduled` },
    { label: "Milestones achieved", value: formatNumber(s.milestones.achieved, 0), note: `of ${s.milestones.total} (${formatPercent(s.milestones.achieved, due)} of those due)` },
    { label: "Milestones late", value: formatNumber(s.milestones.late, 0), note: "due and not achieved" },
    { label: "Support delivered", value: formatNumber(delivered, 0), note: `activities, ${formatNumber(hours)} hours` },
    { label: "Evidence", value: formatNumber(s.evidence.total, 0), note: plural(s.evidence.exemplars, "exemplar") },
  ];
}

function keyFigures(s: ProgrammeSummary, unit: string): PackTable {
  const f = s.funding;
  const rows: PackCell[][] = [
    ["Teams", s.teams.total, "teams"],
    ["Awards", f.awards, "awards"],
    ["Total awarded", money(f.awarded_pence), unit],
    ["Paid to date", money(f.paid_pence), unit],
    ["Scheduled, not yet paid", money(f.scheduled_unpaid_pence), unit],
    ["Remaining", money(f.remaining_pence), unit],
    ["Milestones", s.milestones.total, "milestones"],
    ["Milestones achieved", s.milestones.achieved, "milestones"],
    ["Milestones late", s.milestones.late, "milestones"],
    ["Support activities delivered", s.support.reduce((n, x) => n + x.activities, 0), "activities"],
    ["Support hours", s.support.reduce((n, x) => n + x.hours, 0), "hours"],
    ["Evidence", s.evidence.total, "pieces"],
    ["Exemplars", s.evidence.exemplars, "pieces"],
  ];
  return { id: "key-figures", title: "Key figures", sheet: "Key figures", columns: [{ header: "Figure" }, { header: "Value", numeric: true }, { header: "Unit" }], rows };
}

function fundingByMonth(s: ProgrammeSummary, unit: string): PackTable {
  let paid = 0;
  let planned = 0;
  const rows = s.funding_by_month.map((m): PackCell[] => {
    paid += m.paid_pence;
    planned += m.paid_pence + m.scheduled_unpaid_pence;
    return [formatMonth(`${m.month}-01`), money(m.paid_pence), money(m.scheduled_unpaid_pence), money(paid), money(planned)];
  });
  return {
    id: "payments-by-month",
    title: "Payments by month",
    sheet: "Payments by month",
    columns: [
      { header: "Month" },
      { header: "Paid", unit, numeric: true },
      { header: "Scheduled, not yet paid", unit, numeric: true },
      { header: "Paid to date", unit, numeric: true },
      { header: "Planned to date", unit, numeric: true },
    ],
    rows,
    total: ["All months", money(paid), money(planned - paid), money(paid), money(planned)],
  };
}

function fundingByTeam(page: TeamFiguresPage, unit: string): PackTable {
  const rows = page.items.map((t): PackCell[] => [
    t.name,
    label(t.provenance),
    money(t.awarded_pence),
    money(t.paid_pence),
    money(t.remaining_pence),
    t.milestones.achieved,
    t.milestones.late,
    t.support.reduce((n, x) => n + x.activities, 0),
    t.support.reduce((n, x) => n + x.hours, 0),
  ]);
  return {
    id: "teams",
    title: "Funding, milestones and support by team",
    sheet: "Teams",
    columns: [
      { header: "Team" },
      { header: "Provenance" },
      { header: "Awarded", unit, numeric: true },
      { header: "Paid", unit, numeric: true },
      { header: "Remaining", unit, numeric: true },
      { header: "Milestones achieved", numeric: true },
      { header: "Milestones late", numeric: true },
      { header: "Support activities", numeric: true },
      { header: "Support hours", numeric: true },
    ],
    rows,
    note: page.total > page.items.length ? `The first ${page.items.length} of ${page.total} teams by name.` : undefined,
  };
}

function milestonesByStatus(s: ProgrammeSummary): PackTable {
  return {
    id: "milestones",
    title: "Milestones by status",
    sheet: "Milestones by status",
    columns: [{ header: "Status" }, { header: "Milestones", numeric: true }],
    rows: MILESTONE_STATUSES.map((st) => [label(st), s.milestones[st]]),
    total: ["All milestones", s.milestones.total],
  };
}

function lateByTeam(s: ProgrammeSummary): PackTable {
  const rows: PackCell[][] = s.most_late.teams.map((t) => [t.name, t.late]);
  if (s.most_late.others_teams > 0) rows.push([`All ${s.most_late.others_teams} other teams`, s.most_late.others_late]);
  return {
    id: "late",
    title: "Late milestones by team",
    sheet: "Late milestones",
    columns: [{ header: "Team" }, { header: "Late milestones", numeric: true }],
    rows,
    total: ["All teams", s.milestones.late],
    note: rows.length === 0 ? "No milestone is late on this day." : "The ten teams with most late milestones, then all others.",
  };
}

const RESULT_KEYS = ["improving", "no_change", "worsening", "no_data", "target_met", "target_not_met"] as const satisfies readonly (keyof ResultCounts)[];

function resultsByDimension(r: ProgrammeResults): PackTable {
  const rows = DIMENSIONS.map((d): PackCell[] => {
    const x = r.by_dimension.find((b) => b.dimension === d);
    return [label(d), x?.goals ?? 0, x?.total ?? 0, ...RESULT_KEYS.map((k) => x?.[k] ?? 0)];
  });
  return {
    id: "results",
    title: "Results by dimension of quality",
    sheet: "Results",
    columns: [
      { header: "Dimension" },
      { header: "Quality goals", numeric: true },
      { header: "Indicators", numeric: true },
      ...RESULT_KEYS.map((k) => ({ header: k === "no_data" ? "No data yet" : label(k), numeric: true })),
    ],
    rows,
    total: ["All indicators", null, r.indicators.total, ...RESULT_KEYS.map((k) => r.indicators[k])],
  };
}

function supportByType(s: ProgrammeSummary): PackTable {
  const rows = SUPPORT_TYPES.map((type): PackCell[] => {
    const x = s.support.find((y) => y.type === type);
    return [shortLabel(type), x?.activities ?? 0, x?.hours ?? 0];
  });
  return {
    id: "support",
    title: "Support delivered by type",
    sheet: "Support",
    columns: [{ header: "Type" }, { header: "Activities", numeric: true }, { header: "Hours", numeric: true }],
    rows,
    total: ["All support", s.support.reduce((n, x) => n + x.activities, 0), s.support.reduce((n, x) => n + x.hours, 0)],
  };
}

export function boardPack(summary: ProgrammeSummary, results: ProgrammeResults, teams: TeamFiguresPage): BoardPack {
  const currency = summary.funding.currency;
  const unit = currencyUnit(currency);
  return {
    programme: { code: summary.programme.code, title: summary.programme.title },
    asOf: summary.as_of,
    currency,
    figures: figures(summary),
    tables: [
      keyFigures(summary, unit),
      fundingByMonth(summary, unit),
      fundingByTeam(teams, unit),
      milestonesByStatus(summary),
      lateByTeam(summary),
      resultsByDimension(results),
      supportByType(summary),
    ],
  };
}

export function packTable(pack: BoardPack, id: string): PackTable {
  const table = pack.tables.find((t) => t.id === id);
  if (!table) throw new Error(`no board pack table ${id}`);
  return table;
}
