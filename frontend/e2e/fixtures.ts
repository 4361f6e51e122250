/**
 * Shared e2e fixtures: the API (read straight from the server the dashboard uses), a watch on
 * console errors and failed requests that fails the test, axe-core scans and screenshots.
 */
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { components } from "../src/client/schema";
import { CHROMIUM, chromiumMissing, IN_CI } from "./browser";

type Schemas = components["schemas"];
const HERE = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = resolve(HERE, "..", "..", "test-artifacts", "e2e");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: global-setup did not start the server");
  return url;
}

export class Api {
  constructor(private readonly request: APIRequestContext) {}

  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(`${baseUrl()}/api/v1${path}`);
    expect(res.status(), `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  }

  /** Every row of a list, following cursors. */
  async all<T>(path: string): Promise<T[]> {
    const rows: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page: { items: T[]; next_cursor: string | null } = await this.get(
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      rows.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return rows;
  }

  /** The Shared Purpose programme (the dashboard's default). */
  async programme(): Promise<Schemas["ProgrammeRead"]> {
    const programmes = await this.all<Schemas["ProgrammeRead"]>("/programmes");
    const sp = programmes.find((p) => p.code === "CTG-SP");
    expect(sp, "the seed has Shared Purpose").toBeTruthy();
    return sp!;
  }

  /**
   * The day the dashboard shows when its address names none: an ended programme's last day
   * (`as_of=today` in the address: the API's default, today).
   */
  async day(asOf?: string): Promise<string | undefined> {
    if (asOf === "today") return undefined;
    if (asOf) return asOf;
    const end = (await this.programme()).end_date;
    return end < new Date().toISOString().slice(0, 10) ? end : undefined;
  }

  async summary(asOf?: string): Promise<Schemas["ProgrammeSummary"]> {
    const p = await this.programme();
    const day = await this.day(asOf);
    return this.get(`/programmes/${p.id}/summary${day ? `?as_of=${day}` : ""}`);
  }

  /** The first page of the timeline (the seeded nine teams fit on it). */
  async timeline(asOf?: string, query = ""): Promise<Schemas["ProgrammeTimeline"]> {
    const p = await this.programme();
    const day = await this.day(asOf);
    const params = [day ? `as_of=${day}` : "", query].filter(Boolean).join("&");
    return this.get(`/programmes/${p.id}/timeline${params ? `?${params}` : ""}`);
  }

  /** Every milestone on a timeline page: programme-wide first, then each team's. */
  static milestones(t: Schemas["ProgrammeTimeline"]): Schemas["MilestoneAsOf"][] {
    return [...t.programme_milestones, ...t.teams.flatMap((x) => x.milestones)];
  }

  async teamFigures(query = ""): Promise<Schemas["TeamFiguresPage"]> {
    const p = await this.programme();
    const day = /(^|&)as_of=/.test(query) ? undefined : await this.day();
    const params = [day ? `as_of=${day}` : "", query].filter(Boolean).join("&");
    return this.get(`/programmes/${p.id}/team-figures${params ? `?${params}` : ""}`);
  }

  async results(asOf?: string): Promise<Schemas["ProgrammeResults"]> {
    const p = await this.programme();
    const day = await this.day(asOf);
    return this.get(`/programmes/${p.id}/results${day ? `?as_of=${day}` : ""}`);
  }

  async teamSummary(teamId: string, asOf?: string): Promise<Schemas["TeamSummary"]> {
    const day = await this.day(asOf);
    return this.get(`/teams/${teamId}/summary${day ? `?as_of=${day}` : ""}`);
  }

  async teams(): Promise<Schemas["TeamRead"][]> {
    const p = await this.programme();
    return this.all(`/teams?programme_id=${p.id}`);
  }

  /** `Authorization` for the e2e editor, signed in over the API (for writes made behind the page's back). */
  async authHeaders(): Promise<Record<string, string>> {
    const { email, password } = editor();
    const res = await this.request.post(`${baseUrl()}/api/v1/auth/login`, { data: { email, password } });
    expect(res.status(), "POST /auth/login").toBe(200);
    const body = (await res.json()) as Schemas["LoginOut"];
    return { Authorization: `Bearer ${body.token}` };
  }
}

/** The user global-setup created with the CLI. */
export function editor(): { email: string; password: string } {
  const email = process.env.E2E_EMAIL;
  const password = process.env.E2E_PASSWORD;
  if (!email || !password) throw new Error("E2E_EMAIL / E2E_PASSWORD are not set: global-setup did not create the user");
  return { email, password };
}

/** Signs in through the dashboard's sign-in view, then comes back to `next` (a view path). */
export async function signIn(page: Page, next = "/"): Promise<void> {
  const { email, password } = editor();
  await signInAs(page, email, password, next);
}

/** Signs in as the given user through the sign-in view, then comes back to `next`. */
export async function signInAs(page: Page, email: string, password: string, next = "/"): Promise<void> {
  await page.goto(`${baseUrl()}/#/sign-in?next=${encodeURIComponent(next)}`);
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("session")).toContainText(`Signed in as ${email}`);
  await settle(page);
}

export interface Watch {
  /** Responses with these statuses are expected (a form the server refuses). */
  allow(...statuses: number[]): void;
  problems(): string[];
}

export const test = base.extend<{ requireBrowser: void; api: Api; watch: Watch }>({
  // No browser outside CI: skip before any fixture launches one (global-setup fails the run in CI).
  requireBrowser: [
    async ({}, use, testInfo) => {
      testInfo.skip(chromiumMissing() && !IN_CI, `Chromium not found at ${CHROMIUM}`);
      await use();
    },
    { auto: true },
  ],
  api: async ({ request }, use) => {
    await use(new Api(request));
  },
  watch: [
    async ({ page }, use) => {
      const allowed = new Set<number>();
      const seen: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        const status = /status of (\d{3})/.exec(text)?.[1];
        if (status && allowed.has(Number(status))) return;
        seen.push(`console error: ${text}`);
      });
      page.on("pageerror", (error) => seen.push(`page error: ${error.message}`));
      page.on("requestfailed", (req) => {
        // Leaving a page aborts what it was still loading; that is not a failure.
        if (req.failure()?.errorText === "net::ERR_ABORTED") return;
        seen.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ""}`);
      });
      page.on("response", (res) => {
        if (res.status() >= 400 && !allowed.has(res.status())) {
          seen.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
        }
      });
      await use({ allow: (...s) => s.forEach((x) => allowed.add(x)), problems: () => [...seen] });
      expect(seen, "no console errors or failed requests").toEqual([]);
    },
    { auto: true },
  ],
});


export { expect };

/** Chooses a team in a type-ahead picker from the keyboard: type, arrow down to it, Enter. */
export async function pickTeam(page: Page, label: string | RegExp, name: string, scope: Page | ReturnType<Page["locator"]> = page): Promise<void> {
  const box = scope.getByRole("combobox", { name: label });
  await box.click();
  const typed = name.slice(0, 14);
  await box.fill(typed);
  const list = page.getByRole("listbox");
  const option = list.getByRole("option", { name, exact: true });
  await expect(option).toBeVisible();
  // The search runs once typing pauses: wait for its answer (the name listed, and every option
  // matching what was typed), or the list can change between the arrow keys and Enter.
  const answered = (names: string[]) =>
    names.includes(name) && names.every((n) => n.toLowerCase().includes(typed.toLowerCase()));
  await expect.poll(async () => answered(await list.getByRole("option").allTextContents())).toBe(true);
  const names = await list.getByRole("option").allTextContents();
  for (let i = 0; i <= names.indexOf(name); i++) await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id")) ?? "");
  await box.press("Enter");
  await expect(list).toBeHidden();
}

/** Opens a view (`/timeline?as_of=…`) and waits until nothing is loading. */
export async function openView(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl()}/#${path}`);
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
}

/** axe-core (injected from the npm package): no serious or critical violations. */
export async function axeScan(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  expect(bad, `axe-core on ${what}`).toEqual([]);
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Charts draw on canvas after their chunk loads; wait until each has drawn.
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".chart [role=img]")].every((el) => el.querySelector('[data-rendered="true"]')),
  );
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: opts.fullPage ?? true });
}
