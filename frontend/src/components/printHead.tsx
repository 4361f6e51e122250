import { useEffect } from "react";
import { useProgramme } from "../features/programmes/context";
import { formatDate, todayIso } from "../lib/format";
import { useAsOf } from "../lib/url";

/** The running head of every printed page: programme and as-of day. */
export function printHead(programme: string, asOf: string | null, today = todayIso()): string {
  return `${programme} · ${asOf ? `As it stood on ${formatDate(asOf)}` : `As of today, ${formatDate(today)}`}`;
}

/** Sets print.css's `--print-head` for the programme and day shown (renders nothing). */
export function PrintHead() {
  const programme = useProgramme();
  const [asOf] = useAsOf();
  const head = printHead(programme.title, asOf);
  useEffect(() => {
    const root = document.documentElement.style;
    // A CSS string: JSON's quotes and escapes are valid CSS.
    root.setProperty("--print-head", JSON.stringify(head));
    return () => {
      root.removeProperty("--print-head");
    };
  }, [head]);
  return null;
}
