/**
 * Work by role (README, "The dashboard"): the dashboard offers an action only when `/auth/me` says
 * the caller may take it; support activities, evidence and indicator periods are edited (prefilled,
 * If-Match) and deleted (with a confirmation); the payment form shows what is left to allocate and
 * the API's refusal in £ naming the field's label; a save is confirmed in the viewport, wherever
 * the page is.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import type { components } from "../src/client/schema";
import { formatDate, formatMoney, penceToPoundsString } from "../src/lib/format";
import { Api, axeScan, baseUrl, expect, openView, screenshot, settle, signIn, test } from "./fixtures";

type Schemas = components["schemas"];
type Row = { id: string; version: number; title: string };
const PASSWORD = "a long passphrase for e2e";

/** A write as the e2e admin, straight to the API (rows the test then edits in the dashboard). */
async function send<T>(request: APIRequestContext, api: Api, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { ...(await api.authHeaders()) };
  if (method === "POST") headers["Idempotency-Key"] = `e2e-${Date.now()}-${Math.random()}`;
  const res = await request.fetch(`${baseUrl()}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { data: body }) });
  const expected = method === "POST" ? 201 : method === "DELETE" ? 204 : 200;
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(expected);
  return (res.status() === 204 ? null : await res.json()) as T;
}

/** A programme manager made by the admin through the API, signed in through the dashboard. */
async function signInAsManager(page: Page, request: APIRequestContext, api: Api, next: string): Promise<string> {
  const email = `pm-${Date.now()}@example.org`;
  await send(request, api, "POST", "/users", { email, name: "E2E Programme Manager", password: PASSWORD, role: "programme_manager" });
  await page.goto(`${baseUrl()}/#/sign-in?next=${encodeURIComponent(next)}`);
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("session")).toContainText(`Signed in as ${email}`);
  await settle(page);
  return email;
}

/** axe-core on what is open (a dialog) at 1280 px and at 375 px. */
async function axeBoth(page: Page, what: string): Promise<void> {
  await axeScan(page, `${what} at 1280 px`);
  await page.setViewportSize({ width: 375, height: 800 });
  await axeScan(page, `${what} at 375 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The save confirmation is on screen: inside the viewport, whatever the scroll. */
async function expectToastInView(page: Page, text: string | RegExp): Promise<void> {
  const toast = page.getByTestId("toast").locator(".toast");
  await expect(toast).toContainText(text);
  const box = (await toast.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.y, "toast top inside the viewport").toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, "toast bottom inside the viewport").toBeLessThanOrEqual(view.height);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
}

test.describe("by role", () => {
  test("anonymous readers are offered no write", async ({ page, api }) => {
    await openView(page, "/funding");
    await expect(page.getByRole("button", { name: "Add a payment" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Record payment/ })).toHaveCount(0);
    await openView(page, "/support");
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
    await openView(page, "/evidence");
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
    const team = (await api.teams())[0]!;
    await openView(page, `/teams/${team.id}`);
    await expect(page.getByRole("button", { name: /^Add period/ })).toHaveCount(0);
  });

  test("a programme manager is offered milestones and scheduling, never paying; an admin is offered all", async ({ page, api, request }) => {
    await signInAsManager(page, request, api, "/funding");
    await openView(page, "/funding?status=scheduled");
    await expect(page.getByRole("button", { name: "Add a payment" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Record payment/ })).toHaveCount(0);
    const change = page.getByRole("button", { name: /^Change payment/ }).first();
    await change.click();
    const form = page.getByTestId("payment-form");
    const statuses = await form.getByLabel("Status").locator("option").allTextContents();
    expect(statuses.map((s) => s.toLowerCase())).not.toContain("paid");
    expect(statuses.map((s) => s.toLowerCase())).not.toContain("approved");
    await expect(form.getByLabel("Paid on")).toHaveCount(0);
    await axeBoth(page, "a programme manager's payment dialog");
    await screenshot(page, "work-manager-payment", { fullPage: false });
    await page.getByRole("button", { name: "Close" }).click();

    await openView(page, "/timeline");
    await expect(page.getByRole("button", { name: /^Update / }).first()).toBeVisible();
    const stored = await page.evaluate(() => sessionStorage.getItem("sp.session"));
    const me = (JSON.parse(stored ?? "{}") as { me: Schemas["Me"] }).me;
    expect(me.permissions["payments"]).toEqual(["read", "write"]);

    await page.getByTestId("session").getByRole("button", { name: "Sign out" }).click();
    await signIn(page, "/funding");
    await openView(page, "/funding?status=scheduled");
    await expect(page.getByRole("button", { name: /^Record payment of/ }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Add a payment" })).toBeVisible();
  });
});

test.describe("editing from the dashboard", () => {
  test("a support activity: edit prefilled, confirmation in view, then delete", async ({ page, api, request }) => {
    const p = await api.programme();
    const team = (await api.teams())[0]!;
    const title = `E2E learning event ${Date.now()}`;
    const created = await send<Row>(request, api, "POST", "/support-activities", {
      programme_id: p.id, type: "learning_event", title, start_date: "2014-03-03", end_date: "2014-03-04",
      provider: "E2E Faculty", format: "online", hours: 6, participant_count: 12, status: "delivered", team_ids: [team.id],
    });
    await signIn(page, "/support");
    await openView(page, `/support?activities_q=${encodeURIComponent(title)}`);
    await page.getByRole("button", { name: `Edit ${title}` }).click();
    const form = page.getByTestId("activity-form");
    await expect(form.getByLabel("Title")).toHaveValue(title);
    await expect(form.getByLabel("Provider")).toHaveValue("E2E Faculty");
    await expect(form.getByTestId("activity-teams")).toContainText(team.name);
    await axeBoth(page, "the support activity edit dialog");
    await form.getByLabel("Title").fill(`${title} (changed)`);
    await form.getByLabel("Contact hours").fill("7.5");
    await form.getByRole("button", { name: "Save activity" }).click();
    await expectToastInView(page, `Saved: “${title} (changed)”`);
    await screenshot(page, "work-activity-saved", { fullPage: false });
    const saved = await api.get<Row & { hours: number }>(`/support-activities/${created.id}`);
    expect([saved.title, saved.hours, saved.version]).toEqual([`${title} (changed)`, 7.5, created.version + 1]);

    await openView(page, `/support?activities_q=${encodeURIComponent(title)}`);
    await page.getByRole("button", { name: `Delete ${title} (changed)` }).click();
    const confirm = page.getByTestId("confirm-delete");
    await expect(confirm).toContainText(`“${title} (changed)” will be deleted`);
    await axeBoth(page, "the support activity delete dialog");
    await confirm.getByRole("button", { name: "Delete support activity" }).click();
    await expectToastInView(page, "Deleted");
    const res = await request.get(`${baseUrl()}/api/v1/support-activities/${created.id}`);
    expect(res.status()).toBe(404);
  });

  test("an evidence item: edit prefilled, then delete", async ({ page, api, request }) => {
    const p = await api.programme();
    const team = (await api.teams())[1]!;
    const title = `E2E case study ${Date.now()}`;
    const created = await send<Row>(request, api, "POST", "/evidence", {
      programme_id: p.id, team_id: team.id, kind: "case_study", title, url: "https://example.org/e2e", published_on: "2014-05-01",
    });
    await signIn(page, "/evidence");
    await openView(page, `/evidence?evidence_q=${encodeURIComponent(title)}`);
    await page.getByRole("button", { name: `Edit ${title}` }).click();
    const form = page.getByTestId("evidence-form");
    await expect(form.getByLabel("Title")).toHaveValue(title);
    await expect(form.getByLabel("Published on")).toHaveValue("2014-05-01");
    await axeBoth(page, "the evidence edit dialog");
    await form.getByLabel("Summary").fill("What the finance and ward teams learnt.");
    await form.getByLabel("An exemplar of best practice").check();
    await form.getByRole("button", { name: "Save evidence" }).click();
    await expectToastInView(page, `Saved: “${title}”`);
    const saved = await api.get<Row & { is_exemplar: boolean; summary: string }>(`/evidence/${created.id}`);
    expect([saved.is_exemplar, saved.summary]).toEqual([true, "What the finance and ward teams learnt."]);

    await page.getByRole("button", { name: `Delete ${title}` }).click();
    await axeBoth(page, "the evidence delete dialog");
    await page.getByTestId("confirm-delete").getByRole("button", { name: "Delete evidence" }).click();
    await expectToastInView(page, "Deleted");
    expect((await request.get(`${baseUrl()}/api/v1/evidence/${created.id}`)).status()).toBe(404);
  });

  test("an indicator period: added and edited on the team page, then deleted", async ({ page, api }) => {
    let found: { team: Schemas["TeamRead"]; indicator: Schemas["TeamSummary"]["quality_goals"][number]["indicators"][number] } | null = null;
    for (const team of await api.teams()) {
      const indicator = (await api.teamSummary(team.id)).quality_goals.flatMap((g) => g.indicators)[0];
      if (indicator) {
        found = { team, indicator };
        break;
      }
    }
    expect(found, "a seeded team with an indicator").not.toBeNull();
    const { team, indicator } = found!;
    await signIn(page, `/teams/${team.id}`);
    await openView(page, `/teams/${team.id}`);
    const card = page.getByTestId("indicator").filter({ hasText: indicator.title }).first();
    await card.getByRole("button", { name: `Add period to ${indicator.title}` }).click();
    const form = page.getByTestId("period-form");
    await axeBoth(page, "the add period dialog");
    await form.getByLabel("First day measured").fill("2015-10-01");
    await form.getByLabel("Last day measured").fill("2015-10-31");
    await form.getByLabel("Value measured").fill("42.5");
    await form.getByLabel("Comment").fill("Reported from the dashboard");
    await form.getByRole("button", { name: "Add period" }).click();
    await expectToastInView(page, "Saved");
    const span = `${formatDate("2015-10-01")} – ${formatDate("2015-10-31")}`;
    await expect(card.getByTestId("period").filter({ hasText: span })).toContainText("42.5");
    const periods = () => api.all<Schemas["PeriodRead"]>(`/indicators/${indicator.id}/periods`);
    const added = (await periods()).find((x) => x.comment === "Reported from the dashboard")!;
    expect(added.actual_value).toBe(42.5);

    await card.getByRole("button", { name: `Edit the period ${span}` }).click();
    const edit = page.getByTestId("period-form");
    await expect(edit.getByLabel("Value measured")).toHaveValue("42.5");
    await axeBoth(page, "the edit period dialog");
    await edit.getByLabel("Value measured").fill("43");
    await edit.getByRole("button", { name: "Save period" }).click();
    await expectToastInView(page, "Saved");
    await screenshot(page, "work-period-saved", { fullPage: false });
    expect((await periods()).find((x) => x.id === added.id)!.actual_value).toBe(43);

    await card.getByRole("button", { name: `Delete the period ${span}` }).click();
    await axeBoth(page, "the delete period dialog");
    await page.getByTestId("confirm-delete").getByRole("button", { name: "Delete period" }).click();
    await expectToastInView(page, "Deleted");
    expect((await periods()).some((x) => x.id === added.id)).toBe(false);
  });

  test("the payment form shows what is left to allocate, and an over-allocation in £ by the field's label", async ({ page, api, watch }) => {
    watch.allow(409);
    const team = (await api.teams())[2]!;
    const award = (await api.all<Schemas["AwardRead"]>(`/awards?team_id=${team.id}`))[0]!;
    const payments = await api.all<Schemas["PaymentRead"]>(`/payments?award_id=${award.id}`);
    const left = award.amount_pence - payments.filter((x) => x.status !== "cancelled").reduce((n, x) => n + x.amount_pence, 0);
    const pounds = (pence: number) => formatMoney(pence, "GBP", { pence: "always" });
    await signIn(page, `/funding?team=${team.id}`);
    await openView(page, `/funding?team=${team.id}`);
    await page.getByRole("button", { name: "Add a payment" }).click();
    const form = page.getByTestId("payment-form");
    await form.getByLabel("Award").selectOption(award.id);
    const amount = form.getByLabel("Amount (£)");
    // Before typing: what is left, in £ with separators, described with the amount box.
    await expect(amount).toHaveAccessibleDescription(new RegExp(`^${escape(pounds(left))} left to allocate on this award`));
    const over = left + 20_000_000;
    await amount.fill(penceToPoundsString(over));
    await form.getByLabel("Scheduled for").fill("2015-06-30");
    await form.getByRole("button", { name: "Add payment" }).click();
    await expect(amount).toHaveAttribute("aria-invalid", "true");
    await expect(amount).toHaveAccessibleDescription(new RegExp(`${escape(pounds(over))} is more than the ${escape(pounds(left))} left to allocate on this award`));
    await expect(form.getByTestId("form-problem")).toContainText("Check “Amount (£)” below");
    await expect(form).not.toContainText("pence");
    await axeBoth(page, "the payment dialog with an over-allocation");
    await screenshot(page, "work-payment-over-allocation", { fullPage: false });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
