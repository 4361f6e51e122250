/**
 * Budget against spend (issue 13): the Budget view's figures, charts and per-team table are the
 * API's money read model on the day shown (and follow the as-of day); the team page shows each
 * award's original and amended terms and its amendment history; an amendment is proposed and
 * approved, and a spend report goes draft → submitted → (returned without a comment: refused) →
 * approved through the forms, the approved spend moving the figures by the report's total.
 */
import type { components } from "../src/client/schema";
import { formatDate, formatMoney } from "../src/lib/format";
import { categoryBars, changeText, moneyBarsSummary, withPaidByYear, yearBars } from "../src/features/money/shape";
import { join } from "node:path";
import { Api, ARTIFACTS, axeScan, baseUrl, expect, openView, screenshot, settle, signIn, signInAs, test } from "./fixtures";
import type { Page } from "@playwright/test";

type S = components["schemas"];
const [START, END] = ["2015-04-02", "2015-09-29"];
const REASON = "The spread phase runs to the programme's end.";
const UPLIFT = "A third site joins the spread phase.";
const MANAGER = "Proposed by the programme manager for the spread phase.";
const COMMENT = "Please put the second site's backfill on its own line.";

async function programmeMoney(api: Api, asOf?: string): Promise<S["ProgrammeMoney"]> {
  const p = await api.programme();
  const day = await api.day(asOf);
  return api.get(`/programmes/${p.id}/money?limit=25${day ? `&as_of=${day}` : ""}`);
}

async function teamMoney(api: Api, teamId: string): Promise<S["TeamMoneyDetail"]> {
  const day = await api.day();
  return api.get(`/teams/${teamId}/money${day ? `?as_of=${day}` : ""}`);
}

async function expectFigures(page: Page, prefix: string, f: S["MoneyFigures"]): Promise<void> {
  await expect(page.getByTestId(`${prefix}-awarded-value`)).toHaveText(formatMoney(f.awarded_pence));
  await expect(page.getByTestId(`${prefix}-budgeted-value`)).toHaveText(formatMoney(f.budgeted_pence));
  await expect(page.getByTestId(`${prefix}-unallocated-value`)).toHaveText(formatMoney(f.unallocated_pence));
  await expect(page.getByTestId(`${prefix}-spend-value`)).toHaveText(formatMoney(f.spend_pence));
  await expect(page.getByTestId(`${prefix}-variance-value`)).toHaveText(formatMoney(f.variance_pence));
  await expect(page.getByTestId(`${prefix}-paid-value`)).toHaveText(formatMoney(f.paid_pence));
}

/** A user of `role` made by the e2e admin through the API, signed in through the dashboard. */
async function signInWithRole(page: Page, api: Api, role: S["Role"], next: string, teamIds: string[] = []): Promise<string> {
  const email = `${role}-${Date.now()}@example.org`;
  const password = `${role}-${Math.random().toString(36).slice(2)}-pw`;
  const created = await page.request.post(`${baseUrl()}/api/v1/users`, {
    headers: await api.authHeaders(),
    data: { email, name: `E2E ${role}`, password, role, team_ids: teamIds },
  });
  expect(created.status(), "POST /users").toBe(201);
  await signInAs(page, email, password, next);
  return email;
}

/** A team whose first award still ends before the programme does (the seed extends some). */
async function teamWithRoom(api: Api): Promise<{ team: S["TeamRead"]; before: S["TeamMoneyDetail"] }> {
  const programme = await api.programme();
  for (const t of (await api.teams()).reverse()) {
    const money = await teamMoney(api, t.id);
    if (money.awards[0] && money.awards[0].amended.end_date < programme.end_date) return { team: t, before: money };
  }
  throw new Error("no team has room to extend its award");
}

test.describe("budget against spend", () => {
  test("the Budget view shows the API's budget, spend and payments, by category, year and team, and follows as_of", async ({ page, api }) => {
    const m = await programmeMoney(api);
    expect(m.totals.budgeted_pence, "the seed budgets its awards").toBeGreaterThan(0);
    await openView(page, "/money");
    await expectFigures(page, "money", m.totals);
    await expect(page.getByTestId("reports-overdue-value")).toHaveText(String(m.reports.overdue));
    await expect(page.getByTestId("reports-approved-value")).toHaveText(String(m.reports.approved));
    // Each chart's text alternative is the sentence made from the API's rows.
    await expect(page.getByTestId("money-by-category").locator(".chart-summary")).toHaveText(moneyBarsSummary(categoryBars(m.by_category), "GBP", "category"));
    // By year, paid too: the summary's payments by month, added up by financial year.
    const years = withPaidByYear(yearBars(m.by_year), (await api.summary()).funding_by_month);
    expect(years.reduce((n, y) => n + (y.paid_pence ?? 0), 0)).toBe(m.totals.paid_pence);
    await expect(page.getByTestId("money-by-year").locator(".chart-summary")).toHaveText(moneyBarsSummary(years, "GBP", "financial year"));
    // The per-team page: every team's row, its budget and variance as the API says.
    const rows = page.getByTestId("table-money_teams").locator("tbody tr");
    await expect(rows).toHaveCount(m.items.length);
    for (const [i, t] of m.items.entries()) {
      await expect(rows.nth(i)).toContainText(t.name);
      await expect(rows.nth(i)).toContainText(formatMoney(t.budgeted_pence));
    }
    await axeScan(page, "budget view");
    await screenshot(page, "money");

    // Another day: the figures are the API's for that day (payments made by then, not after).
    const past = "2013-06-30";
    const then = await programmeMoney(api, past);
    expect(then.totals.paid_pence).not.toBe(m.totals.paid_pence);
    await openView(page, `/money?as_of=${past}`);
    await expect(page.getByTestId("money-as-of")).toContainText(formatDate(past));
    await expectFigures(page, "money", then.totals);
    // Sorted by variance, through the API.
    await page.getByTestId("table-money_teams").getByRole("button", { name: /Variance/ }).click();
    await settle(page);
    await expect(page).toHaveURL(/money_teams_sort=variance/);
    const sorted = await api.get<S["ProgrammeMoney"]>(`/programmes/${m.programme.id}/money?as_of=${past}&sort=variance_pence&limit=25`);
    await expect(rows.first()).toContainText(sorted.items[0]!.name);
  });

  test("the team page shows original and amended terms and the amendment history; an extension is approved, an uplift over the cap refused", async ({ page, api, watch }) => {
    watch.allow(422);
    const programme = await api.programme();
    const { team, before } = await teamWithRoom(api);
    const award = before.awards[0]!;

    await signIn(page, `/teams/${team.id}`);
    const section = page.getByTestId("team-money");
    await expectFigures(page, "team-money", before.totals);
    const card = section.getByTestId("award-money").filter({ hasText: award.identifier });
    await expect(card.getByTestId("award-original")).toContainText(formatMoney(award.original.amount_pence));
    await expect(card.getByTestId("award-amended")).toContainText(formatDate(award.amended.end_date));
    const history = card.getByTestId(`table-amendments_${award.identifier}`).locator("tbody tr");
    await expect(history).toHaveCount(award.amendments.length);

    // Propose: an extension to the programme's last day.
    await card.getByRole("button", { name: `Propose an amendment to ${award.identifier}` }).click();
    const form = page.getByTestId("amendment-form");
    await form.getByLabel("Kind").selectOption("extension");
    await form.getByLabel("New planned end").fill(programme.end_date);
    await form.getByLabel("Reason").fill(REASON);
    await form.getByRole("button", { name: "Propose amendment" }).click();
    await expect(page.getByTestId("toast")).toContainText("Proposed: extension");
    const proposed = (await teamMoney(api, team.id)).awards[0]!.amendments.find((a) => a.new_end_date === programme.end_date)!;
    expect(proposed.status).toBe("proposed");
    const row = history.filter({ hasText: REASON });
    await expect(row).toContainText("Proposed");
    await expect(row).toContainText(`to ${formatDate(programme.end_date)}`);
    await expect(row).toContainText(changeText(proposed.amount_change_pence, "GBP"));

    // Approve it: the amended terms end on the new day.
    await row.getByRole("button", { name: /^Decide/ }).click();
    await page.getByTestId("amendment-decision").getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("toast")).toContainText("Approved: extension");
    const after = (await teamMoney(api, team.id)).awards[0]!;
    expect(after.amended.end_date).toBe(programme.end_date);
    await expect(card.getByTestId("award-amended")).toContainText(formatDate(after.amended.end_date));
    await expect(card.getByTestId("award-original")).toContainText(formatDate(award.original.end_date));
    await expect(row).toContainText("Approved");
    await expect(row).toContainText(formatDate(after.amendments.find((a) => a.id === proposed.id)!.decided_on));

    // An uplift over the programme's cap: proposed, refused on approval (the server's problem,
    // in pounds, in the form), then rejected; the amended amount does not move.
    expect(award.amended.amount_pence + 100_000).toBeGreaterThan(programme.award_cap_pence!);
    await card.getByRole("button", { name: `Propose an amendment to ${award.identifier}` }).click();
    await form.getByLabel("Kind").selectOption("uplift");
    await form.getByLabel("Change (£)").fill("1,000");
    await form.getByLabel("Reason").fill(UPLIFT);
    await form.getByRole("button", { name: "Propose amendment" }).click();
    await expect(page.getByTestId("toast")).toContainText("Proposed: uplift");
    const uplift = history.filter({ hasText: UPLIFT });
    await expect(uplift).toContainText(changeText(100_000, "GBP"));
    await uplift.getByRole("button", { name: /^Decide/ }).click();
    const decision = page.getByTestId("amendment-decision");
    await decision.getByRole("button", { name: "Approve" }).click();
    const problem = decision.getByTestId("form-problem");
    await expect(problem).toContainText("cap");
    await expect(problem).toContainText(formatMoney(programme.award_cap_pence!));
    await decision.getByRole("button", { name: "Reject" }).click();
    await expect(page.getByTestId("toast")).toContainText("Rejected: uplift");
    await expect(uplift).toContainText("Rejected");
    await expect(card.getByTestId("award-amended")).toContainText(formatMoney(after.amended.amount_pence));
    expect((await teamMoney(api, team.id)).awards[0]!.amended.amount_pence).toBe(after.amended.amount_pence);

    await axeScan(page, "team page money");
    await screenshot(page, "team-money");
  });

  test("a spend report goes draft → submitted → returned → submitted → approved, and the approved spend moves the figures", async ({ page, api, watch }) => {
    watch.allow(422);
    const team = (await api.teams()).at(-2)!;
    const before = await teamMoney(api, team.id);
    const programmeBefore = await programmeMoney(api);
    const award = before.awards[0]!;
    const [first, second] = award.budget_lines;
    expect(second, "the award has budget lines").toBeTruthy();

    await signIn(page, `/teams/${team.id}`);
    const section = page.getByTestId("team-money");
    await section.getByRole("button", { name: `Draft a spend report for ${award.identifier}` }).click();
    const form = page.getByTestId("spend-report-form");
    // Odd days, so the row is this report's whatever the seed reports.
    await form.getByLabel("Period from").fill(START);
    await form.getByLabel("Period to").fill(END);
    await form.getByLabel("Due on").fill("2015-10-30");
    await form.locator(`input[name="spend-${first!.id}"]`).fill("12,345.67");
    await form.locator(`input[name="spend-${second!.id}"]`).fill("2,000");
    await form.getByLabel("What happened in the period").fill("Backfill covered both sites.");
    // The report satisfies a reporting milestone not yet achieved nor linked to another report.
    const linked = new Set((await api.all<S["SpendReportRead"]>(`/spend-reports?team_id=${team.id}`)).map((r) => r.milestone_id));
    const milestone = (await api.teamSummary(team.id)).milestones.find((x) => x.kind === "reporting" && x.status !== "achieved" && !linked.has(x.id));
    expect(milestone, "a reporting milestone the report can satisfy").toBeTruthy();
    await form.getByLabel("Reporting milestone it satisfies").selectOption(milestone!.id);
    await screenshot(page, "spend-report-form", { fullPage: false });
    await form.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("toast")).toContainText("Draft: spend report");
    let total = 1_234_567 + 200_000;

    const reports = section.getByTestId("table-team_reports").locator("tbody tr");
    const ours = reports.filter({ hasText: `${formatDate(START)} – ${formatDate(END)}` });
    const drafted = (await teamMoney(api, team.id)).report_list.find((r) => r.period_start === START)!;
    expect(drafted.status).toBe("draft");
    expect(drafted.spend_pence).toBe(total);
    expect((await api.get<S["SpendReportRead"]>(`/spend-reports/${drafted.id}`)).milestone_id).toBe(milestone!.id);
    await expect(ours).toContainText("Draft");
    await expect(ours).toContainText(formatMoney(drafted.spend_pence));
    // A draft counts for nothing yet.
    await expect(page.getByTestId("team-money-spend-value")).toHaveText(formatMoney(before.totals.spend_pence));

    // Submit it.
    await ours.getByRole("button", { name: /^Edit and submit/ }).click();
    await expect(form.locator(`input[name="spend-${first!.id}"]`)).toHaveValue("12345.67");
    await form.getByRole("button", { name: "Submit report" }).click();
    await expect(page.getByTestId("toast")).toContainText("Submitted: spend report");
    await expect(ours).toContainText("Submitted");
    await expect(page.getByTestId("team-money-spend-value")).toHaveText(formatMoney(before.totals.spend_pence));

    // Review: returning it needs a comment (the server's problem, next to the field), then approve.
    await ours.getByRole("button", { name: /^Review/ }).click();
    const review = page.getByTestId("report-review");
    await expect(review.getByTestId("review-total")).toHaveText(formatMoney(total));
    await review.getByRole("button", { name: "Return to the team" }).click();
    const comments = review.getByLabel("Comments for the team");
    await expect(comments).toHaveAttribute("aria-invalid", "true");
    // The server's message in the form's words: the field named by its label.
    await expect(review.locator(".field .error")).toContainText("needs “Comments for the team”");
    await comments.fill(COMMENT);
    await review.getByRole("button", { name: "Return to the team" }).click();
    await expect(page.getByTestId("toast")).toContainText("Returned: spend report");
    await expect(ours).toContainText("Returned");

    // Back with the team: the reviewer's comments on the form, a line changed, submitted again.
    await ours.getByRole("button", { name: /^Edit and submit/ }).click();
    await expect(form.getByTestId("review-comment")).toContainText(COMMENT);
    await form.locator(`input[name="spend-${second!.id}"]`).fill("2,500");
    await form.getByRole("button", { name: "Submit report" }).click();
    await expect(page.getByTestId("toast")).toContainText("Submitted: spend report");
    total += 50_000;
    // Returned once more, and an amount cleared on the form: that line goes, the total with it.
    await ours.getByRole("button", { name: /^Review/ }).click();
    await comments.fill(COMMENT);
    await review.getByRole("button", { name: "Return to the team" }).click();
    await expect(page.getByTestId("toast")).toContainText("Returned: spend report");
    await ours.getByRole("button", { name: /^Edit and submit/ }).click();
    await form.locator(`input[name="spend-${second!.id}"]`).fill("");
    await form.getByRole("button", { name: "Submit report" }).click();
    await expect(page.getByTestId("toast")).toContainText("Submitted: spend report");
    total -= 250_000;
    const kept = await api.all<S["SpendLineRead"]>(`/spend-lines?report_id=${drafted.id}`);
    expect(kept.map((l) => l.budget_line_id)).toEqual([first!.id]);

    // Approved: its spend now counts.
    await ours.getByRole("button", { name: /^Review/ }).click();
    await expect(review.getByTestId("review-total")).toHaveText(formatMoney(total));
    await axeScan(page, "spend report review");
    await screenshot(page, "spend-report-review", { fullPage: false });
    await review.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("toast")).toContainText("Approved: spend report");

    const after = await teamMoney(api, team.id);
    expect(after.totals.spend_pence).toBe(before.totals.spend_pence + total);
    await expectFigures(page, "team-money", after.totals);
    await expect(ours).toContainText("Approved");
    const line = page.getByTestId(`table-budget_${award.identifier}`).locator("tbody tr").filter({ hasText: formatMoney(after.awards[0]!.budget_lines.find((l) => l.id === first!.id)!.spend_pence) });
    await expect(line).toHaveCount(1);

    await section.screenshot({ path: join(ARTIFACTS, "team-money-section.png") });

    // The programme's figures moved by the same total.
    const programmeAfter = await programmeMoney(api);
    expect(programmeAfter.totals.spend_pence).toBe(programmeBefore.totals.spend_pence + total);
    await openView(page, "/money");
    await expect(page.getByTestId("money-spend-value")).toHaveText(formatMoney(programmeAfter.totals.spend_pence));
    await expect(page.getByTestId("money-variance-value")).toHaveText(formatMoney(programmeAfter.totals.variance_pence));
    await expect(page.getByTestId("reports-approved-value")).toHaveText(String(programmeAfter.reports.approved));
  });

  test("a team editor drafts and submits its own team's reports, neither reviews nor amends, and sees its own team in the table", async ({ page, api }) => {
    const [own] = await api.teams();
    const m = await teamMoney(api, own!.id);
    const open = m.report_list.filter((r) => r.status === "draft" || r.status === "returned").length;
    const submitted = m.report_list.filter((r) => r.status === "submitted").length;

    await signInWithRole(page, api, "team_editor", `/teams/${own!.id}`, [own!.id]);
    const section = page.getByTestId("team-money");
    await expect(section.getByRole("button", { name: /^Draft a spend report/ })).toHaveCount(m.awards.length);
    await expect(section.getByRole("button", { name: /^Edit and submit/ })).toHaveCount(open);
    expect(submitted, "the seed has a submitted report to (not) review").toBeGreaterThan(0);
    await expect(section.getByRole("button", { name: /^Review/ })).toHaveCount(0);
    await expect(section.getByRole("button", { name: /^Propose an amendment/ })).toHaveCount(0);
    await expect(section.getByRole("button", { name: /^Decide/ })).toHaveCount(0);

    // At a phone's width the section fits: its tables scroll in their own regions.
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "team page at 375 px").toBeLessThanOrEqual(0);

    // The Budget view: the programme's totals, and only its own team in the table.
    await page.setViewportSize({ width: 1280, height: 900 });
    await openView(page, "/money");
    const rows = page.getByTestId("table-money_teams").locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(own!.name);
    await expect(page.getByTestId("money-budgeted-value")).toHaveText(formatMoney((await programmeMoney(api)).totals.budgeted_pence));
  });

  test("a programme manager proposes amendments and reviews reports but does not decide amendments; an admin does", async ({ page, api }) => {
    const programme = await api.programme();
    const { team, before } = await teamWithRoom(api);
    const award = before.awards[0]!;
    const submitted = before.report_list.filter((r) => r.status === "submitted").length;
    const email = await signInWithRole(page, api, "programme_manager", `/teams/${team.id}`);
    const section = page.getByTestId("team-money");
    await expect(section.getByRole("button", { name: /^Review/ })).toHaveCount(submitted);
    await section.getByRole("button", { name: `Propose an amendment to ${award.identifier}` }).click();
    const form = page.getByTestId("amendment-form");
    await form.getByLabel("Kind").selectOption("extension");
    await form.getByLabel("New planned end").fill(programme.end_date);
    await form.getByLabel("Reason").fill(MANAGER);
    await form.getByRole("button", { name: "Propose amendment" }).click();
    await expect(page.getByTestId("toast")).toContainText("Proposed: extension");
    const row = section.getByTestId(`table-amendments_${award.identifier}`).locator("tbody tr").filter({ hasText: MANAGER });
    await expect(row).toContainText("Proposed");
    await expect(section.getByRole("button", { name: /^Decide/ })).toHaveCount(0);

    // An admin decides it (rejected here: the extension stays a proposal turned down).
    await signIn(page, `/teams/${team.id}`);
    await expect(page.getByTestId("session")).not.toContainText(email);
    await row.getByRole("button", { name: /^Decide/ }).click();
    await page.getByTestId("amendment-decision").getByRole("button", { name: "Reject" }).click();
    await expect(page.getByTestId("toast")).toContainText("Rejected: extension");
    await expect(row).toContainText("Rejected");
    expect((await teamMoney(api, team.id)).awards[0]!.amended.end_date).toBe(award.amended.end_date);
  });
});
