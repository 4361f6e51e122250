import { SUPPORT_TYPES, type SupportByType } from "../dashboard/api";

export type SupportType = (typeof SUPPORT_TYPES)[number];

export type Cells = Record<SupportType, { activities: number; hours: number }>;

/** A team's (or the programme's) support by type, all four types present. */
export function matrixCells(support: readonly SupportByType[]): Cells {
  const out = {} as Cells;
  for (const type of SUPPORT_TYPES) {
    const found = support.find((s) => s.type === type);
    out[type] = { activities: found?.activities ?? 0, hours: found?.hours ?? 0 };
  }
  return out;
}

/** Column totals of the programme (a learning event serving three teams counts once here). */
export function matrixTotals(support: readonly SupportByType[]): { cells: Cells; activities: number; hours: number } {
  const c = matrixCells(support);
  return {
    cells: c,
    activities: SUPPORT_TYPES.reduce((n, type) => n + c[type].activities, 0),
    hours: SUPPORT_TYPES.reduce((n, type) => n + c[type].hours, 0),
  };
}

/** Types a team has had none of: the gaps a programme manager looks for. */
export function gaps(cells: Cells): SupportType[] {
  return SUPPORT_TYPES.filter((type) => cells[type].activities === 0);
}
