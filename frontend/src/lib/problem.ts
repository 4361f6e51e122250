/**
 * The one error policy: every failed call becomes an ApiError carrying the server's RFC 9457
 * problem document (`title`, `detail`, `errors[]`); forms read `fieldErrors()` to place each
 * message next to its field, everything else shows `title` and `detail`.
 */
import type { components } from "../client/schema";
import { formatMoney } from "./format";

type ApiProblem = components["schemas"]["Problem"];

/** One field at fault: where (`["body", "due_date"]`), what, and a stable code. */
export type FieldError = components["schemas"]["FieldError"];

/** The API's problem document (its generated type), with `errors` always there (maybe empty). */
export type Problem = Omit<ApiProblem, "errors"> & Required<Pick<ApiProblem, "errors">>;

export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds to wait (429's Retry-After), when the server said. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter?: string | null) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    this.retryAfter = Number.isFinite(seconds) ? seconds : null;
  }

  /** 401: not signed in, or the session expired. */
  get needsSignIn(): boolean {
    return this.problem.status === 401;
  }

  get status(): number {
    return this.problem.status;
  }

  /** 412: someone else changed the row since it was read. */
  get isStale(): boolean {
    return this.problem.status === 412;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const STATUS_TITLES: Record<number, string> = {
  0: "Cannot reach the API",
  400: "Bad request",
  401: "Sign-in needed",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  412: "Changed by someone else",
  429: "Too many attempts",
  422: "The request is not valid",
  500: "Server error",
  502: "Bad gateway",
  503: "Service unavailable",
};

/** Whatever came back (problem+json, other JSON, nothing) as a Problem. */
export function toProblem(body: unknown, status: number): Problem {
  const fallbackTitle = STATUS_TITLES[status] ?? `Request failed (${status})`;
  if (!isRecord(body)) {
    return { type: "about:blank", title: fallbackTitle, status, detail: "", errors: [] };
  }
  const errors = Array.isArray(body.errors)
    ? body.errors.filter(isRecord).map((e) => ({
        loc: Array.isArray(e.loc) ? (e.loc as (string | number)[]) : [],
        msg: typeof e.msg === "string" ? e.msg : String(e.msg ?? ""),
        type: typeof e.type === "string" ? e.type : "",
      }))
    : [];
  return {
    type: typeof body.type === "string" ? body.type : "about:blank",
    title: typeof body.title === "string" ? body.title : fallbackTitle,
    status: typeof body.status === "number" ? body.status : status,
    detail: typeof body.detail === "string" ? body.detail : "",
    errors,
  };
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError({ type: "about:blank", title: STATUS_TITLES[0]!, status: 0, detail, errors: [] });
}

/** The field a problem error is about: `["body", "due_date"]` → `due_date`. */
export function fieldOf(loc: (string | number)[]): string | null {
  if (loc.length < 2 || loc[0] !== "body") return null;
  return String(loc[1]);
}

/**
 * Messages per form field. Errors that name no field of this form (a path parameter, the body
 * as a whole) are returned under `""` so the form can show them above its buttons.
 */
export function fieldErrors(problem: Problem, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const known = new Set(fields);
  for (const error of problem.errors) {
    const field = fieldOf(error.loc);
    const key = field !== null && known.has(field) ? field : "";
    const msg = cleanMessage(error.msg);
    out[key] = out[key] ? `${out[key]}; ${msg}` : msg;
  }
  return out;
}

/** Pydantic prefixes some messages with "Value error, "; people need only the rest. */
function cleanMessage(msg: string): string {
  return msg.replace(/^Value error, /, "");
}

/** One line for a toast or an error panel. */
export function describe(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    return { title: error.problem.title, detail: error.problem.detail };
  }
  if (error instanceof Error) return { title: "Something went wrong", detail: error.message };
  return { title: "Something went wrong", detail: String(error) };
}

/** `paid_date` → `paid date`: a field name for people when the form gave no label. */
export function humanField(field: string): string {
  return field.replace(/_pence$/, "").replace(/_ids?$/, "").replace(/_/g, " ");
}

/**
 * A message from the API in the screen's words: each field name (`paid_date`) as the form's label
 * (“Paid on”), and an amount of pence (`12600000 pence`) as money (`£126,000.00`).
 */
export function speak(text: string, labels: Readonly<Record<string, string>>): string {
  const money = text.replace(/(-?\d+) pence\b/g, (_, n: string) => formatMoney(Number(n), "GBP", { pence: "always" }));
  return money.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (name) => {
    const known = labels[name];
    return known ? `“${known}”` : name.endsWith("_pence") || name.endsWith("_date") ? humanField(name) : name;
  });
}

/** The problem with its detail and every message spoken in the form's words (see `speak`). */
export function spoken(problem: Problem, labels: Readonly<Record<string, string>>): Problem {
  return {
    ...problem,
    detail: speak(problem.detail, labels),
    errors: problem.errors.map((e) => ({ ...e, msg: speak(e.msg, labels) })),
  };
}
