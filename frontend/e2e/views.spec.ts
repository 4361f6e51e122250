/**
 * Every view against the API: the figures on screen equal the read models' and lists', the
 * as-of date changes them, no console errors or failed requests, no serious axe violations.
 */
import { formatDate, formatMoney, formatNumber } from "../src/lib/format";
import { axeScan, expect, openView, screenshot, settle, test } from "./fixtures";

const PAST = "2013-06-30";

test.describe("views show the API's figures", () => {
  test("overview", async ({ page, api }) => {
    const s = await api.summary();
    await openView(page, "/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
    // The seeded programme: nine teams of £420,000.
    await expect(page.getByTestId("tile-awarded-value")).toHaveText("£3,780,000");
    await expect(page.getByTestId("tile-awarded-value")).toHaveText(formatMoney(s.funding.awarded_pence));
    await expect(page.getByTestId("tile-teams-value")).toHaveText(String(s.teams.total));
    await expect(page.getByTestId("tile-paid-value")).toHaveText(formatMoney(s.funding.paid_pence));
    await expect(page.getByTestId("tile-remaining-value")).toHaveText(formatMoney(s.funding.remaining_pence));
    await expect(page.getByTestId("tile-achieved-value")).toHaveText(String(s.milestones.achieved));
    await expect(page.getByTestId("tile-late-value")).toHaveText(String(s.milestones.late));
    const delivered = s.support.reduce((n, x) => n + x.activities, 0);
    await expect(page.getByTestId("tile-support-value")).toHaveText(String(delivered));
    await expect(page.getByTestId("tile-evidence-value")).toHaveText(String(s.evidence.total));
    // The per-team table under the awarded-vs-paid chart.
    const table = page.getByTestId("table-teams");
    await expect(table.locator("tbody tr")).toHaveCount(s.by_team.length);
    for (const team of s.by_team) {
      const row = table.locator("tbody tr", { hasText: team.name });
      await expect(row.locator("td").nth(1)).toHaveText(formatMoney(team.awarded_pence));
      await expect(row.locator("td").nth(2)).toHaveText(formatMoney(team.paid_pence));
    }
    // Charts carry a text alternative.
    await expect(page.getByRole("img", { name: /Awarded vs paid per team/ })).toBeVisible();
    await page.getByText("Show the data as a table").first().click();
    await expect(page.getByRole("table", { name: "Milestones by status" }).getByRole("row", { name: /Late/ })).toContainText(
      String(s.milestones.late),
    );
    await axeScan(page, "overview");
    await screenshot(page, "overview");
  });

  test("changing the as-of date changes the figures", async ({ page, api }) => {
    const now = await api.summary();
    const then = await api.summary(PAST);
    expect(then.funding.paid_pence).not.toBe(now.funding.paid_pence);
    await openView(page, "/");
    await expect(page.getByTestId("tile-paid-value")).toHaveText(formatMoney(now.funding.paid_pence));
    await page.getByLabel("As of").fill(PAST);
    await expect(page).toHaveURL(new RegExp(`as_of=${PAST}`));
    await expect(page.getByTestId("as-of-note")).toHaveText(`As it stood on ${formatDate(PAST)}`);
    await settle(page);
    await expect(page.getByTestId("tile-paid-value")).toHaveText(formatMoney(then.funding.paid_pence));
    await expect(page.getByTestId("tile-achieved-value")).toHaveText(String(then.milestones.achieved));
    await expect(page.getByTestId("tile-late-value")).toHaveText(String(then.milestones.late));
    // The date follows you to the other views, and back to today.
    await page.getByRole("link", { name: "Funding" }).click();
    await expect(page).toHaveURL(new RegExp(`/funding\\?.*as_of=${PAST}`));
    await settle(page);
    await expect(page.getByTestId("funding-paid-value")).toHaveText(formatMoney(then.funding.paid_pence));
    await page.getByRole("button", { name: "Today" }).click();
    await settle(page);
    await expect(page.getByTestId("funding-paid-value")).toHaveText(formatMoney(now.funding.paid_pence));
    await screenshot(page, "funding-today-after-as-of");
  });

  test("timeline", async ({ page, api }) => {
    const t = await api.timeline(PAST);
    await openView(page, `/timeline?as_of=${PAST}`);
    const table = page.getByTestId("table-milestones");
    await expect(table.locator("tbody tr")).toHaveCount(t.milestones.length);
    for (const status of ["achieved", "late", "planned", "in_progress", "deferred", "cancelled"] as const) {
      const n = t.milestones.filter((m) => m.status === status).length;
      await expect(table.locator(`tbody .badge-${status}`), status).toHaveCount(n);
    }
    await expect(page.getByRole("img", { name: /Milestones by team over time/ })).toBeVisible();
    await expect(page.locator(".chart-summary").first()).toContainText(`${t.milestones.length} milestones`);
    await expect(page.locator(".chart-summary").first()).toContainText(formatDate(PAST));
    // Programme-wide milestones are on it, and filtering keeps the filter in the URL.
    await page.getByLabel("Team", { exact: true }).selectOption("programme");
    await expect(page).toHaveURL(/team=programme/);
    const wide = t.milestones.filter((m) => m.team_id === null).length;
    await expect(table.locator("tbody tr")).toHaveCount(wide);
    await axeScan(page, "timeline");
    await screenshot(page, "timeline");
  });

  test("funding", async ({ page, api }) => {
    const s = await api.summary();
    const teams = await api.teams();
    const awards = (await api.all<{ id: string; team_id: string }>("/awards")).filter((a) => teams.some((t) => t.id === a.team_id));
    const payments = (await api.all<{ award_id: string }>("/payments")).filter((p) => awards.some((a) => a.id === p.award_id));
    await openView(page, "/funding");
    await expect(page.getByTestId("funding-awarded-value")).toHaveText(formatMoney(s.funding.awarded_pence));
    await expect(page.getByTestId("funding-paid-value")).toHaveText(formatMoney(s.funding.paid_pence));
    await expect(page.getByTestId("funding-scheduled-value")).toHaveText(formatMoney(s.funding.scheduled_unpaid_pence));
    await expect(page.getByTestId("funding-remaining-value")).toHaveText(formatMoney(s.funding.remaining_pence));
    await expect(page.getByTestId("table-payments").locator("tbody tr")).toHaveCount(payments.length);
    await expect(page.locator(".chart-summary").first()).toContainText(`${formatMoney(s.funding.paid_pence)} paid`);
    // Sorting by amount, then the CSV of what is shown.
    await page.getByRole("button", { name: /^Amount/ }).click();
    await expect(page.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "ascending");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV of payments" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("payments.csv");
    await axeScan(page, "funding");
    await screenshot(page, "funding");
  });

  test("support", async ({ page, api }) => {
    const s = await api.summary();
    const p = await api.programme();
    const activities = await api.all(`/support-activities?programme_id=${p.id}`);
    await openView(page, "/support");
    const total = page.getByTestId("matrix-total");
    for (const [i, x] of s.support.entries()) {
      const text = x.activities ? `${x.activities} · ${formatNumber(x.hours)} h` : "–";
      await expect(total.locator("td").nth(i + 1)).toHaveText(text);
    }
    await expect(page.getByTestId("table-matrix").locator("tbody tr")).toHaveCount(s.by_team.length);
    await expect(page.getByTestId("table-activities").locator("tbody tr")).toHaveCount(activities.length);
    await page.getByLabel("Type", { exact: true }).selectOption("coaching");
    const coaching = activities.filter((a) => (a as { type: string }).type === "coaching").length;
    await expect(page.getByTestId("table-activities").locator("tbody tr")).toHaveCount(coaching);
    await axeScan(page, "support");
    await screenshot(page, "support");
  });

  test("results", async ({ page, api }) => {
    const teams = await api.teams();
    const summaries = await Promise.all(teams.map((t) => api.teamSummary(t.id)));
    const indicators = summaries.flatMap((s) => s.quality_goals.flatMap((g) => g.indicators));
    await openView(page, "/results");
    await expect(page.getByTestId("indicator-count")).toHaveText(`${indicators.length} indicators across ${teams.length} teams.`);
    await expect(page.getByTestId("indicator")).toHaveCount(indicators.length);
    for (const d of ["safe", "effective", "person_centred", "timely", "efficient", "equitable"]) {
      const n = summaries.flatMap((s) => s.quality_goals.filter((g) => g.dimension === d).flatMap((g) => g.indicators)).length;
      await expect(page.getByTestId(`dimension-${d}`).getByTestId("indicator")).toHaveCount(n);
    }
    await axeScan(page, "results");
    await screenshot(page, "results");
  });

  test("team page", async ({ page, api }) => {
    const teams = await api.teams();
    const sourced = teams.find((t) => t.provenance === "sourced")!;
    const s = await api.teamSummary(sourced.id);
    await openView(page, "/teams");
    await expect(page.getByTestId("table-teams").locator("tbody tr")).toHaveCount(teams.length);
    await page.getByRole("link", { name: sourced.name }).click();
    await settle(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(s.team.name);
    await expect(page.getByTestId("lead-organisation")).toContainText(s.lead_organisation.name);
    await expect(page.getByRole("link", { name: new RegExp(s.team.source_url!.slice(8, 40)) })).toHaveAttribute("href", s.team.source_url!);
    await expect(page.getByTestId("team-awarded-value")).toHaveText(formatMoney(s.funding.awarded_pence));
    await expect(page.getByTestId("team-paid-value")).toHaveText(formatMoney(s.funding.paid_pence));
    await expect(page.getByTestId("table-team_milestones").locator("tbody tr")).toHaveCount(s.milestones.length);
    await expect(page.getByTestId("table-team_support").locator("tbody tr")).toHaveCount(s.support_activities.length);
    for (const partner of s.partners) await expect(page.getByText(partner.name, { exact: false }).first()).toBeVisible();
    await axeScan(page, "team page");
    await screenshot(page, "team");
  });

  test("evidence library", async ({ page, api }) => {
    const s = await api.summary();
    await openView(page, "/evidence");
    await expect(page.getByTestId("evidence-count")).toContainText(`${s.evidence.total} piece`);
    await expect(page.getByTestId("table-evidence").locator("tbody tr")).toHaveCount(s.evidence.total);
    await page.getByLabel("Exemplar").selectOption("yes");
    await expect(page).toHaveURL(/exemplar=yes/);
    await settle(page);
    await expect(page.getByTestId("table-evidence").locator("tbody tr")).toHaveCount(s.evidence.exemplars);
    await page.getByLabel("Kind").selectOption("case_study");
    await settle(page);
    await axeScan(page, "evidence");
    await screenshot(page, "evidence");
  });
});
