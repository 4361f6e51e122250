/**
 * History that does not invent the past (README, "Domain rules"): on 30 June 2013 no team shows
 * completed and no milestone due in 2015 shows deferred or cancelled, because those decisions came
 * later; on the programme's last day they do. The team page lists its sustainability check-ins; a
 * deferral is recorded through the milestone form with its day and reason.
 */
import type { components } from "../src/client/schema";
import { Api, axeScan, expect, openView, screenshot, signIn, test } from "./fixtures";

type Schemas = components["schemas"];
const EARLY = "2013-06-30";
const END = "2015-12-31";
const AFTER = "2017-12-31";

async function due2015(api: Api, asOf: string): Promise<string[]> {
  const t = await api.timeline(asOf, "from=2015-01-01&to=2015-12-31");
  return Api.milestones(t).map((m) => m.status);
}

test.describe("history", () => {
  test("on 2013-06-30 nothing decided later shows; on the programme's end it does", async ({ page, api }) => {
    const early = await api.teamFigures(`as_of=${EARLY}`);
    expect(early.items.every((t) => t.status === "active")).toBe(true);
    expect(await due2015(api, EARLY)).not.toContain("deferred");
    expect(await due2015(api, EARLY)).not.toContain("cancelled");
    const end = await api.teamFigures(`as_of=${END}`);
    expect(end.items.some((t) => t.status === "completed")).toBe(true);
    expect(await due2015(api, END)).toContain("deferred");
    expect(await due2015(api, END)).toContain("cancelled");

    await openView(page, `/teams?as_of=${EARLY}`);
    const teams = page.getByTestId("table-teams");
    await expect(teams.getByRole("row")).toHaveCount(early.items.length + 1);
    await expect(teams).not.toContainText("Completed");
    await openView(page, `/teams?as_of=${END}`);
    await expect(page.getByTestId("table-teams")).toContainText("Completed");
    await axeScan(page, "teams with status");
    await screenshot(page, "history-teams-end");
    await page.setViewportSize({ width: 375, height: 812 });
    await axeScan(page, "teams with status at 375 px");

    for (const status of ["deferred", "cancelled"]) {
      await openView(page, `/timeline?as_of=${EARLY}&from=2015-01-01&to=2015-12-31&status=${status}`);
      await expect(page.getByTestId("table-milestones").locator("tbody tr")).toHaveCount(0);
      await openView(page, `/timeline?as_of=${END}&from=2015-01-01&to=2015-12-31&status=${status}`);
      await expect(page.getByTestId("table-milestones").locator("tbody tr").first()).toBeVisible();
    }
  });

  test("the team page shows the check-in history as of the day", async ({ page, api }) => {
    const checkins = await api.all<Schemas["CheckinRead"]>("/sustainability-checkins");
    const teamId = checkins[0]!.team_id;
    const mine = checkins.filter((c) => c.team_id === teamId);
    const latest = mine.reduce((a, b) => (a.checked_on > b.checked_on ? a : b));

    await openView(page, `/teams/${teamId}?as_of=${END}`);
    await expect(page.getByTestId("checkin-history")).toContainText("No check-in by this date.");
    await expect(page.getByTestId("team-sustainability")).toHaveText("Not assessed");

    await openView(page, `/teams/${teamId}?as_of=${AFTER}`);
    const history = page.getByTestId("checkin-history");
    await expect(history.getByRole("listitem")).toHaveCount(mine.length);
    await expect(page.getByTestId("team-sustainability")).not.toHaveText("Not assessed");
    await expect(history.getByRole("listitem").first()).toContainText(latest.note);
    await axeScan(page, "team page with check-ins");
    await screenshot(page, "history-team-checkins");
    await page.setViewportSize({ width: 375, height: 812 });
    await axeScan(page, "team page with check-ins at 375 px");
    await screenshot(page, "history-team-checkins-375px");
  });

  test("a deferral is recorded through the form with its day and reason", async ({ page, api }) => {
    const p = await api.programme();
    const planned = await api.all<Schemas["MilestoneRead"]>(`/milestones?programme_id=${p.id}&status=planned&kind=sustainability`);
    const target = planned.find((m) => m.team_id !== null)!;
    await signIn(page, `/teams/${target.team_id}?as_of=${AFTER}`);
    await page.getByRole("button", { name: `Update ${target.title}` }).click();
    const form = page.getByTestId("milestone-form");
    await form.getByLabel("Status").selectOption("deferred");
    await form.getByLabel("Decided on").fill("2016-06-30");
    await form.getByLabel("Reason").fill("Waiting for the estates survey.");
    await axeScan(page, "milestone form recording a deferral");
    await screenshot(page, "history-milestone-deferral", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await axeScan(page, "milestone form recording a deferral at 375 px");
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.getByRole("button", { name: "Save milestone" }).click();
    await expect(form).toHaveCount(0);

    const saved = await api.get<Schemas["MilestoneRead"]>(`/milestones/${target.id}`);
    expect([saved.status, saved.decided_on, saved.decision_reason]).toEqual(["deferred", "2016-06-30", "Waiting for the estates survey."]);
    const row = page.getByTestId("table-team_milestones").getByRole("row", { name: new RegExp(target.title) });
    await expect(row).toContainText("Deferred");
  });
});
