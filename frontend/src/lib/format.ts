/** Formatting at the edge: money arrives as integer pence, dates as ISO `YYYY-MM-DD`. */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const SYMBOLS: Record<string, string> = { GBP: "£", EUR: "€", USD: "$" };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * `3_780_000_00` → `£3,780,000`; pence are shown only when there are some (`£1,234.50`).
 * Integer arithmetic throughout, so large sums never pick up float error.
 */
export function formatMoney(
  pence: number | null | undefined,
  currency = "GBP",
  opts: { pence?: "auto" | "always" } = {},
): string {
  if (pence === null || pence === undefined || !Number.isFinite(pence)) return "–";
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(Math.round(pence));
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  const showPence = opts.pence === "always" || rest !== 0;
  const tail = showPence ? `.${String(rest).padStart(2, "0")}` : "";
  return `${sign}${symbol}${groupThousands(String(pounds))}${tail}`;
}

/** Short money for chart axes: `£420k`, `£3.78m`. */
export function formatMoneyShort(pence: number, currency = "GBP"): string {
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const pounds = pence / 100;
  const abs = Math.abs(pounds);
  const sign = pounds < 0 ? "-" : "";
  if (abs >= 1_000_000) return `${sign}${symbol}${trim(abs / 1_000_000, 2)}m`;
  if (abs >= 1_000) return `${sign}${symbol}${trim(abs / 1_000, 1)}k`;
  return `${sign}${symbol}${trim(abs, 0)}`;
}

function trim(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** Pounds as the CSV shows them: a plain number with two decimals (`126000.00`). */
export function penceToPoundsString(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return "";
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(Math.round(pence));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * What someone typed as pounds (`126,000`, `£1,234.5`) → pence, or null when it is not an amount.
 * Parsed as text so `0.29` is 29 pence, not 28.999….
 */
export function parsePounds(input: string): number | null {
  const cleaned = input.trim().replace(/^£/, "").replace(/,/g, "").trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const pounds = Number(match[1]);
  const pence = Number((match[2] ?? "").padEnd(2, "0") || "0");
  const total = pounds * 100 + pence;
  return Number.isSafeInteger(total) ? total : null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** `2012-06-01` → `1 Jun 2012` (read as a calendar day, never shifted by time zone). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** `2012-06-01` → `Jun 2012`. */
export function formatMonth(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${MONTHS[Number(m[2]) - 1] ?? "?"} ${m[1]}`;
}

/** Whether text is a real calendar date in ISO form. */
export function isIsoDate(text: string | null | undefined): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, mo, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today as `YYYY-MM-DD`, in UTC: the day the API replays when no as_of is given. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, "0");
  const d = String(now.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Milliseconds since the epoch of an ISO day at UTC midnight (for chart time axes). */
export function dayMs(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function formatNumber(value: number | null | undefined, maxDecimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [whole = "0", frac = ""] = fixed.split(".");
  const fracTrim = frac.replace(/0+$/, "");
  return `${sign}${groupThousands(whole)}${fracTrim ? `.${fracTrim}` : ""}`;
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return "–";
  return `${Math.round((part / whole) * 100)}%`;
}

/** A value with its unit: `12.5%`, `42 staff`. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return "–";
  const n = formatNumber(value, 2);
  if (!unit) return n;
  return unit === "%" ? `${n}%` : `${n} ${unit}`;
}

const LABELS: Record<string, string> = {
  diagnostic_needs_assessment: "Diagnostic and needs assessment",
  knowledge_capture: "Learning mechanisms (knowledge capture)",
  learning_event: "Learning events",
  coaching: "Coaching support",
  person_centred: "Person-centred",
  nhs_trust: "NHS trust",
  public_body: "Public body",
  case_study: "Case study",
  in_person: "In person",
  hr: "HR",
  it: "IT",
  higher_is_better: "Higher is better",
  lower_is_better: "Lower is better",
  reprofile: "Re-profile",
};

/**
 * An enum value for people: `case_study` → `Case study`. Statuses have their own map, one per
 * enum, in `labels.ts` (`statusLabel`).
 */
export function label(value: string | null | undefined): string {
  if (!value) return "–";
  const known = LABELS[value];
  if (known) return known;
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const SHORT: Record<string, string> = {
  diagnostic_needs_assessment: "Diagnostic",
  knowledge_capture: "Knowledge capture",
  learning_event: "Learning events",
  coaching: "Coaching",
};

/** A short label for narrow places (table headers, chart axes). */
export function shortLabel(value: string): string {
  return SHORT[value] ?? label(value);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n, 0)} ${n === 1 ? one : many}`;
}

/** A short team name for an axis: "Synthetic Team A – Northshire …" → "Synthetic Team A". */
export function shortName(name: string, max = 28): string {
  const head = name.split(" – ")[0] ?? name;
  return head.length > max ? `${head.slice(0, max - 1)}…` : head;
}
