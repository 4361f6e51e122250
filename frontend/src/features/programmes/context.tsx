import { createContext, useContext } from "react";
import type { Programme } from "./api";

export const ProgrammeContext = createContext<Programme | null>(null);

/** The programme every view shows (chosen in the header, kept in `?programme=`). */
export function useProgramme(): Programme {
  const programme = useContext(ProgrammeContext);
  if (!programme) throw new Error("useProgramme outside a ProgrammeContext");
  return programme;
}
