/**
 * The Due view on the seed: its table and counts are the read model's, the Overview's line agrees,
 * the CSV download holds every item; a calendar feed is made, fetched as iCalendar and revoked.
 */
import { readFileSync } from "node:fs";
import type { components } from "../src/client/schema";
import { axeScan, baseUrl, expect, openView, screenshot, signIn, test, type Api } from "./fixtures";

const DAY = "2015-11-30";

type ProgrammeDue = components["schemas"]["ProgrammeDue"];

async function dueOf(api: Api, query = ""): Promise<ProgrammeDue> {
  const p = await api.programme();
  return api.get(`/programmes/${p.id}/due?as_of=${DAY}&limit=500${query}`);
}

test.describe("due", () => {
  test("the view, the Overview's counts and the CSV", async ({ page, api }) => {
    const due = await dueOf(api);
    expect(due.total, "the seed has items due or overdue on the day").toBeGreaterThan(0);
    const sentence = `${due.counts.due.total} due in the next 30 days, ${due.counts.overdue.total} overdue.`;

    await openView(page, `/?as_of=${DAY}`);
    await expect(page.getByTestId("overview-due")).toHaveText(sentence);
    await page.getByTestId("overview-due").getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Due");
    await expect(page.getByTestId("due-counts")).toContainText(sentence);
    const rows = page.getByTestId("due-table").locator("tbody tr");
    await expect(rows).toHaveCount(Math.min(due.total, 50));
    const overdue = due.items.filter((i) => i.state === "overdue").length;
    await expect(rows.filter({ hasText: "Overdue" })).toHaveCount(Math.min(overdue, 50));
    await expect(rows.first()).toContainText(due.items[0]!.title);

    // A shorter window: fewer due, the same overdue.
    await page.getByTestId("due-days").selectOption("7");
    const week = await dueOf(api, "&days=7");
    await expect(page.getByTestId("due-counts")).toContainText(`${week.counts.due.total} due in the next 7 days`);
    expect(week.counts.overdue.total).toBe(due.counts.overdue.total);
    await page.getByTestId("due-days").selectOption("30");

    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download CSV/ }).click()]);
    const text = readFileSync((await file.path())!, "utf8").replace(/^\ufeff/, "");
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toBe("Kind,Title,Team,Due date,Amount (£),State,Days overdue,Status");
    expect(lines).toHaveLength(due.total + 1);
    expect(text).toContain(",Overdue,");

    await axeScan(page, "due");
    await screenshot(page, "due");
    await page.setViewportSize({ width: 375, height: 812 });
    await axeScan(page, "due at 375 px");
    await screenshot(page, "due-375px");
  });

  test("a calendar feed: made, fetched as iCalendar, revoked", async ({ page, request }) => {
    await signIn(page, `/due?as_of=${DAY}`);
    const panel = page.getByTestId("feed-tokens");
    await panel.getByLabel("Feed name").fill("E2E calendar");
    await panel.getByRole("button", { name: "Create feed" }).click();
    const address = panel.getByTestId("feed-new").getByRole("textbox");
    await expect(address).toHaveValue(/\/api\/v1\/calendar\/spf_.+\.ics$/);
    const url = await address.inputValue();
    expect(url.startsWith(baseUrl())).toBe(true);
    await expect(panel.getByTestId("feed-list")).toContainText("E2E calendar");

    const feed = await request.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toContain("text/calendar");
    const ics = await feed.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect((ics.match(/BEGIN:VEVENT/g) ?? []).length).toBeGreaterThan(0);
    expect(ics).toContain("DTSTART;VALUE=DATE:");

    await axeScan(page, "due with the calendar feed panel");
    await screenshot(page, "due-feed");
    await page.setViewportSize({ width: 375, height: 812 });
    await axeScan(page, "calendar feed panel at 375 px");
    await screenshot(page, "due-feed-375px");

    await panel.getByRole("button", { name: "Revoke E2E calendar" }).click();
    await expect(panel.getByText("You have no calendar feeds.")).toBeVisible();
    const gone = await request.get(url);
    expect(gone.status()).toBe(404);
    expect(gone.headers()["content-type"]).toContain("application/problem+json");
  });
});
