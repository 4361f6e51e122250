/**
 * Signing in and editing: the sign-in view shows the server's error for a wrong password and
 * keeps the token for the tab; the server's problem+json field errors appear next to the field
 * and nothing is written; If-Match guards updates and a 412 shows "changed by someone else, reload".
 */
import { formatMoney } from "../src/lib/format";
import { Api, axeScan, baseUrl, editor, expect, openView, pickTeam, screenshot, settle, signIn, test } from "./fixtures";

interface Row {
  id: string;
  version: number;
  title: string;
  status: string;
  due_date: string;
  kind: string;
}

test.describe("sign-in", () => {
  test("signing out on a team page reloads only what a reader may see (the recent changes go, no 401)", async ({ page, api }) => {
    const team = (await api.teams())[0]!;
    await signIn(page, `/teams/${team.id}`);
    const history = page.getByTestId("team-history");
    await expect(history).toContainText(/changes to this team's rows/);  // read from the audit trail
    await expect(history.getByTestId("team-history-note")).toHaveCount(0);
    await page.getByTestId("session").getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await settle(page);
    // The changes are gone with the session, and were not asked for again without it (the watch
    // fails the test on a 401).
    await expect(history.getByTestId("team-history-note")).toBeVisible();
    await expect(history).not.toContainText(/changes to this team's rows/);
  });

  test("anonymous readers see no edit buttons; a wrong password shows the error; signing in shows them", async ({ page, watch }) => {
    watch.allow(401);
    await openView(page, "/timeline");
    await expect(page.getByRole("button", { name: /^Update / })).toHaveCount(0);
    const toSignIn = page.getByRole("link", { name: "Sign in to update milestones" });
    await expect(toSignIn).toBeVisible();
    await toSignIn.click();
    await expect(page).toHaveURL(/#\/sign-in\?next=%2Ftimeline/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

    const { email, password } = editor();
    const form = page.getByTestId("sign-in-form");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Password").fill(`${password}-wrong`);
    await form.getByRole("button", { name: "Sign in" }).click();
    const problem = page.getByTestId("sign-in-problem");
    await expect(problem).toBeVisible();
    await expect(problem).toBeFocused();
    await expect(problem).toContainText(/sign|password|credential/i);
    expect(await page.evaluate(() => sessionStorage.getItem("sp.session"))).toBeNull();
    await axeScan(page, "sign-in view with an error");
    await screenshot(page, "sign-in", { fullPage: false });

    // From the keyboard: the password field, then Enter submits.
    await form.getByLabel("Password").fill(password);
    await form.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL(/#\/timeline$/);
    await settle(page);
    await expect(page.getByTestId("session")).toContainText(`Signed in as ${email}`);
    expect(await page.evaluate(() => sessionStorage.getItem("sp.session"))).toContain("sps_");
    await expect(page.getByRole("button", { name: /^Update / }).first()).toBeVisible();
    // Reads now carry the token.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes("/api/v1/") && r.method() === "GET"),
      page.reload(),
    ]);
    expect(request.headers()["authorization"]).toMatch(/^Bearer sps_/);
    await settle(page);

    // Signing out ends the session on the server too, and hides the edit buttons again.
    const stored = await page.evaluate(() => sessionStorage.getItem("sp.session"));
    const token = (JSON.parse(stored ?? "{}") as { token?: string }).token ?? "";
    const [logout] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith("/api/v1/auth/logout") && r.method() === "POST"),
      page.getByTestId("session").getByRole("button", { name: "Sign out" }).click(),
    ]);
    expect(logout.headers()["authorization"]).toBe(`Bearer ${token}`);
    expect((await logout.response())?.status()).toBe(204);
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Update / })).toHaveCount(0);
    expect(await page.evaluate(() => sessionStorage.getItem("sp.session"))).toBeNull();
    const refused = await page.request.get(`${baseUrl()}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status(), "the old token after signing out").toBe(401);
  });

  test("the team page shows its change history to a signed-in admin, a note to others", async ({ page, api }) => {
    const team = (await api.teams())[0]!;
    // The seed is one load (one `imports` event, no event per row), so make the team's history
    // here: its summary changed and put back, two writes through the API.
    const headers = { ...(await api.authHeaders()), "Content-Type": "application/merge-patch+json" };
    for (const summary of [`${team.summary} (edited)`, team.summary]) {
      const res = await page.request.patch(`${baseUrl()}/api/v1/teams/${team.id}`, { headers, data: { summary } });
      expect(res.status(), "PATCH /teams/{id}").toBe(200);
    }
    await openView(page, `/teams/${team.id}`);
    await expect(page.getByTestId("team-history-note")).toContainText("admins and programme managers");
    await signIn(page, `/teams/${team.id}`);
    const history = page.getByTestId("team-history");
    await expect(history.getByRole("table")).toBeVisible();
    expect(await history.getByRole("row").count()).toBeGreaterThan(1);
    await axeScan(page, "team page with its history");
  });
});

test.describe("forms", () => {
  test("a support activity dated outside the programme window shows the field error and writes nothing", async ({
    page,
    api,
    watch,
  }) => {
    watch.allow(422);
    const p = await api.programme();
    const before = await api.all<{ title: string }>(`/support-activities?programme_id=${p.id}`);
    const teams = await api.teams();
    await signIn(page, "/support");
    await openView(page, "/support");
    await page.getByRole("button", { name: "Log a support activity" }).click();
    const form = page.getByTestId("activity-form");
    await form.getByLabel("Title").fill("Coaching before the programme began");
    await form.getByLabel("Start date").fill("2011-01-10");
    await form.getByLabel("End date").fill("2011-01-20");
    await form.getByLabel("Provider").fill("Coach A");
    await form.getByLabel("Contact hours").fill("6");
    // The team comes from the type-ahead picker, chosen from the keyboard.
    await pickTeam(page, "Add a team", teams[0]!.name, form);
    await expect(form.getByTestId("activity-teams")).toContainText(teams[0]!.name);
    await form.getByRole("button", { name: "Log activity" }).click();

    const start = form.getByLabel("Start date");
    await expect(start).toHaveAttribute("aria-invalid", "true");
    await expect(start).toHaveAccessibleDescription(/outside .*window/);
    await expect(form.getByTestId("form-problem")).toContainText("Date outside the programme window");
    await expect(start).toBeFocused();
    await axeScan(page, "support activity form with errors");
    await screenshot(page, "form-support-activity-error", { fullPage: false });

    const after = await api.all<{ title: string }>(`/support-activities?programme_id=${p.id}`);
    expect(after.length).toBe(before.length);
    expect(after.some((a) => a.title === "Coaching before the programme began")).toBe(false);
  });

  test("a milestone moved outside the window shows the error by its due date and is not changed", async ({ page, api, watch }) => {
    watch.allow(422);
    const t = await api.timeline();
    const target = Api.milestones(t).find((m) => m.team_id !== null && m.kind === "project")!;
    const before = await api.get<Row>(`/milestones/${target.id}`);
    await signIn(page);
    await openView(page, `/timeline?team=${target.team_id}`);
    await page.getByRole("button", { name: `Update ${target.title}` }).click();
    const form = page.getByTestId("milestone-form");
    await form.getByLabel("Due date").fill("2020-03-31");
    await form.getByRole("button", { name: "Save milestone" }).click();
    const due = form.getByLabel("Due date");
    await expect(due).toHaveAttribute("aria-invalid", "true");
    await expect(due).toHaveAccessibleDescription(/outside/);
    await screenshot(page, "form-milestone-error", { fullPage: false });
    const after = await api.get<Row>(`/milestones/${target.id}`);
    expect(after.version).toBe(before.version);
    expect(after.due_date).toBe(before.due_date);
  });

  test("a milestone changed by someone else meanwhile gets the 412 reload message", async ({ page, api, request, watch }) => {
    watch.allow(412);
    const t = await api.timeline();
    const target = Api.milestones(t).find((m) => m.team_id !== null && m.status === "late")!;
    await signIn(page);
    await openView(page, `/timeline?team=${target.team_id}`);
    await page.getByRole("button", { name: `Update ${target.title}` }).click();
    const form = page.getByTestId("milestone-form");
    await expect(form.getByLabel("Status")).toBeVisible();

    // Someone else edits the milestone after the form read it.
    const current = await request.get(`${baseUrl()}/api/v1/milestones/${target.id}`);
    const etag = current.headers()["etag"]!;
    const recorded = ((await current.json()) as Row).status;
    const change = recorded === "in_progress" ? "planned" : "in_progress";
    const other = await request.patch(`${baseUrl()}/api/v1/milestones/${target.id}`, {
      headers: { ...(await api.authHeaders()), "If-Match": etag, "Content-Type": "application/merge-patch+json" },
      data: JSON.stringify({ description: "Edited by a colleague" }),
    });
    expect(other.status()).toBe(200);

    await form.getByLabel("Status").selectOption(change);
    await form.getByRole("button", { name: "Save milestone" }).click();
    await expect(form.getByTestId("stale-notice")).toContainText("Changed by someone else");
    await screenshot(page, "form-milestone-412", { fullPage: false });
    const untouched = await api.get<Row & { description: string }>(`/milestones/${target.id}`);
    expect(untouched.status).toBe(recorded);
    expect(untouched.description).toBe("Edited by a colleague");

    // Reload, then the same change goes through with the new ETag.
    await form.getByRole("button", { name: "Reload" }).click();
    await expect(page.getByTestId("stale-notice")).toHaveCount(0);
    await page.getByTestId("milestone-form").getByLabel("Status").selectOption("achieved");
    await page.getByTestId("milestone-form").getByLabel("Completed on").fill(target.due_date);
    await page.getByTestId("milestone-form").getByRole("button", { name: "Save milestone" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText(target.title);
    const saved = await api.get<Row>(`/milestones/${target.id}`);
    expect(saved.status).toBe("achieved");
    await settle(page);
    const row = page
      .getByTestId("table-milestones")
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: target.title, exact: true }) });
    await expect(row.locator(".badge")).toHaveText("Achieved");
  });

  test("recording a payment: a paid payment needs its date, then the figures move", async ({ page, api, watch }) => {
    watch.allow(422);
    const before = await api.summary();
    await signIn(page, "/funding");
    await openView(page, "/funding");
    const button = page.getByRole("button", { name: /^Record payment of/ }).first();
    await button.click();
    const form = page.getByTestId("payment-form");
    await expect(form.getByLabel("Status")).toHaveValue("paid");
    const amountText = await form.getByLabel("Amount (£)").inputValue();
    await form.getByRole("button", { name: "Record payment" }).click();
    const paidOn = form.getByLabel("Paid on");
    await expect(paidOn).toHaveAttribute("aria-invalid", "true");
    // The API names the field `paid_date`; the form says it with the field's label.
    await expect(paidOn).toHaveAccessibleDescription(/needs “Paid on”/);
    expect((await api.summary()).funding.paid_pence).toBe(before.funding.paid_pence);

    await paidOn.fill("2015-12-20");
    await form.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    const after = await api.summary();
    const pence = Math.round(Number(amountText) * 100);
    expect(after.funding.paid_pence).toBe(before.funding.paid_pence + pence);
    await settle(page);
    await expect(page.getByTestId("funding-paid-value")).toHaveText(formatMoney(after.funding.paid_pence));
    await screenshot(page, "form-payment-recorded");
  });
});
