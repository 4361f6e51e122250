import { SUPPORT_TYPES, type SupportByType, type TeamBreakdown } from "../dashboard/api";

export type SupportType = (typeof SUPPORT_TYPES)[number];

export interface MatrixRow {
  id: string;
  name: string;
  cells: Record<SupportType, { activities: number; hours: number }>;
  activities: number;
  hours: number;
}

function cells(support: readonly SupportByType[]): MatrixRow["cells"] {
  const out = {} as MatrixRow["cells"];
  for (const type of SUPPORT_TYPES) {
    const found = support.find((s) => s.type === type);
    out[type] = { activities: found?.activities ?? 0, hours: found?.hours ?? 0 };
  }
  return out;
}

/** Team × support type: activities delivered and their hours, one row per team. */
export function supportMatrix(teams: readonly TeamBreakdown[]): MatrixRow[] {
  return teams.map((t) => {
    const c = cells(t.support);
    return {
      id: t.id,
      name: t.name,
      cells: c,
      activities: SUPPORT_TYPES.reduce((n, type) => n + c[type].activities, 0),
      hours: SUPPORT_TYPES.reduce((n, type) => n + c[type].hours, 0),
    };
  });
}

/** Column totals of the programme (a learning event serving three teams counts once here). */
export function matrixTotals(support: readonly SupportByType[]): Omit<MatrixRow, "id" | "name"> {
  const c = cells(support);
  return {
    cells: c,
    activities: SUPPORT_TYPES.reduce((n, type) => n + c[type].activities, 0),
    hours: SUPPORT_TYPES.reduce((n, type) => n + c[type].hours, 0),
  };
}

/** Types a team has had none of: the gaps a programme manager looks for. */
export function gaps(row: MatrixRow): SupportType[] {
  return SUPPORT_TYPES.filter((type) => row.cells[type].activities === 0);
}
