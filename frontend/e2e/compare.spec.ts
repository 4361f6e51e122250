/**
 * Comparing teams and explaining change: the exceptions list sorted by flag with its reasons, up
 * to four teams side by side (a fifth refused), "since the last board" on the Overview, and the
 * programme's results by dimension before any team is chosen; axe at 1280 and 375 px.
 */
import type { Page, Request } from "@playwright/test";
import type { components } from "../src/client/schema";
import { formatMoney } from "../src/lib/format";
import { axeScan, baseUrl, expect, openView, screenshot, settle, test, type Api } from "./fixtures";

type Schemas = components["schemas"];
const DAY = "2014-06-30";
const BOARD = "2013-12-31";

async function exceptions(api: Api, query: string): Promise<Schemas["ExceptionsPage"]> {
  const p = await api.programme();
  return api.get(`/programmes/${p.id}/exceptions?${query}`);
}

/** Adds a team by its full name (the shared pickTeam types only 14 characters, which every
 * "Synthetic Team …" shares, so its list can change under the arrow keys). */
async function addTeam(page: Page, label: string, name: string): Promise<void> {
  const box = page.getByRole("combobox", { name: label });
  await box.fill(name);
  const list = page.getByRole("listbox");
  await expect(list.getByRole("option")).toHaveCount(1);
  await expect(list.getByRole("option")).toHaveText(name);
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(list).toBeHidden();
}

async function bothWidths(page: Page, name: string): Promise<void> {
  await axeScan(page, `${name} at 1280 px`);
  await screenshot(page, name);
  await page.setViewportSize({ width: 375, height: 812 });
  await axeScan(page, `${name} at 375 px`);
  await screenshot(page, `${name}-375px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("exceptions: teams sorted by flag, with their reasons and the counts by flag", async ({ page, api }) => {
  const expected = await exceptions(api, `as_of=${DAY}&limit=25`);
  await openView(page, `/exceptions?as_of=${DAY}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exceptions");
  const table = page.getByTestId("table-exceptions");
  await expect(table.getByRole("columnheader", { name: /^Flag/ })).toHaveAttribute("aria-sort", "descending");
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(expected.items.length);
  for (const [i, team] of expected.items.entries()) {
    const row = rows.nth(i);
    await expect(row.locator("td").nth(0)).toHaveText(team.flag[0]!.toUpperCase() + team.flag.slice(1));
    await expect(row.getByRole("link", { name: team.name })).toBeVisible();
    await expect(row.locator("td").nth(2)).toHaveText(team.reasons.length ? team.reasons.join("") : "No exceptions");
  }
  // Red first: the flags on screen never get better going down the list.
  const order = { red: 0, amber: 1, green: 2 } as const;
  const flags = expected.items.map((t) => order[t.flag]);
  expect(flags).toEqual([...flags].sort((a, b) => a - b));
  const { red, amber, green } = expected.counts;
  await expect(page.getByRole("img", { name: /Teams by flag/ })).toHaveAttribute(
    "aria-label",
    new RegExp(`Red: ${red}, Amber: ${amber}, Green: ${green}`),
  );
  // Sorting by late milestones asks the API.
  await table.getByRole("button", { name: /^Late milestones/ }).click();
  await table.getByRole("button", { name: /^Late milestones/ }).click();
  const byLate = await exceptions(api, `as_of=${DAY}&limit=25&sort=-late`);
  await expect(rows.first()).toContainText(byLate.items[0]!.name);
  await openView(page, `/exceptions?as_of=${DAY}`);
  await expect(rows.first()).toContainText(expected.items[0]!.name);
  await bothWidths(page, "exceptions");
});

test("compare: four teams side by side, a fifth refused with a message", async ({ page, api }) => {
  const teams = (await api.teams()).sort((a, b) => a.name.localeCompare(b.name));
  expect(teams.length).toBeGreaterThanOrEqual(5);
  await openView(page, `/compare?as_of=${DAY}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare teams");
  for (const [i, team] of teams.slice(0, 4).entries()) {
    await addTeam(page, `Add a team (${i} of 4)`, team.name);
    await expect(page.getByTestId("compare-team")).toHaveCount(i + 1);
  }
  await addTeam(page, "Add a team (4 of 4)", teams[4]!.name);
  await expect(page.getByTestId("compare-message")).toHaveText(
    `You can compare at most 4 teams: remove one before adding ${teams[4]!.name}.`,
  );
  await expect(page.getByTestId("compare-team")).toHaveCount(4);
  const table = page.getByTestId("compare-table");
  for (const team of teams.slice(0, 4)) {
    const s = await api.teamSummary(team.id, DAY);
    const col = await page.getByTestId("compare-team").allTextContents();
    const i = col.findIndex((c) => c.startsWith(team.name));
    const awarded = s.awards.reduce((n, a) => n + a.amount_pence, 0);
    await expect(table.getByRole("row", { name: /^Awarded/ }).locator("td").nth(i)).toHaveText(formatMoney(awarded));
  }
  await bothWidths(page, "compare");
  // Removing one makes room again.
  await page.getByRole("button", { name: `Remove ${teams[0]!.name}` }).click();
  await expect(page.getByTestId("compare-team")).toHaveCount(3);
});

test("compare: four teams cost at most four API requests on first load", async ({ browser, api }) => {
  const ids = (await api.teams()).slice(0, 4).map((t) => t.id);
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  await page.goto(`${baseUrl()}/#/compare?teams=${ids.join(",")}`);
  await settle(page);
  await expect(page.getByTestId("compare-team")).toHaveCount(4);
  await page.waitForLoadState("networkidle");
  const calls = requests.filter((r) => new URL(r.url()).pathname.startsWith("/api/v1/"));
  expect(calls.length, calls.map((r) => r.url()).join(", ")).toBeLessThanOrEqual(4);
  await context.close();
});

test("since the last board: every figure on both days with its change, and the period", async ({ page, api }) => {
  const p = await api.programme();
  const c: Schemas["ProgrammeChanges"] = await api.get(`/programmes/${p.id}/changes?from=${BOARD}&to=${DAY}`);
  await openView(page, `/?as_of=${DAY}&since=${BOARD}`);
  const section = page.getByTestId("since-board");
  await expect(section.getByLabel("Last board's day")).toHaveValue(BOARD);
  const paid = section.getByTestId("change-paid");
  await expect(paid.locator("td").nth(0)).toHaveText(formatMoney(c.before.funding.paid_pence));
  await expect(paid.locator("td").nth(1)).toHaveText(formatMoney(c.after.funding.paid_pence));
  const delta = c.after.funding.paid_pence - c.before.funding.paid_pence;
  await expect(paid.locator("td").nth(2)).toHaveText(delta ? `+${formatMoney(delta)}` : "no change");
  await expect(section.getByTestId("change-paid-share").locator("td").nth(2)).toHaveText(/pp$|^no change$/);
  const achieved = section.getByTestId("change-m-achieved").locator("td");
  const more = c.after.milestones.achieved - c.before.milestones.achieved;
  await expect(achieved.nth(2)).toHaveText(more ? `+${more}` : "no change");
  const period = section.getByTestId("period");
  await expect(period).toContainText(formatMoney(c.period.paid_pence));
  await expect(period.getByText("Milestones achieved").locator("..")).toContainText(String(c.period.milestones_achieved));
  await section.scrollIntoViewIfNeeded();
  await bothWidths(page, "since-last-board");
});

test("results: by dimension of quality before any team is chosen", async ({ page, api }) => {
  const r = await api.results(DAY);
  await openView(page, `/results?as_of=${DAY}`);
  const block = page.getByTestId("results-by-dimension");
  await expect(block.getByTestId("improving-rule")).toContainText("better than its baseline and better than the period measured before it");
  for (const d of r.by_dimension) {
    const row = block.getByTestId(`dimension-row-${d.dimension}`);
    await expect(row.locator("td").nth(0)).toHaveText(String(d.total));
    await expect(row.locator("td").nth(1)).toContainText(String(d.improving_since_previous));
    await expect(row.locator("td").nth(2)).toContainText(String(d.target_met));
  }
  await expect(page.getByText("Choose a team to see its indicators")).toBeVisible();
  await bothWidths(page, "results-by-dimension");
});
