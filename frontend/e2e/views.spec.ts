/**
 * Every view against the API: the figures on screen equal the read models' and lists', the
 * as-of date changes them, no console errors or failed requests, no serious axe violations.
 */
import { formatDate, formatMoney, formatNumber } from "../src/lib/format";
import { Api, axeScan, expect, openView, pickTeam, screenshot, settle, test } from "./fixtures";

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
    // The per-team table: a page of the team figures read model.
    const figures = await api.teamFigures("limit=25");
    const table = page.getByTestId("table-teams");
    await expect(table.locator("tbody tr")).toHaveCount(figures.items.length);
    await expect(page.getByTestId("table-teams-count")).toHaveText(`Page 1: ${figures.items.length} rows of ${figures.total}`);
    for (const team of figures.items) {
      const row = table.locator("tbody tr", { hasText: team.name });
      await expect(row.locator("td").nth(1)).toHaveText(formatMoney(team.awarded_pence));
      await expect(row.locator("td").nth(2)).toHaveText(formatMoney(team.paid_pence));
    }
    // Sorting asks the API (most late first), and the search box asks it for matching names.
    await table.getByRole("button", { name: /^Late/ }).click();
    await table.getByRole("button", { name: /^Late/ }).click();
    await expect(table.getByRole("columnheader", { name: /^Late/ })).toHaveAttribute("aria-sort", "descending");
    const byLate = await api.teamFigures("limit=25&sort=-late");
    await expect(table.locator("tbody tr").first()).toContainText(byLate.items[0]!.name);
    await table.getByLabel("Search teams by name").fill("Oxford");
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await table.getByLabel("Search teams by name").fill("");
    await expect(table.locator("tbody tr")).toHaveCount(figures.items.length);
    // Charts from the summary's bounded aggregates carry a text alternative.
    await expect(page.getByRole("img", { name: /Teams by share of award paid/ })).toBeVisible();
    const paidShare = s.team_distributions.paid_share.reduce((n, b) => n + b.teams, 0) + s.team_distributions.not_awarded;
    expect(paidShare).toBe(s.teams.total);
    if (s.most_late.teams.length) {
      await expect(page.getByRole("img", { name: /Late milestones by team/ })).toHaveAttribute(
        "aria-label",
        new RegExp(s.most_late.teams[0]!.name.split(" – ")[0]!.slice(0, 20)),
      );
    }
    await page.locator("section[aria-labelledby=milestone-status]").getByText("Show the data as a table").click();
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
    // A half-typed year (each step is a valid date to the input) asks the API for nothing.
    const asked: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("as_of=")) asked.push(new URL(r.url()).searchParams.get("as_of") ?? "");
    });
    await page.getByLabel("As of").fill(`0201${PAST.slice(4)}`);
    await page.waitForTimeout(1_000); // longer than the box waits for typing to pause
    expect(asked).toEqual([]);
    await page.getByLabel("As of").fill(PAST);
    await expect(page).toHaveURL(new RegExp(`as_of=${PAST}`));
    await expect.poll(() => [...new Set(asked)]).toEqual([PAST]);
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
    const all = Api.milestones(t);
    await openView(page, `/timeline?as_of=${PAST}`);
    const table = page.getByTestId("table-milestones");
    await expect(table.locator("tbody tr")).toHaveCount(all.length);
    for (const status of ["achieved", "late", "planned", "in_progress", "deferred", "cancelled"] as const) {
      const n = all.filter((m) => m.status === status).length;
      await expect(table.locator(`tbody .badge-${status}`), status).toHaveCount(n);
    }
    await expect(page.getByRole("img", { name: /Milestones by team over time/ })).toBeVisible();
    await expect(page.locator(".chart-summary").first()).toContainText(`${all.length} milestones`);
    await expect(page.locator(".chart-summary").first()).toContainText(formatDate(PAST));
    await expect(page.getByTestId("timeline-teams")).toContainText(`of ${t.total_teams}`);
    // A date window: the API returns only milestones due in it.
    const window = page.getByTestId("timeline-window");
    await window.getByLabel("From").fill("2013-01-01");
    await window.getByLabel("To").fill("2013-12-31");
    await expect(page).toHaveURL(/from=2013-01-01/);
    await expect(page).toHaveURL(/to=2013-12-31/);
    const inWindow = Api.milestones(await api.timeline(PAST, "from=2013-01-01&to=2013-12-31"));
    expect(inWindow.length).toBeLessThan(all.length);
    await settle(page);
    await expect(table.locator("tbody tr")).toHaveCount(inWindow.length);
    for (const m of inWindow) expect(m.due_date >= "2013-01-01" && m.due_date <= "2013-12-31").toBe(true);
    // Team search asks the API for matching team names (programme-wide milestones stay).
    await page.getByLabel("Search teams by name").fill("Oxford");
    const oxford = await api.timeline(PAST, "from=2013-01-01&to=2013-12-31&q=Oxford");
    expect(oxford.total_teams).toBe(1);
    await expect(page.getByTestId("timeline-teams")).toContainText("of 1 matching");
    await expect(table.locator("tbody tr")).toHaveCount(Api.milestones(oxford).length);
    await page.getByRole("button", { name: "Any date" }).click();
    await page.getByLabel("Search teams by name").fill("");
    await settle(page);
    // Programme-wide milestones only, from the team picker; the choice stays in the URL.
    await pickTeam(page, "Team", "Programme-wide only");
    await expect(page).toHaveURL(/team=programme/);
    await expect(table.locator("tbody tr")).toHaveCount(t.programme_milestones.length);
    await axeScan(page, "timeline");
    await screenshot(page, "timeline");
  });

  test("funding", async ({ page, api }) => {
    const s = await api.summary();
    const p = await api.programme();
    const payments = await api.all<{ id: string; award_id: string }>(`/payments?programme_id=${p.id}`);
    expect(payments.length, "the seed has more than one page of payments").toBeGreaterThan(25);
    await openView(page, "/funding");
    await expect(page.getByTestId("funding-awarded-value")).toHaveText(formatMoney(s.funding.awarded_pence));
    await expect(page.getByTestId("funding-paid-value")).toHaveText(formatMoney(s.funding.paid_pence));
    await expect(page.getByTestId("funding-scheduled-value")).toHaveText(formatMoney(s.funding.scheduled_unpaid_pence));
    await expect(page.getByTestId("funding-remaining-value")).toHaveText(formatMoney(s.funding.remaining_pence));
    const rows = page.getByTestId("table-payments").locator("tbody tr");
    await expect(rows).toHaveCount(25);
    await expect(page.locator(".chart-summary").first()).toContainText(`${formatMoney(s.funding.paid_pence)} paid`);
    // The next page comes from the API with its cursor; Previous goes back.
    const [next] = await Promise.all([
      page.waitForRequest((r) => r.url().includes("/api/v1/payments?") && r.url().includes("cursor=")),
      page.getByTestId("table-payments").getByRole("button", { name: "Next page" }).click(),
    ]);
    expect(new URL(next.url()).searchParams.get("programme_id")).toBe(p.id);
    await expect(rows).toHaveCount(Math.min(25, payments.length - 25));
    await expect(page.getByTestId("table-payments-count")).toContainText("Page 2");
    await page.getByTestId("table-payments").getByRole("button", { name: "Previous page" }).click();
    await expect(rows).toHaveCount(25);
    await expect(page.getByTestId("table-funding_teams").locator("tbody tr")).toHaveCount(s.teams.total);
    // Sorting by amount, then the CSV of what is shown.
    await page.getByRole("button", { name: /^Amount/ }).click();
    await expect(page.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "ascending");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV of payments" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^${p.code}_payments_\\d{4}-\\d{2}-\\d{2}\\.csv$`));
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
    await expect(page.getByTestId("table-matrix").locator("tbody tr")).toHaveCount(s.teams.total);
    await expect(page.getByTestId("table-activities").locator("tbody tr")).toHaveCount(Math.min(25, activities.length));
    await page.getByLabel("Type", { exact: true }).selectOption("coaching");
    const coaching = activities.filter((a) => (a as { type: string }).type === "coaching").length;
    await expect(page.getByTestId("table-activities").locator("tbody tr")).toHaveCount(Math.min(25, coaching));
    // Team names on the rows come from what the page already read: no "Team" placeholders.
    await expect(page.getByTestId("table-activities").getByRole("link", { name: "Team", exact: true })).toHaveCount(0);
    await axeScan(page, "support");
    await screenshot(page, "support");
  });

  test("results: the programme's picture first, then one team chosen by keyboard", async ({ page, api }) => {
    const r = await api.results();
    await openView(page, "/results");
    await expect(page.getByTestId("results-total")).toContainText(String(r.indicators.total));
    await expect(page.getByTestId("results-improving")).toContainText(String(r.indicators.improving));
    await expect(page.getByTestId("results-target-met")).toContainText(String(r.indicators.target_met));
    await expect(page.getByRole("img", { name: /Indicators by dimension of quality/ })).toBeVisible();
    for (const d of r.by_dimension) {
      const row = page.getByTestId(`results-${d.dimension}`);
      await expect(row.locator("td").nth(1)).toHaveText(String(d.total));
      await expect(row.locator("td").nth(2)).toHaveText(String(d.improving));
    }
    await expect(page.getByTestId("indicator")).toHaveCount(0);
    await axeScan(page, "results, programme-wide");

    const team = (await api.teams()).find((t) => t.provenance === "sourced")!;
    const s = await api.teamSummary(team.id);
    const indicators = s.quality_goals.flatMap((g) => g.indicators);
    await pickTeam(page, "Team", team.name);
    await expect(page).toHaveURL(new RegExp(`team=${team.id}`));
    await settle(page);
    await expect(page.getByTestId("indicator-count")).toHaveText(`${indicators.length} ${indicators.length === 1 ? "indicator" : "indicators"} of ${team.name}.`);
    await expect(page.getByTestId("indicator")).toHaveCount(indicators.length);
    await expect(page.getByRole("combobox", { name: "Team" })).toHaveValue(team.name);
    await axeScan(page, "results");
    await screenshot(page, "results");
  });

  test("team page", async ({ page, api }) => {
    const teams = await api.teams();
    const sourced = teams.find((t) => t.provenance === "sourced")!;
    const s = await api.teamSummary(sourced.id);
    await openView(page, "/teams");
    await expect(page.getByTestId("table-teams").locator("tbody tr")).toHaveCount(teams.length);
    await page.getByLabel("Provenance").selectOption("sourced");
    await expect(page.getByTestId("table-teams").locator("tbody tr")).toHaveCount(1);
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
    await expect(page.getByTestId("table-evidence").locator("tbody tr")).toHaveCount(Math.min(25, s.evidence.total));
    await page.getByLabel("Exemplar").selectOption("yes");
    await expect(page).toHaveURL(/exemplar=yes/);
    await settle(page);
    await expect(page.getByTestId("table-evidence").locator("tbody tr")).toHaveCount(Math.min(25, s.evidence.exemplars));
    await page.getByLabel("Kind").selectOption("case_study");
    await settle(page);
    await axeScan(page, "evidence");
    await screenshot(page, "evidence");
  });
});
